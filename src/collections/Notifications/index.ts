import type { CollectionConfig } from 'payload'

import { anyOf, nobody } from '../../access/compose'
import { isOwnRecord } from '../../access/customers'
import { isStaff, isStaffField } from '../../access/staff'
import { NOTIFICATION_CHANNELS, NOTIFICATION_STATUSES } from '../../domain/catalogue'
import { NOTIFICATION_TEMPLATE_NAMES } from '../../domain/notifications'
import { customerField, statusField, wholeNumberField } from '../fields'

/**
 * Every SMS and email sent (or attempted), one row per (event, template, channel): the unique
 * key makes a re-run of whatever caused it send nothing twice. Written only by the notification
 * service (src/services/notifications). Append-only: after insert only the delivery fields
 * change; the database refuses any other UPDATE and every DELETE.
 */
export const Notifications: CollectionConfig = {
  slug: 'notifications',
  admin: {
    group: 'Operations',
    useAsTitle: 'content',
    defaultColumns: ['createdAt', 'customer', 'channel', 'template', 'recipient', 'status', 'deliveryStatus'],
    listSearchableFields: ['recipient', 'providerMessageId', 'eventKey'],
    description: 'SMS and email sent to customers, with delivery receipts. A failed message never undoes the operation that caused it.',
  },
  defaultSort: '-createdAt',
  access: { read: anyOf(isStaff, isOwnRecord), create: nobody, update: nobody, delete: nobody },
  indexes: [
    { fields: ['customer', 'createdAt'] },
    { fields: ['eventKey', 'template', 'channel'], unique: true },
  ],
  fields: [
    customerField(),
    statusField('channel', NOTIFICATION_CHANNELS, { index: false }),
    statusField('template', NOTIFICATION_TEMPLATE_NAMES),
    {
      name: 'eventKey',
      type: 'text',
      required: true,
      label: 'Event',
      access: { read: isStaffField },
      admin: { description: 'What caused the message (invoice:42, service-action:7): one message per event, template and channel.' },
    },
    { name: 'recipient', type: 'text', required: true },
    { name: 'content', type: 'text', label: 'Message', admin: { description: 'The SMS text, or the email subject.' } },
    statusField('status', NOTIFICATION_STATUSES, { defaultValue: 'queued' }),
    wholeNumberField('attempts', { label: 'Send attempts', min: 0, defaultValue: 0, access: { read: isStaffField } }),
    { name: 'claimedAt', type: 'date', access: { read: isStaffField }, admin: { hidden: true } },
    { name: 'sentAt', type: 'date', label: 'Sent', admin: { date: { pickerAppearance: 'dayAndTime' } } },
    { name: 'deliveredAt', type: 'date', label: 'Delivered', admin: { date: { pickerAppearance: 'dayAndTime' } } },
    { name: 'deliveryStatus', type: 'text', label: 'Delivery receipt', admin: { description: "The provider's latest delivery status." } },
    { name: 'providerMessageId', type: 'text', index: true, access: { read: isStaffField } },
    { name: 'error', type: 'text', access: { read: isStaffField } },
  ],
}
