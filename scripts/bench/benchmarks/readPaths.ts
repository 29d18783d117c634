import type pg from 'pg'

import { benchCustomers } from '../dataset'
import { probeRoundTrips, runLoad, type LoadResult, type LoadTarget, type RoundTrips } from '../load'
import { formatTable, ms, roundTripNotes, statusSummary } from '../report'
import { signInStaff } from '../sessions'
import type { Benchmark } from '../types'

type ReadPath = { name: string; what: string; path: string }

/**
 * The read paths staff and integrators lean on (issue 17, item 5), each as the data set's staff
 * admin at every connection count of BENCH_CONNECTIONS for BENCH_DURATION_SECONDS, after a
 * warm-up: the unpaid invoices list (Payload's REST list, its default depth), a customer search by
 * a fragment of an email (`like`), and one customer's billing overview (a custom endpoint).
 */
export const readPaths: Benchmark = {
  name: 'read-paths',
  description: 'GET /api/invoices (unpaid), /api/customers (email like) and /api/admin/customers/:id/billing as staff at 1, 10 and 50 concurrent connections',
  async run(ctx) {
    const { options, log } = ctx
    log('read-paths: signing in as the data set\'s admin')
    const token = await signInStaff(ctx.baseUrl, '10.255.0.2')
    const headersFor = () => ({ authorization: `JWT ${token}` })
    const paths = await choosePaths(ctx.pool)
    const notes: string[] = paths.map((p) => `${p.name}: GET ${p.path} (${p.what})`)

    const measured: Array<{ read: ReadPath; levels: LoadResult[]; rt: RoundTrips | undefined }> = []
    for (const read of paths) {
      const target: LoadTarget = { baseUrl: ctx.baseUrl, path: read.path, headersFor }
      const first = await fetch(`${ctx.baseUrl}${read.path}`, { headers: headersFor() })
      const body = await first.text()
      if (first.status !== 200) notes.push(`WARNING: ${read.name} answers ${first.status}, not 200 (${body.slice(0, 200).replace(/\s+/g, ' ')}): the figures time that answer`)
      else notes.push(`${read.name}: ${Math.round(body.length / 1024)} KB a response`)
      if (options.warmupSeconds > 0) {
        log(`read-paths: ${read.name}, warming up for ${options.warmupSeconds} s`)
        await runLoad({ ...target, connections: Math.max(...options.connections), seconds: options.warmupSeconds })
      }
      const rt = await probeRoundTrips(target, { count: 20, db: ctx.db })
      const levels: LoadResult[] = []
      for (const connections of options.connections) {
        log(`read-paths: ${read.name}, ${connections} concurrent for ${options.durationSeconds} s`)
        levels.push(await runLoad({ ...target, connections, seconds: options.durationSeconds }))
      }
      measured.push({ read, levels, rt })
    }

    for (const { read, levels, rt } of measured) {
      for (const l of levels) if (l.non2xx || l.errors || l.timeouts) notes.push(`${read.name} at ${l.connections} concurrent: responses ${statusSummary(l.statuses)}, ${l.errors + l.timeouts} without a response`)
      notes.push(`${read.name}:`, ...roundTripNotes(rt).map((line) => `  ${line}`))
    }
    const atMost = Math.max(...options.connections)
    const p95At = (name: string) => {
      const level = measured.find((m) => m.read.name === name)?.levels.find((l) => l.connections === atMost)
      return level ? `${ms(level.latencyMs.p95)}ms` : '-'
    }
    return {
      title: `read-paths: staff reads over REST, ${options.durationSeconds} s per level`,
      table: formatTable(
        ['path', 'connections', 'requests', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'non-2xx', 'DB trips'],
        measured.flatMap(({ read, levels, rt }) =>
          levels.map((l) => [
            read.name,
            String(l.connections),
            l.requests.toLocaleString('en-US'),
            l.requestsPerSecond.toFixed(1),
            ms(l.latencyMs.p50),
            ms(l.latencyMs.p95),
            ms(l.latencyMs.p99),
            ms(l.latencyMs.max),
            l.non2xx.toLocaleString('en-US'),
            rt ? rt.roundTrips.toFixed(1) : '-',
          ]),
        ),
      ),
      notes,
      headline: `read-paths: p95 at ${atMost} concurrent: invoices ${p95At('invoices')} (depth 0: ${p95At('invoices depth 0')}), customers ${p95At('customers')}, billing ${p95At('billing')}`,
    }
  },
}

/**
 * The customer search types what a clerk would: the name part of a real customer's email (a
 * handful of matches); the billing overview is of the customer with the most invoices, the
 * heaviest page a clerk opens.
 */
async function choosePaths(pool: pg.Pool): Promise<ReadPath[]> {
  const [someone] = await benchCustomers(pool, 1)
  if (!someone) throw new Error('read-paths: the data set has no active customer')
  const fragment = someone.email.split('@')[0].replace(/\.\d+$/, '')
  const { rows } = await pool.query<{ customer_id: number; invoices: number }>(
    'SELECT customer_id, count(*)::int AS invoices FROM invoices GROUP BY customer_id ORDER BY count(*) DESC, customer_id LIMIT 1',
  )
  const busiest = rows[0]
  if (!busiest) throw new Error('read-paths: the data set has no invoices')
  return [
    { name: 'invoices', what: 'unpaid invoices, 50 a page, default depth', path: '/api/invoices?where[status][equals]=unpaid&limit=50' },
    { name: 'invoices depth 0', what: 'the same list with ?depth=0 (ids for customer and service)', path: '/api/invoices?where[status][equals]=unpaid&limit=50&depth=0' },
    { name: 'customers', what: `customers whose email contains "${fragment}"`, path: `/api/customers?where[email][like]=${encodeURIComponent(fragment)}` },
    { name: 'billing', what: `customer ${busiest.customer_id}'s billing overview (${busiest.invoices} invoices)`, path: `/api/admin/customers/${busiest.customer_id}/billing` },
  ]
}
