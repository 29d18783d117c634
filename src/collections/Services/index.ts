import type { CollectionConfig } from 'payload'

import { anyOf, nobody, nobodyField } from '../../access/compose'
import { isOwnRecord } from '../../access/customers'
import { isStaff, isStaffField, isStaffWriter } from '../../access/staff'
import { BILLING_DAYS, NETWORK_STATES, SERVICE_STATUSES, SERVICE_TYPES } from '../../domain/catalogue'
import { auditServiceCreation } from '../../hooks/auditServiceCreation'
import { copyProductToService } from '../../hooks/copyProductToService'
import { guardServiceTransition } from '../../hooks/guardServiceTransition'
import { calendarDateField, centsField, customerField, statusField, wholeNumberField } from '../fields'

/**
 * Written only by the lifecycle operations (src/services/lifecycle), which audit every change:
 * through the API and the admin form these are read-only for everyone. A new service is pending.
 */
const lifecycleOwned = { create: nobodyField, update: nobodyField }
/** What went wrong on the network is for staff; the customer sees the state, not the vendor's errors. */
const systemOwnedStaffRead = { create: nobodyField, update: nobodyField, read: isStaffField }
const lifecycleNote = 'Changed only by Activate, Suspend, Reactivate and Cancel (audited).'

/**
 * A customer's connection: one fibre, LTE or wireless package at one address. Status moves only
 * pending -> active <-> suspended -> cancelled, through the lifecycle operations.
 */
export const Services: CollectionConfig = {
  slug: 'services',
  admin: {
    group: 'Services',
    useAsTitle: 'packageName',
    defaultColumns: ['packageName', 'customer', 'type', 'status', 'monthlyPriceCents', 'billingDay', 'nextBillingDate'],
    listSearchableFields: ['packageName', 'connectionId', 'installationAddress', 'customer.displayName', 'customer.accountNumber'],
  },
  access: {
    read: anyOf(isStaff, isOwnRecord),
    create: isStaffWriter,
    update: isStaffWriter,
    // A service is cancelled, never deleted: invoices, usage and the audit trail refer to it.
    delete: nobody,
  },
  hooks: { beforeValidate: [guardServiceTransition], beforeChange: [copyProductToService], afterChange: [auditServiceCreation] },
  fields: [
    customerField(),
    {
      // Chosen once, when the service is made: its terms are copied (src/hooks/copyProductToService.ts),
      // so the service keeps them whatever later happens to the catalogue.
      name: 'product',
      type: 'relationship',
      relationTo: 'products',
      label: 'Package from the catalogue',
      index: true,
      access: { update: nobodyField },
      // New services choose among packages on sale; an existing service keeps a withdrawn one.
      filterOptions: ({ id }) => (id ? true : { active: { equals: true } }),
      admin: {
        description: 'Fills in the type, package, speeds, cap and monthly price below (on the customer\'s VAT basis); any of them may still be changed before saving.',
        components: { Field: '/src/collections/Products/ServiceProductField#ServiceProductField' },
      },
    },
    {
      type: 'row',
      fields: [
        statusField('type', SERVICE_TYPES, { label: 'Service type', index: false }),
        { name: 'packageName', type: 'text', required: true, label: 'Package' },
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
    centsField('monthlyPriceCents', {
      label: 'Monthly price',
      required: true,
      min: 0,
      admin: { description: 'VAT-inclusive for residential accounts, VAT-exclusive for business.' },
    }),
    {
      name: 'installationAddress',
      type: 'textarea',
      required: true,
    },
    {
      type: 'row',
      fields: [
        { name: 'latitude', type: 'number', min: -90, max: 90 },
        { name: 'longitude', type: 'number', min: -180, max: 180 },
      ],
    },
    {
      name: 'connectionId',
      type: 'text',
      unique: true,
      label: 'Connection ID',
      admin: { description: 'The Interstellio subscriber id, once provisioned.' },
    },
    {
      name: 'lifecycle',
      type: 'ui',
      admin: { position: 'sidebar', components: { Field: '/src/components/admin/lifecycle/ServiceLifecyclePanel#ServiceLifecyclePanel' } },
    },
    statusField('status', SERVICE_STATUSES, {
      defaultValue: 'pending',
      access: lifecycleOwned,
      admin: { position: 'sidebar', readOnly: true, description: lifecycleNote },
    }),
    calendarDateField('activationDate', { label: 'Activated on', access: lifecycleOwned, admin: { position: 'sidebar', readOnly: true } }),
    calendarDateField('suspensionDate', { label: 'Suspended on', access: lifecycleOwned, admin: { position: 'sidebar', readOnly: true } }),
    calendarDateField('cancellationDate', { label: 'Cancelled on', access: lifecycleOwned, admin: { position: 'sidebar', readOnly: true } }),
    {
      name: 'billingDay',
      type: 'number',
      required: true,
      index: true,
      defaultValue: 1,
      admin: { position: 'sidebar', description: 'Day of the month the service bills: 1, 5, 25 or 30.' },
      validate: (value: unknown) =>
        (BILLING_DAYS as readonly unknown[]).includes(value) ? true : 'The billing day must be 1, 5, 25 or 30',
    },
    calendarDateField('nextBillingDate', {
      label: 'Next billing date',
      index: true,
      access: lifecycleOwned,
      admin: { position: 'sidebar', readOnly: true, description: 'The start of the next period to invoice; moved by billing.' },
    }),
    {
      name: 'billingPaused',
      type: 'checkbox',
      defaultValue: false,
      access: lifecycleOwned,
      admin: { position: 'sidebar', readOnly: true, description: 'Set by a suspension that pauses billing.' },
    },
    {
      name: 'usageAndNetwork',
      type: 'ui',
      admin: { components: { Field: '/src/components/admin/usage/ServiceUsageNetwork#ServiceUsageNetwork' } },
    },
    // Written by the usage sync and the network job (src/services/usage, src/services/network), read-only everywhere else.
    statusField('networkState', NETWORK_STATES, {
      label: 'Network',
      defaultValue: 'pending',
      // Not required, so every create (the API, factories) need not name it: empty reads as pending.
      required: false,
      access: lifecycleOwned,
      admin: { position: 'sidebar', readOnly: true, description: 'Whether Interstellio has been told what the status says (enabled while active, disabled when suspended or cancelled).' },
    }),
    { name: 'networkStateAt', type: 'date', label: 'Network state applied', access: lifecycleOwned, admin: { position: 'sidebar', readOnly: true, date: { pickerAppearance: 'dayAndTime' } } },
    { name: 'networkFailingSince', type: 'date', label: 'Network failing since', access: systemOwnedStaffRead, admin: { position: 'sidebar', readOnly: true, date: { pickerAppearance: 'dayAndTime' }, condition: (data) => Boolean(data?.networkFailingSince) } },
    { name: 'networkError', type: 'text', label: 'Last network error', access: systemOwnedStaffRead, admin: { position: 'sidebar', readOnly: true, condition: (data) => Boolean(data?.networkError) } },
    { name: 'usageSyncedAt', type: 'date', label: 'Usage as of', access: lifecycleOwned, admin: { position: 'sidebar', readOnly: true, date: { pickerAppearance: 'dayAndTime' }, description: 'When usage was last read from Interstellio.' } },
    {
      name: 'auditTimeline',
      type: 'ui',
      admin: { components: { Field: '/src/components/admin/lifecycle/ServiceAuditTimeline#ServiceAuditTimeline' } },
    },
  ],
}
