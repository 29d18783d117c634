import type { CollectionConfig } from 'payload'

import { anyOf, nobody, nobodyField } from '../../access/compose'
import { isOwnRecord } from '../../access/customers'
import { isStaff, isStaffField } from '../../access/staff'
import { MANDATE_STATUSES, PAYMENT_METHOD_TYPES } from '../../domain/catalogue'
import { centsField, customerField, statusField } from '../fields'

/**
 * How a customer pays. Only the masked form leaves the server: `encryptedDetails` (AES-256-GCM
 * ciphertext of bank details or the card gateway token) is unreadable and unwritable through every
 * API, admins included; the payment-method service reads and writes it with access overridden.
 * Removal is a soft delete (`isActive` false); the database allows one active primary per customer.
 * Nobody creates or changes one through the generic API or the admin panel's form: only the
 * payment-method service (src/services/paymentMethods) validates, encrypts and keeps the account's
 * primary in step. Customers reach it through the portal (src/endpoints/dashboard), staff through
 * src/endpoints/admin/paymentMethods.ts (the customer page's payment-methods panel), audited.
 */
export const PaymentMethods: CollectionConfig = {
  slug: 'payment-methods',
  labels: { singular: 'Payment method', plural: 'Payment methods' },
  admin: {
    group: 'Billing',
    useAsTitle: 'displayName',
    defaultColumns: ['displayName', 'customer', 'type', 'mandateStatus', 'isPrimary', 'isActive'],
  },
  access: {
    read: anyOf(isStaff, isOwnRecord),
    create: nobody,
    update: nobody,
    delete: nobody,
  },
  fields: [
    customerField({ access: { update: nobodyField } }),
    statusField('type', PAYMENT_METHOD_TYPES, { index: false }),
    { name: 'displayName', type: 'text', required: true, admin: { description: 'Masked, e.g. "Debit Order - FNB ***1234".' } },
    {
      name: 'lastFour',
      type: 'text',
      label: 'Last four digits',
      validate: (value: unknown) =>
        value === null || value === undefined || value === '' || (typeof value === 'string' && /^\d{4}$/.test(value))
          ? true
          : 'Last four must be four digits',
    },
    {
      name: 'encryptedDetails',
      type: 'textarea',
      access: { read: nobodyField, create: nobodyField, update: nobodyField },
      admin: { hidden: true },
    },
    { name: 'mandateReference', type: 'text', access: { read: isStaffField } },
    statusField('mandateStatus', MANDATE_STATUSES, { required: false, index: false, admin: { condition: (data) => data?.type === 'debit_order' } }),
    {
      type: 'collapsible',
      label: 'Mandate',
      admin: { condition: (data) => data?.type === 'debit_order' },
      fields: [
        {
          name: 'mandateUrl',
          type: 'text',
          label: 'Signing link',
          admin: { readOnly: true, description: "NetCash's page where the account holder signs the mandate (until it is signed or declined)." },
        },
        // What we asked NetCash for: a postback is only believed when it matches.
        { name: 'mandateAgreementReference', type: 'text', label: 'Agreement reference', index: true, access: { read: isStaffField }, admin: { readOnly: true } },
        { name: 'mandateAccountReference', type: 'text', label: 'Account reference', access: { read: isStaffField }, admin: { readOnly: true } },
        centsField('mandateAmountCents', { label: 'Mandate limit', min: 1, access: { read: isStaffField }, admin: { readOnly: true, description: 'The most one debit may take, as asked of NetCash.' } }),
        { name: 'mandateRequestedAt', type: 'date', label: 'Requested', admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' } } },
        { name: 'mandateDecidedAt', type: 'date', label: 'Signed or declined', admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' } } },
        { name: 'mandateError', type: 'text', label: 'Why NetCash refused the request', access: { read: isStaffField }, admin: { readOnly: true } },
        { name: 'mandateDeclineReason', type: 'text', label: 'Decline reason', admin: { readOnly: true } },
      ],
    },
    {
      type: 'row',
      fields: [
        { name: 'isPrimary', type: 'checkbox', defaultValue: false, label: 'Primary' },
        { name: 'isActive', type: 'checkbox', defaultValue: true, label: 'Active', index: true },
      ],
    },
  ],
}
