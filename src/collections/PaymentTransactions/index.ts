import type { CollectionConfig } from 'payload'

import { anyOf, nobody } from '../../access/compose'
import { isOwnRecord } from '../../access/customers'
import { isStaff, isStaffField } from '../../access/staff'
import { TRANSACTION_KINDS, TRANSACTION_STATUSES } from '../../domain/catalogue'
import { moveLedgerForPayment } from '../../hooks/moveLedger'
import { sameCustomer } from '../../hooks/sameCustomer'
import { calendarDateField, centsField, customerField, statusField, wholeNumberField } from '../fields'

/**
 * Money that moved (or tried to): debit order collections, card payments, EFTs recorded by staff.
 * `transactionId` is unique, which is what makes a retried webhook or collection run harmless.
 * The gateway response is stored sanitised and shown to staff only.
 */
export const PaymentTransactions: CollectionConfig = {
  slug: 'payment-transactions',
  labels: { singular: 'Payment transaction', plural: 'Payment transactions' },
  admin: {
    group: 'Billing',
    useAsTitle: 'transactionId',
    defaultColumns: ['transactionId', 'kind', 'customer', 'invoice', 'amountCents', 'status', 'createdAt'],
    listSearchableFields: ['transactionId', 'gatewayReference', 'customer.displayName', 'customer.accountNumber'],
  },
  access: {
    read: anyOf(isStaff, isOwnRecord),
    // Money enters only through the billing services (recordPayment, the gateway's results), so
    // every payment is allocated to invoices and moves the ledger exactly once. A row created or
    // edited through the API would move the balance without settling any invoice.
    create: nobody,
    update: nobody,
    delete: nobody,
  },
  hooks: {
    beforeValidate: [
      sameCustomer([
        { field: 'invoice', collection: 'invoices' },
        { field: 'paymentMethod', collection: 'payment-methods' },
      ]),
    ],
    afterChange: [moveLedgerForPayment],
  },
  fields: [
    { name: 'transactionId', type: 'text', required: true, unique: true, label: 'Transaction ID' },
    customerField(),
    { name: 'invoice', type: 'relationship', relationTo: 'invoices', index: true },
    { name: 'paymentMethod', type: 'relationship', relationTo: 'payment-methods' },
    statusField('kind', TRANSACTION_KINDS, {
      defaultValue: 'payment',
      admin: { description: 'A payment brings money in; a refund pays account credit back to the customer.' },
    }),
    {
      name: 'refundOf',
      type: 'relationship',
      relationTo: 'payment-transactions',
      label: 'Refund of',
      index: true,
      admin: { condition: (data) => data?.kind === 'refund', description: 'The payment whose unallocated money this refund returns.' },
    },
    {
      name: 'refundOfCreditNote',
      type: 'relationship',
      relationTo: 'invoices',
      label: 'Refund of credit note',
      index: true,
      admin: { condition: (data) => data?.kind === 'refund', description: 'The credit note whose unapplied credit this refund returns.' },
    },
    centsField('amountCents', { label: 'Amount', required: true, min: 1 }),
    { name: 'currency', type: 'select', required: true, defaultValue: 'ZAR', options: [{ label: 'ZAR', value: 'ZAR' }] },
    statusField('status', TRANSACTION_STATUSES, { defaultValue: 'pending' }),
    { name: 'gatewayReference', type: 'text', index: true, label: 'Gateway reference' },
    { name: 'gatewayResponse', type: 'json', label: 'Gateway response (sanitised)', access: { read: isStaffField } },
    { name: 'failureReason', type: 'text' },
    {
      type: 'collapsible',
      label: 'Debit order',
      admin: { condition: (data) => Boolean(data?.debitBatch) },
      fields: [
        { name: 'debitBatch', type: 'relationship', relationTo: 'debit-order-batches', label: 'Debit order run', index: true, access: { read: isStaffField }, admin: { readOnly: true } },
        calendarDateField('actionDate', { label: 'Action date', index: true, admin: { readOnly: true, description: 'The day the bank debits the account.' } }),
        wholeNumberField('batchLine', { label: 'Line in the file', min: 1, access: { read: isStaffField }, admin: { readOnly: true } }),
        { name: 'returnReasonCode', type: 'text', label: 'Return reason code', admin: { readOnly: true } },
        {
          name: 'representOf',
          type: 'relationship',
          relationTo: 'payment-transactions',
          label: 'Re-presents',
          unique: true,
          admin: { readOnly: true, description: 'The returned debit this one presents again.' },
        },
        { name: 'representRequested', type: 'checkbox', label: 'Re-present in the next run', defaultValue: false, access: { read: isStaffField }, admin: { readOnly: true } },
        {
          name: 'notSent',
          type: 'checkbox',
          label: 'Never reached the bank',
          defaultValue: false,
          access: { read: isStaffField },
          admin: { readOnly: true, description: 'Failed before the bank saw it, for a reason that is not the customer\'s (NetCash refused the whole file, or it was not sent in time): presented again by the next run.' },
        },
        { name: 'followUp', type: 'checkbox', label: 'Manual follow-up', defaultValue: false, access: { read: isStaffField }, admin: { readOnly: true, description: 'Not presented again automatically: a person follows it up.' } },
        { name: 'clearedAt', type: 'date', label: 'Cleared at', admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' }, description: 'No unpaid came back within the clearing window.' } },
        {
          name: 'debitActions',
          type: 'ui',
          admin: { components: { Field: '/src/components/admin/debitOrders/DebitActions#DebitActions' } },
        },
      ],
    },
    {
      type: 'collapsible',
      label: 'Timeline',
      fields: [
        { name: 'submittedAt', type: 'date', admin: { date: { pickerAppearance: 'dayAndTime' } } },
        { name: 'completedAt', type: 'date', admin: { date: { pickerAppearance: 'dayAndTime' } } },
        { name: 'failedAt', type: 'date', admin: { date: { pickerAppearance: 'dayAndTime' } } },
        { name: 'returnedAt', type: 'date', admin: { date: { pickerAppearance: 'dayAndTime' } } },
        { name: 'refundedAt', type: 'date', admin: { date: { pickerAppearance: 'dayAndTime' } } },
      ],
    },
  ],
}
