import type { PayloadRequest } from 'payload'

import { DOCUMENTS_QUEUE } from '../outbox'

/**
 * Queues the PDF render for an invoice on `req`'s transaction (an outbox): the job exists only if
 * the issue (or void) commits, and the operation never waits for rendering.
 */
export async function queueInvoicePdf(req: PayloadRequest, invoiceId: number): Promise<void> {
  await req.payload.jobs.queue({ task: 'renderInvoicePdf', queue: DOCUMENTS_QUEUE, input: { invoiceId }, req })
}
