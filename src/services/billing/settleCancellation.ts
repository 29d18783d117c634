import type { PayloadRequest } from 'payload'

import { periodContaining } from '../../domain/billingPeriod'
import { addDays, formatShortDate, sastDateOf, sastMidnight, type CalendarDate } from '../../domain/calendarDate'
import { cancellationSettlement, type InvoicedPeriod } from '../../domain/cancellation'
import type { AccountType } from '../../domain/catalogue'
import { buildLine, priceBasisOf } from '../../domain/invoiceLines'
import type { Invoice, Service } from '../../payload-types'
import { allocateToOpenInvoices } from './allocate'
import { issueInvoice } from './issueInvoice'
import { lockAccount } from './ledger'

export type Settlement = { finalInvoice?: Invoice; creditNotes: Invoice[] }

/**
 * On cancellation: a final invoice for days used that were never invoiced, and a credit note for
 * each invoice that charged for days after the cancellation date (applied to that invoice while
 * it is open; any rest is account credit). Runs on the caller's transaction.
 */
export async function settleCancellation(
  req: PayloadRequest,
  args: { service: Service; customerId: number; accountType: AccountType; cancellationDate: CalendarDate; invoiceDate: CalendarDate },
): Promise<Settlement> {
  const { service, accountType } = args
  await lockAccount(req, args.customerId)
  const current = periodContaining(args.cancellationDate, service.billingDay)
  const charged = await req.payload.find({
    collection: 'invoices',
    where: {
      and: [
        { service: { equals: service.id } },
        { kind: { in: ['recurring', 'pro_rata'] } },
        { status: { not_equals: 'void' } },
        { periodEnd: { greater_than_equal: sastMidnight(current.start) } },
      ],
    },
    depth: 0,
    pagination: false,
    req,
  })
  const business = accountType === 'business'
  const invoiced: Array<InvoicedPeriod & { invoice: Invoice }> = charged.docs.map((invoice) => {
    const chargedFrom = sastDateOf(invoice.periodStart!)
    return {
      invoice,
      chargedFrom,
      periodStart: periodContaining(chargedFrom, service.billingDay).start,
      amountCents: (business ? invoice.subtotalCents : invoice.totalCents) ?? 0,
    }
  })
  const lines = cancellationSettlement({
    cancellationDate: args.cancellationDate,
    billingDay: service.billingDay,
    monthlyPriceCents: service.monthlyPriceCents,
    invoiced,
    priceBasis: priceBasisOf(accountType),
  })

  const settlement: Settlement = { creditNotes: [] }
  const charges = lines.filter((l) => l.kind === 'charge')
  if (charges.length) {
    settlement.finalInvoice = await issueInvoice(req, {
      customerId: args.customerId,
      serviceId: service.id,
      kind: 'final',
      invoiceDate: args.invoiceDate,
      dueDate: addDays(args.invoiceDate, 7),
      periodStart: charges[0].from,
      periodEnd: args.cancellationDate,
      lines: charges.map((c) =>
        buildLine({ description: `${service.packageName}, final: ${c.explanation}`, kind: 'pro_rata', unitPriceCents: c.amountCents, accountType, invoiceDate: args.invoiceDate }),
      ),
    })
  }
  for (const credit of lines.filter((l) => l.kind === 'credit')) {
    const credited = invoiced.find((i) => credit.from >= i.chargedFrom && credit.from <= sastDateOf(i.invoice.periodEnd!))?.invoice
    const note = await issueInvoice(req, {
      customerId: args.customerId,
      serviceId: service.id,
      kind: 'credit_note',
      invoiceDate: args.invoiceDate,
      dueDate: args.invoiceDate,
      periodStart: credit.from,
      periodEnd: credit.to,
      creditedInvoiceId: credited?.id,
      lines: [
        buildLine({
          description: `${service.packageName} cancelled ${formatShortDate(args.cancellationDate, true)}: ${credit.explanation}`,
          kind: 'credit',
          unitPriceCents: credit.amountCents,
          accountType,
          invoiceDate: args.invoiceDate,
        }),
      ],
    })
    await allocateToOpenInvoices(req, {
      customerId: args.customerId,
      amountCents: note.totalCents ?? 0,
      invoiceId: credited?.id,
      source: { creditNoteId: note.id },
      asOf: args.invoiceDate,
    })
    settlement.creditNotes.push(note)
  }
  return settlement
}
