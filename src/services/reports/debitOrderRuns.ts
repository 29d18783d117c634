import type { Payload } from 'payload'

import { sastDateOf, type CalendarDate } from '../../domain/calendarDate'
import type { DEBIT_BATCH_STATUSES } from '../../domain/catalogue'
import { poolOf } from '../pool'

export type DebitFigure = { count: number; cents: number }

export type DebitOrderRun = {
  batchId: number
  batchName: string
  actionDate: CalendarDate
  status: (typeof DEBIT_BATCH_STATUSES)[number]
  sentAt: string | null
  /** Every debit written for the file, rejected ones included. */
  submitted: DebitFigure
  /** Refused by NetCash's load report, or before sending (bank details). */
  rejected: DebitFigure
  /** At NetCash, waiting for the action date. */
  awaiting: DebitFigure
  /** Collected on the action date and not returned (cleared ones included). */
  collected: DebitFigure
  /** Of the collected, past the clearing window without an unpaid. */
  cleared: DebitFigure
  returned: DebitFigure
  /** collected / (collected + returned + rejected), once anything is decided; null before. */
  successRate: number | null
}

/**
 * The last `runs` debit-order batches, newest first, with their debits counted and summed by
 * where they stand, read live from the debits (so the figures can never disagree with them).
 */
export async function debitOrderRuns(payload: Payload, args: { runs: number }): Promise<DebitOrderRun[]> {
  const { rows } = await poolOf(payload).query(
    `SELECT b.id, b.batch_name, b.action_date, b.status::text AS status, b.uploaded_at,
            count(t.id) AS n, coalesce(sum(t.amount_cents), 0) AS c,
            count(t.id) FILTER (WHERE t.status = 'failed') AS rejected_n, coalesce(sum(t.amount_cents) FILTER (WHERE t.status = 'failed'), 0) AS rejected_c,
            count(t.id) FILTER (WHERE t.status IN ('pending', 'submitted')) AS awaiting_n, coalesce(sum(t.amount_cents) FILTER (WHERE t.status IN ('pending', 'submitted')), 0) AS awaiting_c,
            count(t.id) FILTER (WHERE t.status IN ('completed', 'refunded')) AS collected_n, coalesce(sum(t.amount_cents) FILTER (WHERE t.status IN ('completed', 'refunded')), 0) AS collected_c,
            count(t.id) FILTER (WHERE t.status IN ('completed', 'refunded') AND t.cleared_at IS NOT NULL) AS cleared_n, coalesce(sum(t.amount_cents) FILTER (WHERE t.status IN ('completed', 'refunded') AND t.cleared_at IS NOT NULL), 0) AS cleared_c,
            count(t.id) FILTER (WHERE t.status = 'returned') AS returned_n, coalesce(sum(t.amount_cents) FILTER (WHERE t.status = 'returned'), 0) AS returned_c
       FROM (SELECT * FROM debit_order_batches ORDER BY id DESC LIMIT $1) b
       LEFT JOIN payment_transactions t ON t.debit_batch_id = b.id
      GROUP BY b.id, b.batch_name, b.action_date, b.status, b.uploaded_at
      ORDER BY b.id DESC`,
    [args.runs],
  )
  const fig = (r: Record<string, unknown>, k: string): DebitFigure => ({ count: Number(r[`${k}_n`]), cents: Number(r[`${k}_c`]) })
  return rows.map((r) => {
    const collected = fig(r, 'collected')
    const returned = fig(r, 'returned')
    const rejected = fig(r, 'rejected')
    const decided = collected.count + returned.count + rejected.count
    return {
      batchId: Number(r.id),
      batchName: String(r.batch_name),
      actionDate: sastDateOf(r.action_date as Date),
      status: String(r.status) as DebitOrderRun['status'],
      sentAt: r.uploaded_at ? new Date(r.uploaded_at as Date).toISOString() : null,
      submitted: { count: Number(r.n), cents: Number(r.c) },
      rejected,
      awaiting: fig(r, 'awaiting'),
      collected,
      cleared: fig(r, 'cleared'),
      returned,
      successRate: decided === 0 ? null : collected.count / decided,
    }
  })
}
