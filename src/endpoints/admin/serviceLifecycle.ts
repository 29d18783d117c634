import type { Endpoint, PayloadHandler, PayloadRequest } from 'payload'
import { z } from 'zod'

import { INVOICE_KINDS, INVOICE_STATUSES, SERVICE_ACTIONS, SERVICE_STATUSES, SUSPENSION_TYPES } from '../../domain/catalogue'
import type { Permission } from '../../domain/staffPermissions'
import { runIdempotentCommand } from '../../services/idempotentCommand'
import { activateService } from '../../services/lifecycle/activateService'
import { cancelService } from '../../services/lifecycle/cancelService'
import type { LifecycleArgs } from '../../services/lifecycle/lifecycleStep'
import { reactivateService } from '../../services/lifecycle/reactivateService'
import { suspendService } from '../../services/lifecycle/suspendService'
import type { Result } from '../../services/result'
import { ok, parseBody, problem } from '../http'
import { calendarDateInput, idInput } from '../schemas'
import { idParam, requireStaff } from './staffAccess'

const serviceId = idInput('serviceId')
// The type error speaks only when the reason is missing or not text; each length rule has its own words.
const reason = z
  .string({ error: (issue) => (issue.input === undefined ? 'A reason is required' : 'A reason must be text') })
  .trim()
  .min(1, 'A reason is required')
  .max(500, 'A reason is at most 500 characters')
  .refine((s) => !s.includes('\u0000'), 'A reason cannot hold NUL bytes')
const notes = z.string({ error: 'Notes must be text' }).trim().max(2000, 'Notes are at most 2000 characters').optional()
const calendarDate = calendarDateInput

export const lifecycleBodies = {
  activate: z.object({ serviceId, reason, notes, activationDate: calendarDate.optional() }).strict(),
  suspend: z.object({ serviceId, suspensionType: z.enum(SUSPENSION_TYPES), reason, notes, skipBilling: z.boolean().optional() }).strict(),
  reactivate: z.object({ serviceId, reason, notes }).strict(),
  cancel: z.object({ serviceId, reason, notes, cancellationDate: calendarDate.optional() }).strict(),
}
export type LifecycleCommand = keyof typeof lifecycleBodies

const id = z.number().int().positive()
const instant = z.string().describe('An ISO 8601 instant (dates are SAST midnight of the day)')
const serviceStatus = z.enum(SERVICE_STATUSES)
// The documents a command answers with are Payload's own: the fields a client acts on are named.
const serviceDocument = z
  .object({
    id,
    status: serviceStatus,
    packageName: z.string(),
    activationDate: instant.nullish(),
    suspensionDate: instant.nullish(),
    cancellationDate: instant.nullish(),
    nextBillingDate: instant.nullish(),
    billingPaused: z.boolean().nullish(),
  })
  .loose()
  .describe('The service after the command')
const invoiceDocument = z
  .object({
    id,
    invoiceNumber: z.string().nullish(),
    kind: z.enum(INVOICE_KINDS),
    status: z.enum(INVOICE_STATUSES),
    invoiceDate: instant,
    dueDate: instant,
    totalCents: z.number().int().nullish().describe('ZAR cents'),
    amountDueCents: z.number().int().nullish().describe('ZAR cents'),
  })
  .loose()
const actionDocument = z
  .object({ id, action: z.enum(SERVICE_ACTIONS), reason: z.string(), notes: z.string().nullish(), previousStatus: serviceStatus.nullish(), newStatus: serviceStatus.nullish(), createdAt: instant })
  .loose()
  .describe('The audit entry the command wrote')

/** What each command answers with (a replay answers the same, with `Idempotent-Replayed: true`). */
export const lifecycleResponses = {
  activate: z.object({ service: serviceDocument, invoice: invoiceDocument.describe('The pro-rata invoice'), action: actionDocument }),
  suspend: z.object({
    service: serviceDocument,
    suspension: z.object({ id, suspensionType: z.enum(SUSPENSION_TYPES), reason: z.string().nullish(), suspendedAt: instant, skipBilling: z.boolean().nullish() }).loose(),
    action: actionDocument,
  }),
  reactivate: z.object({ service: serviceDocument, invoice: invoiceDocument.nullable().describe('The pro-rata invoice, if any'), action: actionDocument }),
  cancel: z.object({
    service: serviceDocument,
    finalInvoice: invoiceDocument.nullable().describe('For used days never invoiced, if any'),
    creditNotes: z.array(invoiceDocument).describe('For prepaid days not used'),
    action: actionDocument,
  }),
} satisfies Record<LifecycleCommand, z.ZodType>

/** What `GET /api/admin/customers/:id/services/:serviceId/audit` answers: newest first. */
export const serviceAuditResponse = z.object({
  entries: z.array(
    z.object({
      id,
      action: z.enum(SERVICE_ACTIONS),
      reason: z.string(),
      notes: z.string().nullable(),
      previousStatus: serviceStatus.nullable(),
      newStatus: serviceStatus.nullable(),
      createdAt: instant,
      staff: z.object({ id, name: z.string().nullable(), email: z.string() }).nullable().describe('null: the system acted'),
    }),
  ),
})

export const LIFECYCLE_PERMISSIONS: Record<LifecycleCommand, Permission> = {
  activate: 'services_activate',
  suspend: 'services_suspend',
  reactivate: 'services_activate',
  cancel: 'services_cancel',
}

/** How a refused command reads over HTTP. */
export const REFUSAL_STATUS: Record<string, number> = {
  SERVICE_NOT_FOUND: 404,
  INVALID_TRANSITION: 409,
  IDEMPOTENCY_KEY_IN_USE: 409,
  REASON_REQUIRED: 400,
  DATE_IN_FUTURE: 400,
  DATE_BEFORE_ACTIVATION: 400,
  DATE_TOO_FAR_BACK: 400,
}

/** The operation behind each command, given validated input. Shared with the GraphQL mutations. */
export function lifecycleWork(command: LifecycleCommand, input: Record<string, unknown>, base: Omit<LifecycleArgs, 'serviceId' | 'reason' | 'notes'>) {
  const args = { ...base, serviceId: input.serviceId as number, reason: input.reason as string, notes: input.notes as string | undefined }
  return (req: PayloadRequest): Promise<Result<unknown>> => {
    switch (command) {
      case 'activate':
        return activateService(req, { ...args, activationDate: input.activationDate as string | undefined })
      case 'suspend':
        return suspendService(req, { ...args, suspensionType: input.suspensionType as (typeof SUSPENSION_TYPES)[number], skipBilling: input.skipBilling as boolean | undefined })
      case 'reactivate':
        return reactivateService(req, args)
      case 'cancel':
        return cancelService(req, { ...args, cancellationDate: input.cancellationDate as string | undefined })
    }
  }
}

export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/

function lifecycleHandler(command: LifecycleCommand): PayloadHandler {
  return async (req) => {
    const gate = requireStaff(req, LIFECYCLE_PERMISSIONS[command])
    if ('response' in gate) return gate.response
    const customerId = idParam(req, 'id')
    if (customerId === null) return problem(req, 404, [{ code: 'CUSTOMER_NOT_FOUND', message: 'No such customer' }])
    const key = req.headers.get('Idempotency-Key') ?? undefined
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      return problem(req, 400, [{ code: 'INVALID_IDEMPOTENCY_KEY', message: 'Idempotency-Key must be 1 to 255 visible ASCII characters', field: 'Idempotency-Key' }])
    }
    const parsed = await parseBody(req, lifecycleBodies[command])
    if (!parsed.ok) return parsed.response
    const outcome = await runIdempotentCommand(req, {
      scope: `users:${gate.staff.id} ${command} customers:${customerId}`,
      key,
      request: parsed.data,
      work: lifecycleWork(command, parsed.data, { customerId, actor: { staffUserId: gate.staff.id as number }, now: new Date() }),
    })
    return commandResponse(req, outcome)
  }
}

export function commandResponse(req: PayloadRequest, outcome: Awaited<ReturnType<typeof runIdempotentCommand>>): Response {
  if (outcome.kind === 'key_reused') {
    return problem(req, 422, [{ code: 'IDEMPOTENCY_KEY_REUSED', message: 'This Idempotency-Key was used for a different request', field: 'Idempotency-Key' }])
  }
  if (outcome.kind === 'refused') {
    const { code, message, field } = outcome.refusal
    return problem(req, REFUSAL_STATUS[code] ?? 400, [{ code, message, field }])
  }
  const headers = new Headers()
  if (outcome.replayed) headers.set('Idempotent-Replayed', 'true')
  return ok(req, outcome.body, { headers })
}

/** `GET /api/admin/customers/:id/services/:serviceId/audit`: the service's actions, newest first. */
const serviceAudit: PayloadHandler = async (req) => {
  const gate = requireStaff(req)
  if ('response' in gate) return gate.response
  const customerId = idParam(req, 'id')
  const id = idParam(req, 'serviceId')
  const notFound = () => problem(req, 404, [{ code: 'SERVICE_NOT_FOUND', message: 'This customer has no such service' }])
  if (customerId === null || id === null) return notFound()
  const owned = await req.payload.find({
    collection: 'services',
    where: { and: [{ id: { equals: id } }, { customer: { equals: customerId } }] },
    depth: 0,
    limit: 1,
    overrideAccess: false,
    user: req.user,
    req,
  })
  if (owned.docs.length === 0) return notFound()
  const actions = await req.payload.find({
    collection: 'service-actions',
    where: { service: { equals: id } },
    sort: ['-createdAt', '-id'],
    depth: 1,
    pagination: false,
    overrideAccess: false,
    user: req.user,
    req,
  })
  return ok(req, {
    entries: actions.docs.map((a) => {
      const staff = a.staffUser && typeof a.staffUser === 'object' ? a.staffUser : null
      return {
        id: a.id,
        action: a.action,
        reason: a.reason,
        notes: a.notes ?? null,
        previousStatus: a.previousStatus ?? null,
        newStatus: a.newStatus ?? null,
        createdAt: a.createdAt,
        staff: staff ? { id: staff.id, name: staff.name ?? null, email: staff.email } : null,
      }
    }),
  } satisfies z.input<typeof serviceAuditResponse>)
}

export const serviceLifecycleEndpoints: Endpoint[] = [
  ...(Object.keys(lifecycleBodies) as LifecycleCommand[]).map(
    (command): Endpoint => ({ path: `/admin/customers/:id/services/${command}`, method: 'post', handler: lifecycleHandler(command) }),
  ),
  { path: '/admin/customers/:id/services/:serviceId/audit', method: 'get', handler: serviceAudit },
]
