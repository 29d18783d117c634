import { probeRoundTrips, type LoadTarget } from '../load'
import { formatTable, ms, roundTripNotes, statusSummary } from '../report'
import { signInStaff } from '../sessions'
import type { Benchmark } from '../types'

/** Requests timed one after another (what one clerk opening the panel waits for), after WARMUP untimed ones. */
const ROUNDS = 30
const WARMUP = 3

type Timing = { path: string; what: string; rounds: number; ms: number[]; statuses: Map<number, number> }

/**
 * The billing dashboard for staff: `GET /api/admin/reports/dashboard` (the figures: a handful of
 * aggregate statements over the whole data set) and `GET /admin` (the panel's home page, which
 * renders the same figures on the server, plus Payload's own page work), each ROUNDS times in a
 * row as the data set's admin, with the median and p95; then the statements one dashboard read
 * sends to the database.
 */
export const dashboard: Benchmark = {
  name: 'dashboard',
  description: `GET /api/admin/reports/dashboard and the /admin page as staff, ${ROUNDS} rounds one at a time: median and p95`,
  async run(ctx) {
    const { log } = ctx
    log('dashboard: signing in as the data set\'s admin')
    const token = await signInStaff(ctx.baseUrl, '10.255.0.1')
    const headers = { authorization: `JWT ${token}` }
    const notes: string[] = []

    const timings: Timing[] = []
    for (const [path, what] of [
      ['/api/admin/reports/dashboard', 'figures (JSON)'],
      ['/admin', 'dashboard page (HTML)'],
    ] as const) {
      log(`dashboard: ${path}, ${WARMUP} warm-up and ${ROUNDS} timed requests`)
      timings.push(await timeRounds(ctx.baseUrl, path, what, headers))
    }
    for (const t of timings) {
      const bad = [...t.statuses.keys()].some((s) => s !== 200)
      if (bad) notes.push(`WARNING: ${t.path} answered ${statusSummary(t.statuses)}: the figures time those answers`)
    }

    const figures = await fetch(`${ctx.baseUrl}/api/admin/reports/dashboard`, { headers })
    const body = (await figures.json().catch(() => ({}))) as { thisMonth?: { invoiced?: { count?: number } }; outstanding?: { count?: number } }
    notes.push(`Read over this data set: ${body.thisMonth?.invoiced?.count ?? '?'} invoices this month, ${body.outstanding?.count ?? '?'} open invoices aged`)

    const target: LoadTarget = { baseUrl: ctx.baseUrl, path: '/api/admin/reports/dashboard', headersFor: () => headers }
    const rt = await probeRoundTrips(target, { count: 20, db: ctx.db })
    notes.push(...roundTripNotes(rt))

    const [api, page] = timings
    const trips = rt ? `, ${Number.isInteger(rt.roundTrips) ? rt.roundTrips : rt.roundTrips.toFixed(1)} DB round trips per read` : ''
    return {
      title: `dashboard: staff's figures and home page, ${ROUNDS} requests each one at a time`,
      table: formatTable(
        ['request', 'what', 'rounds', 'median ms', 'p95 ms', 'min ms', 'max ms'],
        timings.map((t) => [`GET ${t.path}`, t.what, String(t.rounds), ms(percentile(t.ms, 50)), ms(percentile(t.ms, 95)), ms(Math.min(...t.ms)), ms(Math.max(...t.ms))]),
      ),
      notes,
      headline: `dashboard: figures median ${ms(percentile(api.ms, 50))} ms, p95 ${ms(percentile(api.ms, 95))} ms; page median ${ms(percentile(page.ms, 50))} ms, p95 ${ms(percentile(page.ms, 95))} ms${trips}`,
    }
  },
}

async function timeRounds(baseUrl: string, path: string, what: string, headers: Record<string, string>): Promise<Timing> {
  const statuses = new Map<number, number>()
  const ms: number[] = []
  for (let n = 0; n < WARMUP + ROUNDS; n++) {
    const started = performance.now()
    const res = await fetch(`${baseUrl}${path}`, { headers, redirect: 'manual' })
    await res.arrayBuffer()
    const took = performance.now() - started
    if (n < WARMUP) continue
    ms.push(took)
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
  }
  return { path, what, rounds: ROUNDS, ms, statuses }
}

/** The nearest-rank percentile. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : NaN
}
