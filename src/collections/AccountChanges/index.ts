import type { CollectionConfig } from 'payload'

import { nobody } from '../../access/compose'
import { isStaff } from '../../access/staff'
import { ACCOUNT_CHANGE_SOURCES } from '../../domain/catalogue'


/**
 * The account audit trail: every change to a customer's contact details and billing preferences
 * (mobile, postal address, auto-pay, notification choices, credit limit), whoever made it and on
 * whatever path (the portal, the admin panel, the API), with the value before and after. Written
 * by hooks on the customers and billing-accounts collections (src/hooks/recordAccountChanges.ts)
 * in the change's own transaction. Append-only: the database refuses UPDATE and DELETE.
 */
export const AccountChanges: CollectionConfig = {
  slug: 'account-changes',
  labels: { singular: 'Account change', plural: 'Account change log' },
  admin: {
    group: 'Operations',
    defaultColumns: ['createdAt', 'customer', 'field', 'changedBy', 'source'],
    description: 'Who changed which contact detail or billing preference, when, from what to what.',
  },
  access: { read: isStaff, create: nobody, update: nobody, delete: nobody },
  fields: [
    { name: 'customer', type: 'relationship', relationTo: 'customers', required: true, index: true },
    { name: 'field', type: 'text', required: true, admin: { description: 'e.g. mobile, postalAddress, autoPay' } },
    { name: 'before', type: 'json' },
    { name: 'after', type: 'json' },
    {
      name: 'changedBy',
      type: 'relationship',
      relationTo: ['customers', 'users'],
      admin: { description: 'The customer themselves or a staff member; empty when the system changed it.' },
    },
    { name: 'source', type: 'select', required: true, options: ACCOUNT_CHANGE_SOURCES.map((s) => ({ label: s[0].toUpperCase() + s.slice(1), value: s })) },
  ],
}
