/**
 * `npm run bench`: every benchmark against the production app on a generated data set;
 * `npm run bench -- summary` runs one. Benchmarks print figures, they never assert.
 *
 *   its own embedded Postgres (.data/bench, a free port, pg_stat_statements loaded)
 *   -> the committed migrations -> the data set (generated once, reused while generator version,
 *   size and seed match) -> the production build in .next-bench (reused while the sources are
 *   unchanged) -> scripts/web-server.mjs on a free port -> each benchmark -> everything stopped.
 *
 * Options: --regenerate (a fresh data set), --dataset-only (stop after the data set), --list.
 * Settings: BENCH_* variables, see docs/benchmarks.md.
 */
import { createHash } from 'node:crypto'
import path from 'node:path'

import pg from 'pg'

import { BENCHMARKS } from './benchmarks'
import { ensureBenchBuild } from './build'
import { BENCH_DATABASE, startBenchCluster } from './cluster'
import { datasetSpec } from './dataset'
import { parseOptions, UsageError } from './options'
import { prepareDatabase } from './prepareDatabase'
import { openDbCounter } from './roundTrips'
import { startBenchServer } from './server'
import { freePort } from '../lib/ports'

const root = path.resolve(import.meta.dirname, '../..')
const log = (line: string) => console.log(`[bench] ${line}`)

const cleanups: Array<() => Promise<void>> = []
let stopping = false
async function cleanUp() {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((err) => console.error(err))
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    log('stopping...')
    void cleanUp().then(() => process.exit(130))
  })
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2), process.env, root)
  if (options.list) {
    for (const b of BENCHMARKS) console.log(`${b.name.padEnd(12)} ${b.description}`)
    return 0
  }
  const unknown = options.names.filter((n) => !BENCHMARKS.some((b) => b.name === n))
  if (unknown.length) {
    throw new UsageError(`unknown benchmark ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`)
  }
  const selected = options.names.length ? BENCHMARKS.filter((b) => options.names.includes(b.name)) : BENCHMARKS
  const spec = specOrUsageError(options)

  // This process and the server it starts keep to the benchmark's folder, never .data itself.
  process.env.DATA_DIR = options.benchDir
  process.env.LOG_LEVEL ??= 'warn'
  process.env.JOBS_RUNNER = 'false'
  process.env.NEXT_TELEMETRY_DISABLED = '1'

  const started = Date.now()
  const bench = await startBenchCluster(options.benchDir, log)
  cleanups.push(() => bench.stop())
  log(`postgres on 127.0.0.1:${bench.cluster.port}, data in ${bench.cluster.dataDir}`)

  const { marker } = await prepareDatabase(bench, spec, { regenerate: options.regenerate, asOfMatters: options.asOf !== undefined, log })
  if (options.datasetOnly) return 0

  const port = await freePort()
  const serverEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_DIST_DIR: options.distDir,
    DATABASE_URL: bench.url,
    PAYLOAD_SECRET: bench.secrets.PAYLOAD_SECRET,
    PAYMENT_DATA_KEYS: bench.secrets.PAYMENT_DATA_KEYS,
    SERVER_URL: `http://localhost:${port}`,
    // Nothing is sent while measuring reads: no SMS vendor, a callback secret for the config only.
    SMS_ENABLED: 'false',
    INTERSTELLIO_ENABLED: 'false',
    NETCASH_ENABLED: 'false',
    CLICKATELL_CALLBACK_SECRET: createHash('sha256').update(bench.secrets.PAYLOAD_SECRET).update('clickatell-callback').digest('hex'),
    PORT: String(port),
    // Sign-ins come from one machine; the login limits are not what is measured here.
    TRUSTED_PROXY_HOPS: '1',
    LOGIN_RATE_LIMIT: '1000000',
  }
  await ensureBenchBuild(root, { distDir: options.distDir, log, env: serverEnv })
  const server = await startBenchServer({ root, port, env: serverEnv, logFile: path.join(options.benchDir, 'server.log') })
  cleanups.push(() => server.stop())
  log(`app server on ${server.baseUrl} (log: ${path.relative(root, server.logFile)}); ready ${Math.round((Date.now() - started) / 1000)} s after start`)

  const pool = new pg.Pool({ connectionString: bench.url, max: 2 })
  pool.on('error', () => undefined)
  cleanups.push(() => pool.end())
  const db = await openDbCounter({ adminUrl: bench.adminUrl, database: BENCH_DATABASE, available: bench.statementsTracked })
  cleanups.push(() => db.close())

  const headlines: string[] = []
  for (const benchmark of selected) {
    const report = await benchmark.run({ baseUrl: server.baseUrl, options, dataset: marker, pool, databaseUrl: bench.url, secrets: bench.secrets, db, log })
    console.log(['', report.title, '', ...report.table, '', ...report.notes, '', report.headline].join('\n'))
    headlines.push(report.headline)
  }
  if (headlines.length > 1) console.log(['', ...headlines].join('\n'))
  return 0
}

function specOrUsageError(options: ReturnType<typeof parseOptions>) {
  try {
    return datasetSpec(options.size, { seed: options.seed, asOf: options.asOf })
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
}

let code = 1
try {
  code = await main()
} catch (err) {
  console.error(err instanceof UsageError ? err.message : err instanceof Error ? (err.stack ?? err.message) : err)
}
await cleanUp()
process.exit(code)
