import type { PayloadRequest } from 'payload'

/**
 * The outbox: side effects outside the database (SMS, email, the network), queued as jobs on the
 * business operation's own transaction, so they exist only if it commits and run after it.
 */

/** The notification templates the business operations send. */
export const NOTIFICATION_TEMPLATES = [
  'service_activated',
  'service_suspended',
  'service_reactivated',
  'service_cancelled',
  'invoice_issued',
] as const
export type NotificationTemplate = (typeof NOTIFICATION_TEMPLATES)[number]

/** Queues worked by their own senders (see src/jobs/runner.ts RUNNER_QUEUES for which run today). */
export const NOTIFICATIONS_QUEUE = 'notifications'
export const NETWORK_QUEUE = 'network'

/**
 * Side effects outside the database, queued on the operation's transaction (an outbox): they
 * exist only if the operation commits, and run after it.
 */
export async function queueSideEffects(
  req: PayloadRequest,
  args: { customerId: number; serviceId: number; template: NotificationTemplate; network?: 'enable' | 'disable'; invoiceId?: number },
): Promise<void> {
  await req.payload.jobs.queue({
    task: 'notifyCustomer',
    queue: NOTIFICATIONS_QUEUE,
    input: { customerId: args.customerId, template: args.template, serviceId: args.serviceId, invoiceId: args.invoiceId },
    req,
  })
  if (args.network) {
    await req.payload.jobs.queue({ task: 'syncNetworkAccess', queue: NETWORK_QUEUE, input: { serviceId: args.serviceId, access: args.network }, req })
  }
}

