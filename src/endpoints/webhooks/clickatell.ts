import { createHash, timingSafeEqual } from 'node:crypto'

import type { Endpoint, PayloadHandler } from 'payload'
import { z } from 'zod'

import { getConfig } from '../../lib/config'
import { recordDeliveryReceipt } from '../../services/notifications/deliveryReceipts'
import { ok, parseBody, problem } from '../http'

/** Clickatell's delivery status callback (the fields we use; others are ignored). */
export const clickatellReceiptBody = z.looseObject({
  messageId: z.string().min(1).max(100),
  clientMessageId: z.string().max(100).nullish(),
  to: z.string().max(20).nullish(),
  status: z.string().min(1).max(64),
  statusCode: z.coerce.number().int().min(0).max(999),
  statusDescription: z.string().max(500).nullish(),
  timestamp: z.coerce.number().int().positive().max(8_640_000_000_000_000).nullish(),
})

const digest = (s: string) => createHash('sha256').update(s).digest()

/** Constant-time: the answer takes as long for a near miss as for nonsense. */
export function callbackSecretMatches(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected))
}

/**
 * `POST /api/webhooks/clickatell/:secret`: Clickatell's delivery receipts. The path carries a
 * secret we issue (CLICKATELL_CALLBACK_SECRET) and give Clickatell as the callback URL; any other
 * path is refused with 401 and changes nothing. Each (message, status) is processed once
 * (src/services/notifications/deliveryReceipts.ts); a duplicate or a receipt for a message we do
 * not know is answered 200 so the provider stops retrying it.
 */
const handler: PayloadHandler = async (req) => {
  if (!callbackSecretMatches(String(req.routeParams?.secret ?? ''), getConfig().clickatell.callbackSecret)) {
    return problem(req, 401, [{ code: 'UNAUTHORIZED', message: 'Unknown callback URL' }])
  }
  const parsed = await parseBody(req, clickatellReceiptBody)
  if (!parsed.ok) return parsed.response
  const r = parsed.data
  const outcome = await recordDeliveryReceipt(
    req.payload,
    {
      messageId: r.messageId,
      clientMessageId: r.clientMessageId ?? undefined,
      to: r.to ?? undefined,
      status: r.status,
      statusCode: r.statusCode,
      statusDescription: r.statusDescription ?? undefined,
      timestamp: r.timestamp ?? undefined,
    },
    new Date(),
  )
  return ok(req, { outcome })
}

export const clickatellCallbackEndpoint: Endpoint = { path: '/webhooks/clickatell/:secret', method: 'post', handler }
