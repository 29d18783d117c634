/**
 * Runs SQL against the benchmark database from the command line, for looking at the data set
 * while writing a benchmark: `npx tsx scripts/bench/sql.ts "SELECT ..." ["SELECT ..."]`.
 * Starts the benchmark's Postgres (as `npm run bench` does) and stops it afterwards.
 */
import path from 'node:path'

import pg from 'pg'

import { startBenchCluster } from './cluster'

const bench = await startBenchCluster(path.resolve(import.meta.dirname, '../../.data/bench'), () => undefined)
const pool = new pg.Pool({ connectionString: bench.url })
try {
  for (const q of process.argv.slice(2)) console.table((await pool.query(q)).rows)
} finally {
  await pool.end()
  await bench.stop()
}
