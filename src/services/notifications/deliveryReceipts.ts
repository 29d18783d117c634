import { createLocalReq, type Payload } from 'payload'
import { sql } from 'drizzle-orm'

import type { DeliveryReceipt } from '../../integrations/clickatell/types'
import { transactionSql } from '../transactionSql'
import { withTransaction } from '../withTransaction'

/**
 * Clickatell's message status codes that end a message's story: 4 received by the recipient;
 * the rest are failures (5 error with message, 6 user cancelled, 7 error delivering, 9 routing
 * error, 10 expired, 12 out of credit, 14 maximum MT exceeded). Codes 1-3 and 11 are on the way.
 */
const DELIVERED = new Set([4])
const FAILED = new Set([5, 6, 7, 9, 10, 12, 14])

/** Failed only because we never read Clickatell's answer (no send recorded): a delivery receipt says it went. */
const settlesAmbiguity = sql`OR (status = 'failed' AND sent_at IS NULL)`

export type ReceiptOutcome = 'applied' | 'duplicate' | 'unknown_message'

/**
 * Records one delivery receipt. Each (message, status) is stored once in notification_receipts,
 * by its primary key, so a duplicated or replayed callback changes nothing; a final status
 * (delivered or failed) is applied once and never overwritten by a late, reordered intermediate
 * one. A receipt for a message we never sent is ignored (and answered 200, so the vendor stops).
 */
export async function recordDeliveryReceipt(payload: Payload, receipt: DeliveryReceipt, now: Date): Promise<ReceiptOutcome> {
  const db = await transactionSql(await createLocalReq({}, payload))
  const found = await db.execute(sql`SELECT id FROM notifications WHERE provider_message_id = ${receipt.messageId} AND channel = 'sms' LIMIT 1`)
  // A fast receipt can arrive before the send has recorded the provider's id: our own id rides along.
  // So does a receipt for a send whose answer we never read (a timeout): it settles what happened.
  const ours = /^notification-(\d{1,9})$/.exec(receipt.clientMessageId ?? '')?.[1]
  const early = found.rows.length === 0 && ours
    ? await db.execute(sql`
        UPDATE notifications SET provider_message_id = ${receipt.messageId}, updated_at = now()
        WHERE id = ${Number(ours)} AND channel = 'sms' AND provider_message_id IS NULL RETURNING id`)
    : { rows: [] }
  const notificationId = (found.rows[0]?.id ?? early.rows[0]?.id) as number | undefined
  if (notificationId === undefined) return 'unknown_message'
  const at = receipt.timestamp && Number.isFinite(receipt.timestamp) ? new Date(receipt.timestamp) : now
  const description = (receipt.statusDescription || receipt.status).slice(0, 200)
  return withTransaction(payload, async (req) => {
    const tx = await transactionSql(req)
    const stored = await tx.execute(sql`
      INSERT INTO notification_receipts (provider_message_id, status_code, status, description, notification_id, reported_at)
      VALUES (${receipt.messageId}, ${receipt.statusCode}, ${receipt.status.slice(0, 64)}, ${description}, ${notificationId}, ${at.toISOString()}::timestamptz)
      ON CONFLICT (provider_message_id, status_code) DO NOTHING RETURNING provider_message_id`)
    if (stored.rows.length === 0) return 'duplicate'
    const final = DELIVERED.has(receipt.statusCode) ? 'delivered' : FAILED.has(receipt.statusCode) ? 'failed' : null
    if (final) {
      await tx.execute(sql`
        UPDATE notifications SET status = ${final}, delivery_status = ${description}, updated_at = now(),
          delivered_at = ${final === 'delivered' ? at.toISOString() : null}::timestamptz,
          error = ${final === 'failed' ? `Not delivered: ${description}` : null}
        WHERE id = ${notificationId} AND (status IN ('queued', 'sent') ${final === 'delivered' ? settlesAmbiguity : sql``})`)
    } else {
      await tx.execute(sql`
        UPDATE notifications SET delivery_status = ${description}, updated_at = now()
        WHERE id = ${notificationId} AND status IN ('queued', 'sent')`)
    }
    return 'applied'
  })
}
