import type { TaskConfig } from 'payload'

import { NOTIFICATION_TEMPLATE_NAMES } from '../domain/notifications'
import { notifyCustomer as notify } from '../services/notifications/notifyCustomer'

/**
 * An SMS and email to a customer about one event, queued by the business operation on its own
 * transaction (src/services/outbox.ts): only committed operations notify, and a notification that
 * fails cannot undo one. A message the provider could not take now (5xx, 429, network) makes the
 * job fail, so Payload retries it with backoff; messages already sent are not sent again.
 */
export const notifyCustomer: TaskConfig<'notifyCustomer'> = {
  slug: 'notifyCustomer',
  label: 'Notify a customer (SMS and email)',
  // The notification service counts its own attempts per message and gives up after five.
  retries: { attempts: 6, backoff: { type: 'exponential', delay: 30_000 } },
  inputSchema: [
    { name: 'customerId', type: 'number', required: true },
    { name: 'template', type: 'select', options: [...NOTIFICATION_TEMPLATE_NAMES], required: true },
    { name: 'eventKey', type: 'text' },
    { name: 'serviceId', type: 'number' },
    { name: 'invoiceId', type: 'number' },
    { name: 'serviceActionId', type: 'number' },
    { name: 'params', type: 'json' },
    { name: 'channels', type: 'json' },
  ],
  outputSchema: [{ name: 'outcome', type: 'text', required: true }],
  handler: async ({ input, job, req }) => {
    const outcome = await notify(req.payload, {
      customerId: input.customerId,
      template: input.template,
      // Jobs queued before events had keys are their own event.
      eventKey: input.eventKey ?? `job:${job.id}`,
      refs: {
        serviceId: input.serviceId ?? undefined,
        invoiceId: input.invoiceId ?? undefined,
        serviceActionId: input.serviceActionId ?? undefined,
        params: (input.params as Record<string, unknown> | null) ?? undefined,
        channels: Array.isArray(input.channels) ? (input.channels as Array<'sms' | 'email'>) : undefined,
      },
      now: new Date(),
    })
    if (outcome.kind === 'invalid_params') {
      req.payload.logger.error(`notifyCustomer job ${job.id}: ${outcome.message}`)
      return { output: { outcome: `not sent: ${outcome.message}` } }
    }
    if (outcome.kind === 'no_customer') return { output: { outcome: 'not sent: no such customer' } }
    if (outcome.retryLater > 0) throw new Error(`${outcome.retryLater} message(s) could not be sent yet; retrying`)
    return { output: { outcome: outcome.rows.map((r) => `${r.channel} ${r.result}`).join(', ') || 'no channel: the customer chose neither SMS nor email, or has no contact details' } }
  },
}
