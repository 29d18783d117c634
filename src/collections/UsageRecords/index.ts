import type { CollectionBeforeChangeHook, CollectionConfig } from 'payload'

import { anyOf } from '../../access/compose'
import { isOwnRecord } from '../../access/customers'
import { isAdmin, isStaff, isStaffWriter } from '../../access/staff'
import { USAGE_SOURCES } from '../../domain/catalogue'
import { sameCustomer } from '../../hooks/sameCustomer'
import { calendarDateField, customerField, statusField, wholeNumberField } from '../fields'

const deriveTotal: CollectionBeforeChangeHook = ({ data, originalDoc }) => {
  const up = data.uploadBytes ?? originalDoc?.uploadBytes ?? 0
  const down = data.downloadBytes ?? originalDoc?.downloadBytes ?? 0
  data.totalBytes = up + down
  return data
}

/** One row per service per SAST day (unique at the database), synced from Interstellio or entered by staff. */
export const UsageRecords: CollectionConfig = {
  slug: 'usage-records',
  labels: { singular: 'Usage record', plural: 'Usage records' },
  admin: {
    group: 'Services',
    defaultColumns: ['date', 'service', 'customer', 'downloadBytes', 'uploadBytes', 'totalBytes', 'source'],
  },
  access: {
    read: anyOf(isStaff, isOwnRecord),
    create: isStaffWriter,
    update: isStaffWriter,
    delete: isAdmin,
  },
  hooks: { beforeValidate: [sameCustomer([{ field: 'service', collection: 'services' }])], beforeChange: [deriveTotal] },
  indexes: [{ fields: ['service', 'date'], unique: true }, { fields: ['customer', 'date'] }],
  fields: [
    { name: 'service', type: 'relationship', relationTo: 'services', required: true, index: true },
    customerField(),
    calendarDateField('date', { label: 'Date', required: true, index: true }),
    wholeNumberField('uploadBytes', { label: 'Upload', required: true, min: 0, admin: { components: { Cell: '/src/components/admin/fields/GbCell#GbCell' }, description: 'In bytes, as the network reports it; lists show GB.' } }),
    wholeNumberField('downloadBytes', { label: 'Download', required: true, min: 0, admin: { components: { Cell: '/src/components/admin/fields/GbCell#GbCell' }, description: 'In bytes, as the network reports it; lists show GB.' } }),
    wholeNumberField('totalBytes', { label: 'Total', access: { create: () => false, update: () => false }, admin: { readOnly: true, components: { Cell: '/src/components/admin/fields/GbCell#GbCell' } } }),
    statusField('source', USAGE_SOURCES, { defaultValue: 'manual', index: false }),
  ],
}
