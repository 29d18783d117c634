import { randomUUID } from 'node:crypto'

import { sql } from 'drizzle-orm'
import type { Endpoint, PayloadHandler, PayloadRequest } from 'payload'
import { z } from 'zod'

import { sastDateOf, sastMidnight, type CalendarDate } from '../../domain/calendarDate'
import { BILLING_ACTIONS, INVOICE_LINE_KINDS, PAYMENT_CHANNELS } from '../../domain/catalogue'
import { issueAdhocInvoice } from '../../services/billing/issueAdhocInvoice'
import { issueCreditNote } from '../../services/billing/issueCreditNote'
import { recordPayment } from '../../services/billing/recordPayment'
import { refundAccountCredit } from '../../services/billing/refundAccountCredit'
import { voidInvoice } from '../../services/billing/voidInvoice'
import { markForFollowUp, requestRepresentation } from '../../services/netcash/debitOrders'
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
  /** Why this returned or rejected debit is presented again, or followed up by hand instead. */
  debitDecision: z.strictObject({ reason }),
  refund: z.strictObject({
    /** Left out: all that is left of the payment or credit note (never more than the account's credit). */
    amountCents: cents('amountCents').positive('A refund is more than nothing').max(100_000_000, 'A refund is at most R 1 000 000.00').optional(),
    /** The reference of our transfer to the customer: the same one twice is the same refund. */
    reference: text('A reference', 100),
    reason,
    refundedOn: calendarDateInput.optional(),
  }),
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
  UNKNOWN_PAYMENT: 404,
  UNKNOWN_CUSTOMER: 404,
  UNKNOWN_SERVICE: 404,
  NOT_VOIDABLE: 409,
  DEBIT_IN_PROGRESS: 409,
  NOT_CREDITABLE: 409,
  OVER_CREDITED: 409,
  TRANSACTION_ID_REUSED: 409,
  NOT_RESENDABLE: 409,
  DATE_IN_FUTURE: 400,
  UNKNOWN_SOURCE: 404,
  NOTHING_TO_REFUND: 409,
  NOT_CLEARED: 409,
  AMOUNT_TOO_LARGE: 409,
  NOT_REPRESENTABLE: 409,
}

type PathParam = 'customer' | 'invoice' | 'payment'
type Work = (tx: PayloadRequest, body: any, ctx: { staffUserId: number; pathId: number; now: Date; key?: string }) => Promise<{ ok: true; value: unknown } | Refusal>

/** A staff billing action: its name (the idempotency scope), its body, what its path names, its work. */
export type BillingActionDef = { name: string; body: z.ZodType; pathParam: PathParam; work: Work }

/**
 * Runs one billing action for a staff member who holds billing_manage, with a validated body:
 * the Idempotency-Key honoured (a retry acts once), the service and its audit entry in one
 * transaction. Shared by the REST endpoints and the GraphQL mutations.
 */
export function runBillingAction(req: PayloadRequest, def: BillingActionDef, args: { staffUserId: number; pathId: number; body: unknown; key?: string }) {
  return runIdempotentCommand(req, {
    scope: `users:${args.staffUserId} ${def.name} ${def.pathParam}s:${args.pathId}`,
    key: args.key,
    request: args.body,
    work: (tx) => def.work(tx, args.body, { staffUserId: args.staffUserId, pathId: args.pathId, now: new Date(), key: args.key }),
  })
}

export const billingRefusalStatus = (code: string) => REFUSALS[code] ?? 400

const NOT_FOUND: Record<PathParam, string> = { customer: 'CUSTOMER_NOT_FOUND', invoice: 'UNKNOWN_INVOICE', payment: 'UNKNOWN_PAYMENT' }

/**
 * One staff billing action over REST: billing_manage, an Idempotency-Key honoured, the body
 * validated (400 naming the field), a refusal mapped to 404/409 with its code.
 */
function action(def: BillingActionDef): PayloadHandler {
  return async (req) => {
    const gate = requireStaff(req, 'billing_manage')
    if ('response' in gate) return gate.response
    const pathId = idParam(req, 'id')
    if (pathId === null) return problem(req, 404, [{ code: NOT_FOUND[def.pathParam], message: `No such ${def.pathParam}` }])
    const key = req.headers.get('Idempotency-Key') ?? undefined
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      return problem(req, 400, [{ code: 'INVALID_IDEMPOTENCY_KEY', message: 'Idempotency-Key must be 1 to 255 visible ASCII characters', field: 'Idempotency-Key' }])
    }
    const parsed = await parseBody(req, def.body)
    if (!parsed.ok) return parsed.response
    const outcome = await runBillingAction(req, def, { staffUserId: gate.staff.id as number, pathId, body: parsed.data, key })
    if (outcome.kind === 'refused') {
      const { code, message, field } = outcome.refusal
      return problem(req, billingRefusalStatus(code), [{ code, message, field }])
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

/** A refund of what is left of a payment or of a credit note (src/services/billing/refundAccountCredit.ts). */
const refundAction =
  (from: 'payment' | 'credit_note'): Work =>
  async (tx, body: z.infer<typeof billingActionBodies.refund>, ctx) => {
    const refundedOn = body.refundedOn ?? sastDateOf(ctx.now)
    if (refundedOn > sastDateOf(ctx.now)) return refuse('DATE_IN_FUTURE', 'A refund is paid out today or earlier', 'refundedOn')
    const found = await tx.payload.findByID({ collection: from === 'payment' ? 'payment-transactions' : 'invoices', id: ctx.pathId, depth: 0, req: tx, disableErrors: true, overrideAccess: true })
    if (!found || (from === 'credit_note' && (found as { kind?: string }).kind !== 'credit_note') || (from === 'payment' && (found as { kind?: string }).kind === 'refund')) {
      return refuse(from === 'payment' ? 'UNKNOWN_PAYMENT' : 'UNKNOWN_INVOICE', from === 'payment' ? 'No such payment' : 'No such credit note', from === 'payment' ? 'paymentId' : 'invoiceId')
    }
    const customerId = (found as { customer: number }).customer
    const transactionId = `refund:${body.reference.toUpperCase().replace(/\s+/g, ' ')}`
    await (await transactionSql(tx)).execute(sql`SELECT pg_advisory_xact_lock(hashtext('payment-reference:' || ${transactionId}))`)
    const result = await refundAccountCredit(tx, {
      customerId,
      source: from === 'payment' ? { paymentId: ctx.pathId } : { creditNoteId: ctx.pathId },
      amountCents: body.amountCents,
      transactionId,
      refundedAt: new Date(sastMidnight(refundedOn)),
    })
    if (!result.ok) return result
    if (!result.value.alreadyRecorded) {
      await audit(tx, {
        customerId,
        action: 'refund',
        staffUserId: ctx.staffUserId,
        paymentId: result.value.refund.id,
        creditNoteId: from === 'credit_note' ? ctx.pathId : undefined,
        reason: body.reason,
        details: { amountCents: result.value.refund.amountCents, reference: body.reference, refundedOn, source: { kind: from, id: ctx.pathId, reference: result.value.source.reference } },
      })
    }
    return done({ refund: result.value.refund, creditLeftCents: result.value.creditLeftCents, sourceLeftCents: result.value.source.free, alreadyRecorded: result.value.alreadyRecorded })
  }

/** A clerk's decision on a returned or rejected debit order (src/services/netcash/debitOrders.ts). */
const debitAction =
  (decision: 'represent' | 'follow_up'): Work =>
  async (tx, body: z.infer<typeof billingActionBodies.debitDecision>, ctx) => {
    const result = decision === 'represent' ? await requestRepresentation(tx, ctx.pathId) : await markForFollowUp(tx, ctx.pathId)
    if (!result.ok) return result
    const payment = result.value.payment
    await audit(tx, {
      customerId: payment.customer as number,
      action: decision === 'represent' ? 'represent_debit' : 'debit_follow_up',
      staffUserId: ctx.staffUserId,
      paymentId: payment.id,
      invoiceId: (payment.invoice as number | null) ?? undefined,
      reason: body.reason,
      details: { transactionId: payment.transactionId, status: payment.status, returnReasonCode: payment.returnReasonCode ?? null },
    })
    return done({ payment })
  }

/** Every billing action, by its GraphQL mutation's name. */
export const BILLING_ACTION_DEFS = {
  recordPayment: { name: 'record-payment', body: billingActionBodies.payment, pathParam: 'customer', work: recordPaymentAction },
  issueAdhocInvoice: { name: 'adhoc-invoice', body: billingActionBodies.adhocInvoice, pathParam: 'customer', work: adhocAction },
  voidInvoice: { name: 'void-invoice', body: billingActionBodies.void, pathParam: 'invoice', work: voidAction },
  issueCreditNote: { name: 'credit-note', body: billingActionBodies.creditNote, pathParam: 'invoice', work: creditNoteAction },
  resendInvoice: { name: 'resend-invoice', body: billingActionBodies.resend, pathParam: 'invoice', work: resendAction },
  refundPayment: { name: 'refund-payment', body: billingActionBodies.refund, pathParam: 'payment', work: refundAction('payment') },
  refundCreditNote: { name: 'refund-credit-note', body: billingActionBodies.refund, pathParam: 'invoice', work: refundAction('credit_note') },
  representDebit: { name: 'represent-debit', body: billingActionBodies.debitDecision, pathParam: 'payment', work: debitAction('represent') },
  followUpDebit: { name: 'debit-follow-up', body: billingActionBodies.debitDecision, pathParam: 'payment', work: debitAction('follow_up') },
} satisfies Record<string, BillingActionDef>

const d = BILLING_ACTION_DEFS
export const billingActionEndpoints: Endpoint[] = [
  { path: '/admin/customers/:id/payments', method: 'post', handler: action(d.recordPayment) },
  { path: '/admin/customers/:id/invoices', method: 'post', handler: action(d.issueAdhocInvoice) },
  { path: '/admin/invoices/:id/void', method: 'post', handler: action(d.voidInvoice) },
  { path: '/admin/invoices/:id/credit-notes', method: 'post', handler: action(d.issueCreditNote) },
  { path: '/admin/invoices/:id/resend', method: 'post', handler: action(d.resendInvoice) },
  { path: '/admin/payments/:id/refunds', method: 'post', handler: action(d.refundPayment) },
  { path: '/admin/invoices/:id/refunds', method: 'post', handler: action(d.refundCreditNote) },
  { path: '/admin/payments/:id/represent', method: 'post', handler: action(d.representDebit) },
  { path: '/admin/payments/:id/follow-up', method: 'post', handler: action(d.followUpDebit) },
]
