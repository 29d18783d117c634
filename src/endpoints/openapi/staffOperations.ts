import { z } from 'zod'

import type { Permission } from '../../domain/staffPermissions'
import { MAX_BACKDATE_DAYS } from '../../services/lifecycle/lifecycleStep'
import { billingPreviewBodies, billingPreviewResponse } from '../admin/billingPreview'
import { customerBillingResponse } from '../admin/customerBilling'
import { resolveBatchBody, resolveBatchResponse } from '../admin/debitOrders'
import { generateInvoicesNowBody, generateInvoicesNowResponse } from '../admin/generateInvoicesNow'
import { STARTABLE_RUNS, startRunBody, startRunResponse } from '../admin/jobRuns'
import {
  IDEMPOTENCY_KEY,
  LIFECYCLE_PERMISSIONS,
  lifecycleBodies,
  lifecycleResponses,
  serviceAuditResponse,
  type LifecycleCommand,
} from '../admin/serviceLifecycle'
import { json, rowIdParam, STAFF, type ApiOperation, type ApiParameter, type ApiResponse } from './operation'

export const STAFF_SERVICES_TAG = 'Staff: services'
export const STAFF_BILLING_TAG = 'Staff: billing'

const customerId: ApiParameter = { ...rowIdParam, description: "The customer's id" }

/** The gate of every staff endpoint (src/endpoints/admin/staffAccess.ts). */
const staffGate = (...permissions: Permission[]): Record<number, ApiResponse> => ({
  401: { description: 'Not signed in (NOT_AUTHENTICATED)' },
  403: {
    description: permissions.length
      ? `Not staff, or not holding ${permissions.join(' or ')} (FORBIDDEN, naming the permission)`
      : 'Not staff (FORBIDDEN)',
  },
})

const jsonBodyOnly: Record<number, ApiResponse> = {
  415: { description: 'The body is not sent as application/json (UNSUPPORTED_MEDIA_TYPE)' },
}

const idempotencyKey: Record<string, ApiParameter> = {
  'Idempotency-Key': {
    description: 'A retry with the same key and body replays the first answer and acts no second time; keys are kept 7 days.',
    schema: z.string().regex(IDEMPOTENCY_KEY).describe('1 to 255 visible ASCII characters'),
  },
}
const keyRefusals: Record<number, ApiResponse> = {
  422: { description: 'This Idempotency-Key was used for a different request (IDEMPOTENCY_KEY_REUSED)' },
}
const replayed = { 'Idempotent-Replayed': '"true" when this is the stored answer to an earlier request with the same Idempotency-Key' }

const COMMANDS: Record<LifecycleCommand, { summary: string; description: string }> = {
  activate: {
    summary: 'Activate a pending service',
    description:
      `pending → active. The activation date is today unless given (at most ${MAX_BACKDATE_DAYS} days back, never ahead); ` +
      'the pro-rata invoice runs from it to the next billing date. The customer is notified and network access enabled (queued).',
  },
  suspend: {
    summary: 'Suspend an active service',
    description: 'active → suspended, with a suspension type; `skipBilling: true` pauses billing until reactivation. The customer is notified and network access disabled (queued).',
  },
  reactivate: {
    summary: 'Reactivate a suspended service',
    description: 'suspended → active. When billing was paused and the period is not yet invoiced, a pro-rata invoice covers today to the next billing date (paused days are not charged).',
  },
  cancel: {
    summary: 'Cancel a service (final)',
    description:
      `pending, active or suspended → cancelled. The cancellation date is today unless given (at most ${MAX_BACKDATE_DAYS} days back, never ahead, never before activation). ` +
      'Whole periods a run missed are invoiced first, then the settlement: a final invoice for used days never invoiced, credit notes for prepaid days not used; no charge for days paused.',
  },
}

const lifecycleOperation = (command: LifecycleCommand): ApiOperation => ({
  method: 'post',
  path: `/admin/customers/:id/services/${command}`,
  tag: STAFF_SERVICES_TAG,
  summary: COMMANDS[command].summary,
  description: `${COMMANDS[command].description} One transaction, one audit entry. Needs ${LIFECYCLE_PERMISSIONS[command]}.`,
  security: STAFF,
  pathParams: { id: customerId },
  headers: idempotencyKey,
  body: { schema: lifecycleBodies[command] },
  responses: {
    200: { description: 'Done', content: json(lifecycleResponses[command]), headers: replayed },
    400: { description: 'A body field is not valid (VALIDATION_FAILED), the Idempotency-Key is malformed (INVALID_IDEMPOTENCY_KEY), or a date is refused (DATE_IN_FUTURE, DATE_TOO_FAR_BACK, DATE_BEFORE_ACTIVATION)' },
    ...staffGate(LIFECYCLE_PERMISSIONS[command]),
    404: { description: 'No such customer (CUSTOMER_NOT_FOUND), or the service is not theirs (SERVICE_NOT_FOUND)' },
    409: { description: 'The service is not in a state this command starts from (INVALID_TRANSITION), or the same key is still being processed (IDEMPOTENCY_KEY_IN_USE)' },
    ...jsonBodyOnly,
    ...keyRefusals,
  },
})

/** src/endpoints/admin/*.ts, mounted on the config under /api/admin. */
export const staffOperations: ApiOperation[] = [
  ...(Object.keys(lifecycleBodies) as LifecycleCommand[]).map(lifecycleOperation),
  {
    method: 'get',
    path: '/admin/customers/:id/services/:serviceId/audit',
    tag: STAFF_SERVICES_TAG,
    summary: "A service's audit trail, newest first",
    description: 'Every action on the service (who, what, why, from, to), with the staff member\'s name and email.',
    security: STAFF,
    pathParams: { id: customerId, serviceId: { ...rowIdParam, description: "The service's id" } },
    responses: {
      200: { description: 'The entries', content: json(serviceAuditResponse) },
      ...staffGate(),
      404: { description: 'The customer has no such service (SERVICE_NOT_FOUND)' },
    },
  },
  {
    method: 'get',
    path: '/admin/customers/:id/billing',
    tag: STAFF_BILLING_TAG,
    summary: "A customer's billing at a glance",
    description: 'Balance, services, the latest invoices and transactions, and active payment methods (masked; encrypted details never leave the database). Read with the caller\'s own access rules.',
    security: STAFF,
    pathParams: { id: customerId },
    responses: {
      200: { description: 'The billing overview', content: json(customerBillingResponse) },
      ...staffGate(),
      404: { description: 'No such customer (CUSTOMER_NOT_FOUND)' },
    },
  },
  {
    method: 'post',
    path: '/admin/billing/generate-invoices-now',
    tag: STAFF_BILLING_TAG,
    summary: 'Issue the recurring invoices due now',
    description:
      'For the services named, or every billable one. Each service is its own transactions and issuing is idempotent per service and period, so a repeat issues nothing twice; ' +
      'the answer counts what was issued, skipped (already invoiced, not yet due) and failed, with reasons. The run is recorded in job-runs. Needs billing_manage.',
    security: STAFF,
    headers: idempotencyKey,
    body: { schema: generateInvoicesNowBody },
    responses: {
      200: { description: 'The run\'s report', content: json(generateInvoicesNowResponse), headers: replayed },
      400: { description: 'A body field is not valid (VALIDATION_FAILED), asOf is after today (DATE_IN_FUTURE), or the Idempotency-Key is malformed (INVALID_IDEMPOTENCY_KEY)' },
      ...staffGate('billing_manage'),
      ...jsonBodyOnly,
      ...keyRefusals,
    },
  },
  {
    method: 'post',
    path: '/admin/billing/preview',
    tag: STAFF_BILLING_TAG,
    summary: 'Preview what activating, reactivating or cancelling would invoice',
    description:
      'Computed by the same plan the operation uses, so the preview and the invoice cannot differ. Name a service, or give a price, account type and billing day: the body\'s shape says which. ' +
      'Credits come back as negative amounts. Needs billing_manage or services_activate.',
    security: STAFF,
    body: { schema: z.union([billingPreviewBodies.byService, billingPreviewBodies.byPrice]) },
    responses: {
      200: { description: 'The lines and totals', content: json(billingPreviewResponse) },
      400: { description: 'A body field is not valid (VALIDATION_FAILED), or a cancellation date before the activation (DATE_BEFORE_ACTIVATION)' },
      ...staffGate('billing_manage', 'services_activate'),
      404: { description: 'No such service (NOT_FOUND, field serviceId)' },
      ...jsonBodyOnly,
    },
  },
  {
    method: 'post',
    path: '/admin/job-runs/:run/start',
    tag: STAFF_BILLING_TAG,
    summary: 'Start a scheduled run now (for external schedulers and integrations)',
    description:
      'Queues the run for the job runner and answers 202 at once; watch it in job-runs. The run is filed under the current minute in the slots the schedule itself uses, ' +
      'so a retried call in the same minute starts nothing more (`queued: false`). Authenticate with a staff session or a staff user\'s API key ' +
      '(`Authorization: users API-Key <key>`), which holds that user\'s permissions. Needs billing_manage.',
    security: STAFF,
    pathParams: {
      run: { description: 'The run: generate-invoices (the daily invoice run), mark-overdue, debit-orders (sends the debit-order file), debit-order-settlement (load reports, unpaids, collection) or usage-sync (usage from Interstellio now, as the hourly run)', schema: z.enum(Object.keys(STARTABLE_RUNS) as [string, ...string[]]), required: true },
    },
    body: { schema: startRunBody },
    responses: {
      202: { description: 'Queued (or already queued this minute)', content: json(startRunResponse) },
      400: { description: 'A body field is not valid (VALIDATION_FAILED, UNKNOWN_FIELD), asOf is after today (DATE_IN_FUTURE), or a debit run is given another day than today (TODAY_ONLY)' },
      ...staffGate('billing_manage'),
      404: { description: 'No such run (UNKNOWN_RUN)' },
      ...jsonBodyOnly,
    },
  },
  {
    method: 'post',
    path: '/admin/debit-order-batches/:id/resolve',
    tag: STAFF_BILLING_TAG,
    summary: 'Say whether NetCash received a debit-order file whose upload went unanswered',
    description:
      'For a run in status `uncertain` (sent, but NetCash\'s answer never came): check the batch on NetCash\'s site, then either `{ "received": true, "fileToken": "<its token>" }` (the run carries on as sent: load report, collection) or `{ "received": false }` ' +
      '(its debits fail as never sent, nobody is told, and the next run presents their invoices again). Who said so and when is kept on the run. Needs billing_manage.',
    security: STAFF,
    pathParams: { id: { ...rowIdParam, description: "The run's id" } },
    body: { schema: resolveBatchBody },
    responses: {
      200: { description: 'Resolved', content: json(resolveBatchResponse) },
      400: { description: 'A body field is not valid (VALIDATION_FAILED, UNKNOWN_FIELD, INVALID_TOKEN)' },
      ...staffGate('billing_manage'),
      404: { description: 'No such run (UNKNOWN_BATCH)' },
      409: { description: 'The run is not uncertain (NOT_UNCERTAIN)' },
      ...jsonBodyOnly,
    },
  },
]
