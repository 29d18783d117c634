import type { TaskConfig } from 'payload'

import { interstellio } from '../integrations/interstellio'
import { getConfig } from '../lib/config'
import { recordJobRun } from '../services/jobRuns/recordJobRun'
import { withRunLock } from '../services/jobRuns/runLock'
import { queueNetworkRepairs } from '../services/network/applyNetworkState'
import { runUsageSync } from '../services/usage/syncUsageRun'
import { RUN_INPUT_SCHEMA } from './runInput'

export const USAGE_QUEUE = 'usage'

/**
 * Hourly (and once when `npm start` starts): every active or suspended service's usage from
 * Interstellio, cap warnings after it, and a new try for network changes that gave up. The run
 * holds its lock (two never overlap), is recorded in job-runs, and is safe to repeat: rows are
 * upserted per (service, day) and warnings are unique per (service, cycle, threshold). A vendor
 * that is down makes a run that records its failures and stops early; it is not retried within
 * the hour (the next slot tries again), so the job itself only fails when our side did.
 */
export const syncUsage: TaskConfig<'syncUsage'> = {
  slug: 'syncUsage',
  label: 'Sync usage from Interstellio',
  retries: { attempts: 2, backoff: { type: 'fixed', delay: 60_000 } },
  inputSchema: RUN_INPUT_SCHEMA,
  outputSchema: [
    { name: 'jobRunId', type: 'number', required: true },
    { name: 'services', type: 'number', required: true },
    { name: 'updated', type: 'number', required: true },
    { name: 'failed', type: 'number', required: true },
  ],
  handler: async ({ input, job, req }) => {
    const now = new Date()
    const cfg = getConfig().usageSync
    const run = await withRunLock(req.payload, 'usage-sync', () =>
      recordJobRun(
        req.payload,
        { jobName: 'usage-sync', trigger: input.trigger ?? 'schedule', scheduledFor: input.scheduledFor ?? undefined, requestedBy: input.requestedBy ?? undefined, jobId: Number(job.id), input: { concurrency: cfg.concurrency }, now },
        async () => {
          if (!getConfig().interstellio.enabled) {
            // Switched off: recorded, so staff see why usage stands still, and nothing is asked of anyone.
            const tally = { processed: 0, succeeded: 0, skipped: 0, failed: 0, errors: [], summary: 'Interstellio is switched off (INTERSTELLIO_ENABLED=false): nothing synced' }
            return { tally, services: 0, updated: 0, failed: 0 }
          }
          const report = await runUsageSync(req.payload, interstellio(), { now: () => new Date(), ...cfg })
          const repairs = await queueNetworkRepairs(req.payload)
          if (repairs.length) report.tally.summary += `; ${repairs.length} network change(s) queued again`
          return report
        },
      ),
    )
    return { output: { jobRunId: run.jobRunId, services: run.services, updated: run.updated, failed: run.failed } }
  },
}
