import type { Payload, PayloadRequest } from 'payload'

import { periodContaining } from '../../domain/billingPeriod'
import { addDays, sastDateOf, sastMidnight, type CalendarDate } from '../../domain/calendarDate'
import type { Invoice, Service, ServiceAction } from '../../payload-types'
import { ISSUE_DAYS_AHEAD, MAX_PERIODS_BEHIND, isBillable, issueNextPeriod } from '../billing/issueRecurringInvoices'
import { settleCancellation } from '../billing/settleCancellation'
import { ok, refuse, type Result } from '../result'
import { queueSideEffects } from '../outbox'
import { withTransaction } from '../withTransaction'
import { lockServiceFor, outsideDatingWindow, recordServiceAction, updateService, type LifecycleArgs, type LifecycleRefusal } from './lifecycleStep'

export type Cancelled = { service: Service; finalInvoice: Invoice | null; creditNotes: Invoice[]; action: ServiceAction }

/**
 * pending, active or suspended -> cancelled (final), in one transaction: the cancellation date
 * (today unless given; not in the future, not before activation), the billing engine's settlement
 * (a final invoice for used days never invoiced, a credit note for prepaid days not used; nothing
 * for a service never activated), billing stopped, the audit entry, and the notification and
 * network disablement queued.
 */
export async function cancelService(
  on: Payload | PayloadRequest,
  args: LifecycleArgs & { cancellationDate?: CalendarDate },
): Promise<Result<Cancelled, LifecycleRefusal>> {
  return withTransaction(on, async (req) => {
    const locked = await lockServiceFor(req, args, { from: ['pending', 'active', 'suspended'], to: 'cancelled' })
    if ('ok' in locked) return locked
    const { service, today } = locked
    const date = args.cancellationDate ?? today
    const badDate = outsideDatingWindow(date, today, 'cancellationDate', 'cancelled')
    if (badDate) return badDate
    const activated = service.activationDate ? sastDateOf(service.activationDate) : undefined
    if (activated && date < activated) {
      return refuse('DATE_BEFORE_ACTIVATION', `The service was activated on ${activated}: it cannot be cancelled before that`, 'cancellationDate')
    }

    // Whole periods before the one being cancelled in that were never invoiced (a runner that was
    // down, a suspension that kept billing) are billed first, as the recurring run would have.
    if (activated && isBillable(service)) {
      const beforeCurrent = addDays(periodContaining(date, service.billingDay).start, -1 - ISSUE_DAYS_AHEAD)
      for (let i = 0; i <= MAX_PERIODS_BEHIND; i++) {
        const step = await issueNextPeriod(req, { serviceId: service.id, asOf: beforeCurrent, invoiceDate: today })
        if (!step.ok || step.value.kind === 'done') break
      }
    }
    const settlement = activated
      ? await settleCancellation(req, {
          service,
          customerId: locked.customerId,
          accountType: locked.accountType,
          cancellationDate: date,
          invoiceDate: today,
          chargeUnbilledDays: !service.billingPaused,
        })
      : { creditNotes: [] as Invoice[], finalInvoice: undefined }
    const updated = await updateService(req, service.id, {
      status: 'cancelled',
      cancellationDate: sastMidnight(date),
      billingPaused: true,
      nextBillingDate: null,
    })
    const action = await recordServiceAction(req, { ...args, action: 'cancel', previousStatus: service.status, newStatus: 'cancelled' })
    await queueSideEffects(req, {
      customerId: locked.customerId,
      serviceId: service.id,
      serviceActionId: action.id,
      template: 'service_cancelled',
      network: service.status === 'pending' ? undefined : 'disable',
      invoiceId: settlement.finalInvoice?.id,
    })
    return ok({ service: updated, finalInvoice: settlement.finalInvoice ?? null, creditNotes: settlement.creditNotes, action })
  })
}
