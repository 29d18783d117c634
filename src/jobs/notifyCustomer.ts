import type { TaskConfig } from 'payload'

import { NOTIFICATION_TEMPLATES } from '../services/outbox'

/**
 * An SMS and email to a customer, queued by a business operation on its own transaction (an
 * outbox: only committed operations notify). Jobs wait in the `notifications` queue, which the
 * runner starts working once the SMS and email senders exist; until then they are kept, not lost,
 * and a manual run fails loudly rather than pretending to have sent anything.
 */
export const notifyCustomer: TaskConfig<'notifyCustomer'> = {
  slug: 'notifyCustomer',
  label: 'Notify a customer (SMS and email)',
  retries: 5,
  inputSchema: [
    { name: 'customerId', type: 'number', required: true },
    { name: 'template', type: 'select', options: [...NOTIFICATION_TEMPLATES], required: true },
    { name: 'serviceId', type: 'number' },
    { name: 'invoiceId', type: 'number' },
  ],
  handler: async () => {
    throw new Error('No notification sender is configured yet: this job waits in the notifications queue')
  },
}
