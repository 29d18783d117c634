import type { Payload } from 'payload'
import type { PoolClient } from 'pg'

import { DOCUMENTS_QUEUE, NOTIFICATIONS_QUEUE } from '../services/outbox'
import { poolOf } from '../services/pool'
import { queueDueSchedules, SCHEDULES, type Schedule } from './schedules'

export type JobRunner = {
  stop: () => Promise<void>
  /** Whether this runner holds the lock and works the queues (one runner system-wide does). */
  isLeader: () => boolean
  /** Runs one tick now (tests); resolves when it is done. */
  tick: () => Promise<void>
}

/**
 * The queues the runner works, in this order each tick. `network` goes one job at a time (as
 * every queue but notifications), so two changes to one subscriber never race at the vendor.
 */
export const RUNNER_QUEUES = ['billing', 'default', 'housekeeping', 'notifications', 'network', 'usage', 'documents'] as const

/**
 * Queues whose jobs are each their own event and may run side by side, and how many at once: a
 * notification per customer and event, an invoice's PDF (a month's run queues 12,000 of them; the
 * render is CPU, the store waits on the database and storage, so a few at once overlap the two).
 * Every other queue runs one job at a time.
 */
export const QUEUE_CONCURRENCY: Readonly<Record<string, number>> = { [NOTIFICATIONS_QUEUE]: 10, [DOCUMENTS_QUEUE]: 4 }

/**
 * Queues whose jobs can take long (the hourly usage sync waits on the vendor for every service:
 * a minute when it answers well, far longer when it is slow): each is drained in a lane of its
 * own beside the ticks, so suspensions reaching the network, notifications and the invoice run
 * never wait behind it. One lane per queue, one drain at a time in it.
 */
export const BACKGROUND_QUEUES: readonly string[] = ['usage', DOCUMENTS_QUEUE]

/** Batches a foreground queue runs in one tick before the schedules are looked at again. */
const BATCHES_PER_TICK = 50

/** How often a leader proves its lock's connection is alive while it works. */
const HEARTBEAT_MS = 30_000

/** One advisory-lock key for "the job runner", the same in every process on this database. */
const RUNNER_LOCK_KEY = 0x15b111 // "isp bill"

/**
 * The job runner. Payload 3.90 lets two runners on one queue pick the same job and leaves a
 * crashed runner's job `processing`, so runners elect a leader: each holds a dedicated database
 * connection and tries `pg_try_advisory_lock`; only the holder works. Two `npm start`s, or a
 * replica started with the runner on by mistake, wait as standbys; when the leader's process dies
 * its connection closes, the lock goes with it, and a standby takes over. A job still marked
 * `processing` when a runner takes over was its dead predecessor's, so it is released at once and
 * runs again (every task is idempotent). Each tick the leader
 *  1. queues what the schedules say is due, in SAST, one job per (schedule, time) (schedules.ts);
 *  2. works every queue it delivers (RUNNER_QUEUES) until it is empty, or a tick's share is done;
 *     a background queue (BACKGROUND_QUEUES) is drained to empty in a lane of its own.
 * While work is left (a tick's share ran out), the next tick starts at once instead of after the
 * poll interval, so a month's invoices, PDFs and notifications go out as fast as they can be
 * worked, not 1,000 per tick. Only one `jobs.run` per queue is ever in flight (one claim at a time,
 * so no job is claimed twice); concurrency within a queue is that call's batch run side by side.
 */
export function startJobRunner(
  payload: Payload,
  opts: { pollSeconds: number; limit?: number; clock?: () => Date; queues?: readonly string[]; schedules?: readonly Schedule[] },
): JobRunner {
  const clock = opts.clock ?? (() => new Date())
  const queues = opts.queues ?? RUNNER_QUEUES
  let stopped = false
  let lockClient: PoolClient | undefined
  let current: Promise<void> = Promise.resolve()
  const lanes = new Map<string, Promise<void>>()
  let wake: (() => void) | undefined
  const log = payload.logger

  const pool = poolOf(payload)

  const loseLeadership = (why: string) => {
    if (!lockClient) return
    log.warn(`job runner: lost the runner lock (${why}); standing by`)
    const c = lockClient
    lockClient = undefined
    try {
      c.release(true)
    } catch {
      // already gone
    }
  }

  const tryLead = async (): Promise<boolean> => {
    if (lockClient) return true
    const client = await pool.connect()
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [RUNNER_LOCK_KEY])
      if (!rows[0]?.locked) {
        client.release()
        return false
      }
    } catch (err) {
      client.release(true)
      throw err
    }
    client.on('error', () => loseLeadership('its database connection failed'))
    let released: number
    try {
      released = await releaseOrphanedJobs(payload)
    } catch (err) {
      // Not leading until the dead leader's jobs are released: let a later tick (or a standby) try.
      client.release(true)
      throw err
    }
    lockClient = client
    log.info(`job runner: leading${released ? `; released ${released} job(s) a stopped runner left processing` : ''}`)
    return true
  }

  /**
   * Works a queue until it is empty (then resolves true) or `maxBatches` are done (false: work is
   * left). A queue with concurrency runs a batch of that many side by side; every other queue one
   * job after another, the invoice run above all.
   */
  const drain = async (queue: string, maxBatches: number): Promise<boolean> => {
    const concurrency = QUEUE_CONCURRENCY[queue] ?? 1
    const limit = opts.limit ?? (concurrency > 1 ? concurrency : 20)
    for (let batch = 0; batch < maxBatches; batch++) {
      if (stopped || !lockClient) return true
      const result = await payload.jobs.run({ queue, limit, sequential: concurrency === 1 })
      if (result.noJobsRemaining || Object.keys(result.jobStatus ?? {}).length < limit) return true
    }
    return false
  }

  /** Whether the last tick left work in a foreground queue (then the next starts at once). */
  let workLeft = false

  const tick = async () => {
    workLeft = false
    try {
      if (!(await tryLead())) return
      // The lock lives on this connection: if it has silently died, so has the lock.
      await lockClient!.query('SELECT 1').catch(() => loseLeadership('its database connection stopped answering'))
      if (!lockClient) return
      await queueDueSchedules(payload, clock(), opts.schedules ?? SCHEDULES)
      // While it works (an invoice run takes minutes) the leader keeps proving the lock is alive:
      // a connection dropped by the network takes the lock with it, and the next batch must not start.
      const heartbeat = setInterval(() => {
        lockClient?.query('SELECT 1').catch(() => loseLeadership('its database connection stopped answering'))
      }, HEARTBEAT_MS)
      heartbeat.unref()
      try {
        for (const queue of queues) {
          if (!BACKGROUND_QUEUES.includes(queue)) {
            if (!(await drain(queue, BATCHES_PER_TICK))) workLeft = true
          } else if (!lanes.has(queue)) {
            const lane = drain(queue, Number.POSITIVE_INFINITY)
              .then(() => undefined)
              .catch((err: unknown) => log.error({ err, queue }, 'job runner lane failed'))
              .finally(() => lanes.delete(queue))
            lanes.set(queue, lane)
          }
        }
      } finally {
        clearInterval(heartbeat)
      }
    } catch (err) {
      log.error({ err }, 'job runner tick failed')
    }
  }

  /** Ticks run one after another, never two at once (the loop's and one asked for by a test). */
  const runTick = () => (current = current.then(tick))

  const loop = async () => {
    while (!stopped) {
      await runTick()
      if (stopped) break
      if (workLeft) continue
      await new Promise<void>((resolve) => {
        wake = resolve
        setTimeout(resolve, opts.pollSeconds * 1000).unref()
      })
    }
  }
  void loop()

  return {
    isLeader: () => lockClient !== undefined,
    tick: async () => {
      await runTick()
      // A test's tick is done when the background lanes it started are, too.
      await Promise.all(lanes.values())
    },
    stop: async () => {
      stopped = true
      wake?.()
      await current
      await Promise.all(lanes.values())
      if (lockClient) {
        await lockClient.query('SELECT pg_advisory_unlock($1)', [RUNNER_LOCK_KEY]).catch(() => undefined)
        lockClient.release()
        lockClient = undefined
      }
    },
  }
}

/**
 * Jobs marked `processing` with no runner alive to finish them: only the leader runs jobs, so at
 * the moment a runner becomes leader every such job belonged to a runner that has died.
 */
export async function releaseOrphanedJobs(payload: Payload): Promise<number> {
  const { docs } = await payload.update({
    collection: 'payload-jobs',
    where: { processing: { equals: true } },
    data: { processing: false },
    depth: 0,
    overrideAccess: true,
  })
  return docs.length
}
