import type { Payload } from 'payload'

import { addDays, sastMidnight, type CalendarDate } from '../../domain/calendarDate'
import { formatDate, plural } from '../../domain/display'
import { failureReason } from '../../lib/logRedaction'
import { recordJobRun, type JobRunTrigger } from '../jobRuns/recordJobRun'
import { issueRecurringBatch } from './issueRecurringBatch'
import { ISSUE_DAYS_AHEAD } from './issueRecurringInvoices'

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
 * within the issue window. Each period is its own transaction (issueRecurringBatch, the lean path
 * of issueRecurringInvoices), so one failure stops nothing else; a service already invoiced for
 * its period is skipped, whoever issued it. The run is recorded in job runs (src/services/jobRuns/recordJobRun.ts). Called by
 * the daily run (src/jobs/runInvoiceRun.ts) and by staff's "generate invoices now".
 */
export async function generateInvoicesNow(
  payload: Payload,
  args: {
    asOf: CalendarDate
    serviceIds?: number[]
    requestedBy?: { staffUserId: number }
    /** What started it: a staff member (the default when one is named), the schedule, or an API key. */
    trigger?: JobRunTrigger
    scheduledFor?: string
    /** The job running it, when a job does (it holds the run lock: see src/jobs/runInvoiceRun.ts). */
    jobId?: number
    now: Date
  },
): Promise<GenerationReport> {
  const ids = args.serviceIds?.length ? [...new Set(args.serviceIds)] : await dueServiceIds(payload, args.asOf)
  const run = await recordJobRun(
    payload,
    {
      jobName: 'generate-invoices',
      trigger: args.trigger ?? (args.requestedBy ? 'staff' : 'schedule'),
      scheduledFor: args.scheduledFor,
      requestedBy: args.requestedBy?.staffUserId,
      jobId: args.jobId,
      input: { asOf: args.asOf, serviceIds: args.serviceIds ?? null },
      now: args.now,
    },
    async () => {
      const results: GenerationResult[] = []
      await issueRecurringBatch(payload, {
        serviceIds: ids,
        asOf: args.asOf,
        onOutcome: (o) => results.push(o.outcome === 'issued' ? { serviceId: o.serviceId, outcome: 'issued', invoiceIds: o.invoiceIds } : o),
        onError: (serviceId, err) => {
          payload.logger.error({ err }, `generate invoices: service ${serviceId} failed`)
          return failureReason(err)
        },
      })
      const count = (o: GenerationResult['outcome']) => results.filter((r) => r.outcome === o).length
      const failures = results.filter((r) => r.outcome === 'failed')
      const invoicesIssued = results.reduce((n, r) => n + (r.invoiceIds?.length ?? 0), 0)
      return {
        results,
        invoicesIssued,
        tally: {
          processed: results.length,
          succeeded: count('issued'),
          skipped: count('skipped'),
          failed: failures.length,
          errors: failures.map((f) => ({ serviceId: f.serviceId, reason: f.reason })),
          summary: `${plural(invoicesIssued, 'invoice')} issued as of ${formatDate(args.asOf)}; ${plural(count('skipped'), 'service')} skipped, ${failures.length} failed`,
        },
      }
    },
  )
  const count = (o: GenerationResult['outcome']) => run.results.filter((r) => r.outcome === o).length
  return {
    asOf: args.asOf,
    issued: count('issued'),
    skipped: count('skipped'),
    failed: count('failed'),
    invoicesIssued: run.invoicesIssued,
    results: run.results,
    jobRunId: run.jobRunId,
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
