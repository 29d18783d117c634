import type { Payload } from 'payload'
import { sql } from 'drizzle-orm'

import { sastDateOf, sastMidnight, addDays, type CalendarDate } from '../../domain/calendarDate'
import { capBytesOf, cycleOf, percentUsed } from '../../domain/usage'
import { queueNotification } from '../outbox'
import { transactionSql } from '../transactionSql'
import { withTransaction } from '../withTransaction'
import { poolOf } from '../pool'
import { type SyncTarget } from './syncUsage'

export type CapThreshold = 80 | 95

/** The warning a figure calls for, if any: 95 once it is reached (and then never 80), 80 from 80 up to 95. */
export function thresholdFor(percent: number | null): CapThreshold | null {
  if (percent === null) return null
  if (percent >= 95) return 95
  if (percent >= 80) return 80
  return null
}

export type CapWarningOutcome = { serviceId: number; threshold: CapThreshold; warningId: number; percent: number } | null

/**
 * After a service's usage is synced: if its use of the cap in the current billing cycle has
 * reached 80% or 95%, the customer is told, once per threshold per cycle. The warning row
 * (unique per service, cycle start and threshold) and the notification job are written on one
 * transaction, so a rerun, a concurrent run or the next hour inserts nothing and queues nothing;
 * the next cycle has a new start and warns again. A service that jumps past 95% at once gets the
 * 95% warning only, and no 80% after it (one is already there for the cycle). `measuredAt` is
 * when the figure was read: the message states it ("as of 14:00").
 */
export async function warnIfNearCap(payload: Payload, target: Pick<SyncTarget, 'id' | 'customerId' | 'billingDay' | 'dataCapGb' | 'packageName'>, opts: { now: Date; measuredAt: string }): Promise<CapWarningOutcome> {
  const capBytes = capBytesOf(target.dataCapGb)
  if (capBytes === null) return null
  const cycle = cycleOf(sastDateOf(opts.now), target.billingDay)
  const { rows } = await poolOf(payload).query(
    `SELECT coalesce(sum(coalesce(total_bytes, upload_bytes + download_bytes)), 0)::text AS used,
       (SELECT array_agg(threshold::text) FROM usage_warnings w WHERE w.service_id = $1 AND w.cycle_start = $2::timestamptz) AS sent
     FROM usage_records WHERE service_id = $1 AND date >= $2::timestamptz AND date < $3::timestamptz`,
    [target.id, sastMidnight(cycle.start), sastMidnight(addDays(cycle.end, 1))],
  )
  const usedBytes = Number(rows[0].used)
  const percent = percentUsed(usedBytes, capBytes)
  const threshold = thresholdFor(percent)
  const sent: string[] = rows[0].sent ?? []
  // Already told at this level or above: nothing to do, and no transaction opened for it.
  if (threshold === null || sent.includes('95') || sent.includes(String(threshold))) return null
  return withTransaction(payload, async (req) => {
    const tx = await transactionSql(req)
    const eventKey = `usage:${target.id}:${cycle.start}:${threshold}`
    const inserted = await tx.execute(sql`
      INSERT INTO usage_warnings (service_id, customer_id, threshold, cycle_start, cycle_end, percent_used, used_bytes, cap_bytes, measured_at, event_key, updated_at, created_at)
      VALUES (${target.id}, ${target.customerId}, ${String(threshold)}, ${sastMidnight(cycle.start)}::timestamptz, ${sastMidnight(cycle.end)}::timestamptz,
        ${percent}, ${usedBytes}, ${capBytes}, ${opts.measuredAt}::timestamptz, ${eventKey}, now(), now())
      ON CONFLICT DO NOTHING RETURNING id`)
    if (inserted.rows.length === 0) return null
    await queueNotification(req, {
      customerId: target.customerId,
      template: threshold === 95 ? 'usage_95' : 'usage_80',
      eventKey,
      serviceId: target.id,
      params: { serviceName: target.packageName, usedBytes, capBytes, percentUsed: percent, measuredAt: opts.measuredAt, cycleEndDate: cycle.end satisfies CalendarDate },
    })
    return { serviceId: target.id, threshold, warningId: Number(inserted.rows[0].id), percent: percent! }
  })
}
