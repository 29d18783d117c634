import type { Access } from 'payload'

import { customerOf } from './identity'

/** A customer sees only their own customer record. */
export const isSelfCustomer: Access = ({ req }) => {
  const customer = customerOf(req)
  return customer ? { id: { equals: customer.id } } : false
}

/**
 * A customer's own rows in a customer-owned collection: a `Where` on its `customer` field, so
 * Payload filters in SQL (lists, counts, by-id reads, relationship population, GraphQL nesting).
 */
export const isOwnRecord: Access = ({ req }) => {
  const customer = customerOf(req)
  return customer ? { customer: { equals: customer.id } } : false
}
