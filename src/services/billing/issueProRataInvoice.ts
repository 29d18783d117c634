import type { PayloadRequest } from 'payload'

import { addDays, formatShortDate, type CalendarDate } from '../../domain/calendarDate'
import { buildLine, priceBasisOf } from '../../domain/invoiceLines'
import { proRata } from '../../domain/proRata'
import type { Invoice, Service } from '../../payload-types'
import type { AccountType } from '../../domain/catalogue'
import { issueInvoice } from './issueInvoice'

/**
 * The pro-rata invoice for a service (re)activated on `date`: from that day to the day before its
 * next billing date, due 7 days after issue. Runs on the caller's transaction (the lifecycle
 * operation that activates the service). Returns the invoice and the next billing date, which
 * the caller stores on the service so recurring billing continues from there.
 */
export async function issueProRataInvoice(
  req: PayloadRequest,
  args: { service: Service; customerId: number; accountType: AccountType; kind: 'activation' | 'reactivation'; date: CalendarDate; invoiceDate: CalendarDate },
): Promise<{ invoice: Invoice; nextBillingDate: CalendarDate; explanation: string }> {
  const { service } = args
  const charge = proRata({
    kind: args.kind,
    date: args.date,
    billingDay: service.billingDay,
    monthlyPriceCents: service.monthlyPriceCents,
    priceBasis: priceBasisOf(args.accountType),
  })
  const invoice = await issueInvoice(req, {
    customerId: args.customerId,
    serviceId: service.id,
    kind: 'pro_rata',
    invoiceDate: args.invoiceDate,
    dueDate: addDays(args.invoiceDate, 7),
    periodStart: charge.from,
    periodEnd: charge.to,
    lines: [
      buildLine({
        description: `${service.packageName}, ${args.kind === 'activation' ? 'activated' : 'reactivated'} ${formatShortDate(args.date, true)}: ${charge.explanation}`,
        kind: 'pro_rata',
        unitPriceCents: charge.amountCents,
        accountType: args.accountType,
        invoiceDate: args.invoiceDate,
      }),
    ],
  })
  return { invoice, nextBillingDate: charge.period.endExclusive, explanation: charge.explanation }
}
