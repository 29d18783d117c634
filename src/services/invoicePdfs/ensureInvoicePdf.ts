import type { Payload, PayloadRequest } from 'payload'

import { INVOICE_PDFS, type InvoicePdfVariant } from '../../collections/InvoicePdfs'
import { sastDateOf } from '../../domain/calendarDate'
import type { InvoiceLine } from '../../domain/invoiceLines'
import { getConfig } from '../../lib/config'
import type { Customer, Invoice, InvoicePdf } from '../../payload-types'
import { refuse, ok, type Result } from '../result'
import { renderInvoicePdf, type CompanyDetails, type InvoicePdfModel } from './renderInvoicePdf'

export type EnsurePdfRefusal = 'INVOICE_NOT_FOUND' | 'INVOICE_NOT_ISSUED'

/**
 * The document an invoice in this status should have: as issued; once paid in full, a copy that
 * says so (amount due R 0.00); a voided one stamped VOID. Rendered when first asked for, so a
 * download after the payment gets the paid copy. (Part payments show on the portal, live.)
 */
export const variantFor = (invoice: Pick<Invoice, 'status'>): InvoicePdfVariant =>
  invoice.status === 'void' ? 'void' : invoice.status === 'paid' ? 'paid' : 'issued'

/**
 * The stored PDF of an issued invoice, rendering and storing it first if it is not there yet.
 * Idempotent and safe to run concurrently: the unique (invoice, variant) index lets exactly one
 * render be stored, and a loser of that race returns the winner's document. Used by the render job
 * (queued when an invoice is issued or voided) and by the download endpoints (so a download never
 * waits on the job runner). Reads as the system; callers check who may see the invoice first.
 */
export async function ensureInvoicePdf(
  payload: Payload,
  invoiceId: number,
  opts: { now?: Date; company?: CompanyDetails; req?: PayloadRequest } = {},
): Promise<Result<InvoicePdf, EnsurePdfRefusal>> {
  const invoice = await payload.findByID({ collection: 'invoices', id: invoiceId, depth: 0, overrideAccess: true, disableErrors: true, req: opts.req })
  if (!invoice) return refuse('INVOICE_NOT_FOUND', `No invoice ${invoiceId}`)
  if (invoice.status === 'draft' || !invoice.invoiceNumber) return refuse('INVOICE_NOT_ISSUED', 'A draft invoice has no PDF until it is issued')
  const variant = variantFor(invoice)

  const existing = await findPdf(payload, invoice.id, variant, opts.req)
  if (existing) return ok(existing)

  const model = await invoicePdfModel(payload, invoice, { now: opts.now ?? new Date(), company: opts.company ?? getConfig().company, req: opts.req })
  const pdf = await renderInvoicePdf(model)
  const filename = `${invoice.invoiceNumber}${variant === 'issued' ? '' : `-${variant}`}.pdf`
  try {
    const created = await payload.create({
      collection: INVOICE_PDFS,
      data: { invoice: invoice.id, customer: customerId(invoice), variant, renderedAt: (opts.now ?? new Date()).toISOString() },
      file: { data: pdf, mimetype: 'application/pdf', name: filename, size: pdf.length },
      overrideAccess: true,
      depth: 0,
      req: opts.req,
    })
    return ok(created)
  } catch (err) {
    // Someone else stored it first (the unique index said so): theirs is as good as ours.
    const winner = await findPdf(payload, invoice.id, variant, opts.req)
    if (winner) return ok(winner)
    throw err
  }
}

async function findPdf(payload: Payload, invoiceId: number, variant: InvoicePdfVariant, req?: PayloadRequest): Promise<InvoicePdf | null> {
  const { docs } = await payload.find({
    collection: INVOICE_PDFS,
    where: { and: [{ invoice: { equals: invoiceId } }, { variant: { equals: variant } }] },
    depth: 0,
    limit: 1,
    overrideAccess: true,
    req,
  })
  return docs[0] ?? null
}

const customerId = (invoice: Invoice) => (typeof invoice.customer === 'object' ? invoice.customer.id : invoice.customer)

/** Reads what the document shows: the invoice, its customer and, for a credit note, what it credits. */
export async function invoicePdfModel(
  payload: Payload,
  invoice: Invoice,
  opts: { now: Date; company: CompanyDetails; req?: PayloadRequest },
): Promise<InvoicePdfModel> {
  const customer: Customer = await payload.findByID({ collection: 'customers', id: customerId(invoice), depth: 0, overrideAccess: true, req: opts.req })
  const creditedId = typeof invoice.creditedInvoice === 'object' ? invoice.creditedInvoice?.id : invoice.creditedInvoice
  const credited = creditedId
    ? await payload.findByID({ collection: 'invoices', id: creditedId, depth: 0, overrideAccess: true, disableErrors: true, req: opts.req })
    : null
  const a = customer.postalAddress
  const address = [a?.line1, a?.line2, a?.suburb, [a?.city, a?.postalCode].filter(Boolean).join(' '), a?.province].filter(
    (l): l is string => Boolean(l && l.trim()),
  )
  return {
    company: opts.company,
    customer: {
      name: customer.displayName || [customer.firstName, customer.lastName].filter(Boolean).join(' '),
      accountNumber: customer.accountNumber ?? '',
      address,
      email: customer.email,
    },
    invoice: {
      number: invoice.invoiceNumber!,
      kind: invoice.kind,
      status: invoice.status,
      invoiceDate: sastDateOf(invoice.invoiceDate),
      dueDate: sastDateOf(invoice.dueDate),
      periodStart: invoice.periodStart ? sastDateOf(invoice.periodStart) : undefined,
      periodEnd: invoice.periodEnd ? sastDateOf(invoice.periodEnd) : undefined,
      creditedInvoiceNumber: credited?.invoiceNumber ?? undefined,
      lines: invoice.lines.map((l) => ({
        description: l.description,
        kind: l.kind,
        quantity: l.quantity,
        unitPriceCents: l.unitPriceCents,
        exclVatCents: l.exclVatCents,
        vatRateBasisPoints: l.vatRateBasisPoints,
        vatCents: l.vatCents,
        inclVatCents: l.inclVatCents,
      })) as InvoiceLine[],
      subtotalCents: invoice.subtotalCents ?? 0,
      vatCents: invoice.vatCents ?? 0,
      totalCents: invoice.totalCents ?? 0,
      amountPaidCents: invoice.amountPaidCents ?? 0,
      amountDueCents: invoice.amountDueCents ?? 0,
    },
    asAt: sastDateOf(opts.now),
  }
}
