import type { CollectionConfig } from 'payload'

import { anyOf } from '../../access/compose'
import { isAdmin, isAdminField, isStaff } from '../../access/staff'
import { staffOf } from '../../access/identity'
import { PERMISSION_LABELS, PERMISSIONS, STAFF_ROLES } from '../../domain/staffPermissions'
import { getConfig } from '../../lib/config'
import { clearLoginThrottle, limitLoginRate } from '../../hooks/limitLoginRate'
import { forgotPasswordWithoutMail, queuePasswordResetEmail } from '../../hooks/passwordResetByJob'
import { verificationIsOff } from '../../endpoints/authEdges'
import { forgotPasswordEndpoint } from '../../endpoints/forgotPassword'
import { apiKeysByAdmins } from './apiKeysByAdmins'
import { clearPermissionsUnlessBilling, refusePermissionsForSupport } from './permissionsForRole'

const isSelf: import('payload').Access = ({ req }) => {
  const staff = staffOf(req)
  return staff ? { id: { equals: staff.id } } : false
}

export const Users: CollectionConfig = {
  slug: 'users',
  labels: { singular: 'Staff user', plural: 'Staff users' },
  admin: {
    group: 'System',
    useAsTitle: 'email',
    defaultColumns: ['email', 'name', 'role', 'permissions'],
    description: 'Back-office staff. Admins hold every permission; support is read-only.',
  },
  auth: {
    // No lockout: it lets anyone who knows an email lock its owner out. Logins are throttled
    // per address and per account instead (src/hooks/limitLoginRate.ts).
    maxLoginAttempts: 0,
    cookies: { secure: getConfig().secureCookies, sameSite: 'Lax' },
    // Integrations and external schedulers authenticate as a staff user with
    // `Authorization: users API-Key <key>` and hold exactly that user's role and permissions.
    // Payload stores the key encrypted, finds it by an HMAC index, and never returns it on a read;
    // only admins set one (./apiKeysByAdmins.ts).
    useAPIKey: true,
  },
  endpoints: [verificationIsOff, forgotPasswordEndpoint('users')],
  access: {
    admin: isStaff,
    read: isStaff,
    create: isAdmin,
    // Staff may change their own name and password; role and permissions are admin-only fields.
    update: anyOf(isAdmin, isSelf),
    delete: isAdmin,
  },
  hooks: {
    beforeOperation: [limitLoginRate, forgotPasswordWithoutMail],
    afterOperation: [queuePasswordResetEmail],
    afterLogin: [clearLoginThrottle],
    beforeValidate: [refusePermissionsForSupport, apiKeysByAdmins],
    beforeChange: [clearPermissionsUnlessBilling],
  },
  fields: [
    // Declared here (Payload adds its own after our plugins run) so the field rules see it: an
    // email that is not text is a 400, not a 500.
    { name: 'email', type: 'email', required: true },
    { name: 'name', type: 'text', required: true },
    {
      name: 'role',
      type: 'select',
      required: true,
      defaultValue: 'support',
      options: STAFF_ROLES.map((r) => ({ label: r[0].toUpperCase() + r.slice(1), value: r })),
      access: { create: isAdminField, update: isAdminField },
      admin: { description: 'Admin: everything. Billing: what the permissions below grant. Support: read-only.' },
    },
    {
      name: 'permissions',
      type: 'select',
      hasMany: true,
      options: PERMISSIONS.map((p) => ({ label: PERMISSION_LABELS[p], value: p })),
      access: { create: isAdminField, update: isAdminField },
      admin: {
        description: 'Only meaningful for billing staff: admins hold all, support none.',
        condition: (data) => data?.role === 'billing',
      },
    },
  ],
}
