import autocannon from 'autocannon'

import type { DbCounter } from './roundTrips'

export type LoadTarget = {
  baseUrl: string
  method?: 'GET' | 'POST'
  path: string
  /** Headers of the n-th request (so requests spread over many sessions). */
  headersFor: (n: number) => Record<string, string>
  body?: (n: number) => string
}

export type LoadResult = {
  connections: number
  seconds: number
  requests: number
  requestsPerSecond: number
  latencyMs: { mean: number; p50: number; p95: number; p99: number; max: number }
  /** Responses by HTTP status. */
  statuses: Map<number, number>
  non2xx: number
  /** Connection errors and timeouts (requests that got no response at all). */
  errors: number
  timeouts: number
}

/**
 * One load level: `connections` keep-alive connections sending `method path` back to back for
 * `seconds`, each request with the headers `headersFor` gives its sequence number (so requests
 * spread over many sessions). Latencies are every response's own time, so the percentiles are
 * exact, not read off a histogram.
 */
export async function runLoad(opts: LoadTarget & { connections: number; seconds: number }): Promise<LoadResult> {
  const samples: number[] = []
  const statuses = new Map<number, number>()
  let sent = 0
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: opts.baseUrl,
        connections: opts.connections,
        duration: opts.seconds,
        requests: [
          {
            method: opts.method ?? 'GET',
            path: opts.path,
            setupRequest: (req) => {
              const n = sent++
              return { ...req, headers: { ...req.headers, ...opts.headersFor(n) }, ...(opts.body ? { body: opts.body(n) } : {}) }
            },
          },
        ],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    )
    instance.on('response', (_client, statusCode, _bytes, ms) => {
      samples.push(ms)
      statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1)
    })
  })
  const requests = samples.length
  const sorted = Float64Array.from(samples).sort()
  const at = (p: number) => (requests ? sorted[Math.min(requests - 1, Math.max(0, Math.ceil((p / 100) * requests) - 1))] : NaN)
  let non2xx = 0
  for (const [status, count] of statuses) if (status < 200 || status > 299) non2xx += count
  return {
    connections: opts.connections,
    seconds: result.duration,
    requests,
    requestsPerSecond: requests / result.duration,
    latencyMs: { mean: requests ? samples.reduce((a, b) => a + b, 0) / requests : NaN, p50: at(50), p95: at(95), p99: at(99), max: requests ? sorted[requests - 1] : NaN },
    statuses,
    non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  }
}

/** Until the benchmark database has seen no statement for half a second (at most 15 s). */
async function waitUntilQuiet(db: DbCounter) {
  const deadline = Date.now() + 15_000
  let last = (await db.read())?.statements
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500))
    const now = (await db.read())?.statements
    if (now === last) return
    last = now
  }
}

export type RoundTrips = {
  requests: number
  roundTrips: number
  transactions: number
  execMs: number
  statuses: Map<number, number>
  /** The statements sent most often, per request. */
  top: Array<{ perRequest: number; query: string }>
}

/**
 * Database work per request, exactly: `count` requests one after another (no load, nothing in
 * flight when the counters are read), counted by pg_stat_statements. Undefined when the counter
 * is not available. Round trips do not depend on the load, so one quiet probe stands for all levels.
 */
export async function probeRoundTrips(target: LoadTarget, opts: { count: number; db: DbCounter }): Promise<RoundTrips | undefined> {
  if (!opts.db.available) return undefined
  const statuses = new Map<number, number>()
  // Requests a load level left in flight are still being answered: count none of theirs.
  await waitUntilQuiet(opts.db)
  await opts.db.reset()
  for (let n = 0; n < opts.count; n++) {
    const res = await fetch(`${target.baseUrl}${target.path}`, { method: target.method ?? 'GET', headers: target.headersFor(n), body: target.body?.(n) })
    await res.arrayBuffer()
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
  }
  // Anything the app still sends after answering (it should not) lands before the counters are read.
  await new Promise((r) => setTimeout(r, 250))
  const totals = await opts.db.read()
  if (!totals) return undefined
  return {
    requests: opts.count,
    roundTrips: totals.statements / opts.count,
    transactions: totals.transactions / opts.count,
    execMs: totals.execMs / opts.count,
    statuses,
    top: totals.top.map((t) => ({ perRequest: t.calls / opts.count, query: t.query })),
  }
}
