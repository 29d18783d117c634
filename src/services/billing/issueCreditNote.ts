import type { Payload, PayloadRequest } from 'payload'

import type { CalendarDate } from '../../domain/calendarDate'
import type { InvoiceLine } from '../../domain/invoiceLines'
import { totalsOf } from '../../domain/invoiceLines'
import type { Invoice } from '../../payload-types'
import { ok, refuse, type Result } from '../result'
import { withTransaction } from '../withTransaction'
import { allocateToOpenInvoices } from './allocate'
import { issueInvoice } from './issueInvoice'
import { lockAccount } from './ledger'

type Code = 'UNKNOWN_INVOICE' | 'NOT_CREDITABLE' | 'REASON_REQUIRED' | 'INVALID_LINE' | 'OVER_CREDITED'

/**
 * A credit note against an issued invoice: the whole invoice, or the lines chosen (by their
 * position on it), each credited at exactly the amounts and VAT it was invoiced at, so the credit
 * note's VAT reverses the invoice's to the cent. Never more than the invoice less what earlier
 * credit notes took off it. The credit pays the invoice first (if still open), then the oldest
 * open invoices, then stays as account credit. One transaction, under the account lock.
 */
export async function issueCreditNote(
  on: Payload | PayloadRequest,
  args: { invoiceId: number; reason: string; lineIndexes?: number[]; creditDate: CalendarDate },
): Promise<Result<{ creditNote: Invoice; invoice: Invoice }, Code>> {
  const reason = args.reason?.trim()
  if (!reason) return refuse('REASON_REQUIRED', 'Say why the invoice is credited', 'reason')
  return withTransaction(on, async (req) => {
    const found = await req.payload.findByID({ collection: 'invoices', id: args.invoiceId, depth: 0, req, disableErrors: true, overrideAccess: true })
    if (!found) return refuse('UNKNOWN_INVOICE', `No invoice ${args.invoiceId}`, 'invoiceId')
    const customerId = found.customer as number
    await lockAccount(req, customerId)
    const invoice = await req.payload.findByID({ collection: 'invoices', id: found.id, depth: 0, req, overrideAccess: true })
    if (invoice.kind === 'credit_note' || invoice.status === 'void' || invoice.status === 'draft' || !invoice.invoiceNumber) {
      return refuse('NOT_CREDITABLE', `Invoice ${invoice.invoiceNumber ?? invoice.id} is ${invoice.kind === 'credit_note' ? 'a credit note' : invoice.status}: only an issued invoice can be credited`)
    }
    const lines = (invoice.lines ?? []) as unknown as InvoiceLine[]
    const indexes = args.lineIndexes?.length ? [...new Set(args.lineIndexes)] : lines.map((_, i) => i)
    const bad = indexes.find((i) => !Number.isInteger(i) || i < 0 || i >= lines.length)
    if (bad !== undefined) return refuse('INVALID_LINE', `The invoice has no line ${bad + 1}`, 'lines')
    const credited = indexes.map((i) => {
      const l = lines[i]
      return { description: `Credit: ${l.description}`, kind: l.kind, quantity: l.quantity, unitPriceCents: l.unitPriceCents, exclVatCents: l.exclVatCents, vatRateBasisPoints: l.vatRateBasisPoints, vatCents: l.vatCents, inclVatCents: l.inclVatCents }
    })
    const earlier = await req.payload.find({
      collection: 'invoices',
      where: { and: [{ creditedInvoice: { equals: invoice.id } }, { kind: { equals: 'credit_note' } }] },
      pagination: false,
      depth: 0,
      req,
      overrideAccess: true,
    })
    const alreadyCents = earlier.docs.reduce((n, d) => n + Number(d.totalCents ?? 0), 0)
    const creditCents = totalsOf(credited).inclVatCents
    if (creditCents <= 0) return refuse('INVALID_LINE', 'Those lines come to nothing to credit', 'lines')
    if (alreadyCents + creditCents > Number(invoice.totalCents)) {
      return refuse('OVER_CREDITED', `Invoice ${invoice.invoiceNumber} is R ${(Number(invoice.totalCents) / 100).toFixed(2)}; earlier credit notes already took R ${(alreadyCents / 100).toFixed(2)} off it`, 'lines')
    }
    const creditNote = await issueInvoice(req, {
      customerId,
      serviceId: (invoice.service as number | null) ?? undefined,
      kind: 'credit_note',
      invoiceDate: args.creditDate,
      dueDate: args.creditDate,
      creditedInvoiceId: invoice.id,
      lines: credited,
    })
    await allocateToOpenInvoices(req, { customerId, amountCents: creditCents, invoiceId: invoice.id, source: { creditNoteId: creditNote.id }, asOf: args.creditDate })
    const after = await req.payload.findByID({ collection: 'invoices', id: invoice.id, depth: 0, req, overrideAccess: true })
    return ok({ creditNote, invoice: after })
  })
}
