import cron from 'node-cron'
import { createLocalReq, type Payload, type TaskConfig } from 'payload'
import { sql } from 'drizzle-orm'

import { transactionSql } from '../services/transactionSql'
import { withTransaction } from '../services/withTransaction'

/** Every schedule runs on the business's clock, whatever zone the server is in (UTC here). */
export const SCHEDULE_TIME_ZONE = 'Africa/Johannesburg'

type TaskSlug = TaskConfig['slug']

/** The daily runs' own queue, so PDFs, password emails and notifications never wait behind them. */
export const BILLING_QUEUE = 'billing'

export type Schedule = {
  /** Names the slot: one job per (name, scheduled time), enforced by a primary key. */
  name: string
  task: TaskSlug
  /** Five fields (minute hour day month weekday), read in SAST. */
  cron: string
  queue: string
  /**
   * How late a missed slot is still run (the runner was down at 02:00 and starts at 05:00: the
   * 02:00 run happens at 05:00). Only the latest missed slot runs, never a backlog of them.
   */
  catchUpMinutes: number
}

/** The business's schedule (../shared/spec/README.md "Schedule"). */
export const SCHEDULES: readonly Schedule[] = [
  { name: 'invoice-run', task: 'runInvoiceRun', cron: '0 2 * * *', queue: BILLING_QUEUE, catchUpMinutes: 22 * 60 },
  { name: 'overdue-marking', task: 'markOverdueInvoices', cron: '30 0 * * *', queue: BILLING_QUEUE, catchUpMinutes: 22 * 60 },
  // Hourly at five past, so the vendor has closed the hour's sessions; a missed hour is not caught up later than 50 minutes.
  // Banking days only: the task itself sends nothing on a public holiday (src/domain/businessDays.ts).
  { name: 'debit-order-run', task: 'runDebitOrders', cron: '0 6 * * 1-5', queue: BILLING_QUEUE, catchUpMinutes: 5 * 60 },
  { name: 'debit-order-settlement', task: 'settleDebitOrders', cron: '35 * * * *', queue: BILLING_QUEUE, catchUpMinutes: 50 },
  { name: 'usage-sync', task: 'syncUsage', cron: '5 * * * *', queue: 'usage', catchUpMinutes: 50 },
  { name: 'purge-login-rate-limits', task: 'purgeLoginRateLimits', cron: '17 * * * *', queue: 'housekeeping', catchUpMinutes: 50 },
  { name: 'purge-idempotency-keys', task: 'purgeIdempotencyKeys', cron: '40 3 * * *', queue: 'housekeeping', catchUpMinutes: 22 * 60 },
]

const matchers = new Map<string, { match: (d: Date) => boolean }>()
function matcher(pattern: string) {
  let m = matchers.get(pattern)
  if (!m) {
    if (!cron.validate(pattern) || pattern.trim().split(/\s+/).length !== 5) throw new Error(`not a five-field cron pattern: ${pattern}`)
    // createTask only parses; nothing is started, no timer is set.
    m = cron.createTask(pattern, () => undefined, { timezone: SCHEDULE_TIME_ZONE })
    matchers.set(pattern, m)
  }
  return m
}

/** The latest minute at or before `now`, and no more than `catchUpMinutes` before it, that `pattern` names in SAST. */
export function latestSlot(pattern: string, now: Date, catchUpMinutes: number): Date | null {
  const m = matcher(pattern)
  const minute = Math.floor(now.getTime() / 60_000) * 60_000
  for (let back = 0; back <= catchUpMinutes; back++) {
    const at = new Date(minute - back * 60_000)
    if (m.match(at)) return at
  }
  return null
}

/** Every slot `pattern` names in (from, to]: for reading a schedule, e.g. in tests and the admin panel. */
export function slotsBetween(pattern: string, from: Date, to: Date): Date[] {
  const m = matcher(pattern)
  const out: Date[] = []
  for (let t = Math.floor(from.getTime() / 60_000) * 60_000 + 60_000; t <= to.getTime(); t += 60_000) {
    if (m.match(new Date(t))) out.push(new Date(t))
  }
  return out
}

export type QueuedSlot = { schedule: string; scheduledFor: string; jobId: number }

/**
 * Queues a job for every schedule whose latest slot has no job yet. The slot is claimed in
 * `job_schedule_slots` (primary key: schedule, scheduled time) and the job queued in the same
 * transaction, so two runners, a restart, or a tick repeated within the minute queue it once.
 */
export async function queueDueSchedules(payload: Payload, now: Date, schedules: readonly Schedule[] = SCHEDULES): Promise<QueuedSlot[]> {
  const queued: QueuedSlot[] = []
  for (const schedule of schedules) {
    try {
      const slot = latestSlot(schedule.cron, now, schedule.catchUpMinutes)
      if (!slot) continue
      const jobId = await queueSlot(payload, schedule, slot)
      if (jobId !== undefined) queued.push({ schedule: schedule.name, scheduledFor: slot.toISOString(), jobId })
    } catch (err) {
      // One broken schedule must not keep the others (or the queues) from running.
      payload.logger.error({ err }, `schedule ${schedule.name}: could not queue its run`)
    }
  }
  return queued
}

/**
 * Claims one slot and queues its job; undefined when the slot already has one. Staff and API
 * keys starting a run use the same slots (src/endpoints/admin/jobRuns.ts).
 */
export async function queueSlot(
  payload: Payload,
  schedule: Pick<Schedule, 'name' | 'task' | 'queue'>,
  slot: Date,
  input: Record<string, unknown> = {},
): Promise<number | undefined> {
  const db = await transactionSql(await createLocalReq({}, payload))
  const { rows } = await db.execute(sql`
    SELECT (j.id IS NOT NULL AND j.has_error) AS gave_up FROM job_schedule_slots s LEFT JOIN payload_jobs j ON j.id = s.job_id
    WHERE s.schedule = ${schedule.name} AND s.scheduled_for = ${slot.toISOString()}::timestamptz`)
  if (rows.length > 0 && !rows[0].gave_up) return undefined
  return withTransaction(payload, async (req) => {
    const tx = await transactionSql(req)
    const claimed = await tx.execute(sql`
      INSERT INTO job_schedule_slots (schedule, scheduled_for) VALUES (${schedule.name}, ${slot.toISOString()}::timestamptz)
      ON CONFLICT DO NOTHING RETURNING schedule`)
    if (claimed.rows.length === 0) {
      // Its job used up its retries (the database was down for a while): while the slot is still
      // within its catch-up window, it gets a new job, once, whoever asks first.
      const retaken = await tx.execute(sql`
        UPDATE job_schedule_slots s SET job_id = NULL, queued_at = now()
        FROM payload_jobs j WHERE j.id = s.job_id AND j.has_error
          AND s.schedule = ${schedule.name} AND s.scheduled_for = ${slot.toISOString()}::timestamptz
        RETURNING s.schedule`)
      if (retaken.rows.length === 0) return undefined
    }
    const job = (await req.payload.jobs.queue({
      task: schedule.task as never,
      queue: schedule.queue,
      input: { ...stripUndefined(input), scheduledFor: slot.toISOString() } as never,
      req,
    })) as { id: number | string }
    const jobId = Number(job.id)
    await tx.execute(sql`UPDATE job_schedule_slots SET job_id = ${jobId} WHERE schedule = ${schedule.name} AND scheduled_for = ${slot.toISOString()}::timestamptz`)
    return jobId
  })
}

function stripUndefined(o: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))
}
