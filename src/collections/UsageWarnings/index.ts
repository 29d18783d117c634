import type { CollectionConfig, FieldHook } from 'payload'

import { anyOf, nobody } from '../../access/compose'
import { isOwnRecord } from '../../access/customers'
import { isAdmin, isStaff, isStaffField } from '../../access/staff'
import { USAGE_WARNING_THRESHOLDS } from '../../domain/catalogue'
import { optionLabelOf } from '../../domain/optionLabels'
import { calendarDateField, customerField, statusField, wholeNumberField } from '../fields'

/** How the warning's messages fared, read from the notifications it caused (one per channel). */
const deliveryOf: FieldHook = async ({ data, req }) => {
  const eventKey = data?.eventKey
  if (typeof eventKey !== 'string') return null
  const found = await req.payload.find({
    collection: 'notifications',
    where: { eventKey: { equals: eventKey } },
    depth: 0,
    limit: 4,
    overrideAccess: true,
    req,
    select: { channel: true, status: true },
  })
  if (found.docs.length === 0) return 'Queued'
  return found.docs.map((n) => `${n.channel === 'sms' ? 'SMS' : 'Email'} ${optionLabelOf(n.status).toLowerCase()}`).join(', ')
}

/**
 * The cap warnings sent: one row per (service, billing cycle, threshold), unique at the database,
 * so a rerun, a concurrent run or the next hour's sync warns nobody twice; a new cycle has its
 * own rows, so it warns again. Written only by the usage sync (src/services/usage/capWarnings.ts),
 * with the notification job on the same transaction.
 */
export const UsageWarnings: CollectionConfig = {
  slug: 'usage-warnings',
  labels: { singular: 'Usage warning', plural: 'Usage warnings' },
  admin: {
    group: 'Services',
    useAsTitle: 'eventKey',
    defaultColumns: ['createdAt', 'customer', 'service', 'threshold', 'percentUsed', 'measuredAt', 'delivery'],
    description: 'Customers told they have used 80% or 95% of their data cap: once per threshold per billing cycle, with how their messages were delivered.',
  },
  defaultSort: '-createdAt',
  access: { read: anyOf(isStaff, isOwnRecord), create: nobody, update: nobody, delete: isAdmin },
  indexes: [{ fields: ['service', 'cycleStart', 'threshold'], unique: true }],
  fields: [
    { name: 'service', type: 'relationship', relationTo: 'services', required: true, index: true },
    customerField(),
    statusField('threshold', USAGE_WARNING_THRESHOLDS, { options: USAGE_WARNING_THRESHOLDS.map((t) => ({ label: `${t}%`, value: t })) }),
    calendarDateField('cycleStart', { label: 'Cycle starts', required: true }),
    calendarDateField('cycleEnd', { label: 'Cycle ends', required: true }),
    { name: 'percentUsed', type: 'number', label: 'Used (%)', required: true, admin: { description: 'Of the cap, when the warning went out.' } },
    wholeNumberField('usedBytes', { label: 'Used', required: true, min: 0, admin: { components: { Cell: '/src/components/admin/fields/GbCell#GbCell' } } }),
    wholeNumberField('capBytes', { label: 'Cap', required: true, min: 1, admin: { components: { Cell: '/src/components/admin/fields/GbCell#GbCell' } } }),
    { name: 'measuredAt', type: 'date', label: 'Figure as of', required: true, admin: { date: { pickerAppearance: 'dayAndTime' } } },
    { name: 'eventKey', type: 'text', required: true, unique: true, label: 'Event', access: { read: isStaffField } },
    { name: 'delivery', type: 'text', virtual: true, label: 'Delivery', access: { read: isStaffField }, hooks: { afterRead: [deliveryOf] }, admin: { readOnly: true } },
  ],
}
