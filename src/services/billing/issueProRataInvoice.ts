import type { PayloadRequest } from 'payload'

import { addDays, type CalendarDate } from '../../domain/calendarDate'
import type { AccountType } from '../../domain/catalogue'
import type { Invoice, Service } from '../../payload-types'
import { issueInvoice } from './issueInvoice'
import { planProRata } from './plans'

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
  const plan = planProRata(args)
  const invoice = await issueInvoice(req, {
    customerId: args.customerId,
    serviceId: args.service.id,
    kind: 'pro_rata',
    invoiceDate: args.invoiceDate,
    dueDate: addDays(args.invoiceDate, 7),
    periodStart: plan.from,
    periodEnd: plan.to,
    lines: plan.lines,
  })
  return { invoice, nextBillingDate: plan.nextBillingDate, explanation: plan.explanation }
}
