import fs from 'node:fs'
import path from 'node:path'

import pg from 'pg'

import { inPgTransaction } from '../../lib/pgTransaction'
import { useBenchEnvironment } from '../inProcess'
import { formatTable } from '../report'
import type { Benchmark, BenchContext } from '../types'

/** Services per caller and round in the interleaved rounds. */
const ROUND_SERVICES = 1_000
const ROUNDS = 4
/** Services the previous path (issueRecurringInvoices, one service at a time) issues, for reference. */
const PREVIOUS_PATH_SERVICES = 500
/** PDF jobs the job runner works in its phase (a month's run queues one per invoice). */
const PDF_JOBS = 3_000

type Sample = { label: string; invoices: number; skips?: number; ms: number; statements: number; nodeCpuMs: number; pgCpuMs: number; callers?: number; duplicates?: number }

/**
 * The recurring invoice run of record (issue 17): the project's run (`generateInvoicesNow`, the
 * code the 02:00 job and staff's "generate invoices now" call) against a hand-written SQL
 * baseline of the same semantics, interleaved round by round in this process on the shared data
 * set; the run over every due service, a re-run that finds nothing due, 2 and 4 concurrent callers
 * over disjoint and identical service sets, the previous path for reference, and the job runner
 * working the PDF jobs the run queued. Statements are counted at the driver (every `query` a pg
 * client sends, BEGIN and COMMIT included), Node CPU by process.cpuUsage, Postgres CPU from /proc
 * for the server's processes. Every invoice, line, job, PDF, balance and billing date it wrote is
 * put back after each phase, so the data set is unchanged.
 */
export const invoiceRun: Benchmark = {
  name: 'invoice-run',
  description: 'the recurring invoice run vs a hand-written SQL baseline: invoices per second, statements per invoice, concurrency, the PDF job runner',
  async run(ctx) {
    const { log } = ctx
    useBenchEnvironment(ctx)
    const { reloadConfig, getConfig } = await import('../../../src/lib/config')
    reloadConfig()
    const { default: config } = await import('../../../payload.config')
    const { getPayload } = await import('payload')
    const { closePayload } = await import('../../lib/payload')
    const { generateInvoicesNow } = await import('../../../src/services/billing/generateInvoicesNow')
    const { issueRecurringInvoices } = await import('../../../src/services/billing/issueRecurringInvoices')
    const { reconcile } = await import('../../../src/services/billing/reconcile')
    const { startJobRunner } = await import('../../../src/jobs/runner')
    const { DOCUMENTS_QUEUE } = await import('../../../src/services/outbox')
    const { QUEUE_CONCURRENCY } = await import('../../../src/jobs/runner')
    const { readInvoiceForPdf, modelFromFacts, ensureInvoicePdf } = await import('../../../src/services/invoicePdfs/ensureInvoicePdf')
    const { renderInvoicePdf } = await import('../../../src/services/invoicePdfs/renderInvoicePdf')
    const { createLocalReq } = await import('payload')

    const baselinePool = new pg.Pool({ connectionString: ctx.databaseUrl, max: 10 })
    const payload = await getPayload({ config, key: 'bench-invoice-run' })
    const counter = countStatements(payload)
    const pgPort = Number(new URL(ctx.databaseUrl).port)
    const state = await snapshot(ctx)
    const samples: Sample[] = []
    const notes: string[] = []
    try {
      const { asOf, due } = state
      log(`invoice-run: ${due.length.toLocaleString('en-US')} billable services due once as of ${asOf}`)
      const measure = async (label: string, work: () => Promise<{ invoices: number; skips?: number }>, extra: Partial<Sample> = {}): Promise<Sample> => {
        const pgBefore = postgresCpuMs(pgPort)
        const cpuBefore = process.cpuUsage()
        counter.reset()
        const started = performance.now()
        const { invoices, skips } = await work()
        const ms = performance.now() - started
        const cpu = process.cpuUsage(cpuBefore)
        const sample: Sample = { label, invoices, skips, ms, statements: counter.count(), nodeCpuMs: (cpu.user + cpu.system) / 1000, pgCpuMs: postgresCpuMs(pgPort) - pgBefore, ...extra }
        samples.push(sample)
        log(`invoice-run: ${label}: ${invoices} invoices${skips ? `, ${skips} skips` : ''} in ${(ms / 1000).toFixed(2)} s`)
        return sample
      }
      const project = async (ids: number[]) => {
        const report = await generateInvoicesNow(payload, { asOf, serviceIds: ids, trigger: 'schedule', now: new Date() })
        if (report.failed) throw new Error(`the run failed for ${report.failed} services: ${report.results.find((r) => r.outcome === 'failed')?.reason}`)
        return { invoices: report.invoicesIssued, skips: report.skipped }
      }
      const baseline = async (ids: number[]) => {
        let invoices = 0
        for (const id of ids) invoices += await baselineIssue(baselinePool, id, state.customerOf.get(id)!, asOf)
        return { invoices }
      }

      // Warm both (plans, JIT of the code paths) on services the rounds do not use, then put back.
      await project(due.slice(-60, -30))
      await baseline(due.slice(-30))
      await state.restore()

      // 1. Interleaved rounds, the order alternating, then the previous path for reference.
      let at = 0
      const take = (n: number) => {
        const ids = due.slice(at, at + n)
        at += n
        return ids
      }
      for (let round = 1; round <= ROUNDS; round++) {
        const p = take(ROUND_SERVICES)
        const b = take(ROUND_SERVICES)
        const runProject = () => measure(`project, round ${round}`, () => project(p))
        const runBaseline = () => measure(`baseline, round ${round}`, () => baseline(b))
        if (round % 2) {
          await runProject()
          await runBaseline()
        } else {
          await runBaseline()
          await runProject()
        }
      }
      const previous = take(PREVIOUS_PATH_SERVICES)
      await measure('previous path (issueRecurringInvoices)', async () => {
        let invoices = 0
        for (const serviceId of previous) {
          const r = await issueRecurringInvoices(payload, { serviceId, asOf })
          if (!r.ok) throw new Error(r.message)
          invoices += r.value.issued.length
        }
        return { invoices }
      })
      await state.restore()

      // 2. Every due service in one run (memory sampled each second), then the same run again.
      const memory: number[] = []
      const sampler = setInterval(() => memory.push(process.memoryUsage().heapUsed), 1000)
      memory.push(process.memoryUsage().heapUsed)
      const full = await measure(`project, all ${due.length.toLocaleString('en-US')} due services in one run`, () => project(due))
      clearInterval(sampler)
      memory.push(process.memoryUsage().heapUsed)
      const rerun = await measure('project, the same run again (nothing due)', () => project(due))
      const discrepancies = await timed(() => reconcile(payload))
      notes.push(`reconcile after the full run: ${discrepancies.value.length} discrepancies, ${(discrepancies.ms / 1000).toFixed(2)} s over ${state.invoiceCount.toLocaleString('en-US')} + ${full.invoices.toLocaleString('en-US')} invoices.`)
      notes.push(`Heap during the full run (sampled each second): start ${mb(memory[0]!)}, peak ${mb(Math.max(...memory))}, end ${mb(memory.at(-1)!)}; median ${mb(median(memory))}.`)

      // 3. The job runner working the run's PDF jobs (queue `documents`), timed to a fixed count.
      const pdf = await runnerPhase(ctx, payload, startJobRunner, DOCUMENTS_QUEUE, QUEUE_CONCURRENCY[DOCUMENTS_QUEUE] ?? 1, state.marks.jobs)
      notes.push(pdf)
      // Render alone against read, render and store, on invoices that have no PDF yet.
      const sampleIds = (await ctx.pool.query<{ id: number }>(
        `SELECT i.id FROM invoices i WHERE i.id > $1 AND NOT EXISTS (SELECT 1 FROM invoice_pdfs p WHERE p.invoice_id = i.id) ORDER BY i.id LIMIT 300`,
        [state.marks.invoices],
      )).rows.map((r) => r.id)
      const req = await createLocalReq({}, payload)
      const company = getConfig().company
      // Both warm (fonts, code paths) before either is timed.
      for (const id of sampleIds.slice(0, 5)) await renderInvoicePdf(modelFromFacts((await readInvoiceForPdf(req, id))!, { now: new Date(), company }))
      const renderOnly = await timed(async () => {
        for (const id of sampleIds.slice(0, 150)) await renderInvoicePdf(modelFromFacts((await readInvoiceForPdf(req, id))!, { now: new Date(), company }))
      })
      const renderStore = await timed(async () => {
        for (const id of sampleIds.slice(150)) await ensureInvoicePdf(payload, id)
      })
      const per = (ms: number, n: number) => (n ? ms / n : 0)
      notes.push(
        `PDF: read and render alone ${per(renderOnly.ms, 150).toFixed(1)} ms each; read, render and store (ensureInvoicePdf) ${per(renderStore.ms, sampleIds.length - 150).toFixed(1)} ms each: ` +
          `${(per(renderStore.ms, sampleIds.length - 150) / per(renderOnly.ms, 150)).toFixed(2)}x.`,
      )
      await state.restore()

      // 4. Concurrent callers over disjoint and over identical service sets.
      for (const callers of [2, 4]) {
        const size = Math.floor(Math.min(due.length, 6_000) / callers)
        await measure(`project, ${callers} callers, disjoint (${size} services each)`, async () => {
          const results = await Promise.all(Array.from({ length: callers }, (_, c) => project(due.slice(c * size, (c + 1) * size))))
          return { invoices: results.reduce((n, r) => n + r.invoices, 0) }
        }, { callers })
        samples.at(-1)!.duplicates = await duplicates(ctx, state.marks)
        await state.restore()
        const same = due.slice(0, 3_000)
        await measure(`project, ${callers} callers, the same ${same.length} services`, async () => {
          const results = await Promise.all(Array.from({ length: callers }, () => project(same)))
          return { invoices: results.reduce((n, r) => n + r.invoices, 0), skips: results.reduce((n, r) => n + (r.skips ?? 0), 0) }
        }, { callers })
        samples.at(-1)!.duplicates = await duplicates(ctx, state.marks)
        if (callers === 4) {
          const found = await reconcile(payload)
          notes.push(`reconcile after 4 callers over the same services: ${found.length} discrepancies.`)
        }
        await state.restore()
      }

      const rounds = (prefix: string) => samples.filter((s) => s.label.startsWith(`${prefix}, round`))
      const rateOf = (list: Sample[]) => sum(list, (s) => s.invoices) / (sum(list, (s) => s.ms) / 1000)
      const projectRate = rateOf(rounds('project'))
      const baselineRate = rateOf(rounds('baseline'))
      const perInvoice = (list: Sample[]) => sum(list, (s) => s.statements) / sum(list, (s) => s.invoices)
      const roundMedian = (prefix: string) => median(rounds(prefix).map((s) => s.invoices / (s.ms / 1000)))
      notes.unshift(
        `Interleaved rounds: project ${projectRate.toFixed(0)}/s (median of rounds ${roundMedian('project').toFixed(0)}), baseline ${baselineRate.toFixed(0)}/s (median ${roundMedian('baseline').toFixed(0)}), ` +
          `baseline / project ${(baselineRate / projectRate).toFixed(2)}.`,
        `Re-run skip rate ${(rerun.skips! / (rerun.ms / 1000)).toFixed(0)} services/s, ${(rerun.statements / Math.max(1, rerun.skips!)).toFixed(3)} statements per skip (${rerun.statements} in all) (one facts query per 250 services, plus the job-run record).`,
        `10,000 invoices at the full run's rate: ${((10_000 / full.invoices) * full.ms / 1000).toFixed(1)} s.`,
        'The data set has no account in credit, so no round allocates credit (the property test in tests/int/lean-invoice-run.int.spec.ts covers that path); the statements per invoice include the run\'s own job-run record, spread over the run.',
      )
      const statementsPerInvoice = perInvoice(rounds('project'))
      return {
        title: `invoice-run: ${due.length.toLocaleString('en-US')} due services, this process, the bench database; statements counted at the driver`,
        table: formatTable(
          ['phase', 'invoices', 'skips', 'seconds', 'per second', 'statements per invoice', 'Node CPU ms per invoice', 'Postgres CPU ms per invoice', 'duplicates'],
          samples.map((s) => [
            s.label,
            String(s.invoices),
            String(s.skips ?? 0),
            (s.ms / 1000).toFixed(2),
            (s.invoices ? s.invoices : s.skips ?? 0) === 0 ? '-' : ((s.invoices || s.skips || 0) / (s.ms / 1000)).toFixed(0),
            s.invoices ? (s.statements / s.invoices).toFixed(1) : s.skips ? `${(s.statements / s.skips).toFixed(3)} per skip (${s.statements} in all)` : '-',
            s.invoices ? (s.nodeCpuMs / s.invoices).toFixed(2) : '-',
            s.invoices ? (s.pgCpuMs / s.invoices).toFixed(2) : '-',
            s.duplicates === undefined ? '' : String(s.duplicates),
          ]),
        ),
        notes,
        headline: `invoice-run: project ${projectRate.toFixed(0)}/s, baseline ${baselineRate.toFixed(0)}/s, ratio ${(baselineRate / projectRate).toFixed(2)}, ${statementsPerInvoice.toFixed(1)} statements per invoice`,
      }
    } finally {
      await state.restore().catch((err: unknown) => log(`invoice-run: putting the data set back failed: ${String(err)}`))
      await state.drop()
      counter.stop()
      await baselinePool.end()
      await closePayload(payload)
    }
  },
}

/**
 * The baseline: what a careful hand-written implementation sends for one service's period, in
 * one transaction: lock the account (declaring the ledger write), lock the service with what the
 * invoice needs, check the period is not invoiced, insert the invoice (the database numbers it)
 * and its line, check for account credit, move the balance, move the billing date on, queue the
 * PDF and the notification. Eleven statements with BEGIN and COMMIT.
 */
async function baselineIssue(pool: pg.Pool, serviceId: number, customer: number, asOf: string): Promise<number> {
  const { recurringLine } = await import('../../../src/services/billing/issueRecurringInvoices')
  const { periodStartingOn } = await import('../../../src/domain/billingPeriod')
  const { addDays, sastDateOf, sastMidnight } = await import('../../../src/domain/calendarDate')
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    await client.query(`SELECT set_config('isp.ledger', 'on', true), id FROM billing_accounts WHERE customer_id = $1 FOR UPDATE`, [customer])
    const s = (await client.query(
      `SELECT s.next_billing_date, s.billing_day, s.package_name, s.monthly_price_cents::float8 AS price, c.account_type
         FROM services s JOIN customers c ON c.id = s.customer_id WHERE s.id = $1 FOR UPDATE OF s`,
      [serviceId],
    )).rows[0]!
    const periodStart = sastDateOf(s.next_billing_date)
    const period = periodStartingOn(periodStart, Number(s.billing_day))
    const lastDay = addDays(period.endExclusive, -1)
    const taken = await client.query(`SELECT 1 FROM invoices WHERE service_id = $1 AND kind = 'recurring' AND period_start = $2 AND status <> 'void'`, [serviceId, sastMidnight(periodStart)])
    if (taken.rows.length) {
      await client.query('ROLLBACK')
      return 0
    }
    const line = recurringLine({ packageName: s.package_name, monthlyPriceCents: s.price, accountType: s.account_type, periodStart, lastDay, invoiceDate: asOf })
    const dueDate = periodStart > asOf ? periodStart : asOf
    const inv = (await client.query<{ id: number }>(
      `INSERT INTO invoices (customer_id, service_id, kind, status, invoice_date, due_date, period_start, period_end, subtotal_cents, vat_cents, total_cents,
                             amount_paid_cents, amount_due_cents, updated_at, created_at)
       VALUES ($1, $2, 'recurring', 'unpaid', $3, $4, $5, $6, $7, $8, $9, 0, $9, now(), now()) RETURNING id`,
      [customer, serviceId, sastMidnight(asOf), sastMidnight(dueDate), sastMidnight(periodStart), sastMidnight(lastDay), line.exclVatCents, line.vatCents, line.inclVatCents],
    )).rows[0]!.id
    await client.query(
      `INSERT INTO invoices_lines (_order, _parent_id, id, description, kind, quantity, unit_price_cents, excl_vat_cents, vat_rate_basis_points, vat_cents, incl_vat_cents)
       VALUES (1, $1, md5(random()::text)::varchar(24), $2, 'service', $3, $4, $5, $6, $7, $8)`,
      [inv, line.description, line.quantity, line.unitPriceCents, line.exclVatCents, line.vatRateBasisPoints, line.vatCents, line.inclVatCents],
    )
    await client.query(
      `SELECT EXISTS (SELECT 1 FROM payment_transactions t WHERE t.customer_id = $1 AND t.kind = 'payment' AND t.status = 'completed'
                 AND t.amount_cents - coalesce((SELECT sum(a.amount_cents) FROM payment_allocations a WHERE a.payment_id = t.id), 0) > 0) AS in_credit`,
      [customer],
    )
    await client.query(`UPDATE billing_accounts SET balance_cents = balance_cents + $2, updated_at = now() WHERE customer_id = $1`, [customer, line.inclVatCents])
    await client.query(`UPDATE services SET next_billing_date = $2, updated_at = now() WHERE id = $1`, [serviceId, sastMidnight(period.endExclusive)])
    await client.query(
      `INSERT INTO payload_jobs (input, task_slug, queue, total_tried, has_error, processing, updated_at, created_at)
       VALUES (jsonb_build_object('invoiceId', $1::int), 'renderInvoicePdf', 'documents', 0, false, false, now(), now()),
              (jsonb_build_object('customerId', $2::int, 'template', 'invoice_issued', 'eventKey', 'invoice:' || $1::int, 'invoiceId', $1::int, 'serviceId', $3::int),
               'notifyCustomer', 'notifications', 0, false, false, now(), now())`,
      [inv, customer, serviceId],
    )
    await client.query('COMMIT')
    return 1
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw err
  } finally {
    client.release()
  }
}

/** Runs the job runner on one queue until PDF_JOBS of the run's jobs there are done; returns the note. */
async function runnerPhase(
  ctx: BenchContext,
  payload: import('payload').Payload,
  startJobRunner: typeof import('../../../src/jobs/runner').startJobRunner,
  queue: string,
  concurrency: number,
  jobMark: number,
): Promise<string> {
  const pending = async () =>
    Number((await ctx.pool.query<{ n: string }>(`SELECT count(*) AS n FROM payload_jobs WHERE id > $1 AND queue = $2 AND completed_at IS NULL AND NOT has_error`, [jobMark, queue])).rows[0]!.n)
  const total = await pending()
  // Leave only PDF_JOBS of them due (the rest wait a day), so the phase has a fixed size.
  await ctx.pool.query(
    `UPDATE payload_jobs SET wait_until = now() + interval '1 day' WHERE id IN (SELECT id FROM payload_jobs WHERE id > $1 AND queue = $2 ORDER BY id OFFSET $3)`,
    [jobMark, queue, PDF_JOBS],
  )
  const target = Math.min(total, PDF_JOBS)
  const cpuBefore = process.cpuUsage()
  const started = performance.now()
  const runner = startJobRunner(payload, { pollSeconds: 1, queues: [queue], schedules: [] })
  let left = target
  while (left > 0 && performance.now() - started < 600_000) {
    await new Promise((r) => setTimeout(r, 250))
    left = (await pending()) - (total - target)
  }
  const ms = performance.now() - started
  await runner.stop()
  const cpu = process.cpuUsage(cpuBefore)
  const done = target - left
  const failed = Number((await ctx.pool.query<{ n: string }>(`SELECT count(*) AS n FROM payload_jobs WHERE id > $1 AND queue = $2 AND has_error`, [jobMark, queue])).rows[0]!.n)
  const rate = done / (ms / 1000)
  ctx.log(`invoice-run: the job runner worked ${done} ${queue} jobs in ${(ms / 1000).toFixed(1)} s`)
  return (
    `Job runner, queue ${queue} (render and store each invoice's PDF, ${concurrency} side by side): ${done} jobs in ${(ms / 1000).toFixed(1)} s = ${rate.toFixed(0)} jobs/s ` +
    `(${failed} failed; Node CPU ${((cpu.user + cpu.system) / 1000 / Math.max(1, done)).toFixed(1)} ms per job); 12,000 PDFs at this rate: ${(12_000 / rate / 60).toFixed(1)} min.`
  )
}

/** Recurring invoices for one service and period, notifications for one event, PDFs for one invoice: more than one of any is a duplicate. */
async function duplicates(ctx: BenchContext, marks: Marks): Promise<number> {
  const { rows } = await ctx.pool.query<{ n: string }>(
    `SELECT (SELECT count(*) FROM (SELECT 1 FROM invoices WHERE id > $1 AND kind = 'recurring' GROUP BY service_id, period_start HAVING count(*) > 1) d)
          + (SELECT count(*) FROM (SELECT 1 FROM payload_jobs WHERE id > $2 AND task_slug = 'notifyCustomer' GROUP BY input->>'eventKey' HAVING count(*) > 1) d)
          + (SELECT count(*) FROM (SELECT 1 FROM payload_jobs WHERE id > $2 AND task_slug = 'renderInvoicePdf' GROUP BY input->>'invoiceId' HAVING count(*) > 1) d) AS n`,
    [marks.invoices, marks.jobs],
  )
  return Number(rows[0]!.n)
}

type Marks = { invoices: number; jobs: number; jobRuns: number; allocations: number; pdfs: number }

/**
 * What the benchmark changes, remembered before it starts: the highest ids of what it writes, the
 * billing dates of the billable services and every balance. `restore` deletes what was written
 * after the marks (with triggers off for the benchmark's own rows: invoices and job runs are
 * never deleted otherwise) and puts dates and balances back.
 */
async function snapshot(ctx: BenchContext) {
  const { pool } = ctx
  const marks = (await pool.query<Marks>(
    `SELECT (SELECT coalesce(max(id), 0) FROM invoices)::int AS invoices, (SELECT coalesce(max(id), 0) FROM payload_jobs)::int AS jobs,
            (SELECT coalesce(max(id), 0) FROM job_runs)::int AS "jobRuns", (SELECT coalesce(max(id), 0) FROM payment_allocations)::int AS allocations,
            (SELECT coalesce(max(id), 0) FROM invoice_pdfs)::int AS pdfs`,
  )).rows[0]!
  const invoiceCount = Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM invoices`)).rows[0]!.n)
  // The database numbers invoices from a sequence: put it back too, so the next run's numbers are these.
  const numbering = (await pool.query<{ last_value: string; is_called: boolean }>(`SELECT last_value, is_called FROM invoice_number_seq`)).rows[0]!
  await pool.query(`DROP TABLE IF EXISTS bench_run_services, bench_run_accounts`)
  await pool.query(`CREATE TABLE bench_run_services AS SELECT id, next_billing_date, updated_at FROM services`)
  await pool.query(`CREATE TABLE bench_run_accounts AS SELECT customer_id, balance_cents, updated_at FROM billing_accounts`)
  // Every billable service whose next period goes out within the data set's month: due once as of a week before the latest.
  const { rows } = await pool.query<{ id: number; customer_id: number; as_of: string }>(
    `WITH b AS (SELECT id, customer_id, next_billing_date FROM services WHERE status IN ('active', 'suspended') AND NOT billing_paused AND next_billing_date IS NOT NULL)
     SELECT id, customer_id, to_char((SELECT max(next_billing_date) FROM b) AT TIME ZONE 'Africa/Johannesburg' - interval '7 days', 'YYYY-MM-DD') AS as_of FROM b ORDER BY id`,
  )
  const asOf = rows[0]!.as_of
  const storage = (await import('../../../src/lib/config')).getConfig().storage
  const storageDir = storage.kind === 'local' ? storage.dir : undefined
  return {
    marks,
    asOf,
    invoiceCount,
    due: rows.map((r) => r.id),
    customerOf: new Map(rows.map((r) => [r.id, r.customer_id])),
    async restore() {
      const files = (await pool.query<{ filename: string }>(`SELECT filename FROM invoice_pdfs WHERE id > $1 AND filename IS NOT NULL`, [marks.pdfs])).rows
      await inPgTransaction(pool, async (c) => {
        await c.query(`SET LOCAL session_replication_role = replica`)
        await c.query(`DELETE FROM invoice_pdfs WHERE id > $1`, [marks.pdfs])
        await c.query(`DELETE FROM payment_allocations WHERE id > $1`, [marks.allocations])
        await c.query(`DELETE FROM invoices_lines WHERE _parent_id > $1`, [marks.invoices])
        await c.query(`DELETE FROM invoices WHERE id > $1`, [marks.invoices])
        await c.query(`DELETE FROM payload_jobs_log WHERE _parent_id > $1`, [marks.jobs])
        await c.query(`DELETE FROM payload_jobs WHERE id > $1`, [marks.jobs])
        await c.query(`DELETE FROM job_runs WHERE id > $1`, [marks.jobRuns])
        await c.query(`SELECT setval('invoice_number_seq', $1, $2)`, [numbering.last_value, numbering.is_called])
        await c.query(
          `UPDATE services s SET next_billing_date = u.next_billing_date, updated_at = u.updated_at FROM bench_run_services u
            WHERE u.id = s.id AND s.next_billing_date IS DISTINCT FROM u.next_billing_date`,
        )
        await c.query(
          `UPDATE billing_accounts b SET balance_cents = u.balance_cents, updated_at = u.updated_at FROM bench_run_accounts u
            WHERE u.customer_id = b.customer_id AND b.balance_cents IS DISTINCT FROM u.balance_cents`,
        )
      }, { ledger: true })
      if (storageDir) for (const f of files) fs.rmSync(path.join(storageDir, f.filename), { force: true })
      await pool.query(`VACUUM ANALYZE invoices, invoices_lines, payload_jobs, services, billing_accounts`)
    },
    async drop() {
      await pool.query(`DROP TABLE IF EXISTS bench_run_services, bench_run_accounts`)
    },
  }
}

/**
 * Counts every statement a pg client in this process sends, at the driver: the bench's own pg and
 * the one Payload's adapter loaded (its pool's Client; a nested copy of pg has its own prototype).
 */
function countStatements(payload: import('payload').Payload) {
  const adapterClient = (payload.db as unknown as { pool?: { Client?: { prototype: object } } }).pool?.Client
  const protos = [...new Set([pg.Client.prototype, adapterClient?.prototype].filter(Boolean))] as Array<{ query: (...args: unknown[]) => unknown }>
  const originals = protos.map((p) => p.query)
  let n = 0
  protos.forEach((proto, i) => {
    proto.query = function (this: unknown, ...args: unknown[]) {
      n++
      return originals[i]!.apply(this, args)
    }
  })
  return {
    reset: () => void (n = 0),
    count: () => n,
    stop: () => protos.forEach((proto, i) => void (proto.query = originals[i]!)),
  }
}

/**
 * CPU time (user + system) of the benchmark's Postgres, in ms: its postmaster (the postgres process
 * started with `-p <port>`) and its live children, plus what its exited children (backends closed
 * meanwhile) used. Other clusters on the machine (a test suite's) are not counted.
 */
function postgresCpuMs(port: number): number {
  const tick = 1000 / 100 // USER_HZ is 100 on Linux
  const procs: Array<{ pid: string; ppid: string; own: number; children: number }> = []
  let postmaster: string | undefined
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
      const close = stat.lastIndexOf(')')
      if (!stat.slice(stat.indexOf('(') + 1, close).startsWith('postgres')) continue
      const fields = stat.slice(close + 2).split(' ')
      procs.push({ pid, ppid: fields[1]!, own: Number(fields[11]) + Number(fields[12]), children: Number(fields[13]) + Number(fields[14]) })
      const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
      const p = args.indexOf('-p')
      if (p >= 0 && Number(args[p + 1]) === port) postmaster = pid
    } catch {
      // gone meanwhile
    }
  }
  if (!postmaster) return 0
  return procs.reduce((total, p) => (p.pid === postmaster ? total + p.own + p.children : p.ppid === postmaster ? total + p.own : total), 0) * tick
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now()
  const value = await work()
  return { value, ms: performance.now() - started }
}

const sum = <T>(list: T[], f: (t: T) => number) => list.reduce((n, t) => n + f(t), 0)
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : 0
}
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`
