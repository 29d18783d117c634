import type { Payload } from 'payload'

import { addDays, daysBetween, sastDateOf, sastMidnight, type CalendarDate } from '../../domain/calendarDate'
import type { InterstellioClient, InterstellioError } from '../../integrations/interstellio'
import { poolOf } from '../pool'

/** A service as the sync needs it, read for a whole batch in one query (syncTargets). */
export type SyncTarget = {
  id: number
  customerId: number
  connectionId: string
  packageName: string
  billingDay: number
  dataCapGb: number | null
  status: string
  activationDate: CalendarDate | null
  /** The latest day that has a usage row: the sync reads again from the day before it. */
  lastDay: CalendarDate | null
}

export type SyncOutcome =
  | { ok: true; serviceId: number; from: CalendarDate; to: CalendarDate; daysRead: number; rowsChanged: number; measuredAt: string }
  | { ok: false; serviceId: number; error: InterstellioError }

/**
 * Days a day's figure keeps growing: a day closes at midnight, but the vendor may still add late
 * sessions to it, so each sync reads the last synced day and the one before it again.
 */
export const REREAD_DAYS = 2

const dayOf = (v: unknown): CalendarDate | null => (v == null ? null : sastDateOf(v instanceof Date ? v : String(v)))

/** Every service the network carries (active or suspended, with a connection id), or those named. */
export async function syncTargets(payload: Payload, opts: { serviceIds?: number[] } = {}): Promise<SyncTarget[]> {
  const { rows } = await poolOf(payload).query(
    `SELECT s.id, s.customer_id, s.connection_id, s.package_name, s.billing_day, s.data_cap_gb, s.status, s.activation_date,
       (SELECT max(u.date) FROM usage_records u WHERE u.service_id = s.id) AS last_day
     FROM services s
     WHERE s.status IN ('active', 'suspended') AND s.connection_id IS NOT NULL AND s.connection_id <> ''
       AND ($1::int[] IS NULL OR s.id = ANY($1::int[]))
     ORDER BY s.id`,
    [opts.serviceIds ?? null],
  )
  return rows.map((r) => ({
    id: Number(r.id),
    customerId: Number(r.customer_id),
    connectionId: String(r.connection_id),
    packageName: String(r.package_name),
    billingDay: Number(r.billing_day),
    dataCapGb: r.data_cap_gb == null ? null : Number(r.data_cap_gb),
    status: String(r.status),
    activationDate: dayOf(r.activation_date),
    lastDay: dayOf(r.last_day),
  }))
}

/** The days to ask for: from the day before the last synced one (or the backfill start) to today. */
export function syncRange(target: Pick<SyncTarget, 'lastDay' | 'activationDate'>, today: CalendarDate, backfillDays: number): { from: CalendarDate; to: CalendarDate } {
  // A service never synced gets its last `backfillDays` days; a gap since the last sync is filled whole.
  let from = target.lastDay ? addDays(target.lastDay, -(REREAD_DAYS - 1)) : addDays(today, -(backfillDays - 1))
  if (target.activationDate && daysBetween(from, target.activationDate) > 0) from = target.activationDate
  // A last day after today (a clock that was ahead): read the re-read window up to today.
  if (daysBetween(today, from) > 0) from = addDays(today, -(REREAD_DAYS - 1))
  return { from, to: today }
}

/**
 * Syncs one service's usage: asks Interstellio for its days (syncRange), and writes them in one
 * statement (so atomically): one row per (service, day) upserted on the unique index, only rows
 * whose figures changed touched, and the service's `usageSyncedAt` set to when the figures were
 * read. An error, a malformed or a partial answer writes nothing for the service. Writes go
 * straight to the table: the rules of the usage collection's hooks (the customer is the
 * service's, the total is upload plus download) are applied here, and the same-customer trigger
 * still checks every row.
 */
export async function syncUsageForService(
  payload: Payload,
  client: InterstellioClient,
  target: SyncTarget,
  opts: { now: Date; backfillDays: number; signal?: AbortSignal },
): Promise<SyncOutcome> {
  const today = sastDateOf(opts.now)
  const { from, to } = syncRange(target, today, opts.backfillDays)
  const answer = await client.dailyUsage(target.connectionId, from, to, { signal: opts.signal })
  if (!answer.ok) return { ok: false, serviceId: target.id, error: answer.error }
  if (opts.signal?.aborted) return { ok: false, serviceId: target.id, error: { code: 'ABORTED', vendorDown: false, message: 'Stopped before the figures were written (the service took too long)', attempts: answer.attempts } }
  const measuredAt = opts.now.toISOString()
  const days = answer.value
  const { rows } = await poolOf(payload).query(
    `WITH input AS (
       SELECT * FROM unnest($3::timestamptz[], $4::bigint[], $5::bigint[]) AS t(day, down, up)
     ), written AS (
       INSERT INTO usage_records (service_id, customer_id, date, upload_bytes, download_bytes, total_bytes, source, updated_at, created_at)
       SELECT $1, $2, day, up, down, up + down, 'interstellio', now(), now() FROM input
       ON CONFLICT (service_id, date) DO UPDATE
         SET upload_bytes = EXCLUDED.upload_bytes, download_bytes = EXCLUDED.download_bytes, total_bytes = EXCLUDED.total_bytes, source = 'interstellio', updated_at = now()
         WHERE usage_records.upload_bytes IS DISTINCT FROM EXCLUDED.upload_bytes
            OR usage_records.download_bytes IS DISTINCT FROM EXCLUDED.download_bytes
            OR usage_records.source <> 'interstellio'
       RETURNING 1
     ), synced AS (
       UPDATE services SET usage_synced_at = $6::timestamptz WHERE id = $1 AND (usage_synced_at IS NULL OR usage_synced_at < $6::timestamptz) RETURNING 1
     )
     SELECT (SELECT count(*) FROM written)::int AS changed, (SELECT count(*) FROM synced)::int AS synced`,
    [target.id, target.customerId, days.map((d) => sastMidnight(d.date)), days.map((d) => d.downloadBytes), days.map((d) => d.uploadBytes), measuredAt],
  )
  return { ok: true, serviceId: target.id, from, to, daysRead: days.length, rowsChanged: Number(rows[0].changed), measuredAt }
}
