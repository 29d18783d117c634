import type { Access, CollectionConfig, Validate, Where } from 'payload'

import { anyOf, nobody, nobodyField } from '../../access/compose'
import { customerOf } from '../../access/identity'
import { canManageBilling, isStaff, isStaffField } from '../../access/staff'
import { INVOICE_KINDS, INVOICE_LINE_KINDS, INVOICE_STATUSES } from '../../domain/catalogue'
import { invoicePdfCollectionEndpoint } from '../../endpoints/invoicePdf'
import { deriveInvoiceTotals } from '../../hooks/deriveInvoiceTotals'
import { guardIssuedInvoice } from '../../hooks/guardIssuedInvoice'
import { moveLedgerForInvoice } from '../../hooks/moveLedger'
import { sameCustomer } from '../../hooks/sameCustomer'
import { setByBillingOperations } from '../../hooks/setByBillingOperations'
import { calendarDateField, centsField, customerField, statusField, wholeNumberField } from '../fields'

/** Customers see their own invoices once issued; drafts are the back office's business. */
const ownIssuedInvoices: Access = ({ req }) => {
  const customer = customerOf(req)
  if (!customer) return false
  const where: Where = { and: [{ customer: { equals: customer.id } }, { status: { not_equals: 'draft' } }] }
  return where
}

const lineAddsUp: Validate = (value, { siblingData }: { siblingData: Record<string, number | undefined> }) => {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) return 'VAT must be a whole number, not negative'
  const { exclVatCents, vatCents, inclVatCents } = siblingData
  if ([exclVatCents, vatCents, inclVatCents].every(Number.isSafeInteger) && exclVatCents! + vatCents! !== inclVatCents) {
    return 'Excl. VAT plus VAT must equal incl. VAT'
  }
  return true
}

const derived = { create: nobodyField, update: nobodyField }

/** Set by the billing operations alone (issue, pay, credit, void): see setByBillingOperations. */
const byOperations = (because: string, mayCreateWith?: (value: unknown) => boolean) => ({
  beforeValidate: [setByBillingOperations({ because, mayCreateWith })],
})
const ISSUE_THROUGH_OPERATIONS = 'Set by the billing operations: create a draft, then issue, pay, credit or void it through them'

/**
 * Invoices and credit notes. Money in integer cents; each line snapshots the VAT rate it was
 * charged at (basis points: 1500 = 15%). The number is assigned by the database when the invoice
 * is issued (leaves draft); totals are the sums of the lines; amount due is total minus paid.
 * Invoices are never deleted: an unpaid one is voided with a reason.
 */
export const Invoices: CollectionConfig = {
  slug: 'invoices',
  admin: {
    group: 'Billing',
    useAsTitle: 'invoiceNumber',
    defaultColumns: ['invoiceNumber', 'customer', 'kind', 'invoiceDate', 'dueDate', 'totalCents', 'amountDueCents', 'status'],
    listSearchableFields: ['invoiceNumber', 'customer.displayName', 'customer.accountNumber'],
    components: { beforeListTable: ['/src/components/admin/lifecycle/GenerateInvoicesNow#GenerateInvoicesNow'] },
  },
  access: {
    read: anyOf(isStaff, ownIssuedInvoices),
    create: canManageBilling,
    update: canManageBilling,
    delete: nobody,
  },
  hooks: {
    beforeValidate: [sameCustomer([{ field: 'service', collection: 'services' }])],
    beforeChange: [guardIssuedInvoice, deriveInvoiceTotals],
    afterChange: [moveLedgerForInvoice],
  },
  indexes: [{ fields: ['customer', 'status'] }, { fields: ['status', 'dueDate'] }],
  endpoints: [invoicePdfCollectionEndpoint],
  fields: [
    {
      name: 'pdfDownload',
      type: 'ui',
      admin: {
        position: 'sidebar',
        components: { Field: '/src/components/admin/InvoicePdfLink#InvoicePdfLink' },
        condition: (data) => Boolean(data?.id) && data?.status !== 'draft',
      },
    },
    {
      // Record a payment, void, credit, resend: the clerk's actions on an issued invoice.
      name: 'billingActions',
      type: 'ui',
      admin: {
        position: 'sidebar',
        components: { Field: '/src/components/admin/billing/InvoiceActions#InvoiceActions' },
        condition: (data) => Boolean(data?.id) && data?.status !== 'draft',
      },
    },
    {
      name: 'invoiceNumber',
      type: 'text',
      unique: true,
      label: 'Invoice number',
      access: derived,
      hooks: byOperations('The invoice number is assigned when the invoice is issued'),
      admin: { readOnly: true, position: 'sidebar', description: 'INV-YYYY-NNNNN, assigned when the invoice is issued.' },
    },
    statusField('status', INVOICE_STATUSES, {
      defaultValue: 'draft',
      hooks: byOperations(ISSUE_THROUGH_OPERATIONS, (v) => v === 'draft'),
      // A credit note that has been applied reads "Applied", never "Paid".
      admin: { position: 'sidebar', readOnly: true, components: { Cell: '/src/components/admin/invoices/InvoiceStatusCell#InvoiceStatusCell' } },
    }),
    {
      // An issued invoice or credit note as the document it is, with how it was settled.
      name: 'document',
      type: 'ui',
      admin: { components: { Field: '/src/components/admin/invoices/InvoiceDocument#InvoiceDocument' }, condition: (data) => Boolean(data?.id) && data?.status !== 'draft' },
    },
    customerField({ admin: { components: { Field: { path: '/src/components/admin/invoices/WhenDraft#WhenDraft', clientProps: { as: 'relationship' } } } } }),
    { name: 'service', type: 'relationship', relationTo: 'services', index: true, admin: { components: { Field: { path: '/src/components/admin/invoices/WhenDraft#WhenDraft', clientProps: { as: 'relationship' } } } } },
    statusField('kind', INVOICE_KINDS, {
      label: 'Kind',
      index: false,
      admin: { components: { Field: { path: '/src/components/admin/invoices/WhenDraft#WhenDraft', clientProps: { as: 'select' } } } },
      // A draft made through the API or the panel is ad hoc (or an installation charge): the period
      // kinds are the billing run's and the lifecycle's, and a stray recurring draft would hold
      // the period's one recurring slot (invoices_one_recurring_per_period) against the real run.
      hooks: byOperations(
        'Drafts made by hand are ad hoc or installation invoices: recurring, pro-rata and final invoices come from the billing run and the service lifecycle, credit notes from crediting an invoice',
        (v) => v === 'adhoc' || v === 'installation',
      ),
    }),
    {
      type: 'row',
      fields: [
        calendarDateField('invoiceDate', { label: 'Invoice date', required: true, index: true, admin: { components: { Field: { path: '/src/components/admin/invoices/WhenDraft#WhenDraft', clientProps: { as: 'date' } } } } }),
        calendarDateField('dueDate', { label: 'Due date', required: true, index: true, admin: { components: { Field: { path: '/src/components/admin/invoices/WhenDraft#WhenDraft', clientProps: { as: 'date' } } } } }),
      ],
    },
    {
      type: 'row',
      fields: [
        calendarDateField('periodStart', { label: 'Billing period start', admin: { components: { Field: { path: '/src/components/admin/invoices/WhenDraft#WhenDraft', clientProps: { as: 'date' } } } } }),
        calendarDateField('periodEnd', { label: 'Billing period end (inclusive)', admin: { components: { Field: { path: '/src/components/admin/invoices/WhenDraft#WhenDraft', clientProps: { as: 'date' } } } } }),
      ],
    },
    {
      name: 'lines',
      type: 'array',
      label: 'Line items',
      required: true,
      minRows: 1,
      labels: { singular: 'Line', plural: 'Lines' },
      admin: { components: { Field: { path: '/src/components/admin/invoices/WhenDraft#WhenDraft', clientProps: { as: 'array' } } } },
      fields: [
        { name: 'description', type: 'text', required: true },
        {
          type: 'row',
          fields: [
            statusField('kind', INVOICE_LINE_KINDS, { index: false }),
            wholeNumberField('quantity', { label: 'Quantity', required: true, min: 1, defaultValue: 1 }),
            centsField('unitPriceCents', { label: 'Unit price', required: true, min: 0 }),
          ],
        },
        {
          type: 'row',
          fields: [
            centsField('exclVatCents', { label: 'Excl. VAT', required: true, min: 0 }),
            wholeNumberField('vatRateBasisPoints', {
              label: 'VAT rate (%)',
              required: true,
              min: 0,
              admin: {
                description: 'The rate this line was charged at.',
                components: { Field: '/src/components/admin/fields/PercentField#PercentField', Cell: '/src/components/admin/fields/PercentCell#PercentCell' },
              },
            }),
            { ...centsField('vatCents', { label: 'VAT', required: true, min: 0 }), validate: lineAddsUp },
            centsField('inclVatCents', { label: 'Incl. VAT', required: true, min: 0 }),
          ],
        },
      ],
    },
    {
      type: 'row',
      fields: [
        centsField('subtotalCents', { label: 'Subtotal excl. VAT', access: derived, admin: { readOnly: true, components: { Field: { path: '/src/components/admin/invoices/WhenDraft#WhenDraft', clientProps: { as: 'rand' } } } } }),
        centsField('vatCents', { label: 'VAT', access: derived, admin: { readOnly: true, components: { Field: { path: '/src/components/admin/invoices/WhenDraft#WhenDraft', clientProps: { as: 'rand' } } } } }),
        centsField('totalCents', { label: 'Total incl. VAT', access: derived, admin: { readOnly: true, components: { Field: { path: '/src/components/admin/invoices/WhenDraft#WhenDraft', clientProps: { as: 'rand' } } } } }),
      ],
    },
    {
      type: 'row',
      fields: [
        {
          ...centsField('amountPaidCents', { label: 'Amount paid', min: 0, defaultValue: 0, access: derived, admin: { readOnly: true, components: { Field: { path: '/src/components/admin/invoices/WhenDraft#WhenDraft', clientProps: { as: 'rand' } } } } }),
          hooks: byOperations('Payments are recorded through the billing operations', (v) => v === 0),
        },
        centsField('amountDueCents', { label: 'Amount due', access: derived, admin: { readOnly: true, components: { Field: { path: '/src/components/admin/invoices/WhenDraft#WhenDraft', clientProps: { as: 'rand' } } } } }),
      ],
    },
    {
      name: 'creditedInvoice',
      type: 'relationship',
      relationTo: 'invoices',
      hooks: byOperations('A credit note is issued by the billing operations against the invoice it credits'),
      admin: { readOnly: true, condition: (data) => data?.kind === 'credit_note', description: 'The invoice this credit note credits.' },
    },
    {
      name: 'notes',
      type: 'textarea',
      label: 'Internal notes',
      // The one thing staff may change on an issued invoice: it is not part of the tax document.
      access: { read: isStaffField },
      admin: { description: 'For staff only: never printed on the invoice or shown to the customer.' },
    },
    {
      name: 'voidReason',
      type: 'textarea',
      hooks: byOperations('An invoice is voided through the billing operations'),
      admin: { readOnly: true, condition: (data) => data?.status === 'void' },
    },
    {
      name: 'voidedAt',
      type: 'date',
      hooks: byOperations('An invoice is voided through the billing operations'),
      admin: { readOnly: true, condition: (data) => data?.status === 'void', date: { pickerAppearance: 'dayAndTime' } },
    },
  ],
}
