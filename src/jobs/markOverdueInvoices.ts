import type { TaskConfig } from 'payload'

import { formatDate, plural } from '../domain/display'
import { markOverdueInvoices as mark } from '../services/billing/markOverdueInvoices'
import { recordJobRun } from '../services/jobRuns/recordJobRun'
import { withRunLock } from '../services/jobRuns/runLock'
import { RUN_INPUT_SCHEMA, runAsOf } from './runInput'

/** Daily at 00:30 SAST: unpaid invoices past their due date become overdue. Idempotent by nature. */
export const markOverdueInvoices: TaskConfig<'markOverdueInvoices'> = {
  slug: 'markOverdueInvoices',
  label: 'Mark overdue invoices',
  retries: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 } },
  inputSchema: RUN_INPUT_SCHEMA,
  outputSchema: [
    { name: 'jobRunId', type: 'number', required: true },
    { name: 'marked', type: 'number', required: true },
  ],
  handler: async ({ input, job, req }) => {
    const now = new Date()
    const asOf = runAsOf(input, now)
    const run = await withRunLock(req.payload, 'mark-overdue', () =>
      recordJobRun(
        req.payload,
        { jobName: 'mark-overdue', trigger: input.trigger ?? 'schedule', scheduledFor: input.scheduledFor ?? undefined, requestedBy: input.requestedBy ?? undefined, jobId: Number(job.id), input: { asOf }, now },
        async () => {
          const marked = await mark(req.payload, asOf)
          return { marked, tally: { processed: marked, succeeded: marked, skipped: 0, failed: 0, errors: [], summary: `${plural(marked, 'invoice')} marked overdue (due before ${formatDate(asOf)})` } }
        },
      ),
    )
    return { output: { jobRunId: run.jobRunId, marked: run.marked } }
  },
}
