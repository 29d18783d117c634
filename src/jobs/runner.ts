import type { Payload } from 'payload'

export type JobRunner = { stop: () => Promise<void> }

/**
 * The queues this runner works. `notifications` and `network` are outboxes whose senders arrive
 * in later work: their jobs are kept until a runner that can deliver them works those queues.
 */
export const RUNNER_QUEUES = ['default', 'housekeeping'] as const

/**
 * The one job runner. Payload 3.90 lets two runners on one queue pick the same job, so the system
 * runs exactly one (inside `npm start`); every task is idempotent anyway. Each tick it
 *  1. releases jobs a crashed runner left `processing` (older than `staleMinutes`), so they retry;
 *  2. queues what the task schedules say is due (cron strings have a seconds field, SAST);
 *  3. runs due jobs from the queues it can deliver (RUNNER_QUEUES).
 */
export function startJobRunner(
  payload: Payload,
  opts: { pollSeconds: number; staleMinutes: number; limit?: number },
): JobRunner {
  let stopped = false
  let current: Promise<void> = Promise.resolve()

  const tick = async () => {
    try {
      await releaseStaleJobs(payload, opts.staleMinutes)
      await payload.jobs.handleSchedules({ allQueues: true })
      for (const queue of RUNNER_QUEUES) await payload.jobs.run({ queue, limit: opts.limit ?? 20, sequential: true })
    } catch (err) {
      payload.logger.error({ err }, 'job runner tick failed')
    }
  }

  const loop = async () => {
    while (!stopped) {
      current = tick()
      await current
      await new Promise((r) => setTimeout(r, opts.pollSeconds * 1000))
    }
  }
  void loop()

  return {
    stop: async () => {
      stopped = true
      await current
    },
  }
}

export async function releaseStaleJobs(payload: Payload, staleMinutes: number): Promise<number> {
  const cutoff = new Date(Date.now() - staleMinutes * 60_000).toISOString()
  const { docs } = await payload.update({
    collection: 'payload-jobs',
    where: { and: [{ processing: { equals: true } }, { updatedAt: { less_than: cutoff } }] },
    data: { processing: false },
    depth: 0,
  })
  if (docs.length > 0) payload.logger.warn(`released ${docs.length} stale job(s) left processing by a crashed runner`)
  return docs.length
}
