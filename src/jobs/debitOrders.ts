import type { TaskConfig } from 'payload'

import { netcash } from '../integrations/netcash'
import { recordJobRun } from '../services/jobRuns/recordJobRun'
import { withRunLock } from '../services/jobRuns/runLock'
import { runDebitOrders, settleDebitOrders } from '../services/netcash/debitOrders'
import { RUN_INPUT_SCHEMA, runAsOf } from './runInput'

/**
 * The debit-order run (06:00 SAST, Monday to Friday; nothing is sent on a public holiday): one
 * NetCash batch of every invoice due by the action date of an account with auto-pay and an
 * active mandate (src/services/netcash/debitOrders.ts). Safe to repeat: one debit per invoice and
 * action date (a unique transaction id), and a batch that may have reached NetCash is never sent
 * again. Recorded in job-runs; two never overlap (the run lock).
 */
export const runDebitOrderRun: TaskConfig<'runDebitOrders'> = {
  slug: 'runDebitOrders',
  label: 'Debit-order run',
  retries: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 } },
  inputSchema: RUN_INPUT_SCHEMA,
  outputSchema: [
    { name: 'jobRunId', type: 'number', required: true },
    { name: 'submitted', type: 'number', required: true },
  ],
  handler: async ({ input, job, req }) => {
    const now = new Date()
    const asOf = runAsOf(input, now)
    const run = await withRunLock(req.payload, 'debit-orders', () =>
      recordJobRun(
        req.payload,
        { jobName: 'debit-orders', trigger: input.trigger ?? 'schedule', scheduledFor: input.scheduledFor ?? undefined, requestedBy: input.requestedBy ?? undefined, jobId: Number(job.id), input: { asOf }, now },
        (jobRunId) => runDebitOrders(req.payload, netcash(), { asOf, now: () => new Date(), jobRunId }),
      ),
    )
    return { output: { jobRunId: run.jobRunId, submitted: run.submitted } }
  },
}

/**
 * Hourly: load reports read, unpaids applied (returned debits re-open their invoices), debits
 * collected on their action date and cleared after the clearing window. Every step moves a debit
 * only from the state it expects, so a repeat does nothing twice.
 */
export const settleDebitOrderRun: TaskConfig<'settleDebitOrders'> = {
  slug: 'settleDebitOrders',
  label: 'Settle debit orders',
  retries: { attempts: 2, backoff: { type: 'fixed', delay: 60_000 } },
  inputSchema: RUN_INPUT_SCHEMA,
  outputSchema: [
    { name: 'jobRunId', type: 'number', required: true },
    { name: 'collected', type: 'number', required: true },
    { name: 'returned', type: 'number', required: true },
  ],
  handler: async ({ input, job, req }) => {
    const now = new Date()
    const asOf = runAsOf(input, now)
    const run = await withRunLock(req.payload, 'debit-order-settlement', () =>
      recordJobRun(
        req.payload,
        { jobName: 'debit-order-settlement', trigger: input.trigger ?? 'schedule', scheduledFor: input.scheduledFor ?? undefined, requestedBy: input.requestedBy ?? undefined, jobId: Number(job.id), input: { asOf }, now },
        () => settleDebitOrders(req.payload, netcash(), { asOf, now: () => new Date() }),
      ),
    )
    return { output: { jobRunId: run.jobRunId, collected: run.collected, returned: run.returned } }
  },
}
