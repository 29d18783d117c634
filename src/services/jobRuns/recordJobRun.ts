import type { Payload } from 'payload'

import { JOB_RUN_TRIGGERS } from '../../domain/catalogue'
import { failureReason } from '../../lib/logRedaction'

export type JobRunTrigger = (typeof JOB_RUN_TRIGGERS)[number]

export type JobRunStart = {
  jobName: string
  trigger: JobRunTrigger
  /** The schedule slot a scheduled run fills (its job is unique per slot). */
  scheduledFor?: string
  requestedBy?: number
  /**
   * The job running it. Jobs hold the run lock (runLock.ts), so when one starts, any earlier run
   * of the same job still `running` belonged to an execution that died: it is closed as interrupted.
   */
  jobId?: number
  input?: Record<string, unknown>
  now: Date
}

export type JobRunTally = {
  processed: number
  succeeded: number
  skipped: number
  failed: number
  /** One per failed record: what and why, already free of personal data. */
  errors: Array<Record<string, unknown>>
  summary: string
}

/**
 * Records a run in job-runs around `work`: inserted `running`, finished once with its counts,
 * errors and duration (the table is append-only: the database refuses a second finish). When
 * `work` throws, the run is finished `failed` with the reason and the error goes on to the caller
 * (the job retries). A run started by a job first closes earlier job-started runs of the same
 * job left `running` by an execution that died, so the list never shows a run "running" for ever.
 */
export async function recordJobRun<T extends { tally: JobRunTally }>(payload: Payload, start: JobRunStart, work: (runId: number) => Promise<T>): Promise<T & { jobRunId: number }> {
  if (start.jobId !== undefined) await closeInterruptedRuns(payload, start.jobName, start.now)
  const run = await payload.create({
    collection: 'job-runs',
    data: {
      jobName: start.jobName,
      trigger: start.trigger,
      scheduledFor: start.scheduledFor,
      requestedBy: start.requestedBy,
      startedAt: start.now.toISOString(),
      status: 'running',
      input: { ...(start.input ?? {}), ...(start.jobId !== undefined ? { jobId: start.jobId } : {}) },
    },
    overrideAccess: true,
    depth: 0,
  })
  const began = Date.now()
  let result: T
  try {
    result = await work(run.id)
  } catch (err) {
    await finish(payload, run.id, began, {
      processed: 0,
      succeeded: 0,
      skipped: 0,
      failed: 0,
      errors: [{ reason: failureReason(err) }],
      summary: 'The run stopped with an error before it finished; it is retried',
    }, 'failed')
    throw err
  }
  const t = result.tally
  const status = t.failed === 0 ? 'succeeded' : t.failed === t.processed ? 'failed' : 'partially_failed'
  await finish(payload, run.id, began, t, status)
  return { ...result, jobRunId: run.id }
}

async function finish(payload: Payload, id: number, began: number, t: JobRunTally, status: 'succeeded' | 'failed' | 'partially_failed') {
  const finishedAt = new Date()
  await payload.update({
    collection: 'job-runs',
    id,
    data: {
      finishedAt: finishedAt.toISOString(),
      durationMs: Math.max(0, Date.now() - began),
      status,
      recordsProcessed: t.processed,
      recordsSucceeded: t.succeeded,
      recordsSkipped: t.skipped,
      recordsFailed: t.failed,
      errors: t.errors,
      summary: t.summary,
    },
    overrideAccess: true,
    depth: 0,
  })
}

async function closeInterruptedRuns(payload: Payload, jobName: string, now: Date) {
  const { docs } = await payload.find({
    collection: 'job-runs',
    where: { and: [{ jobName: { equals: jobName } }, { status: { equals: 'running' } }] },
    depth: 0,
    limit: 100,
    overrideAccess: true,
  })
  // Only runs a job started: a staff member's "generate invoices now" runs in its request, unlocked.
  for (const doc of docs.filter((d) => (d.input as { jobId?: unknown } | null)?.jobId !== undefined)) {
    await payload.update({
      collection: 'job-runs',
      id: doc.id,
      data: {
        status: 'failed',
        finishedAt: new Date(Math.max(now.getTime(), Date.parse(doc.startedAt))).toISOString(),
        errors: [{ reason: 'Interrupted: the runner stopped before the run finished; a later run did its work' }],
        summary: 'Interrupted',
      },
      overrideAccess: true,
      depth: 0,
    })
  }
}
