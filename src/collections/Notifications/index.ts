import type { CollectionConfig } from 'payload'

import { anyOf, nobody } from '../../access/compose'
import { isOwnRecord } from '../../access/customers'
import { isStaff, isStaffField } from '../../access/staff'
import { NOTIFICATION_CHANNELS, NOTIFICATION_STATUSES } from '../../domain/catalogue'
import { customerField, statusField } from '../fields'

/**
 * Every SMS and email sent (or attempted), with its delivery status. Append-only: only the
 * delivery fields (status, provider id, error) change after insert; the database refuses any
 * other UPDATE and every DELETE.
 */
export const Notifications: CollectionConfig = {
  slug: 'notifications',
  admin: {
    group: 'Operations',
    defaultColumns: ['createdAt', 'customer', 'channel', 'template', 'recipient', 'status'],
  },
  access: { read: anyOf(isStaff, isOwnRecord), create: nobody, update: nobody, delete: nobody },
  indexes: [{ fields: ['customer', 'createdAt'] }],
  fields: [
    customerField(),
    statusField('channel', NOTIFICATION_CHANNELS, { index: false }),
    { name: 'template', type: 'text', required: true, index: true },
    { name: 'recipient', type: 'text', required: true },
    statusField('status', NOTIFICATION_STATUSES, { defaultValue: 'queued' }),
    { name: 'providerMessageId', type: 'text', index: true, access: { read: isStaffField } },
    { name: 'error', type: 'text', access: { read: isStaffField } },
  ],
}
