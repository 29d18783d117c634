import type { TaskConfig } from 'payload'

import { generateInvoicesNow } from '../services/billing/generateInvoicesNow'
import { withRunLock } from '../services/jobRuns/runLock'
import { RUN_INPUT_SCHEMA, runAsOf } from './runInput'

/**
 * The daily invoice run (02:00 SAST, src/jobs/schedules.ts): every recurring invoice due within
 * the issue window as of the slot's SAST day. Safe to run again after a crash mid-way: each
 * (service, period) is issued once, guaranteed by a unique index, and each invoice's notification
 * is queued with it, so nothing is issued or sent twice. Two executions never overlap (a run lock).
 */
export const runInvoiceRun: TaskConfig<'runInvoiceRun'> = {
  slug: 'runInvoiceRun',
  label: 'Daily invoice run',
  retries: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 } },
  inputSchema: RUN_INPUT_SCHEMA,
  outputSchema: [
    { name: 'jobRunId', type: 'number', required: true },
    { name: 'invoicesIssued', type: 'number', required: true },
  ],
  handler: async ({ input, job, req }) => {
    const now = new Date()
    const asOf = runAsOf(input, now)
    const report = await withRunLock(req.payload, 'generate-invoices', () =>
      generateInvoicesNow(req.payload, {
        asOf,
        now,
        trigger: input.trigger ?? 'schedule',
        scheduledFor: input.scheduledFor ?? undefined,
        requestedBy: input.requestedBy ? { staffUserId: input.requestedBy } : undefined,
        jobId: Number(job.id),
      }),
    )
    return { output: { jobRunId: report.jobRunId, invoicesIssued: report.invoicesIssued } }
  },
}
