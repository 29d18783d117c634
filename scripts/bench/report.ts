import type { LoadResult, RoundTrips } from './load'

/** A plain text table, columns right-aligned except the first. */
export function formatTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)]
}

/** Milliseconds as a table shows them: one decimal under 10, whole above; `-` for no figure. */
export const ms = (v: number) => (Number.isNaN(v) ? '-' : v < 10 ? v.toFixed(1) : Math.round(v).toString())
const count = (v: number) => v.toLocaleString('en-US')

export function loadTable(levels: LoadResult[]): string[] {
  return formatTable(
    ['connections', 'requests', 'req/s', 'mean ms', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'non-2xx', 'errors'],
    levels.map((l) => [
      String(l.connections),
      count(l.requests),
      l.requestsPerSecond.toFixed(1),
      ms(l.latencyMs.mean),
      ms(l.latencyMs.p50),
      ms(l.latencyMs.p95),
      ms(l.latencyMs.p99),
      ms(l.latencyMs.max),
      count(l.non2xx),
      count(l.errors + l.timeouts),
    ]),
  )
}

export const statusSummary = (statuses: Map<number, number>) =>
  [...statuses.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, n]) => `${status} x ${count(n)}`)
    .join(', ')

export function roundTripNotes(rt: RoundTrips | undefined): string[] {
  if (!rt) return ['DB round trips: not counted (pg_stat_statements is not loaded in this cluster)']
  return [
    `DB per request (${rt.requests} requests one at a time, counted by pg_stat_statements): ${rt.roundTrips.toFixed(1)} round trips (statements), ${rt.transactions.toFixed(1)} explicit transactions, ${rt.execMs.toFixed(2)} ms executing; responses ${statusSummary(rt.statuses)}`,
    'Statements per request, most frequent first:',
    ...rt.top.map((t) => `  ${t.perRequest.toFixed(2).padStart(6)}  ${t.query}`),
  ]
}

/** `<name>: p95 31 ms at 50 concurrent, p50 12 ms, 9 DB round trips per request` (+ a warning when answers were not 2xx). */
export function headline(name: string, levels: LoadResult[], rt: RoundTrips | undefined): string {
  const top = levels.reduce((a, b) => (b.connections > a.connections ? b : a))
  const trips = rt ? `${Number.isInteger(rt.roundTrips) ? rt.roundTrips : rt.roundTrips.toFixed(1)} DB round trips per request` : 'DB round trips not counted'
  const responses = levels.reduce((n, l) => n + l.requests, 0)
  const non2xx = levels.reduce((n, l) => n + l.non2xx, 0)
  const failed = levels.reduce((n, l) => n + l.errors + l.timeouts, 0)
  const warnings = [
    ...(non2xx ? [`${Math.round((non2xx / responses) * 100)}% of responses not 2xx (${statusSummary(mergedStatuses(levels, (s) => s < 200 || s > 299))})`] : []),
    ...(failed ? [`${count(failed)} requests got no response`] : []),
  ]
  const warning = warnings.length ? `; WARNING: ${warnings.join(', ')}` : ''
  return `${name}: p95 ${ms(top.latencyMs.p95)} ms at ${top.connections} concurrent, p50 ${ms(top.latencyMs.p50)} ms, ${trips}${warning}`
}

function mergedStatuses(levels: LoadResult[], keep: (status: number) => boolean): Map<number, number> {
  const merged = new Map<number, number>()
  for (const l of levels) for (const [s, n] of l.statuses) if (keep(s)) merged.set(s, (merged.get(s) ?? 0) + n)
  return merged
}
