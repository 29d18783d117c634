import type { Access } from 'payload'

import { customerOf } from './identity'

/** A customer sees only their own customer record. */
export const isSelfCustomer: Access = ({ req }) => {
  const customer = customerOf(req)
  return customer ? { id: { equals: customer.id } } : false
}
