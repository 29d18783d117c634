import type { CollectionConfig } from 'payload'

import { anyOf, nobody } from '../../access/compose'
import { isOwnRecord } from '../../access/customers'
import { isStaff } from '../../access/staff'
import { centsField, customerField } from '../fields'

/**
 * How money settles invoices: each row applies part of a payment (or of a credit note) to one
 * invoice. An invoice's amount paid is the sum of its allocations; what a payment leaves
 * unallocated is account credit. Written only by the billing services.
 */
export const PaymentAllocations: CollectionConfig = {
  slug: 'payment-allocations',
  labels: { singular: 'Payment allocation', plural: 'Payment allocations' },
  admin: {
    group: 'Billing',
    defaultColumns: ['invoice', 'amountCents', 'payment', 'creditNote', 'createdAt'],
  },
  access: { read: anyOf(isStaff, isOwnRecord), create: nobody, update: nobody, delete: nobody },
  fields: [
    customerField(),
    { name: 'invoice', type: 'relationship', relationTo: 'invoices', required: true, index: true },
    centsField('amountCents', { label: 'Amount', required: true, min: 1 }),
    { name: 'payment', type: 'relationship', relationTo: 'payment-transactions', index: true },
    { name: 'creditNote', type: 'relationship', relationTo: 'invoices', index: true, admin: { description: 'The credit note applied, when the money is a credit rather than a payment.' } },
  ],
}
