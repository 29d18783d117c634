import type { Payload, PayloadRequest } from 'payload'

import { sql } from 'drizzle-orm'

import { addDays, formatShortDate, sastDateOf, sastMidnight, type CalendarDate } from '../../domain/calendarDate'
import { nextBillingDate, periodStartingOn } from '../../domain/billingPeriod'
import { buildLine, type InvoiceLine } from '../../domain/invoiceLines'
import type { AccountType } from '../../domain/catalogue'
import type { Invoice } from '../../payload-types'
import { ok, refuse, type Result } from '../result'
import { transactionSql } from '../transactionSql'
import { withTransaction } from '../withTransaction'
import { issueInvoice } from './issueInvoice'
import { lockAccount } from './ledger'
import { loadServiceContext } from './serviceContext'

/** Recurring invoices go out this many days before the billing date they are due on. */
export const ISSUE_DAYS_AHEAD = 7

export type RecurringOutcome = { issued: Invoice[]; alreadyIssued: number; nextBillingDate: CalendarDate }
type Code = 'UNKNOWN_SERVICE' | 'NOT_BILLABLE' | 'TOO_FAR_BEHIND'

/** More periods than this unbilled is a data problem (a mistyped date), not something to bill blindly. */
export const MAX_PERIODS_BEHIND = 24

/**
 * Issues every recurring invoice a service is due as of `asOf`: the period starting on its next
 * billing date once that date is at most 7 days away, and any later ones a stopped runner missed.
 * One transaction per period; the unique index (service, period start) makes a repeat or a
 * concurrent run harmless: a conflict means "already issued" and the run moves on.
 */
export async function issueRecurringInvoices(
  payload: Payload,
  args: { serviceId: number; asOf: CalendarDate },
): Promise<Result<RecurringOutcome, Code>> {
  const behind = await periodsDue(payload, args)
  if (behind > MAX_PERIODS_BEHIND) return refuse('TOO_FAR_BEHIND', tooFarBehindMessage(args.serviceId))
  const issued: Invoice[] = []
  let alreadyIssued = 0
  for (let guard = 0; guard <= MAX_PERIODS_BEHIND; guard++) {
    const attempt: { periodStart?: CalendarDate } = {}
    let step: Result<Step, Code>
    try {
      step = await withTransaction(payload, async (req) => issueNextPeriod(req, args, attempt))
    } catch (err) {
      // A concurrent run issued this period first (the unique index refused ours, after its commit).
      if (attempt.periodStart && (await recurringInvoiceExists(payload, args.serviceId, attempt.periodStart))) {
        alreadyIssued++
        continue
      }
      throw err
    }
    if (!step.ok) return step
    if (step.value.kind === 'done') return ok({ issued, alreadyIssued, nextBillingDate: step.value.nextBillingDate })
    if (step.value.kind === 'issued') issued.push(step.value.invoice)
    else alreadyIssued++
  }
  throw new Error(`service ${args.serviceId}: more than 24 periods behind; investigate before billing`)
}

/** How many periods a run as of `asOf` would issue, counted before issuing any. */
async function periodsDue(payload: Payload, args: { serviceId: number; asOf: CalendarDate }): Promise<number> {
  const service = await payload.findByID({ collection: 'services', id: args.serviceId, depth: 0, disableErrors: true, overrideAccess: true })
  if (!service?.activationDate) return 0
  let start = service.nextBillingDate ? sastDateOf(service.nextBillingDate) : nextBillingDate(sastDateOf(service.activationDate), service.billingDay)
  let count = 0
  while (addDays(start, -ISSUE_DAYS_AHEAD) <= args.asOf && count <= MAX_PERIODS_BEHIND) {
    count++
    start = periodStartingOn(start, service.billingDay).endExclusive
  }
  return count
}

/**
 * Billing runs while a service is active, and also while it is suspended without a billing pause
 * (the customer still owes the months of a suspension for non-payment unless staff pause it).
 */
export function isBillable(service: { status: string; billingPaused?: boolean | null }): boolean {
  return !service.billingPaused && (service.status === 'active' || service.status === 'suspended')
}

export const tooFarBehindMessage = (serviceId: number) =>
  `Service ${serviceId} has more than ${MAX_PERIODS_BEHIND} periods unbilled: check its next billing date before billing`

export const notBillableMessage = (service: { id: number; status: string; billingPaused?: boolean | null }) =>
  `Service ${service.id} is ${service.billingPaused ? 'paused' : service.status}: nothing to bill`

/** The one line of a recurring invoice: the package for the period, at the customer's price basis. */
export function recurringLine(args: {
  packageName: string
  monthlyPriceCents: number
  accountType: AccountType
  periodStart: CalendarDate
  lastDay: CalendarDate
  invoiceDate: CalendarDate
}): InvoiceLine {
  return buildLine({
    description: `${args.packageName}, ${formatShortDate(args.periodStart, true)} to ${formatShortDate(args.lastDay, true)}`,
    kind: 'service',
    unitPriceCents: args.monthlyPriceCents,
    accountType: args.accountType,
    invoiceDate: args.invoiceDate,
  })
}

export type Step =
  | { kind: 'done'; nextBillingDate: CalendarDate }
  | { kind: 'issued'; invoice: Invoice }
  | { kind: 'already_issued' }

async function recurringInvoiceExists(payload: Payload, serviceId: number, periodStart: CalendarDate, req?: PayloadRequest) {
  const found = await payload.find({
    collection: 'invoices',
    where: {
      and: [
        { service: { equals: serviceId } },
        { kind: { equals: 'recurring' } },
        { periodStart: { equals: sastMidnight(periodStart) } },
        { status: { not_equals: 'void' } },
      ],
    },
    limit: 1,
    pagination: false,
    depth: 0,
    req,
  })
  return found.docs.length > 0
}

/**
 * One period on the caller's transaction: the next unbilled period of the service if it is due as
 * of `asOf` (its start at most 7 days after `asOf`). The invoice is dated `invoiceDate` (default
 * `asOf`). Also used by cancellation to bill periods a stopped runner missed.
 */
export async function issueNextPeriod(
  req: PayloadRequest,
  args: { serviceId: number; asOf: CalendarDate; invoiceDate?: CalendarDate },
  attempt: { periodStart?: CalendarDate } = {},
): Promise<Result<Step, Code>> {
  // Account before service, as every billing operation takes them, so none waits on another in a
  // cycle; the service is read only under both locks, so a cancellation or pause that committed
  // meanwhile is seen.
  const db = await transactionSql(req)
  const owner = await db.execute(sql`SELECT customer_id FROM services WHERE id = ${args.serviceId}`)
  if (owner.rows.length === 0) return refuse('UNKNOWN_SERVICE', `No service ${args.serviceId}`, 'serviceId')
  await lockAccount(req, Number(owner.rows[0].customer_id))
  await db.execute(sql`SELECT id FROM services WHERE id = ${args.serviceId} FOR UPDATE`)
  const ctx = await loadServiceContext(req, args.serviceId)
  if (!ctx) return refuse('UNKNOWN_SERVICE', `No service ${args.serviceId}`, 'serviceId')
  const { service } = ctx
  if (!isBillable(service) || !ctx.activationDate) {
    return refuse('NOT_BILLABLE', notBillableMessage(service))
  }
  const periodStart = ctx.nextBillingDate ?? nextBillingDate(ctx.activationDate, service.billingDay)
  if (addDays(periodStart, -ISSUE_DAYS_AHEAD) > args.asOf) return ok({ kind: 'done', nextBillingDate: periodStart })

  const period = periodStartingOn(periodStart, service.billingDay)
  attempt.periodStart = periodStart
  let step: Step
  if (await recurringInvoiceExists(req.payload, service.id, periodStart, req)) {
    step = { kind: 'already_issued' }
  } else {
    const invoiceDate = args.invoiceDate ?? args.asOf
    const lastDay = addDays(period.endExclusive, -1)
    const invoice = await issueInvoice(req, {
      customerId: ctx.customerId,
      serviceId: service.id,
      kind: 'recurring',
      invoiceDate,
      dueDate: periodStart > invoiceDate ? periodStart : invoiceDate,
      periodStart,
      periodEnd: lastDay,
      lines: [recurringLine({ ...service, accountType: ctx.accountType, periodStart, lastDay, invoiceDate })],
    })
    step = { kind: 'issued', invoice }
  }
  await req.payload.update({
    collection: 'services',
    id: service.id,
    data: { nextBillingDate: period.endExclusive },
    req,
    overrideAccess: true,
    depth: 0,
  })
  return ok(step)
}

