import type { Payload } from 'payload'
import { sql } from 'drizzle-orm'
import ObjectID from 'bson-objectid'

import { addDays, sastDateOf, sastMidnight, type CalendarDate } from '../../domain/calendarDate'
import { nextBillingDate, periodStartingOn } from '../../domain/billingPeriod'
import { totalsOf } from '../../domain/invoiceLines'
import type { AccountType } from '../../domain/catalogue'
import { DOCUMENTS_QUEUE, NOTIFICATIONS_QUEUE } from '../outbox'
import { poolOf } from '../pool'
import { transactionSql } from '../transactionSql'
import { withTransaction } from '../withTransaction'
import { applyAccountCredit } from './allocate'
import {
  ISSUE_DAYS_AHEAD,
  MAX_PERIODS_BEHIND,
  isBillable,
  issueRecurringInvoices,
  notBillableMessage,
  recurringLine,
  tooFarBehindMessage,
} from './issueRecurringInvoices'

/**
 * The recurring invoice run's lean path: the same invoices, ledger moves, credit allocations and
 * outbox jobs as `issueRecurringInvoices` (a property test holds them equal), in a fraction of the
 * round trips.
 *
 *  - One query reads the facts of a batch of services (service, customer, whether its next period
 *    is already invoiced); what is not due, unknown, not billable or too far behind is decided from
 *    it without opening a transaction.
 *  - Each due period is one transaction of five statements: BEGIN; the account row lock (which also
 *    declares the ledger write); the service row lock returning everything the invoice needs,
 *    re-read under both locks so a cancellation or pause that committed meanwhile is seen, and
 *    whether the customer holds account credit; one statement writing the invoice, its line, the
 *    balance move, the service's next billing date and the PDF and notification jobs; COMMIT. A
 *    customer in credit adds the allocation (applyAccountCredit, the same code as every other path).
 *  - The invoice is written with SQL on the operation's transaction, applying the rules of the
 *    invoice hooks here (totals are the sums of the lines, amount paid 0, status unpaid or paid
 *    when nothing is due, the ledger moves by the total) and still checked by the database: the
 *    numbering trigger, the totals and same-customer checks, the one-recurring-invoice-per-period
 *    unique index and the ledger guard.
 *
 * Anything unusual (a service never billed, whose first period comes from its activation date, or
 * whose next period is invoiced already but its date not moved on) goes through
 * issueRecurringInvoices, which handles every case.
 */

export type BatchOutcome =
  | { serviceId: number; outcome: 'issued'; invoiceIds: number[] }
  | { serviceId: number; outcome: 'skipped'; reason: string }
  | { serviceId: number; outcome: 'failed'; reason: string }

/** How many services one facts query reads. */
export const BATCH_SIZE = 250

type Facts = {
  id: number
  customerId: number
  status: string
  billingPaused: boolean
  activationDate?: CalendarDate
  nextBillingDate?: CalendarDate
  billingDay: number
  packageName: string
  monthlyPriceCents: number
  accountType: AccountType
}

const factsOf = (r: Record<string, unknown>): Facts => ({
  id: Number(r.id),
  customerId: Number(r.customer_id),
  status: String(r.status),
  billingPaused: r.billing_paused === true,
  activationDate: r.activation_date ? sastDateOf(r.activation_date as string | Date) : undefined,
  nextBillingDate: r.next_billing_date ? sastDateOf(r.next_billing_date as string | Date) : undefined,
  billingDay: Number(r.billing_day),
  packageName: String(r.package_name),
  monthlyPriceCents: Number(r.monthly_price_cents),
  accountType: r.account_type as AccountType,
})

/**
 * Issues what each of `serviceIds` is due as of `asOf`, in order, a batch of facts at a time.
 * `onOutcome` hears of each service as it is done; a failure is reported, never thrown.
 */
export async function issueRecurringBatch(
  payload: Payload,
  args: { serviceIds: readonly number[]; asOf: CalendarDate; onOutcome: (o: BatchOutcome) => void; onError?: (serviceId: number, err: unknown) => string },
): Promise<void> {
  const pool = poolOf(payload)
  for (let at = 0; at < args.serviceIds.length; at += BATCH_SIZE) {
    const ids = args.serviceIds.slice(at, at + BATCH_SIZE)
    let rows: Record<string, unknown>[]
    try {
      rows = await readFacts(pool, ids)
    } catch {
      try {
        // Once more: a dropped connection or a restarted database is often back at once.
        rows = await readFacts(pool, ids)
      } catch (err) {
        // The batch's facts cannot be read: each of its services is reported failed, and the run
        // goes on with the next batch (a re-run issues what is missing).
        for (const serviceId of ids) args.onOutcome({ serviceId, outcome: 'failed', reason: args.onError?.(serviceId, err) ?? String(err) })
        continue
      }
    }
    for (const row of rows) {
      const serviceId = Number(row.wanted)
      try {
        args.onOutcome(await forService(payload, serviceId, row, args.asOf))
      } catch (err) {
        args.onOutcome({ serviceId, outcome: 'failed', reason: args.onError?.(serviceId, err) ?? String(err) })
      }
    }
  }
}

/** The facts of a batch of services, in the order asked (a row with a null id for an unknown one). */
async function readFacts(pool: ReturnType<typeof poolOf>, ids: readonly number[]): Promise<Record<string, unknown>[]> {
  const { rows } = await pool.query(
    `SELECT u.id AS wanted, s.id, s.customer_id, s.status, s.billing_paused, s.activation_date, s.next_billing_date,
            s.billing_day, s.package_name, s.monthly_price_cents, c.account_type,
            EXISTS (SELECT 1 FROM invoices i WHERE i.service_id = s.id AND i.kind = 'recurring'
                       AND i.period_start = s.next_billing_date AND i.status <> 'void') AS period_invoiced
       FROM unnest($1::int[]) WITH ORDINALITY AS u(id, ord)
       LEFT JOIN services s ON s.id = u.id
       LEFT JOIN customers c ON c.id = s.customer_id
      ORDER BY u.ord`,
    [ids],
  )
  return rows
}

async function forService(payload: Payload, serviceId: number, row: Record<string, unknown>, asOf: CalendarDate): Promise<BatchOutcome> {
  if (row.id === null) return { serviceId, outcome: 'failed', reason: `No service ${serviceId}` }
  const facts = factsOf(row)
  if (countDue(facts, asOf) > MAX_PERIODS_BEHIND) return { serviceId, outcome: 'failed', reason: tooFarBehindMessage(serviceId) }
  if (!isBillable(facts) || !facts.activationDate) return { serviceId, outcome: 'failed', reason: notBillableMessage(facts) }
  if (!facts.nextBillingDate || row.period_invoiced === true) return viaFullPath(payload, serviceId, asOf)
  if (addDays(facts.nextBillingDate, -ISSUE_DAYS_AHEAD) > asOf) return nothingDue(serviceId, facts.nextBillingDate)

  const invoiceIds: number[] = []
  for (let guard = 0; guard <= MAX_PERIODS_BEHIND; guard++) {
    const step = await issueOnePeriod(payload, serviceId, facts.customerId, asOf)
    if (step.kind === 'issued') {
      invoiceIds.push(step.invoiceId)
      // The next period is known from what was just read under the lock: no transaction to find it is not due.
      if (addDays(step.nextBillingDate, -ISSUE_DAYS_AHEAD) > asOf) return { serviceId, outcome: 'issued', invoiceIds }
    } else if (step.kind === 'refused') return { serviceId, outcome: 'failed', reason: step.reason }
    else if (step.kind === 'unusual') {
      // What the lock revealed is not the lean path's case: the full path carries on from here.
      const rest = await viaFullPath(payload, serviceId, asOf)
      if (rest.outcome !== 'issued') return invoiceIds.length ? { serviceId, outcome: 'issued', invoiceIds } : rest
      return { serviceId, outcome: 'issued', invoiceIds: [...invoiceIds, ...rest.invoiceIds] }
    } else {
      return invoiceIds.length ? { serviceId, outcome: 'issued', invoiceIds } : nothingDue(serviceId, step.nextBillingDate)
    }
  }
  throw new Error(`service ${serviceId}: more than 24 periods behind; investigate before billing`)
}

const nothingDue = (serviceId: number, next: CalendarDate): BatchOutcome => ({
  serviceId,
  outcome: 'skipped',
  reason: `nothing due: the next invoice goes out on ${addDays(next, -ISSUE_DAYS_AHEAD)}`,
})

/** As issueRecurringInvoices' own count: periods from the next billing date (or the first one after activation) due by `asOf`. */
function countDue(f: Facts, asOf: CalendarDate): number {
  if (!f.activationDate) return 0
  let start = f.nextBillingDate ?? nextBillingDate(f.activationDate, f.billingDay)
  let count = 0
  while (addDays(start, -ISSUE_DAYS_AHEAD) <= asOf && count <= MAX_PERIODS_BEHIND) {
    count++
    start = periodStartingOn(start, f.billingDay).endExclusive
  }
  return count
}

async function viaFullPath(payload: Payload, serviceId: number, asOf: CalendarDate): Promise<BatchOutcome> {
  const outcome = await issueRecurringInvoices(payload, { serviceId, asOf })
  if (!outcome.ok) return { serviceId, outcome: 'failed', reason: outcome.message }
  if (outcome.value.issued.length > 0) return { serviceId, outcome: 'issued', invoiceIds: outcome.value.issued.map((i) => i.id) }
  if (outcome.value.alreadyIssued > 0) return { serviceId, outcome: 'skipped', reason: 'already issued' }
  return nothingDue(serviceId, outcome.value.nextBillingDate)
}

type PeriodStep =
  | { kind: 'issued'; invoiceId: number; nextBillingDate: CalendarDate }
  | { kind: 'done'; nextBillingDate: CalendarDate }
  | { kind: 'refused'; reason: string }
  | { kind: 'unusual' }

/** One period of one service, in one transaction (see the module's comment for its statements). */
async function issueOnePeriod(payload: Payload, serviceId: number, customerId: number, asOf: CalendarDate): Promise<PeriodStep> {
  let periodStart: CalendarDate | undefined
  try {
    return await withTransaction(payload, async (req) => {
      const db = await transactionSql(req)
      // Account before service, as every billing operation takes them. The same statement marks
      // the transaction a ledger write (ledger_columns_guard).
      const account = await db.execute(
        sql`SELECT set_config('isp.ledger', 'on', true), id FROM billing_accounts WHERE customer_id = ${customerId}::int FOR UPDATE`,
      )
      if (account.rows.length !== 1) throw new Error(`customer ${customerId} has no billing account`)
      // Read under both locks (a statement after the account lock sees what committed before it).
      const locked = await db.execute(sql`
        SELECT s.id, s.customer_id, s.status, s.billing_paused, s.activation_date, s.next_billing_date,
               s.billing_day, s.package_name, s.monthly_price_cents, c.account_type,
               EXISTS (SELECT 1 FROM invoices i WHERE i.service_id = s.id AND i.kind = 'recurring'
                          AND i.period_start = s.next_billing_date AND i.status <> 'void') AS period_invoiced,
               ${hasAccountCredit(customerId)} AS in_credit
          FROM services s JOIN customers c ON c.id = s.customer_id
         WHERE s.id = ${serviceId}::int
         FOR UPDATE OF s`)
      const row = locked.rows[0]
      if (!row) return { kind: 'refused', reason: `No service ${serviceId}` } as const
      const f = factsOf(row)
      if (f.customerId !== customerId) return { kind: 'unusual' } as const
      if (!isBillable(f) || !f.activationDate) return { kind: 'refused', reason: notBillableMessage(f) } as const
      if (!f.nextBillingDate || row.period_invoiced === true) return { kind: 'unusual' } as const
      if (addDays(f.nextBillingDate, -ISSUE_DAYS_AHEAD) > asOf) return { kind: 'done', nextBillingDate: f.nextBillingDate } as const

      periodStart = f.nextBillingDate
      const period = periodStartingOn(periodStart, f.billingDay)
      const lastDay = addDays(period.endExclusive, -1)
      const invoiceDate = asOf
      const line = recurringLine({ ...f, periodStart, lastDay, invoiceDate })
      const totals = totalsOf([line])
      const nothingToPay = totals.inclVatCents === 0
      const dueDate = periodStart > invoiceDate ? periodStart : invoiceDate
      const written = await db.execute(sql`
        WITH inv AS (
          INSERT INTO invoices (customer_id, service_id, kind, status, invoice_date, due_date, period_start, period_end,
                                subtotal_cents, vat_cents, total_cents, amount_paid_cents, amount_due_cents, updated_at, created_at)
          VALUES (${customerId}::int, ${serviceId}::int, 'recurring', ${nothingToPay ? 'paid' : 'unpaid'}::enum_invoices_status,
                  ${sastMidnight(invoiceDate)}::timestamptz, ${sastMidnight(dueDate)}::timestamptz,
                  ${sastMidnight(periodStart)}::timestamptz, ${sastMidnight(lastDay)}::timestamptz,
                  ${totals.exclVatCents}::numeric, ${totals.vatCents}::numeric, ${totals.inclVatCents}::numeric, 0, ${totals.inclVatCents}::numeric, now(), now())
          RETURNING id),
        line AS (
          INSERT INTO invoices_lines (_order, _parent_id, id, description, kind, quantity, unit_price_cents, excl_vat_cents,
                                      vat_rate_basis_points, vat_cents, incl_vat_cents)
          SELECT 1, inv.id, ${new ObjectID().toHexString()}::varchar, ${line.description}::varchar, ${line.kind}::enum_invoices_lines_kind,
                 ${line.quantity}::numeric, ${line.unitPriceCents}::numeric, ${line.exclVatCents}::numeric, ${line.vatRateBasisPoints}::numeric,
                 ${line.vatCents}::numeric, ${line.inclVatCents}::numeric FROM inv),
        ledger AS (
          UPDATE billing_accounts SET balance_cents = balance_cents + ${totals.inclVatCents}::numeric, updated_at = now()
           WHERE customer_id = ${customerId}::int AND ${totals.inclVatCents}::numeric <> 0),
        service AS (
          UPDATE services SET next_billing_date = ${sastMidnight(period.endExclusive)}::timestamptz, updated_at = now()
           WHERE id = ${serviceId}::int),
        jobs AS (
          INSERT INTO payload_jobs (input, task_slug, queue, total_tried, has_error, processing, updated_at, created_at)
          SELECT jsonb_build_object('invoiceId', inv.id), 'renderInvoicePdf'::enum_payload_jobs_task_slug, ${DOCUMENTS_QUEUE}::varchar, 0, false, false, now(), now() FROM inv
          UNION ALL
          SELECT jsonb_build_object('customerId', ${customerId}::int, 'template', 'invoice_issued', 'eventKey', 'invoice:' || inv.id,
                                    'invoiceId', inv.id, 'serviceId', ${serviceId}::int),
                 'notifyCustomer'::enum_payload_jobs_task_slug, ${NOTIFICATIONS_QUEUE}::varchar, 0, false, false, now(), now()
            FROM inv WHERE ${!nothingToPay}::boolean)
        SELECT id FROM inv`)
      const invoiceId = Number(written.rows[0].id)
      // A customer in credit pays the new invoice from it at once, as every invoice is.
      if (!nothingToPay && row.in_credit === true) await applyAccountCredit(req, { customerId, asOf: invoiceDate })
      return { kind: 'issued', invoiceId, nextBillingDate: period.endExclusive } as const
    })
  } catch (err) {
    // The unique index refused ours: a path that does not lock the service issued it first.
    if (periodStart && isUniqueViolation(err)) return { kind: 'unusual' }
    throw err
  }
}

const isUniqueViolation = (err: unknown): boolean => {
  for (let e = err as { code?: string; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.code === '23505') return true
  }
  return false
}

/**
 * Whether any completed payment or issued credit note of the customer has money left after its
 * allocations and refunds: the same sums as creditSources (src/services/billing/allocate.ts).
 */
function hasAccountCredit(customerId: number) {
  return sql`(EXISTS (
      SELECT 1 FROM payment_transactions t
       WHERE t.customer_id = ${customerId} AND t.kind = 'payment' AND t.status = 'completed'
         AND t.amount_cents
             - coalesce((SELECT sum(a.amount_cents) FROM payment_allocations a WHERE a.payment_id = t.id), 0)
             - coalesce((SELECT sum(r.amount_cents) FROM payment_transactions r
                          WHERE r.refund_of_id = t.id AND r.kind = 'refund' AND r.status = 'completed'), 0) > 0)
    OR EXISTS (
      SELECT 1 FROM invoices n
       WHERE n.customer_id = ${customerId} AND n.kind = 'credit_note' AND n.status NOT IN ('void', 'draft')
         AND n.total_cents
             - coalesce((SELECT sum(a.amount_cents) FROM payment_allocations a WHERE a.credit_note_id = n.id), 0)
             - coalesce((SELECT sum(r.amount_cents) FROM payment_transactions r
                          WHERE r.refund_of_credit_note_id = n.id AND r.kind = 'refund' AND r.status = 'completed'), 0) > 0))`
}
