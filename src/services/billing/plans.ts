import type { PayloadRequest } from 'payload'

import { periodContaining } from '../../domain/billingPeriod'
import { formatShortDate, sastDateOf, sastMidnight, type CalendarDate } from '../../domain/calendarDate'
import { cancellationSettlement, type InvoicedPeriod } from '../../domain/cancellation'
import type { AccountType } from '../../domain/catalogue'
import { buildLine, priceBasisOf, totalsOf, type InvoiceLine, type Totals } from '../../domain/invoiceLines'
import { proRata, type ProRataKind } from '../../domain/proRata'
import type { Invoice } from '../../payload-types'

/**
 * What an operation will invoice, computed once and used both by the operation and by the staff
 * preview: the preview and the invoice can never differ because they are the same plan.
 */
export type PricedService = { id?: number; packageName: string; billingDay: number; monthlyPriceCents: number }

export type ProRataPlan = { lines: InvoiceLine[]; totals: Totals; explanation: string; from: CalendarDate; to: CalendarDate; nextBillingDate: CalendarDate }

export function planProRata(args: { service: PricedService; accountType: AccountType; kind: 'activation' | 'reactivation'; date: CalendarDate; invoiceDate: CalendarDate }): ProRataPlan {
  const { service } = args
  const charge = proRata({
    kind: args.kind as ProRataKind,
    date: args.date,
    billingDay: service.billingDay,
    monthlyPriceCents: service.monthlyPriceCents,
    priceBasis: priceBasisOf(args.accountType),
  })
  const lines = [
    buildLine({
      description: `${service.packageName}, ${args.kind === 'activation' ? 'activated' : 'reactivated'} ${formatShortDate(args.date, true)}: ${charge.explanation}`,
      kind: 'pro_rata',
      unitPriceCents: charge.amountCents,
      accountType: args.accountType,
      invoiceDate: args.invoiceDate,
    }),
  ]
  return { lines, totals: totalsOf(lines), explanation: charge.explanation, from: charge.from, to: charge.to, nextBillingDate: charge.period.endExclusive }
}

export type CancellationPlan = {
  charges: InvoiceLine[]
  credits: Array<{ line: InvoiceLine; creditedInvoiceId?: number; from: CalendarDate; to: CalendarDate }>
  totals: { charged: Totals; credited: Totals }
  explanation: string
}

/** The invoices that charged a service for days from the period containing `date` onwards. */
export async function invoicedPeriodsFrom(req: PayloadRequest, service: PricedService & { id: number }, date: CalendarDate, accountType: AccountType) {
  const current = periodContaining(date, service.billingDay)
  const charged = await req.payload.find({
    collection: 'invoices',
    where: {
      and: [
        { service: { equals: service.id } },
        { kind: { in: ['recurring', 'pro_rata'] } },
        // Drafts charged nobody yet; void invoices no longer charge.
        { status: { not_in: ['void', 'draft'] } },
        { periodEnd: { greater_than_equal: sastMidnight(current.start) } },
      ],
    },
    depth: 0,
    pagination: false,
    req,
  })
  return charged.docs.map((invoice): InvoicedPeriod & { invoice: Invoice } => {
    const chargedFrom = sastDateOf(invoice.periodStart!)
    return {
      invoice,
      chargedFrom,
      periodStart: periodContaining(chargedFrom, service.billingDay).start,
      amountCents: (accountType === 'business' ? invoice.subtotalCents : invoice.totalCents) ?? 0,
    }
  })
}

export function planCancellation(args: {
  service: PricedService
  accountType: AccountType
  cancellationDate: CalendarDate
  invoiceDate: CalendarDate
  invoiced: ReadonlyArray<InvoicedPeriod & { invoice?: Pick<Invoice, 'id' | 'periodEnd' | 'invoiceDate'> }>
  /** False while billing is paused (a suspension that skips billing): unbilled days were not used. */
  chargeUnbilledDays?: boolean
}): CancellationPlan {
  const { service, accountType } = args
  const settlement = cancellationSettlement({
    cancellationDate: args.cancellationDate,
    billingDay: service.billingDay,
    monthlyPriceCents: service.monthlyPriceCents,
    invoiced: args.invoiced,
    priceBasis: priceBasisOf(accountType),
  })
  // VAT at the rate of the supply: today's for a charge; for a credit, the rate the credited
  // invoice charged (its invoice date), so a VAT rate change in between credits exactly what was charged.
  const line = (description: string, kind: 'pro_rata' | 'credit', cents: number, vatDate: CalendarDate) =>
    buildLine({ description, kind, unitPriceCents: cents, accountType, invoiceDate: vatDate })
  const charges = settlement
    .filter((s) => s.kind === 'charge' && args.chargeUnbilledDays !== false)
    .map((c) => line(`${service.packageName}, final: ${c.explanation}`, 'pro_rata', c.amountCents, args.invoiceDate))
  const credits = settlement
    .filter((s) => s.kind === 'credit')
    .map((c) => {
      const credited = args.invoiced.find((i) => i.invoice && c.from >= i.chargedFrom && c.from <= sastDateOf(i.invoice.periodEnd!))?.invoice
      const vatDate = credited?.invoiceDate ? sastDateOf(credited.invoiceDate) : args.invoiceDate
      return {
        line: line(`${service.packageName} cancelled ${formatShortDate(args.cancellationDate, true)}: ${c.explanation}`, 'credit', c.amountCents, vatDate),
        creditedInvoiceId: credited?.id,
        from: c.from,
        to: c.to,
      }
    })
  return {
    charges,
    credits,
    totals: { charged: totalsOf(charges), credited: totalsOf(credits.map((c) => c.line)) },
    explanation: settlement.map((s) => s.explanation).join('; ') || 'Nothing to charge or credit',
  }
}
