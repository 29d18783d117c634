import type { Payload, PayloadRequest } from 'payload'

import { addDays, formatShortDate, sastMidnight, type CalendarDate } from '../../domain/calendarDate'
import { nextBillingDate, periodStartingOn } from '../../domain/billingPeriod'
import { buildLine } from '../../domain/invoiceLines'
import type { Invoice } from '../../payload-types'
import { ok, refuse, type Result } from '../result'
import { withTransaction } from '../withTransaction'
import { issueInvoice } from './issueInvoice'
import { lockAccount } from './ledger'
import { loadServiceContext } from './serviceContext'

/** Recurring invoices go out this many days before the billing date they are due on. */
export const ISSUE_DAYS_AHEAD = 7

export type RecurringOutcome = { issued: Invoice[]; alreadyIssued: number; nextBillingDate: CalendarDate }
type Code = 'UNKNOWN_SERVICE' | 'NOT_BILLABLE'

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
  const issued: Invoice[] = []
  let alreadyIssued = 0
  for (let guard = 0; guard < 24; guard++) {
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

type Step =
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
    depth: 0,
    req,
  })
  return found.totalDocs > 0
}

async function issueNextPeriod(
  req: PayloadRequest,
  args: { serviceId: number; asOf: CalendarDate },
  attempt: { periodStart?: CalendarDate },
): Promise<Result<Step, Code>> {
  const ctx = await loadServiceContext(req, args.serviceId)
  if (!ctx) return refuse('UNKNOWN_SERVICE', `No service ${args.serviceId}`, 'serviceId')
  const { service } = ctx
  // Account before service, as every billing operation takes them, so none waits on another in a cycle.
  await lockAccount(req, ctx.customerId)
  if (service.status !== 'active' || service.billingPaused || !ctx.activationDate) {
    return refuse('NOT_BILLABLE', `Service ${service.id} is ${service.billingPaused ? 'paused' : service.status}: nothing to bill`)
  }
  const periodStart = ctx.nextBillingDate ?? nextBillingDate(ctx.activationDate, service.billingDay)
  if (addDays(periodStart, -ISSUE_DAYS_AHEAD) > args.asOf) return ok({ kind: 'done', nextBillingDate: periodStart })

  const period = periodStartingOn(periodStart, service.billingDay)
  attempt.periodStart = periodStart
  let step: Step
  if (await recurringInvoiceExists(req.payload, service.id, periodStart, req)) {
    step = { kind: 'already_issued' }
  } else {
    const invoiceDate = args.asOf
    const lastDay = addDays(period.endExclusive, -1)
    const invoice = await issueInvoice(req, {
      customerId: ctx.customerId,
      serviceId: service.id,
      kind: 'recurring',
      invoiceDate,
      dueDate: periodStart > invoiceDate ? periodStart : invoiceDate,
      periodStart,
      periodEnd: lastDay,
      lines: [
        buildLine({
          description: `${service.packageName}, ${formatShortDate(periodStart, true)} to ${formatShortDate(lastDay, true)}`,
          kind: 'service',
          unitPriceCents: service.monthlyPriceCents,
          accountType: ctx.accountType,
          invoiceDate,
        }),
      ],
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

