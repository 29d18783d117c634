/** Staff roles and permissions: the rules, with no Payload in sight. */

export const STAFF_ROLES = ['admin', 'billing', 'support'] as const
export type StaffRole = (typeof STAFF_ROLES)[number]

/**
 * Permission names use underscores, not the `services:activate` style: Payload exposes a select
 * field's values as GraphQL enum names, which may only hold [_a-zA-Z0-9].
 */
export const PERMISSIONS = [
  'services_activate',
  'services_suspend',
  'services_cancel',
  'billing_manage',
] as const
export type Permission = (typeof PERMISSIONS)[number]

export const PERMISSION_LABELS: Record<Permission, string> = {
  services_activate: 'Activate and reactivate services',
  services_suspend: 'Suspend services',
  services_cancel: 'Cancel services',
  billing_manage: 'Manage billing (invoices, payments, credit notes)',
}

export type StaffIdentity = { role?: string | null; permissions?: readonly string[] | null }

export const isStaffRole = (role: unknown): role is StaffRole =>
  typeof role === 'string' && (STAFF_ROLES as readonly string[]).includes(role)

/**
 * What a staff member may do. Admins hold every permission whatever is stored; support is
 * read-only whatever is stored; billing staff hold exactly what they were granted.
 */
export function effectivePermissions(staff: StaffIdentity): ReadonlySet<Permission> {
  if (staff.role === 'admin') return new Set(PERMISSIONS)
  if (staff.role !== 'billing') return new Set()
  return new Set((staff.permissions ?? []).filter((p): p is Permission => (PERMISSIONS as readonly string[]).includes(p)))
}

export const holdsPermission = (staff: StaffIdentity, permission: Permission) =>
  effectivePermissions(staff).has(permission)

/** Support staff can look at everything and change nothing. */
export const canWrite = (staff: StaffIdentity) => staff.role === 'admin' || staff.role === 'billing'
