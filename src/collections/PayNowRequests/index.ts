import type { CollectionConfig } from 'payload'

import { anyOf, nobody } from '../../access/compose'
import { isOwnRecord } from '../../access/customers'
import { isStaff } from '../../access/staff'
import { PAY_NOW_STATUSES } from '../../domain/catalogue'
import { centsField, customerField, statusField } from '../fields'

/**
 * A customer's "Pay now" on an invoice, as sent to NetCash Pay Now: the reference (unique, one per
 * attempt) and the amount we asked for. The notify postback is believed only when its reference
 * is one of these, still `started`, and its amount this amount; the payment it records is
 * `paynow:<reference>` (unique), so it counts once however often NetCash tells us.
 */
export const PayNowRequests: CollectionConfig = {
  slug: 'pay-now-requests',
  labels: { singular: 'Pay Now request', plural: 'Pay Now requests' },
  admin: { group: 'Billing', useAsTitle: 'reference', defaultColumns: ['createdAt', 'reference', 'customer', 'invoice', 'amountCents', 'status'] },
  access: { read: anyOf(isStaff, isOwnRecord), create: nobody, update: nobody, delete: nobody },
  fields: [
    { name: 'reference', type: 'text', required: true, unique: true },
    customerField(),
    { name: 'invoice', type: 'relationship', relationTo: 'invoices', required: true, index: true },
    centsField('amountCents', { label: 'Amount', required: true, min: 1 }),
    statusField('status', PAY_NOW_STATUSES, { defaultValue: 'started' }),
    { name: 'payment', type: 'relationship', relationTo: 'payment-transactions', admin: { readOnly: true } },
    { name: 'decidedAt', type: 'date', admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' } } },
    { name: 'declineReason', type: 'text', admin: { readOnly: true } },
  ],
}
