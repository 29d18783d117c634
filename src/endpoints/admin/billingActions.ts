import { randomUUID } from 'node:crypto'

import { sql } from 'drizzle-orm'
import type { Endpoint, PayloadHandler, PayloadRequest } from 'payload'
import { z } from 'zod'

import { sastDateOf, sastMidnight, type CalendarDate } from '../../domain/calendarDate'
import { BILLING_ACTIONS, INVOICE_LINE_KINDS, PAYMENT_CHANNELS } from '../../domain/catalogue'
import { issueAdhocInvoice } from '../../services/billing/issueAdhocInvoice'
import { issueCreditNote } from '../../services/billing/issueCreditNote'
import { recordPayment } from '../../services/billing/recordPayment'
import { voidInvoice } from '../../services/billing/voidInvoice'
import { runIdempotentCommand } from '../../services/idempotentCommand'
import { transactionSql } from '../../services/transactionSql'
import { queueNotification } from '../../services/outbox'
import { ok as done, refuse, type Refusal } from '../../services/result'
import { parseBody, problem } from '../http'
import { calendarDateInput, idInput } from '../schemas'
import { commandResponse, IDEMPOTENCY_KEY, REFUSAL_STATUS } from './serviceLifecycle'
import { idParam, requireStaff } from './staffAccess'

const text = (what: string, max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be text`) })
    .trim()
    .min(1, `${what} is required`)
    .max(max, `${what} is at most ${max} characters`)
    .refine((s) => !s.includes('\u0000'), `${what} cannot hold NUL bytes`)
const reason = text('A reason', 500)
const cents = (what: string) => z.number({ error: `${what} must be a number of cents` }).int(`${what} is whole cents`)

/** The bodies, exported for the OpenAPI document (src/endpoints/openapi/billingActionOperations.ts). */
export const billingActionBodies = {
  payment: z.strictObject({
    amountCents: cents('amountCents').positive('A payment is more than nothing').max(100_000_000, 'A payment is at most R 1 000 000.00'),
    channel: z.enum(PAYMENT_CHANNELS),
    /** The bank statement reference, receipt or terminal slip number: a second payment with the same one is the same payment. */
    reference: text('A reference', 100),
    receivedOn: calendarDateInput.optional(),
    invoiceId: idInput('invoiceId').optional(),
    notes: z.string().trim().max(2000).optional(),
  }),
  void: z.strictObject({ reason }),
  creditNote: z.strictObject({
    reason,
    /** Positions of the invoice's lines to credit, from 0; left out: the whole invoice. */
    lines: z.array(z.number().int().min(0).max(199)).min(1).max(200).optional(),
  }),
  adhocInvoice: z.strictObject({
    serviceId: idInput('serviceId').optional(),
    kind: z.enum(['adhoc', 'installation']).optional(),
    invoiceDate: calendarDateInput.optional(),
    lines: z
      .array(
        z.strictObject({
          description: text('A description', 200),
          kind: z.enum(INVOICE_LINE_KINDS).optional(),
          unitPriceCents: cents('unitPriceCents').min(0, 'A price is not negative').max(100_000_000),
          quantity: z.number().int().min(1).max(1000).optional(),
        }),
      )
      .min(1, 'An invoice needs at least one line')
      .max(50),
    reason: z.string().trim().max(500).optional(),
  }),
  resend: z.strictObject({}),
}

type Action = (typeof BILLING_ACTIONS)[number]

/** Writes the audit entry of a billing action, on its transaction. */
async function audit(req: PayloadRequest, entry: { customerId: number; action: Action; staffUserId: number; invoiceId?: number; creditNoteId?: number; paymentId?: number; reason?: string; details: Record<string, unknown> }) {
  await req.payload.create({
    collection: 'billing-actions',
    data: {
      customer: entry.customerId,
      action: entry.action,
      invoice: entry.invoiceId,
      creditNote: entry.creditNoteId,
      payment: entry.paymentId,
      staffUser: entry.staffUserId,
      reason: entry.reason,
      details: entry.details,
    },
    req,
    overrideAccess: true,
    depth: 0,
  })
}

const REFUSALS: Record<string, number> = {
  ...REFUSAL_STATUS,
  UNKNOWN_INVOICE: 404,
  UNKNOWN_CUSTOMER: 404,
  UNKNOWN_SERVICE: 404,
  NOT_VOIDABLE: 409,
  NOT_CREDITABLE: 409,
  OVER_CREDITED: 409,
  TRANSACTION_ID_REUSED: 409,
  NOT_RESENDABLE: 409,
  DATE_IN_FUTURE: 400,
}

type Work = (tx: PayloadRequest, body: any, ctx: { staffUserId: number; pathId: number; now: Date; key?: string }) => Promise<{ ok: true; value: unknown } | Refusal>

/**
 * One staff billing action: billing_manage, an Idempotency-Key honoured (a retry acts once), the
 * body validated (400 naming the field), the service and its audit entry in one transaction, a
 * refusal mapped to 404/409 with its code.
 */
function action(name: string, body: z.ZodType, pathParam: 'customer' | 'invoice', work: Work): PayloadHandler {
  return async (req) => {
    const gate = requireStaff(req, 'billing_manage')
    if ('response' in gate) return gate.response
    const pathId = idParam(req, 'id')
    if (pathId === null) return problem(req, 404, [{ code: pathParam === 'customer' ? 'CUSTOMER_NOT_FOUND' : 'UNKNOWN_INVOICE', message: `No such ${pathParam}` }])
    const key = req.headers.get('Idempotency-Key') ?? undefined
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      return problem(req, 400, [{ code: 'INVALID_IDEMPOTENCY_KEY', message: 'Idempotency-Key must be 1 to 255 visible ASCII characters', field: 'Idempotency-Key' }])
    }
    const parsed = await parseBody(req, body)
    if (!parsed.ok) return parsed.response
    const outcome = await runIdempotentCommand(req, {
      scope: `users:${gate.staff.id} ${name} ${pathParam}s:${pathId}`,
      key,
      request: parsed.data,
      work: (tx) => work(tx, parsed.data, { staffUserId: gate.staff.id as number, pathId, now: new Date(), key }),
    })
    if (outcome.kind === 'refused') {
      const { code, message, field } = outcome.refusal
      return problem(req, REFUSALS[code] ?? 400, [{ code, message, field }])
    }
    return commandResponse(req, outcome)
  }
}

async function invoiceOf(tx: PayloadRequest, id: number) {
  return tx.payload.findByID({ collection: 'invoices', id, depth: 0, req: tx, disableErrors: true, overrideAccess: true })
}

const recordPaymentAction: Work = async (tx, body: z.infer<typeof billingActionBodies.payment>, ctx) => {
  const receivedOn = body.receivedOn ?? sastDateOf(ctx.now)
  if (receivedOn > sastDateOf(ctx.now)) return refuse('DATE_IN_FUTURE', 'A payment is received today or earlier', 'receivedOn')
  const customer = await tx.payload.findByID({ collection: 'customers', id: ctx.pathId, depth: 0, req: tx, disableErrors: true, overrideAccess: true })
  if (!customer) return refuse('UNKNOWN_CUSTOMER', 'No such customer', 'customerId')
  // The reference is the payment's identity: the same slip or statement line recorded twice is one payment.
  const transactionId = `${body.channel}:${body.reference.toUpperCase().replace(/\s+/g, ' ')}`
  // Two clerks recording the same reference at once (for different customers) wait for each other,
  // so the second is told it is a repeat or a clash instead of failing on the unique index.
  await (await transactionSql(tx)).execute(sql`SELECT pg_advisory_xact_lock(hashtext('payment-reference:' || ${transactionId}))`)
  const result = await recordPayment(tx, {
    customerId: customer.id,
    amountCents: body.amountCents,
    transactionId,
    invoiceId: body.invoiceId,
    gatewayReference: body.reference,
    receivedAt: new Date(sastMidnight(receivedOn)),
  })
  if (!result.ok) return result
  if (!result.value.alreadyRecorded) {
    await audit(tx, {
      customerId: customer.id,
      action: 'record_payment',
      staffUserId: ctx.staffUserId,
      paymentId: result.value.transaction.id,
      invoiceId: body.invoiceId,
      details: { amountCents: body.amountCents, channel: body.channel, reference: body.reference, receivedOn, allocations: result.value.allocations, creditCents: result.value.creditCents, notes: body.notes },
    })
  }
  return done({ payment: result.value.transaction, allocations: result.value.allocations, creditCents: result.value.creditCents, alreadyRecorded: result.value.alreadyRecorded })
}

const voidAction: Work = async (tx, body: z.infer<typeof billingActionBodies.void>, ctx) => {
  const result = await voidInvoice(tx, { invoiceId: ctx.pathId, reason: body.reason, now: ctx.now })
  if (!result.ok) return result
  await audit(tx, { customerId: result.value.customer as number, action: 'void_invoice', staffUserId: ctx.staffUserId, invoiceId: result.value.id, reason: body.reason, details: { totalCents: result.value.totalCents } })
  return done({ invoice: result.value })
}

const creditNoteAction: Work = async (tx, body: z.infer<typeof billingActionBodies.creditNote>, ctx) => {
  const result = await issueCreditNote(tx, { invoiceId: ctx.pathId, reason: body.reason, lineIndexes: body.lines, creditDate: sastDateOf(ctx.now) })
  if (!result.ok) return result
  const { creditNote, invoice } = result.value
  await audit(tx, {
    customerId: invoice.customer as number,
    action: 'credit_note',
    staffUserId: ctx.staffUserId,
    invoiceId: invoice.id,
    creditNoteId: creditNote.id,
    reason: body.reason,
    details: { creditCents: creditNote.totalCents, lines: body.lines ?? 'all' },
  })
  return done({ creditNote, invoice })
}

const adhocAction: Work = async (tx, body: z.infer<typeof billingActionBodies.adhocInvoice>, ctx) => {
  const invoiceDate = body.invoiceDate ?? sastDateOf(ctx.now)
  if (invoiceDate > sastDateOf(ctx.now)) return refuse('DATE_IN_FUTURE', 'An invoice is dated today or earlier', 'invoiceDate')
  const result = await issueAdhocInvoice(tx, { customerId: ctx.pathId, serviceId: body.serviceId, invoiceDate, lines: body.lines, kind: body.kind })
  if (!result.ok) return result
  await audit(tx, { customerId: ctx.pathId, action: 'adhoc_invoice', staffUserId: ctx.staffUserId, invoiceId: result.value.id, reason: body.reason, details: { totalCents: result.value.totalCents, lines: body.lines.length } })
  return done({ invoice: result.value })
}

const resendAction: Work = async (tx, _body, ctx) => {
  const invoice = await invoiceOf(tx, ctx.pathId)
  if (!invoice) return refuse('UNKNOWN_INVOICE', 'No such invoice', 'invoiceId')
  if (!invoice.invoiceNumber || invoice.kind === 'credit_note' || invoice.status === 'draft') {
    return refuse('NOT_RESENDABLE', 'Only an issued invoice is sent to the customer')
  }
  // A new event each time staff resend (the Idempotency-Key makes a retried click one event).
  const eventKey = `invoice:${invoice.id}:resend:${ctx.key ?? randomUUID()}`
  await queueNotification(tx, { customerId: invoice.customer as number, template: 'invoice_issued', eventKey, invoiceId: invoice.id, channels: ['email'] })
  await audit(tx, { customerId: invoice.customer as number, action: 'resend_invoice', staffUserId: ctx.staffUserId, invoiceId: invoice.id, details: { eventKey } })
  return done({ invoiceId: invoice.id, queued: true, channel: 'email' })
}

export const billingActionEndpoints: Endpoint[] = [
  { path: '/admin/customers/:id/payments', method: 'post', handler: action('record-payment', billingActionBodies.payment, 'customer', recordPaymentAction) },
  { path: '/admin/customers/:id/invoices', method: 'post', handler: action('adhoc-invoice', billingActionBodies.adhocInvoice, 'customer', adhocAction) },
  { path: '/admin/invoices/:id/void', method: 'post', handler: action('void-invoice', billingActionBodies.void, 'invoice', voidAction) },
  { path: '/admin/invoices/:id/credit-notes', method: 'post', handler: action('credit-note', billingActionBodies.creditNote, 'invoice', creditNoteAction) },
  { path: '/admin/invoices/:id/resend', method: 'post', handler: action('resend-invoice', billingActionBodies.resend, 'invoice', resendAction) },
]
