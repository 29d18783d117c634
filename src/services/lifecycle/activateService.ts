import type { Payload, PayloadRequest } from 'payload'

import { sastMidnight, type CalendarDate } from '../../domain/calendarDate'
import type { Invoice, Service, ServiceAction } from '../../payload-types'
import { issueProRataInvoice } from '../billing/issueProRataInvoice'
import { ok, type Result } from '../result'
import { queueSideEffects } from '../outbox'
import { withTransaction } from '../withTransaction'
import { lockServiceFor, outsideDatingWindow, recordServiceAction, updateService, type LifecycleArgs, type LifecycleRefusal } from './lifecycleStep'

export type Activated = { service: Service; invoice: Invoice; action: ServiceAction }

/**
 * pending -> active, in one transaction: the activation date (today unless given; never in the
 * future), the pro-rata invoice from that date to the next billing date, the next billing date on
 * the service so recurring billing continues from there, the audit entry, and the customer's
 * notification and the network enablement queued.
 */
export async function activateService(
  on: Payload | PayloadRequest,
  args: LifecycleArgs & { activationDate?: CalendarDate },
): Promise<Result<Activated, LifecycleRefusal>> {
  return withTransaction(on, async (req) => {
    const locked = await lockServiceFor(req, args, { from: ['pending'], to: 'active' })
    if ('ok' in locked) return locked
    const { service, today } = locked
    const date = args.activationDate ?? today
    const badDate = outsideDatingWindow(date, today, 'activationDate', 'activated')
    if (badDate) return badDate

    const updated = await updateService(req, service.id, { status: 'active', activationDate: sastMidnight(date), billingPaused: false })
    const { invoice, nextBillingDate } = await issueProRataInvoice(req, {
      service: updated,
      customerId: locked.customerId,
      accountType: locked.accountType,
      kind: 'activation',
      date,
      invoiceDate: today,
    })
    const final = await updateService(req, service.id, { nextBillingDate: sastMidnight(nextBillingDate) })
    const action = await recordServiceAction(req, { ...args, action: 'activate', previousStatus: service.status, newStatus: 'active' })
    await queueSideEffects(req, { customerId: locked.customerId, serviceId: service.id, serviceActionId: action.id, template: 'service_activated', network: 'enable', invoiceId: invoice.id })
    return ok({ service: final, invoice, action })
  })
}
