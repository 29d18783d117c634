import type { CollectionAfterChangeHook } from 'payload'

import { staffOf } from '../access/identity'
import type { Service } from '../payload-types'

/**
 * A service a staff member creates (admin panel, REST, GraphQL) starts its audit trail: who
 * created it, and in what status. On the creating request's transaction. Services the system
 * creates (the demo seed, migrations of legacy orders) write their own history.
 */
export const auditServiceCreation: CollectionAfterChangeHook<Service> = async ({ doc, operation, req }) => {
  const staff = staffOf(req)
  if (operation !== 'create' || !staff) return doc
  await req.payload.create({
    collection: 'service-actions',
    data: {
      service: doc.id,
      customer: typeof doc.customer === 'object' ? doc.customer.id : doc.customer,
      staffUser: staff.id as number,
      action: 'create',
      reason: 'Service created',
      newStatus: doc.status,
    },
    req,
    overrideAccess: true,
    depth: 0,
  })
  return doc
}
