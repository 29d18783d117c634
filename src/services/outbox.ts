import type { PayloadRequest } from 'payload'
import { sql } from 'drizzle-orm'

import type { NotificationTemplateName } from '../domain/notifications'
import { transactionSql } from './transactionSql'

/**
 * The outbox: side effects outside the database (SMS, email, the network), queued as jobs on the
 * business operation's own transaction, so they exist only if it commits and run after it. A
 * notification that then fails cannot undo the operation.
 */

/** Queues worked by the runner (src/jobs/runner.ts RUNNER_QUEUES says which run today). */
export const NOTIFICATIONS_QUEUE = 'notifications'
export const NETWORK_QUEUE = 'network'
/** Invoice PDFs (src/jobs/renderInvoicePdf.ts): several render side by side (runner.ts QUEUE_CONCURRENCY). */
export const DOCUMENTS_QUEUE = 'documents'

export type NotificationRequest = {
  customerId: number
  template: NotificationTemplateName
  /** What happened, once: `invoice:42`, `service-action:7`. One message per (event, template, channel). */
  eventKey: string
  serviceId?: number
  invoiceId?: number
  serviceActionId?: number
  /** Facts no record holds (a decline reason, a usage figure). */
  params?: Record<string, unknown>
  /** Only these channels (a resend by email); left out, whatever the customer's preferences allow. */
  channels?: Array<'sms' | 'email'>
}

/** Queues a customer notification on `req`'s transaction (src/jobs/notifyCustomer.ts sends it). */
export async function queueNotification(req: PayloadRequest, n: NotificationRequest): Promise<void> {
  await req.payload.jobs.queue({
    task: 'notifyCustomer',
    queue: NOTIFICATIONS_QUEUE,
    input: {
      customerId: n.customerId,
      template: n.template,
      eventKey: n.eventKey,
      serviceId: n.serviceId,
      invoiceId: n.invoiceId,
      serviceActionId: n.serviceActionId,
      params: n.params,
      channels: n.channels,
    },
    req,
  })
}

/** A lifecycle operation's side effects: the customer told, and the network told to follow. */
export async function queueSideEffects(
  req: PayloadRequest,
  args: { customerId: number; serviceId: number; serviceActionId: number; template: NotificationTemplateName; network?: 'enable' | 'disable'; invoiceId?: number },
): Promise<void> {
  await queueNotification(req, {
    customerId: args.customerId,
    template: args.template,
    eventKey: `service-action:${args.serviceActionId}`,
    serviceId: args.serviceId,
    serviceActionId: args.serviceActionId,
    invoiceId: args.invoiceId,
  })
  if (args.network) {
    // Until the job has told the network, the service does not claim the old state.
    const db = await transactionSql(req)
    await db.execute(sql`UPDATE services SET network_state = 'pending' WHERE id = ${args.serviceId}`)
    await req.payload.jobs.queue({ task: 'syncNetworkAccess', queue: NETWORK_QUEUE, input: { serviceId: args.serviceId, access: args.network }, req })
  }
}
