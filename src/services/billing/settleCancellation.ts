import type { PayloadRequest } from 'payload'

import { addDays, type CalendarDate } from '../../domain/calendarDate'
import type { AccountType } from '../../domain/catalogue'
import type { Invoice, Service } from '../../payload-types'
import { allocateToOpenInvoices } from './allocate'
import { issueInvoice } from './issueInvoice'
import { lockAccount } from './ledger'
import { invoicedPeriodsFrom, planCancellation } from './plans'

export type Settlement = { finalInvoice?: Invoice; creditNotes: Invoice[] }

/**
 * On cancellation: a final invoice for days used that were never invoiced, and a credit note for
 * each invoice that charged for days after the cancellation date (applied to that invoice while
 * it is open; any rest is account credit). Runs on the caller's transaction.
 */
export async function settleCancellation(
  req: PayloadRequest,
  args: {
    service: Service
    customerId: number
    accountType: AccountType
    cancellationDate: CalendarDate
    invoiceDate: CalendarDate
    /** False while billing is paused (a suspension that skips billing): unbilled days were not used. */
    chargeUnbilledDays?: boolean
  },
): Promise<Settlement> {
  const { service } = args
  await lockAccount(req, args.customerId)
  const invoiced = await invoicedPeriodsFrom(req, service, args.cancellationDate, args.accountType)
  const plan = planCancellation({ ...args, invoiced, chargeUnbilledDays: args.chargeUnbilledDays })

  const settlement: Settlement = { creditNotes: [] }
  if (plan.charges.length) {
    settlement.finalInvoice = await issueInvoice(req, {
      customerId: args.customerId,
      serviceId: service.id,
      kind: 'final',
      invoiceDate: args.invoiceDate,
      dueDate: addDays(args.invoiceDate, 7),
      periodEnd: args.cancellationDate,
      lines: plan.charges,
    })
  }
  for (const credit of plan.credits) {
    const note = await issueInvoice(req, {
      customerId: args.customerId,
      serviceId: service.id,
      kind: 'credit_note',
      invoiceDate: args.invoiceDate,
      dueDate: args.invoiceDate,
      periodStart: credit.from,
      periodEnd: credit.to,
      creditedInvoiceId: credit.creditedInvoiceId,
      lines: [credit.line],
    })
    await allocateToOpenInvoices(req, {
      customerId: args.customerId,
      amountCents: note.totalCents ?? 0,
      invoiceId: credit.creditedInvoiceId,
      source: { creditNoteId: note.id },
      asOf: args.invoiceDate,
    })
    settlement.creditNotes.push(note)
  }
  return settlement
}
