import type { FieldAccess, PayloadRequest } from 'payload'

import { canWrite, holdsPermission, type Permission } from '../domain/staffPermissions'
import { staffOf } from './identity'

/** A yes/no rule about the requester; usable as collection, field, admin-panel or jobs access. */
export type StaffRule = (args: { req: PayloadRequest }) => boolean

/** Any staff member, support included: read access to back-office data. */
export const isStaff: StaffRule = ({ req }) => Boolean(staffOf(req))

/** Staff who may change things: admin and billing, never support. */
export const isStaffWriter: StaffRule = ({ req }) => {
  const staff = staffOf(req)
  return Boolean(staff && canWrite(staff))
}

export const isAdmin: StaffRule = ({ req }) => staffOf(req)?.role === 'admin'

export const isAdminField: FieldAccess = ({ req }) => isAdmin({ req })

/** Staff holding one named permission (admins hold them all). */
export const hasPermission =
  (permission: Permission): StaffRule =>
  ({ req }) => {
    const staff = staffOf(req)
    return Boolean(staff && holdsPermission(staff, permission))
  }

export const isStaffField: FieldAccess = ({ req }) => isStaff({ req })

export const isStaffWriterField: FieldAccess = ({ req }) => isStaffWriter({ req })

/** Writes to billing records (invoices, payments, payment methods, balances). */
export const canManageBilling: StaffRule = hasPermission('billing_manage')

export const canManageBillingField: FieldAccess = ({ req }) => canManageBilling({ req })
