import path from 'node:path'

import pg from 'pg'

import { localSecrets } from '../../src/lib/config'
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../lib/embeddedPostgres'
import { freePort } from '../lib/ports'

export const BENCH_DATABASE = 'isp_bench'

/**
 * Server settings of the benchmark cluster, kept in its own postgresql.auto.conf (ALTER SYSTEM),
 * so the shared launcher stays as it is. pg_stat_statements counts the statements the app sends
 * (see roundTrips.ts); the rest gives the bulk load room and the benchmarks a realistic cache.
 */
const SETTINGS: Record<string, string> = {
  shared_preload_libraries: 'pg_stat_statements',
  'pg_stat_statements.max': '10000',
  'pg_stat_statements.track': 'top',
  'pg_stat_statements.track_utility': 'on',
  shared_buffers: '512MB',
  work_mem: '16MB',
  maintenance_work_mem: '256MB',
  max_wal_size: '4GB',
  checkpoint_timeout: '15min',
}

export type BenchCluster = {
  cluster: EmbeddedPostgres
  /** The benchmark database. */
  url: string
  /** The `postgres` database, where the round-trip counter runs its own queries. */
  adminUrl: string
  /** Whether pg_stat_statements is loaded (round trips can be counted). */
  statementsTracked: boolean
  secrets: Record<string, string>
  stop: () => Promise<void>
}

/**
 * The benchmark's own Postgres: its own data folder (`<benchDir>/postgres`) and secrets
 * (`<benchDir>/secrets.json`), on a free port, never the development database. Restarted once,
 * on first use, to load the settings above.
 */
export async function startBenchCluster(benchDir: string, log: (line: string) => void): Promise<BenchCluster> {
  const secrets = localSecrets(benchDir)
  const start = async () =>
    startEmbeddedPostgres({
      dataDir: path.join(benchDir, 'postgres'),
      port: await freePort(),
      password: secrets.EMBEDDED_PG_PASSWORD,
      // Stopping ends open connections with a FATAL 'administrator command': expected, not news.
      log: (l) => (/FATAL|PANIC|initialising|cannot reach/.test(l) && !/administrator command/.test(l) ? log(`postgres: ${l}`) : undefined),
    })
  let cluster = await start()
  if (await applySettings(cluster.url('postgres'))) {
    log('postgres: restarting once to load pg_stat_statements and the benchmark settings')
    await cluster.stop()
    cluster = await start()
  }
  const adminUrl = cluster.url('postgres')
  const statementsTracked = await withClient(adminUrl, async (c) => {
    const { rows } = await c.query(`SELECT current_setting('shared_preload_libraries') AS libs`)
    if (!String(rows[0].libs).includes('pg_stat_statements')) return false
    await c.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements')
    return true
  })
  if (!statementsTracked) log('postgres: pg_stat_statements is not loaded (a cluster another command runs?): round trips will not be counted')
  await cluster.ensureDatabase(BENCH_DATABASE)
  return { cluster, url: cluster.url(BENCH_DATABASE), adminUrl, statementsTracked, secrets, stop: () => cluster.stop() }
}

/** Writes the settings that differ; true when a restart is needed to load them. */
async function applySettings(url: string): Promise<boolean> {
  return withClient(url, async (c) => {
    let restart = false
    for (const [name, value] of Object.entries(SETTINGS)) {
      const { rows } = await c.query(`SELECT current_setting($1, true) AS value, (SELECT context FROM pg_settings WHERE name = $1) AS context`, [name])
      if ((rows[0].value ?? '').toLowerCase() === value.toLowerCase()) continue
      await c.query(`ALTER SYSTEM SET ${c.escapeIdentifier(name)} = ${c.escapeLiteral(value)}`)
      // An extension's settings are unknown until it is loaded, which itself needs the restart.
      if (!rows[0].context || rows[0].context === 'postmaster') restart = true
    }
    await c.query('SELECT pg_reload_conf()')
    return restart
  })
}

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}
