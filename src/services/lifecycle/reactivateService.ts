import type { Payload, PayloadRequest } from 'payload'

import { sastDateOf, sastMidnight } from '../../domain/calendarDate'
import type { Invoice, Service, ServiceAction } from '../../payload-types'
import { issueProRataInvoice } from '../billing/issueProRataInvoice'
import { ok, type Result } from '../result'
import { queueSideEffects } from '../outbox'
import { withTransaction } from '../withTransaction'
import { lockServiceFor, recordServiceAction, updateService, type LifecycleArgs, type LifecycleRefusal } from './lifecycleStep'

export type Reactivated = { service: Service; invoice: Invoice | null; action: ServiceAction }

/**
 * suspended -> active, in one transaction: the open suspension closed, billing resumed, the audit
 * entry, notification and network enablement queued. When billing was paused and the current
 * period has not been invoiced, a pro-rata invoice covers today to the next billing date (the
 * paused days before today are not charged); when billing ran on through the suspension there is
 * nothing to invoice.
 */
export async function reactivateService(on: Payload | PayloadRequest, args: LifecycleArgs): Promise<Result<Reactivated, LifecycleRefusal>> {
  return withTransaction(on, async (req) => {
    const locked = await lockServiceFor(req, args, { from: ['suspended'], to: 'active' })
    if ('ok' in locked) return locked
    const { service, today } = locked
    const open = await req.payload.find({
      collection: 'service-suspensions',
      where: { and: [{ service: { equals: service.id } }, { reactivatedAt: { exists: false } }] },
      depth: 0,
      limit: 10,
      req,
      overrideAccess: true,
    })
    for (const suspension of open.docs) {
      await req.payload.update({ collection: 'service-suspensions', id: suspension.id, data: { reactivatedAt: args.now.toISOString() }, req, overrideAccess: true, depth: 0 })
    }

    let invoice: Invoice | null = null
    let nextBillingDate = service.nextBillingDate
    const invoicedThrough = service.nextBillingDate ? sastDateOf(service.nextBillingDate) : undefined
    if (service.billingPaused && !(invoicedThrough && invoicedThrough > today)) {
      const issued = await issueProRataInvoice(req, {
        service,
        customerId: locked.customerId,
        accountType: locked.accountType,
        kind: 'reactivation',
        date: today,
        invoiceDate: today,
      })
      invoice = issued.invoice
      nextBillingDate = sastMidnight(issued.nextBillingDate)
    }
    const updated = await updateService(req, service.id, { status: 'active', suspensionDate: null, billingPaused: false, nextBillingDate })
    const action = await recordServiceAction(req, { ...args, action: 'reactivate', previousStatus: service.status, newStatus: 'active' })
    await queueSideEffects(req, { customerId: locked.customerId, serviceId: service.id, serviceActionId: action.id, template: 'service_reactivated', network: 'enable', invoiceId: invoice?.id })
    return ok({ service: updated, invoice, action })
  })
}
