import type { CollectionConfig } from 'payload'

import { anyOf, nobody } from '../../access/compose'
import { canManageBilling, isStaff } from '../../access/staff'
import { SERVICE_TYPES } from '../../domain/catalogue'
import { centsField, statusField, wholeNumberField } from '../fields'
import { activeProductsForCustomers } from './access'

/**
 * The package catalogue: what a new service is made from (src/hooks/copyProductToService.ts copies
 * a package's terms onto the service it is chosen for, once). Prices are what customers are
 * charged, so only staff holding billing_manage set them. A package is withdrawn (`active` off),
 * never deleted: services name the package they were made from.
 */
export const Products: CollectionConfig = {
  slug: 'products',
  labels: { singular: 'Package', plural: 'Package catalogue' },
  // The labels are the back office's words; the API keeps the collection's own name.
  graphQL: { singularName: 'Product', pluralName: 'Products' },
  admin: {
    group: 'Services',
    useAsTitle: 'name',
    defaultColumns: ['name', 'type', 'downloadMbps', 'uploadMbps', 'dataCapGb', 'monthlyPriceCents', 'priceIncludesVat', 'active'],
    listSearchableFields: ['name'],
    description: 'Packages on sale. A service copies its package when it is created; changing a package later does not change existing services.',
  },
  defaultSort: 'name',
  access: {
    read: anyOf(isStaff, activeProductsForCustomers),
    create: canManageBilling,
    update: canManageBilling,
    delete: nobody,
  },
  fields: [
    {
      type: 'row',
      fields: [
        { name: 'name', type: 'text', required: true, unique: true, label: 'Package name' },
        statusField('type', SERVICE_TYPES, { label: 'Service type', index: false }),
      ],
    },
    {
      type: 'row',
      fields: [
        wholeNumberField('downloadMbps', { label: 'Download (Mbps)', required: true, min: 1 }),
        wholeNumberField('uploadMbps', { label: 'Upload (Mbps)', required: true, min: 1 }),
        wholeNumberField('dataCapGb', { label: 'Data cap (GB)', min: 1, admin: { description: 'Empty means uncapped.' } }),
      ],
    },
    {
      type: 'row',
      fields: [
        centsField('monthlyPriceCents', { label: 'Monthly price', required: true, min: 0 }),
        {
          name: 'priceIncludesVat',
          type: 'checkbox',
          required: true,
          defaultValue: true,
          label: 'Price includes VAT',
          admin: {
            description:
              'A service is priced incl. VAT for residential accounts and excl. VAT for business ones; the price is converted (15% VAT, rounded half-up once) when the service is created.',
          },
        },
      ],
    },
    centsField('installationFeeCents', { label: 'Installation fee', required: true, min: 0, defaultValue: 0, admin: { description: 'On the same VAT basis as the monthly price.' } }),
    {
      name: 'active',
      type: 'checkbox',
      required: true,
      defaultValue: true,
      index: true,
      label: 'Active',
      admin: { position: 'sidebar', description: 'Withdrawn packages are kept for the services made from them, but no new service can choose them.' },
    },
  ],
}
