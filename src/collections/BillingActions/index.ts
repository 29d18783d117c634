import type { CollectionConfig } from 'payload'

import { nobody } from '../../access/compose'
import { isStaff } from '../../access/staff'
import { BILLING_ACTIONS } from '../../domain/catalogue'
import { customerField, statusField } from '../fields'

/**
 * The billing audit trail: every payment, void, credit note, ad-hoc invoice and resend a staff
 * member does, who, when, why and on what, written in the action's own transaction by the staff
 * endpoints (src/endpoints/admin/billingActions.ts). Append-only: the database refuses UPDATE and
 * DELETE.
 */
export const BillingActions: CollectionConfig = {
  slug: 'billing-actions',
  labels: { singular: 'Billing action', plural: 'Billing action log' },
  admin: {
    group: 'Operations',
    defaultColumns: ['createdAt', 'customer', 'action', 'invoice', 'staffUser', 'reason'],
    description: 'Who recorded, voided, credited, invoiced or resent what, when and why.',
  },
  defaultSort: '-createdAt',
  access: { read: isStaff, create: nobody, update: nobody, delete: nobody },
  fields: [
    customerField(),
    statusField('action', BILLING_ACTIONS),
    { name: 'invoice', type: 'relationship', relationTo: 'invoices', index: true, admin: { description: 'The invoice acted on, or the one issued.' } },
    { name: 'creditNote', type: 'relationship', relationTo: 'invoices', label: 'Credit note' },
    { name: 'payment', type: 'relationship', relationTo: 'payment-transactions', index: true },
    { name: 'paymentMethod', type: 'relationship', relationTo: 'payment-methods', index: true, label: 'Payment method' },
    { name: 'staffUser', type: 'relationship', relationTo: 'users', required: true, label: 'Staff member' },
    { name: 'reason', type: 'text' },
    { name: 'details', type: 'json', admin: { description: 'What was done: amounts, lines, references.' } },
  ],
}
