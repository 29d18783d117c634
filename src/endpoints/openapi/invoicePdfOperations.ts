import { z } from 'zod'

import { CUSTOMER_PORTAL, PDF_FILE, rowIdParam, STAFF, type ApiOperation, type ApiParameter, type ApiResponse } from './operation'

export const INVOICE_PDFS_TAG = 'Invoice PDFs'

const invoiceId: Record<string, ApiParameter> = { id: { ...rowIdParam, description: "The invoice's id" } }

/** Resumed downloads and PDF viewers ask for parts, or whether their copy is still current. */
const conditional: Record<string, ApiParameter> = {
  Range: { description: 'A byte range (answered with 206)', schema: z.string() },
  'If-None-Match': { description: 'The ETag of a copy held (answered with 304 while it is current)', schema: z.string() },
}

const download: Record<number, ApiResponse> = {
  200: {
    description: 'The PDF, rendered on the spot if the job has not rendered it yet',
    content: PDF_FILE,
    headers: { 'Content-Disposition': 'attachment, with the file\'s name', 'Cache-Control': 'private, no-store' },
  },
  206: { description: 'The byte range asked for', content: PDF_FILE },
  304: { description: 'The copy held is current' },
  404: { description: 'No such invoice, or not one the caller may read (INVOICE_NOT_FOUND)' },
  409: { description: 'A draft: it has no PDF until it is issued (INVOICE_NOT_ISSUED)' },
  503: { description: 'The stored file is missing for now (PDF_UNAVAILABLE): try again shortly' },
}

const signedLinkQuery = z.strictObject({
  expires: z.string().regex(/^\d+$/).describe('When the link expires, in seconds since 1970'),
  signature: z.string().regex(/^[A-Za-z0-9_-]{43}$/).describe('The link\'s signature (base64url HMAC-SHA256)'),
})

/**
 * src/endpoints/invoicePdf.ts: three doors to one file, each serving it only to someone allowed to
 * read the invoice (the invoices collection's own access rules decide).
 */
export const invoicePdfOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/invoices/:id/pdf',
    tag: INVOICE_PDFS_TAG,
    summary: 'Download an invoice PDF (staff and API clients)',
    description: 'Staff may read every invoice; a customer sending `Authorization: JWT <token>` only their own issued ones.',
    security: [...STAFF, 'customerJwt'],
    pathParams: invoiceId,
    headers: conditional,
    responses: { ...download, 401: { description: 'Not signed in (UNAUTHENTICATED)' } },
  },
  {
    method: 'get',
    path: '/dashboard/invoices/:id/pdf',
    tag: INVOICE_PDFS_TAG,
    summary: 'Download one of my invoices as a PDF (customer portal)',
    description: "The portal's download, with the portal session: the signed-in customer's own issued invoices only.",
    security: CUSTOMER_PORTAL,
    pathParams: invoiceId,
    headers: conditional,
    responses: { ...download, 401: { description: 'Not signed in (UNAUTHENTICATED)' } },
  },
  {
    method: 'get',
    path: '/invoice-links/:id',
    tag: INVOICE_PDFS_TAG,
    summary: 'Download an invoice PDF by the signed link from its email',
    description: 'No sign-in: the link itself is the permission, for a limited time (24 hours by default).',
    security: [],
    pathParams: invoiceId,
    query: signedLinkQuery,
    headers: conditional,
    responses: {
      ...download,
      403: { description: 'The link is not valid: altered, or not made by us (LINK_INVALID)' },
      410: { description: 'The link has expired (LINK_EXPIRED): sign in to the portal to download the invoice' },
    },
  },
]
