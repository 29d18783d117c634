import type { CollectionConfig } from 'payload'

import { anyOf } from '../../access/compose'
import { isSelfCustomer } from '../../access/customers'
import { isAdmin, isStaff, isStaffWriter } from '../../access/staff'
import { portalSessionStrategy } from '../../endpoints/portal/session'
import { portalAuthEndpoints } from '../../endpoints/portal/auth'
import { limitLoginRate } from '../../hooks/limitLoginRate'
import { getConfig } from '../../lib/config'

/**
 * Portal accounts. Customers sign in with their own cookie (see `src/endpoints/portal/session.ts`)
 * so a staff session and a customer session in one browser never overwrite each other.
 */
export const Customers: CollectionConfig = {
  slug: 'customers',
  admin: {
    group: 'Customers',
    useAsTitle: 'email',
    defaultColumns: ['email', 'firstName', 'lastName', 'createdAt'],
  },
  auth: {
    maxLoginAttempts: getConfig().login.maxAttempts,
    lockTime: getConfig().login.lockSeconds * 1000,
    cookies: { secure: getConfig().secureCookies, sameSite: 'Lax' },
    strategies: [portalSessionStrategy],
  },
  endpoints: portalAuthEndpoints,
  access: {
    read: anyOf(isStaff, isSelfCustomer),
    create: isStaffWriter,
    update: anyOf(isStaffWriter, isSelfCustomer),
    delete: isAdmin,
  },
  hooks: {
    beforeOperation: [limitLoginRate],
  },
  fields: [
    { name: 'firstName', type: 'text', required: true },
    { name: 'lastName', type: 'text', required: true },
  ],
}
