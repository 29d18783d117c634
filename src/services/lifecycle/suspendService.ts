import type { Payload, PayloadRequest } from 'payload'

import { sastMidnight } from '../../domain/calendarDate'
import type { SUSPENSION_TYPES } from '../../domain/catalogue'
import type { Service, ServiceAction, ServiceSuspension } from '../../payload-types'
import { ok, type Result } from '../result'
import { queueSideEffects } from '../outbox'
import { withTransaction } from '../withTransaction'
import { lockServiceFor, recordServiceAction, updateService, type LifecycleArgs, type LifecycleRefusal } from './lifecycleStep'

export type Suspended = { service: Service; suspension: ServiceSuspension; action: ServiceAction }

/**
 * active -> suspended, in one transaction: the suspension record (type, reason, whether billing
 * pauses), the suspension date, billing paused when asked, the audit entry, and the customer's
 * notification and the network disablement queued. One open suspension per service at most (a
 * partial unique index).
 */
export async function suspendService(
  on: Payload | PayloadRequest,
  args: LifecycleArgs & { suspensionType: (typeof SUSPENSION_TYPES)[number]; skipBilling?: boolean },
): Promise<Result<Suspended, LifecycleRefusal>> {
  return withTransaction(on, async (req) => {
    const locked = await lockServiceFor(req, args, { from: ['active'], to: 'suspended' })
    if ('ok' in locked) return locked
    const { service, today } = locked
    const skipBilling = args.skipBilling ?? false
    const suspension = await req.payload.create({
      collection: 'service-suspensions',
      data: { service: service.id, suspensionType: args.suspensionType, reason: args.reason.trim(), suspendedAt: args.now.toISOString(), skipBilling },
      req,
      overrideAccess: true,
      depth: 0,
    })
    const updated = await updateService(req, service.id, { status: 'suspended', suspensionDate: sastMidnight(today), billingPaused: skipBilling })
    const action = await recordServiceAction(req, { ...args, action: 'suspend', previousStatus: service.status, newStatus: 'suspended' })
    await queueSideEffects(req, { customerId: locked.customerId, serviceId: service.id, serviceActionId: action.id, template: 'service_suspended', network: 'disable' })
    return ok({ service: updated, suspension, action })
  })
}
