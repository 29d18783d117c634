import type { Endpoint, PayloadHandler, PayloadRequest } from 'payload'

import { INVOICE_PDFS } from '../collections/InvoicePdfs'
import { getConfig } from '../lib/config'
import type { InvoicePdf } from '../payload-types'
import { ensureInvoicePdf } from '../services/invoicePdfs/ensureInvoicePdf'
import { checkInvoiceLink } from '../services/invoicePdfs/signedLinks'
import { problem } from './http'
import { idFromPath } from './schemas'

/**
 * Invoice PDF downloads. Three doors, one rule: the file is served only to someone allowed to read
 * the invoice.
 *  - `GET /api/invoices/:id/pdf`: staff (and API clients) with their session or API key;
 *  - `GET /api/dashboard/invoices/:id/pdf`: a customer in the portal (the portal cookie is scoped
 *    to /api/dashboard), for their own issued invoices;
 *  - `GET /api/invoice-links/:id?expires=&signature=`: the signed 24-hour link sent by email.
 * Whether the caller may read the invoice is decided by the invoices collection's own access
 * rules (a customer's row-level `Where`), so another customer's invoice is simply not found.
 * A PDF not rendered yet (the job has not run) is rendered on the spot.
 */

const invoiceIdFrom = (req: PayloadRequest): number | null => idFromPath(req.routeParams?.id)

const notFound = (req: PayloadRequest) => problem(req, 404, [{ code: 'INVOICE_NOT_FOUND', message: 'No such invoice' }])

const authenticatedDownload: PayloadHandler = async (req) => {
  if (!req.user) return problem(req, 401, [{ code: 'UNAUTHENTICATED', message: 'Sign in to download invoices' }])
  const id = invoiceIdFrom(req)
  if (id === null) return notFound(req)
  // The caller's own view of invoices: staff see all, a customer only their own issued ones.
  const visible = await req.payload.find({
    collection: 'invoices',
    where: { id: { equals: id } },
    depth: 0,
    limit: 1,
    overrideAccess: false,
    user: req.user,
    req,
  })
  if (visible.docs.length === 0) return notFound(req)
  return servePdf(req, id)
}

const signedDownload: PayloadHandler = async (req) => {
  const id = invoiceIdFrom(req)
  const expires = Number(req.searchParams.get('expires'))
  const signature = req.searchParams.get('signature') ?? ''
  if (id === null || !Number.isSafeInteger(expires) || !/^[A-Za-z0-9_-]{43}$/.test(signature)) {
    return problem(req, 403, [{ code: 'LINK_INVALID', message: 'This download link is not valid' }])
  }
  const check = checkInvoiceLink(getConfig().payloadSecret, { invoiceId: id, expires, signature }, new Date())
  if (!check.ok) return problem(req, check.code === 'LINK_EXPIRED' ? 410 : 403, [{ code: check.code, message: check.message }])
  return servePdf(req, id)
}

async function servePdf(req: PayloadRequest, invoiceId: number): Promise<Response> {
  const result = await ensureInvoicePdf(req.payload, invoiceId)
  if (!result.ok) {
    return result.code === 'INVOICE_NOT_FOUND'
      ? notFound(req)
      : problem(req, 409, [{ code: result.code, message: result.message }])
  }
  return streamStoredFile(req, result.value)
}

/** Reads the file through whichever storage adapter the upload collection is configured with. */
async function streamStoredFile(req: PayloadRequest, doc: InvoicePdf): Promise<Response> {
  const handlers = req.payload.collections[INVOICE_PDFS].config.upload.handlers ?? []
  const filename = doc.filename ?? ''
  for (const handler of handlers) {
    const res = await handler(req, { doc, params: { collection: INVOICE_PDFS, filename } })
    // 206 and 304 answer a Range or If-None-Match request (resumed downloads, PDF viewers).
    if (res && (res.status === 304 || res.status === 206)) return res
    if (res && res.status === 200) {
      const headers = new Headers(res.headers)
      headers.set('Content-Type', 'application/pdf')
      headers.set('Content-Disposition', `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
      headers.set('Cache-Control', 'private, no-store')
      headers.set('X-Content-Type-Options', 'nosniff')
      return new Response(res.body, { status: 200, headers })
    }
  }
  req.payload.logger.error(`invoice PDF ${doc.id} (${filename}) is recorded but its file is missing from storage`)
  return problem(req, 503, [{ code: 'PDF_UNAVAILABLE', message: 'The invoice PDF is temporarily unavailable; try again shortly' }])
}

export const invoicePdfEndpoints: Endpoint[] = [
  { path: '/dashboard/invoices/:id/pdf', method: 'get', handler: authenticatedDownload },
  { path: '/invoice-links/:id', method: 'get', handler: signedDownload },
]

/** Mounted on the invoices collection: `/api/invoices/:id/pdf`. */
export const invoicePdfCollectionEndpoint: Endpoint = { path: '/:id/pdf', method: 'get', handler: authenticatedDownload }
