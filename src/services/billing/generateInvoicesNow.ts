import type { Payload } from 'payload'

import { addDays, sastMidnight, type CalendarDate } from '../../domain/calendarDate'
import { redactText } from '../../lib/logRedaction'
import { ISSUE_DAYS_AHEAD, issueRecurringInvoices } from './issueRecurringInvoices'

export type GenerationResult = {
  serviceId: number
  outcome: 'issued' | 'skipped' | 'failed'
  invoiceIds?: number[]
  reason?: string
}

export type GenerationReport = {
  asOf: CalendarDate
  issued: number
  skipped: number
  failed: number
  invoicesIssued: number
  results: GenerationResult[]
  jobRunId: number
}

/**
 * Issues the recurring invoices due as of a date, now: for the services named, or for every
 * billable service (active, or suspended without a billing pause) whose next billing date is
 * within the issue window. Each service is its own transactions (issueRecurringInvoices), so one
 * failure stops nothing else; a service already invoiced for its period is skipped, whoever
 * issued it. The run is recorded in job runs.
 */
export async function generateInvoicesNow(
  payload: Payload,
  args: { asOf: CalendarDate; serviceIds?: number[]; requestedBy?: { staffUserId: number }; now: Date },
): Promise<GenerationReport> {
  const ids = args.serviceIds?.length ? [...new Set(args.serviceIds)] : await dueServiceIds(payload, args.asOf)
  const run = await payload.create({
    collection: 'job-runs',
    data: {
      jobName: 'generate-invoices',
      startedAt: args.now.toISOString(),
      status: 'running',
      input: { asOf: args.asOf, serviceIds: args.serviceIds ?? null, requestedBy: args.requestedBy?.staffUserId ?? null },
    },
    overrideAccess: true,
    depth: 0,
  })
  const results: GenerationResult[] = []
  for (const serviceId of ids) {
    try {
      const outcome = await issueRecurringInvoices(payload, { serviceId, asOf: args.asOf })
      if (!outcome.ok) {
        results.push({ serviceId, outcome: 'failed', reason: outcome.message })
      } else if (outcome.value.issued.length > 0) {
        results.push({ serviceId, outcome: 'issued', invoiceIds: outcome.value.issued.map((i) => i.id) })
      } else {
        results.push({
          serviceId,
          outcome: 'skipped',
          reason: outcome.value.alreadyIssued > 0 ? 'already issued' : `nothing due: the next invoice goes out on ${addDays(outcome.value.nextBillingDate, -ISSUE_DAYS_AHEAD)}`,
        })
      }
    } catch (err) {
      payload.logger.error({ err }, `generate invoices: service ${serviceId} failed`)
      results.push({ serviceId, outcome: 'failed', reason: redactText(err instanceof Error ? err.message : String(err)) })
    }
  }
  const count = (o: GenerationResult['outcome']) => results.filter((r) => r.outcome === o).length
  const failures = results.filter((r) => r.outcome === 'failed')
  await payload.update({
    collection: 'job-runs',
    id: run.id,
    data: {
      finishedAt: new Date().toISOString(),
      status: failures.length === 0 ? 'succeeded' : failures.length === results.length ? 'failed' : 'partially_failed',
      recordsProcessed: results.length,
      recordsFailed: failures.length,
      errors: failures.map((f) => ({ serviceId: f.serviceId, reason: f.reason })),
    },
    overrideAccess: true,
    depth: 0,
  })
  return {
    asOf: args.asOf,
    issued: count('issued'),
    skipped: count('skipped'),
    failed: failures.length,
    invoicesIssued: results.reduce((n, r) => n + (r.invoiceIds?.length ?? 0), 0),
    results,
    jobRunId: run.id,
  }
}

/** Billable (active, or suspended without a pause) services whose next invoice is due to go out by `asOf`. */
async function dueServiceIds(payload: Payload, asOf: CalendarDate): Promise<number[]> {
  const horizon = sastMidnight(addDays(asOf, ISSUE_DAYS_AHEAD))
  const { docs } = await payload.find({
    collection: 'services',
    where: {
      and: [
        { status: { in: ['active', 'suspended'] } },
        { billingPaused: { not_equals: true } },
        { or: [{ nextBillingDate: { less_than_equal: horizon } }, { nextBillingDate: { exists: false } }] },
      ],
    },
    sort: 'id',
    depth: 0,
    pagination: false,
    select: {},
    overrideAccess: true,
  })
  return docs.map((d) => d.id)
}
