import type pg from 'pg'

import type { DatasetMarker } from './dataset'
import type { BenchOptions } from './options'
import type { DbCounter } from './roundTrips'

/** What a benchmark gets: the running production app on the data set, and ways to look inside. */
export type BenchContext = {
  baseUrl: string
  options: BenchOptions
  dataset: DatasetMarker
  /** The benchmark database (read it to choose customers, invoices, ...; do not change it). */
  pool: pg.Pool
  /** The benchmark database's URL and secrets, for a benchmark that runs Payload in process. */
  databaseUrl: string
  secrets: Record<string, string>
  /** Statements (round trips) the app sends to the database, counted by the database. */
  db: DbCounter
  log: (line: string) => void
}

/** Lines to print: a title, a table of figures, notes, and one headline line at the end. Never an assertion. */
export type BenchReport = { title: string; table: string[]; notes: string[]; headline: string }

export type Benchmark = {
  name: string
  description: string
  run: (ctx: BenchContext) => Promise<BenchReport>
}
