import type { Endpoint, PayloadHandler } from 'payload'
import { z } from 'zod'

import { resolveUncertainBatch } from '../../services/netcash/debitOrders'
import { ok, parseBody, problem } from '../http'
import { idParam, requireStaff } from './staffAccess'

/** What staff found at NetCash about a batch whose upload went unanswered. */
export const resolveBatchBody = z.discriminatedUnion('received', [
  z.strictObject({ received: z.literal(true), fileToken: z.string().trim().min(8, 'fileToken is the token NetCash shows for the batch').max(64) }),
  z.strictObject({ received: z.literal(false) }),
])

export const resolveBatchResponse = z.object({ batchId: z.number().int(), status: z.enum(['uploaded', 'rejected']) })

/**
 * `POST /api/admin/debit-order-batches/:id/resolve` (billing_manage): an `uncertain` run, checked
 * at NetCash. Received (with NetCash's file token): it carries on as sent. Not received: its debits
 * fail as never sent and the next run presents their invoices again.
 */
const handler: PayloadHandler = async (req) => {
  const gate = requireStaff(req, 'billing_manage')
  if ('response' in gate) return gate.response
  const batchId = idParam(req, 'id')
  if (batchId === null) return problem(req, 404, [{ code: 'UNKNOWN_BATCH', message: 'No such debit-order run' }])
  const parsed = await parseBody(req, resolveBatchBody)
  if (!parsed.ok) return parsed.response
  const body = parsed.data
  const result = await resolveUncertainBatch(req.payload, {
    batchId,
    received: body.received,
    fileToken: body.received ? body.fileToken : undefined,
    staffEmail: String((gate.staff as { email?: string }).email ?? gate.staff.id),
    now: new Date(),
  })
  if (!result.ok) return problem(req, result.code === 'UNKNOWN_BATCH' ? 404 : result.code === 'NOT_UNCERTAIN' ? 409 : 400, [{ code: result.code, message: result.message, ...(result.field ? { field: result.field } : {}) }])
  return ok(req, { batchId, status: result.value.status as 'uploaded' | 'rejected' } satisfies z.input<typeof resolveBatchResponse>)
}

export const resolveBatchEndpoint: Endpoint = { path: '/admin/debit-order-batches/:id/resolve', method: 'post', handler }
