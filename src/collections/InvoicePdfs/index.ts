import type { CollectionConfig } from 'payload'

import { anyOf, nobody } from '../../access/compose'
import { isOwnRecord } from '../../access/customers'
import { isStaff } from '../../access/staff'
import { customerField } from '../fields'

export const INVOICE_PDFS = 'invoice-pdfs'
export const INVOICE_PDF_VARIANTS = ['issued', 'paid', 'void'] as const
export type InvoicePdfVariant = (typeof INVOICE_PDF_VARIANTS)[number]

/**
 * The rendered invoice documents. Files live wherever the storage plugin puts them (local disk or
 * an S3-compatible bucket, see src/lib/storage); a row here says which invoice a file belongs to.
 * Exactly one document per invoice and variant (the database's unique index makes a second render
 * a no-op): `issued` after the invoice is issued, `paid` once it is paid in full (amount due
 * R 0.00), `void` (stamped VOID) after it is voided.
 * Only the system writes them; staff read all, a customer only their own.
 */
export const InvoicePdfs: CollectionConfig = {
  slug: INVOICE_PDFS,
  labels: { singular: 'Invoice PDF', plural: 'Invoice PDFs' },
  admin: {
    group: 'Billing',
    useAsTitle: 'filename',
    defaultColumns: ['filename', 'invoice', 'customer', 'variant', 'renderedAt'],
    description: 'Rendered by the system after an invoice is issued or voided; download one from its invoice.',
  },
  access: {
    read: anyOf(isStaff, isOwnRecord),
    create: nobody,
    update: nobody,
    delete: nobody,
  },
  upload: {
    mimeTypes: ['application/pdf'],
  },
  indexes: [{ fields: ['invoice', 'variant'], unique: true }],
  fields: [
    { name: 'invoice', type: 'relationship', relationTo: 'invoices', required: true, index: true, admin: { readOnly: true } },
    customerField({ admin: { readOnly: true } }),
    {
      name: 'variant',
      type: 'select',
      required: true,
      options: INVOICE_PDF_VARIANTS.map((v) => ({ label: { issued: 'As issued', paid: 'Paid in full', void: 'Void' }[v], value: v })),
      admin: { readOnly: true },
    },
    { name: 'renderedAt', type: 'date', required: true, admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' } } },
  ],
}
