import pg from 'pg'

import type { BenchCluster } from './cluster'
import { BENCH_DATABASE } from './cluster'
import { generateDataset, markerMatches, readDatasetMarker, recordReconciliation, type DatasetMarker, type DatasetSpec } from './dataset'

/**
 * The benchmark database as the benchmarks need it: the committed migrations applied and the data
 * set of `spec` in it. A stored data set of the same generator version, size and seed is reused;
 * anything else (another size, an older generator, a half-written one) is dropped and generated
 * afresh, then reconciled with the billing engine's own `reconcile`.
 */
export async function prepareDatabase(
  bench: BenchCluster,
  spec: DatasetSpec,
  opts: { regenerate: boolean; asOfMatters: boolean; log: (line: string) => void },
): Promise<{ marker: DatasetMarker; generated: boolean }> {
  const { log } = opts
  const stored = await withPool(bench.url, readDatasetMarker)
  const reuse = !opts.regenerate && markerMatches(stored, spec, { asOfMatters: opts.asOfMatters })
  if (!reuse) {
    if (stored && opts.regenerate) log('dataset: --regenerate: dropping the stored data set')
    else if (stored) log(`dataset: the stored data set (v${stored.version}, ${describeSpec(stored.spec)}) does not match; regenerating`)
    await bench.cluster.dropDatabase(BENCH_DATABASE)
    await bench.cluster.ensureDatabase(BENCH_DATABASE)
  }

  const payload = await migratedPayload(bench)
  try {
    if (reuse) {
      log(`dataset: reusing ${describeSpec(stored!.spec)} (generated ${stored!.generatedAt} in ${stored!.seconds} s, fingerprint ${stored!.fingerprint || 'none'}, reconcile ${verdict(stored!.reconciled)})`)
      return { marker: stored!, generated: false }
    }
    log(`dataset: generating ${describeSpec(spec)}`)
    const marker = await withPool(bench.url, (pool) => generateDataset(pool, spec, log))
    log(`dataset: generated in ${marker.seconds} s, fingerprint ${marker.fingerprint}: ${Object.entries(marker.counts).map(([t, n]) => `${t} ${n.toLocaleString('en-US')}`).join(', ')}`)
    const started = Date.now()
    const { reconcile } = await import('../../src/services/billing/reconcile')
    const problems = await reconcile(payload)
    marker.reconciled = problems.length === 0
    await withPool(bench.url, (pool) => recordReconciliation(pool, marker.reconciled!))
    log(`dataset: reconcile ${verdict(marker.reconciled)} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
    for (const p of problems.slice(0, 10)) log(`  [${p.check}] ${p.subject}: expected ${p.expected}, found ${p.actual}`)
    if (problems.length > 10) log(`  ... and ${problems.length - 10} more`)
    return { marker, generated: true }
  } finally {
    const { closePayload } = await import('../lib/payload')
    await closePayload(payload)
  }
}

/** Payload on the benchmark database, with every committed migration applied (the app's own path). */
async function migratedPayload(bench: BenchCluster) {
  process.env.DATABASE_URL = bench.url
  process.env.PAYLOAD_SECRET = bench.secrets.PAYLOAD_SECRET
  process.env.PAYMENT_DATA_KEYS = bench.secrets.PAYMENT_DATA_KEYS
  const { reloadConfig } = await import('../../src/lib/config')
  reloadConfig()
  const { payloadWithMigrations } = await import('../lib/payload')
  // Loading Payload under tsx on Node 20 rarely hangs (scripts/test.ts retries its seed for it):
  // say so instead of waiting for ever.
  let timer: NodeJS.Timeout | undefined
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('loading Payload and the migrations stalled for 5 minutes (a rare tsx start-up hang): run the command again')), 300_000)
  })
  try {
    return await Promise.race([payloadWithMigrations(), stalled])
  } finally {
    clearTimeout(timer)
  }
}

async function withPool<T>(url: string, fn: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const pool = new pg.Pool({ connectionString: url, max: 4 })
  // A client that hears of the server stopping after we are done must not crash the process.
  pool.on('error', () => undefined)
  try {
    return await fn(pool)
  } finally {
    await pool.end()
  }
}

export const describeSpec = (s: DatasetSpec) =>
  `${s.customers.toLocaleString('en-US')} customers, ${s.services.toLocaleString('en-US')} services, ${s.months} months of invoices, ${s.usageDays} days of usage, seed ${s.seed}, as of ${s.asOf}`

const verdict = (reconciled: boolean | null) => (reconciled === null ? 'not run' : reconciled ? 'passed' : 'FAILED')
