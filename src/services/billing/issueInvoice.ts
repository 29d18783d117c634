import type { PayloadRequest } from 'payload'

import type { CalendarDate } from '../../domain/calendarDate'
import type { InvoiceLine } from '../../domain/invoiceLines'
import { totalsOf } from '../../domain/invoiceLines'
import type { Invoice } from '../../payload-types'
import { queueInvoicePdf } from '../invoicePdfs/queueInvoicePdf'
import { queueNotification } from '../outbox'
import { applyAccountCredit } from './allocate'
import { lockAccount } from './ledger'

export type IssueInvoiceInput = {
  customerId: number
  serviceId?: number
  kind: Invoice['kind']
  invoiceDate: CalendarDate
  dueDate: CalendarDate
  periodStart?: CalendarDate
  periodEnd?: CalendarDate
  lines: InvoiceLine[]
  creditedInvoiceId?: number
}

/**
 * Issues an invoice (or credit note) on `req`'s transaction; the database numbers it on insert
 * and the invoices' ledger hook moves the balance in the same transaction. A credit note is
 * issued settled (applied to the account at once) and lowers the balance; every other kind is
 * issued unpaid and raises it, and is at once paid from any account credit the customer holds
 * (unallocated payments and credit notes). An invoice for nothing is issued paid.
 * Its PDF is queued for rendering on the same transaction.
 * Callers own the transaction (see withTransaction) and decide what else happens in it.
 */
export async function issueInvoice(req: PayloadRequest, input: IssueInvoiceInput): Promise<Invoice> {
  if (input.lines.length === 0) throw new RangeError('an invoice needs at least one line')
  const totals = totalsOf(input.lines)
  const creditNote = input.kind === 'credit_note'
  // Nothing to pay (a fully discounted line, a zero-rated month): settled the moment it is issued.
  const nothingDue = totals.inclVatCents === 0
  const invoice = await req.payload.create({
    collection: 'invoices',
    data: {
      customer: input.customerId,
      service: input.serviceId,
      kind: input.kind,
      status: creditNote || nothingDue ? 'paid' : 'unpaid',
      invoiceDate: input.invoiceDate,
      dueDate: input.dueDate,
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
      amountPaidCents: creditNote ? totals.inclVatCents : 0,
      creditedInvoice: input.creditedInvoiceId,
      lines: input.lines,
    },
    req,
    overrideAccess: true,
    depth: 0,
  })
  await queueInvoicePdf(req, invoice.id)
  if (creditNote || nothingDue) return invoice
  // A customer in credit pays the new invoice from that credit at once.
  await lockAccount(req, input.customerId)
  const applied = await applyAccountCredit(req, { customerId: input.customerId, asOf: input.invoiceDate })
  // The customer hears of every invoice that charges them (the message says what is left to pay
  // after any credit); a credit note or an invoice for nothing is on their statement only.
  await queueNotification(req, { customerId: input.customerId, template: 'invoice_issued', eventKey: `invoice:${invoice.id}`, invoiceId: invoice.id, serviceId: input.serviceId })
  if (applied.length === 0) return invoice
  return req.payload.findByID({ collection: 'invoices', id: invoice.id, depth: 0, req, overrideAccess: true })
}
