import type { Access } from 'payload'

import { customerOf } from '../../access/identity'

/**
 * A customer sees the packages on sale: a `Where`, so Payload filters in SQL (lists, by-id reads,
 * counts, a service's populated product, GraphQL nesting). A withdrawn package is staff-only.
 */
export const activeProductsForCustomers: Access = ({ req }) => (customerOf(req) ? { active: { equals: true } } : false)
