import type { CollectionConfig } from 'payload'

import { anyOf } from '../../access/compose'
import { isOwnRecord } from '../../access/customers'
import { isAdmin, isStaff, isStaffWriter } from '../../access/staff'
import { ORDER_STATUSES } from '../../domain/catalogue'
import { centsField, statusField } from '../fields'

/**
 * Orders placed on the website before a customer account exists. `customer` is backfilled by
 * matching the order email to a customer (the legacy migration tooling does that).
 */
export const ConsumerOrders: CollectionConfig = {
  slug: 'consumer-orders',
  labels: { singular: 'Consumer order', plural: 'Consumer orders' },
  admin: {
    group: 'Customers',
    useAsTitle: 'orderNumber',
    defaultColumns: ['orderNumber', 'customerEmail', 'customer', 'status', 'createdAt'],
    listSearchableFields: ['orderNumber', 'customerEmail'],
  },
  // Customers see their own orders (matched to them by email when the order came in).
  access: { read: anyOf(isStaff, isOwnRecord), create: isStaffWriter, update: isStaffWriter, delete: isAdmin },
  fields: [
    { name: 'orderNumber', type: 'text', required: true, unique: true },
    { name: 'customerEmail', type: 'email', required: true, index: true },
    { name: 'customer', type: 'relationship', relationTo: 'customers', index: true },
    statusField('status', ORDER_STATUSES, { defaultValue: 'pending' }),
    { name: 'reference', type: 'text', admin: { description: "The old website's payment or quote reference." } },
    centsField('amountCents', { label: 'Amount', min: 0, admin: { description: 'The price as the order was placed (incl. VAT).' } }),
    { name: 'placedAt', type: 'date', label: 'Placed at', admin: { date: { pickerAppearance: 'dayAndTime' } } },
    {
      name: 'legacyId',
      type: 'number',
      label: 'Legacy order id',
      unique: true,
      access: { create: () => false, update: () => false },
      admin: { readOnly: true, position: 'sidebar', description: 'Its id in the old orders table, for orders brought across by npm run migrate-legacy (docs/migration.md).' },
    },
    { name: 'details', type: 'json', admin: { description: 'The order as placed: package, address, contact.' } },
  ],
}
