import type { CollectionConfig } from 'payload'

import { isAdmin, isStaff, isStaffWriter } from '../../access/staff'

/** Records a migration or sync could not reconcile, for staff to review and resolve. */
export const ValidationErrors: CollectionConfig = {
  slug: 'validation-errors',
  labels: { singular: 'Validation error', plural: 'Validation errors' },
  admin: {
    group: 'Operations',
    useAsTitle: 'recordReference',
    defaultColumns: ['source', 'recordReference', 'reason', 'resolved', 'createdAt'],
  },
  access: { read: isStaff, create: isStaffWriter, update: isStaffWriter, delete: isAdmin },
  fields: [
    { name: 'source', type: 'text', required: true, index: true, admin: { description: 'What found it, e.g. "consumer-orders backfill".' } },
    { name: 'recordReference', type: 'text', required: true, label: 'Record' },
    { name: 'reason', type: 'text', required: true },
    { name: 'suggestedFix', type: 'textarea' },
    { name: 'resolved', type: 'checkbox', defaultValue: false, index: true },
    { name: 'resolvedAt', type: 'date', admin: { condition: (data) => Boolean(data?.resolved) } },
    { name: 'resolvedBy', type: 'relationship', relationTo: 'users', admin: { condition: (data) => Boolean(data?.resolved) } },
  ],
}
