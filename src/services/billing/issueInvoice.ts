import type { PayloadRequest } from 'payload'

import type { CalendarDate } from '../../domain/calendarDate'
import type { InvoiceLine } from '../../domain/invoiceLines'
import { totalsOf } from '../../domain/invoiceLines'
import type { Invoice } from '../../payload-types'
import { queueInvoicePdf } from '../invoicePdfs/queueInvoicePdf'

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
 * issued unpaid and raises it.
 * Its PDF is queued for rendering on the same transaction.
 * Callers own the transaction (see withTransaction) and decide what else happens in it.
 */
export async function issueInvoice(req: PayloadRequest, input: IssueInvoiceInput): Promise<Invoice> {
  if (input.lines.length === 0) throw new RangeError('an invoice needs at least one line')
  const totals = totalsOf(input.lines)
  const creditNote = input.kind === 'credit_note'
  const invoice = await req.payload.create({
    collection: 'invoices',
    data: {
      customer: input.customerId,
      service: input.serviceId,
      kind: input.kind,
      status: creditNote ? 'paid' : 'unpaid',
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
  return invoice
}
