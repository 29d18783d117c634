import { BENCH_PASSWORD, benchCustomers } from '../dataset'
import { probeRoundTrips, runLoad, type LoadResult, type LoadTarget } from '../load'
import { headline, loadTable, roundTripNotes, statusSummary } from '../report'
import { signInCustomers } from '../sessions'
import type { Benchmark } from '../types'

/**
 * The portal dashboard's summary: `GET /api/dashboard/summary` (BENCH_SUMMARY_PATH) for many
 * signed-in customers, each request as the next customer in turn, at each connection count of
 * BENCH_CONNECTIONS for BENCH_DURATION_SECONDS, after a warm-up.
 */
export const summary: Benchmark = {
  name: 'summary',
  description: 'GET /api/dashboard/summary as ~50 signed-in customers at 1, 10 and 50 concurrent connections',
  async run(ctx) {
    const { options, log } = ctx
    const path = options.summaryPath
    const customers = await benchCustomers(ctx.pool, options.sessions)
    log(`summary: signing in ${customers.length} customers`)
    const tokens = await signInCustomers(ctx.baseUrl, customers, BENCH_PASSWORD)
    const target: LoadTarget = {
      baseUrl: ctx.baseUrl,
      path,
      headersFor: (n) => ({ authorization: `JWT ${tokens[n % tokens.length]}` }),
    }

    const first = await fetch(`${ctx.baseUrl}${path}`, { headers: target.headersFor(0) })
    const firstBody = (await first.text()).slice(0, 300)
    const notes: string[] = []
    if (first.status !== 200) {
      notes.push(`WARNING: GET ${path} answers ${first.status}, not 200 (${firstBody.replace(/\s+/g, ' ')}): the figures below time that answer`)
      log(`summary: ${notes[0]}`)
    }

    if (options.warmupSeconds > 0) {
      log(`summary: warming up for ${options.warmupSeconds} s`)
      await runLoad({ ...target, connections: Math.max(...options.connections), seconds: options.warmupSeconds })
    }
    const rt = await probeRoundTrips(target, { count: Math.max(100, tokens.length * 2), db: ctx.db })
    const levels: LoadResult[] = []
    for (const connections of options.connections) {
      log(`summary: ${connections} concurrent for ${options.durationSeconds} s`)
      levels.push(await runLoad({ ...target, connections, seconds: options.durationSeconds }))
    }

    for (const l of levels) if (l.non2xx) notes.push(`${l.connections} concurrent: responses ${statusSummary(l.statuses)}`)
    notes.push(...roundTripNotes(rt))
    return {
      title: `summary: GET ${path} as ${tokens.length} customers (${options.durationSeconds} s per level)`,
      table: loadTable(levels),
      notes,
      headline: headline('summary', levels, rt),
    }
  },
}
