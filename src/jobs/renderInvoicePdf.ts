import type { TaskConfig } from 'payload'

import { ensureInvoicePdf } from '../services/invoicePdfs/ensureInvoicePdf'

/**
 * Renders and stores an invoice's PDF. Queued in the same transaction that issues (or voids) the
 * invoice, so it exists only if that committed; issuing never waits for rendering. Idempotent: a
 * second run, or a run racing a download that rendered it first, finds the stored document.
 */
export const renderInvoicePdf: TaskConfig<'renderInvoicePdf'> = {
  slug: 'renderInvoicePdf',
  retries: 3,
  inputSchema: [{ name: 'invoiceId', type: 'number', required: true }],
  outputSchema: [{ name: 'pdfId', type: 'number' }],
  handler: async ({ input, req }) => {
    const result = await ensureInvoicePdf(req.payload, input.invoiceId)
    if (!result.ok) {
      // A draft or vanished invoice has nothing to render: done, not failed (retrying cannot help).
      req.payload.logger.warn(`renderInvoicePdf ${input.invoiceId}: ${result.code}`)
      return { output: {} }
    }
    return { output: { pdfId: result.value.id } }
  },
}
