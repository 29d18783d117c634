import { spawn } from 'node:child_process'
import path from 'node:path'
import readline from 'node:readline'

import { inPgTransaction } from '../../lib/pgTransaction'
import { useBenchEnvironment } from '../inProcess'
import { formatTable } from '../report'
import type { Benchmark, BenchContext } from '../types'

const root = path.resolve(import.meta.dirname, '../../..')
/** What the issue sets: the simulator answering each call in this many ms. */
const VENDOR_LATENCY_MS = 50
const LEVELS = [16, 32, 64]

type RunFigures = { label: string; concurrency: number; services: number; updated: number; rowsChanged: number; failed: number; warnings: number; ms: number; calls: number[] }

/**
 * The hourly usage sync (`runUsageSync`, the job's own code) over every service the data set's
 * network carries, in this process against the Interstellio simulator in another, answering each
 * call in 50 ms: a first run (which finds the figures since the data set's last day), then one
 * run at each concurrency. Prints services per second, the vendor calls' median and p95 as our
 * client saw them, and the statements per service. What the runs write (usage rows, the services'
 * sync time, cap warnings and their queued notifications) is put back afterwards, so the data set
 * stays as generated.
 */
export const usageSync: Benchmark = {
  name: 'usage-sync',
  description: `the hourly Interstellio usage sync over every service on the network, simulator at ${VENDOR_LATENCY_MS} ms a call, concurrency ${LEVELS.join('/')}: services per second`,
  async run(ctx) {
    const { log } = ctx
    const sim = await startSimulatorProcess(log)
    const undo = await snapshot(ctx)
    try {
      useBenchEnvironment(ctx, { INTERSTELLIO_PASSWORD: 'bench-password' })
      const { reloadConfig } = await import('../../../src/lib/config')
      reloadConfig()
      const { default: config } = await import('../../../payload.config')
      const { getPayload } = await import('payload')
      const { closePayload } = await import('../../lib/payload')
      const { interstellioClient } = await import('../../../src/integrations/interstellio/client')
      const { runUsageSync } = await import('../../../src/services/usage/syncUsageRun')
      // Its own key: the data set's preparation loaded (and closed) the default instance in this process.
      const payload = await getPayload({ config, key: 'bench-usage-sync' })
      try {
        const calls: number[] = []
        const timedFetch: typeof fetch = async (input, init) => {
          const started = performance.now()
          try {
            return await fetch(input, init)
          } finally {
            calls.push(performance.now() - started)
          }
        }
        const client = interstellioClient({ identityUrl: sim.url, subscriberUrl: sim.url, telemetryUrl: sim.url, domain: 'bench.test', username: 'bench', password: 'bench-password', timeoutMs: 10_000, fetch: timedFetch })
        const runs: RunFigures[] = []
        let statementsPerService: number | undefined
        for (const [i, concurrency] of [LEVELS[0]!, ...LEVELS].entries()) {
          const label = i === 0 ? 'first run (catches up from the data set)' : 'hourly run'
          log(`usage-sync: ${label}, concurrency ${concurrency}`)
          calls.length = 0
          const counting = i === 1 && ctx.db.available
          if (counting) await ctx.db.reset()
          const report = await runUsageSync(payload, client, { now: () => new Date(), concurrency, serviceTimeoutMs: 30_000, breakerFailures: 20, backfillDays: 35 })
          if (counting) {
            const totals = await ctx.db.read()
            if (totals) statementsPerService = totals.statements / Math.max(1, report.services)
          }
          runs.push({ label, concurrency, services: report.services, updated: report.updated, rowsChanged: report.rowsChanged, failed: report.failed, warnings: report.warnings.length, ms: report.durationMs, calls: [...calls] })
          log(`usage-sync: ${report.tally.summary} in ${(report.durationMs / 1000).toFixed(1)} s`)
        }
        const best = runs.slice(1).reduce((a, b) => (b.services / b.ms > a.services / a.ms ? b : a))
        const rate = (r: RunFigures) => (r.services / (r.ms / 1000)).toFixed(0)
        const at12k = (r: RunFigures) => ((12_000 / r.services) * r.ms) / 1000
        return {
          title: `usage-sync: ${runs[0]!.services.toLocaleString('en-US')} services, Interstellio simulator answering in ${VENDOR_LATENCY_MS} ms`,
          table: formatTable(
            ['run', 'concurrency', 'services', 'with new figures', 'rows changed', 'failed', 'cap warnings', 'seconds', 'services/s', 'call p50 ms', 'call p95 ms'],
            runs.map((r) => [r.label, String(r.concurrency), String(r.services), String(r.updated), String(r.rowsChanged), String(r.failed), String(r.warnings), (r.ms / 1000).toFixed(1), rate(r), pct(r.calls, 50), pct(r.calls, 95)]),
          ),
          notes: [
            'Each service is one telemetry call (the days since its last synced day, re-reading two) and one upsert statement, then its cap check.',
            statementsPerService === undefined ? 'Statements per service: not counted (pg_stat_statements not loaded)' : `Statements per service in the first hourly run (counted by pg_stat_statements): ${statementsPerService.toFixed(1)}`,
            `12,000 services at the best rate (concurrency ${best.concurrency}): ${at12k(best).toFixed(1)} s`,
            'The runs\' writes (usage rows, sync times, cap warnings and their queued notifications) were put back afterwards.',
          ],
          headline: `usage-sync: ${rate(best)} services/s at concurrency ${best.concurrency} (12,000 services in ${at12k(best).toFixed(1)} s), vendor call p95 ${pct(best.calls, 95)} ms${statementsPerService === undefined ? '' : `, ${statementsPerService.toFixed(1)} statements per service`}`,
        }
      } finally {
        await closePayload(payload)
      }
    } finally {
      await undo()
      sim.stop()
    }
  },
}

function pct(values: number[], p: number): string {
  if (values.length === 0) return '-'
  const sorted = [...values].sort((a, b) => a - b)
  const v = sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
  return v < 10 ? v.toFixed(1) : String(Math.round(v))
}

async function startSimulatorProcess(log: (l: string) => void): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'scripts/bench/interstellioSim.ts')], {
    env: { ...process.env, BENCH_ISL_PASSWORD: 'bench-password', BENCH_ISL_LATENCY_MS: String(VENDOR_LATENCY_MS) },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! })
    lines.once('line', (line) => resolve((JSON.parse(line) as { url: string }).url))
    child.once('exit', (code) => reject(new Error(`the Interstellio simulator exited ${code} before listening`)))
  })
  log(`usage-sync: Interstellio simulator on ${url} (${VENDOR_LATENCY_MS} ms a call)`)
  return { url, stop: () => void child.kill('SIGTERM') }
}

/** What the runs can write, kept aside; the function returned puts it back. */
async function snapshot(ctx: BenchContext): Promise<() => Promise<void>> {
  const { pool } = ctx
  const since = await pool.query<{ since: Date }>(`SELECT coalesce(max(date), now()) - interval '40 days' AS since FROM usage_records`)
  const from = since.rows[0]!.since
  const marks = await pool.query<{ warnings: number; jobs: number }>(`SELECT (SELECT coalesce(max(id), 0) FROM usage_warnings)::int AS warnings, (SELECT coalesce(max(id), 0) FROM payload_jobs)::int AS jobs`)
  const { warnings, jobs } = marks.rows[0]!
  await pool.query(`DROP TABLE IF EXISTS bench_undo_usage; DROP TABLE IF EXISTS bench_undo_synced`)
  await pool.query(`CREATE TABLE bench_undo_usage AS SELECT * FROM usage_records WHERE date >= $1`, [from])
  await pool.query(`CREATE TABLE bench_undo_synced AS SELECT id, usage_synced_at FROM services WHERE usage_synced_at IS NOT NULL`)
  return async () => {
    ctx.log('usage-sync: putting the data set back')
    await inPgTransaction(pool, async (client) => {
      await client.query(`DELETE FROM usage_records WHERE date >= $1`, [from])
      await client.query(`INSERT INTO usage_records SELECT * FROM bench_undo_usage`)
      await client.query(`UPDATE services SET usage_synced_at = NULL WHERE usage_synced_at IS NOT NULL`)
      await client.query(`UPDATE services s SET usage_synced_at = u.usage_synced_at FROM bench_undo_synced u WHERE u.id = s.id`)
      await client.query(`DELETE FROM usage_warnings WHERE id > $1`, [warnings])
      await client.query(`DELETE FROM payload_jobs WHERE id > $1 AND task_slug = 'notifyCustomer'`, [jobs])
      await client.query(`DROP TABLE bench_undo_usage; DROP TABLE bench_undo_synced`)
    })
  }
}
