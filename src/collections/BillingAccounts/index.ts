import type { CollectionConfig } from 'payload'

import { anyOf, nobody, nobodyField } from '../../access/compose'
import { isOwnRecord } from '../../access/customers'
import { canManageBilling, canManageBillingField, isStaff } from '../../access/staff'
import { recordBillingAccountChanges } from '../../hooks/recordAccountChanges'
import { sameCustomer } from '../../hooks/sameCustomer'
import { centsField, customerField } from '../fields'

const billingOnly = { update: canManageBillingField }

/**
 * One per customer, opened with the customer. The balance is the ledger's running total (positive:
 * the customer owes; negative: credit); it moves only with invoices, credit notes and payments,
 * never by hand, so nobody can write it through the API.
 */
export const BillingAccounts: CollectionConfig = {
  slug: 'billing-accounts',
  labels: { singular: 'Billing account', plural: 'Billing accounts' },
  admin: {
    group: 'Billing',
    useAsTitle: 'customer',
    defaultColumns: ['customer', 'balanceCents', 'creditLimitCents', 'autoPay', 'primaryPaymentMethod'],
  },
  access: {
    read: anyOf(isStaff, isOwnRecord),
    create: canManageBilling,
    // Customers may change their notification preferences only (field access below).
    update: anyOf(canManageBilling, isOwnRecord),
    delete: nobody,
  },
  hooks: {
    beforeValidate: [sameCustomer([{ field: 'primaryPaymentMethod', collection: 'payment-methods' }])],
    afterChange: [recordBillingAccountChanges],
  },
  fields: [
    customerField({ access: { update: nobodyField } }),
    centsField('balanceCents', {
      label: 'Balance',
      required: true,
      defaultValue: 0,
      access: { create: nobodyField, update: nobodyField },
      admin: { readOnly: true, description: 'Owed by the customer; negative is credit. Moved only by the ledger.' },
    }),
    centsField('creditLimitCents', { label: 'Credit limit', required: true, min: 0, defaultValue: 0, access: billingOnly }),
    {
      name: 'primaryPaymentMethod',
      type: 'relationship',
      relationTo: 'payment-methods',
      // Kept in step with the method's own primary flag by the payment-method service alone.
      access: { create: nobodyField, update: nobodyField },
      admin: { readOnly: true },
      filterOptions: ({ data }) => (data?.customer ? { customer: { equals: data.customer }, isActive: { equals: true } } : true),
    },
    { name: 'autoPay', type: 'checkbox', defaultValue: false, label: 'Auto-pay (debit order on the due date)', access: billingOnly },
    {
      type: 'row',
      fields: [
        { name: 'notifyBySms', type: 'checkbox', defaultValue: true, label: 'SMS notifications' },
        { name: 'notifyByEmail', type: 'checkbox', defaultValue: true, label: 'Email notifications' },
      ],
    },
  ],
}
