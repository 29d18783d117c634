import type { CollectionConfig } from 'payload'

import { nobody } from '../../access/compose'
import { isStaff } from '../../access/staff'
import { SERVICE_ACTIONS, SERVICE_STATUSES } from '../../domain/catalogue'
import { sameCustomer } from '../../hooks/sameCustomer'
import { statusField } from '../fields'

/**
 * The service audit trail: who did what to which service, when, why, and the status before and
 * after. Append-only: written only by the lifecycle operations, never updated or deleted (the
 * database refuses UPDATE and DELETE on this table outright).
 */
export const ServiceActions: CollectionConfig = {
  slug: 'service-actions',
  labels: { singular: 'Service action', plural: 'Service action log' },
  admin: {
    group: 'Operations',
    defaultColumns: ['createdAt', 'service', 'action', 'previousStatus', 'newStatus', 'staffUser', 'reason'],
  },
  access: { read: isStaff, create: nobody, update: nobody, delete: nobody },
  indexes: [{ fields: ['service', 'createdAt'] }],
  hooks: { beforeValidate: [sameCustomer([{ field: 'service', collection: 'services' }])] },
  fields: [
    { name: 'service', type: 'relationship', relationTo: 'services', required: true, index: true },
    { name: 'customer', type: 'relationship', relationTo: 'customers', required: true, index: true },
    { name: 'staffUser', type: 'relationship', relationTo: 'users', label: 'Staff member', admin: { description: 'Empty when the system acted (a scheduled job).' } },
    statusField('action', SERVICE_ACTIONS),
    { name: 'reason', type: 'text', required: true },
    { name: 'notes', type: 'textarea' },
    statusField('previousStatus', SERVICE_STATUSES, { required: false, index: false }),
    statusField('newStatus', SERVICE_STATUSES, { required: false, index: false }),
  ],
}
