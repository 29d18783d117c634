import type { CollectionConfig } from 'payload'

import { nobody } from '../../access/compose'
import { isAdmin, isStaff } from '../../access/staff'
import { SUSPENSION_TYPES } from '../../domain/catalogue'
import { statusField } from '../fields'

/** One row per suspension, opened by suspend and closed by reactivate (admins may correct one). */
export const ServiceSuspensions: CollectionConfig = {
  slug: 'service-suspensions',
  labels: { singular: 'Service suspension', plural: 'Service suspensions' },
  admin: {
    group: 'Services',
    defaultColumns: ['service', 'suspensionType', 'suspendedAt', 'reactivatedAt', 'skipBilling'],
  },
  access: { read: isStaff, create: nobody, update: isAdmin, delete: nobody },
  fields: [
    { name: 'service', type: 'relationship', relationTo: 'services', required: true, index: true },
    statusField('suspensionType', SUSPENSION_TYPES, { label: 'Type' }),
    { name: 'reason', type: 'text' },
    { name: 'suspendedAt', type: 'date', required: true, admin: { date: { pickerAppearance: 'dayAndTime' } } },
    { name: 'reactivatedAt', type: 'date', admin: { date: { pickerAppearance: 'dayAndTime' } } },
    { name: 'skipBilling', type: 'checkbox', defaultValue: false, label: 'Pause billing while suspended' },
  ],
}
