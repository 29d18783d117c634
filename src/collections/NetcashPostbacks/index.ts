import type { CollectionConfig } from 'payload'

import { nobody } from '../../access/compose'
import { isStaff } from '../../access/staff'
import { NETCASH_POSTBACK_KINDS, NETCASH_POSTBACK_STATUSES } from '../../domain/catalogue'
import { statusField } from '../fields'

/**
 * Every postback NetCash sent us, stored before anything acts on it (Lago's pattern): the webhook
 * only records it and queues its processing; a job acts on it once (`status` moves from
 * `received` under a row lock). `fingerprint` (unique) makes a duplicate delivery one row. The
 * fields are kept as sent, less the masked account number and links. A postback is only a hint:
 * processing checks it against what we issued, and `outcome` says what it did or why it was
 * ignored. Staff read them; nobody writes them through the API.
 */
export const NetcashPostbacks: CollectionConfig = {
  slug: 'netcash-postbacks',
  labels: { singular: 'NetCash postback', plural: 'NetCash postbacks' },
  admin: {
    group: 'Billing',
    useAsTitle: 'reference',
    defaultColumns: ['createdAt', 'kind', 'reference', 'status', 'outcome'],
    description: 'What NetCash told us about mandates and Pay Now payments, and what we did with it.',
  },
  access: { read: isStaff, create: nobody, update: nobody, delete: nobody },
  fields: [
    statusField('kind', NETCASH_POSTBACK_KINDS),
    { name: 'reference', type: 'text', required: true, index: true, label: 'Reference', admin: { description: 'The account reference (mandates) or payment reference (Pay Now).' } },
    { name: 'fingerprint', type: 'text', required: true, unique: true, admin: { hidden: true } },
    { name: 'fields', type: 'json', required: true, admin: { readOnly: true } },
    statusField('status', NETCASH_POSTBACK_STATUSES, { defaultValue: 'received' }),
    { name: 'outcome', type: 'text', admin: { readOnly: true } },
    { name: 'receivedCount', type: 'number', defaultValue: 1, label: 'Times received', admin: { readOnly: true } },
    { name: 'processedAt', type: 'date', admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' } } },
  ],
}
