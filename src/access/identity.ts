import type { PayloadRequest } from 'payload'

import { isStaffRole, type StaffRole } from '../domain/staffPermissions'

export const STAFF = 'users'
export const CUSTOMERS = 'customers'

type AuthUser = NonNullable<PayloadRequest['user']>

export type StaffUser = AuthUser & { collection: typeof STAFF; role: StaffRole; permissions?: string[] | null }
export type CustomerUser = AuthUser & { collection: typeof CUSTOMERS }

/** A staff user, or undefined. A user without a known role is treated as no staff at all. */
export function staffOf(req: Pick<PayloadRequest, 'user'>): StaffUser | undefined {
  const user = req.user as (AuthUser & { role?: unknown }) | null | undefined
  if (!user || user.collection !== STAFF || !isStaffRole(user.role)) return undefined
  return user as StaffUser
}

export function customerOf(req: Pick<PayloadRequest, 'user'>): CustomerUser | undefined {
  const user = req.user
  if (!user || user.collection !== CUSTOMERS) return undefined
  return user as CustomerUser
}
