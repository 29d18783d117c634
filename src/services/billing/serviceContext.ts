import type { PayloadRequest } from 'payload'

import type { AccountType } from '../../domain/catalogue'
import { sastDateOf, type CalendarDate } from '../../domain/calendarDate'
import type { Service } from '../../payload-types'

export type ServiceContext = {
  service: Service
  customerId: number
  accountType: AccountType
  activationDate?: CalendarDate
  nextBillingDate?: CalendarDate
}

/** A service with what billing needs to know about it and its customer. */
export async function loadServiceContext(req: PayloadRequest, serviceId: number): Promise<ServiceContext | undefined> {
  const service = await req.payload.findByID({ collection: 'services', id: serviceId, depth: 0, req, disableErrors: true, overrideAccess: true })
  if (!service) return undefined
  const customerId = service.customer as number
  const customer = await req.payload.findByID({ collection: 'customers', id: customerId, depth: 0, req, overrideAccess: true })
  return {
    service,
    customerId,
    accountType: customer.accountType,
    activationDate: service.activationDate ? sastDateOf(service.activationDate) : undefined,
    nextBillingDate: service.nextBillingDate ? sastDateOf(service.nextBillingDate) : undefined,
  }
}
