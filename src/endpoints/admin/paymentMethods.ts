import { createHmac } from 'node:crypto'

import type { Endpoint, PayloadHandler, PayloadRequest } from 'payload'
import { z } from 'zod'

import { SA_BANKS, BANK_ACCOUNT_TYPES } from '../../domain/bankAccounts'
import { MANDATE_STATUSES, PAYMENT_METHOD_TYPES, type BILLING_ACTIONS } from '../../domain/catalogue'
import { getConfig } from '../../lib/config'
import type { PaymentMethod } from '../../payload-types'
import { lockAccount } from '../../services/billing/ledger'
import { addPaymentMethodBody, type AddPaymentMethodBody } from '../../services/dashboard/contract'
import { runIdempotentCommand } from '../../services/idempotentCommand'
import { addPaymentMethod, type AddPaymentMethodInput } from '../../services/paymentMethods/addPaymentMethod'
import { readPaymentDetails } from '../../services/paymentMethods/paymentDetails'
import { removePaymentMethod } from '../../services/paymentMethods/removePaymentMethod'
import { setPrimaryPaymentMethod } from '../../services/paymentMethods/setPrimaryPaymentMethod'
import { ok as done, refuse, type Refusal } from '../../services/result'
import { withTransaction } from '../../services/withTransaction'
import { ok, parseBody, problem } from '../http'
import { idInput } from '../schemas'
import { commandResponse, IDEMPOTENCY_KEY, REFUSAL_STATUS } from './serviceLifecycle'
import { idParam, requireStaff } from './staffAccess'

/**
 * A clerk's work on a customer's payment methods (billing_manage), through the same services as
 * the portal (src/services/paymentMethods: validated, encrypted, masked), each with its entry in
 * the billing action log on the same transaction. Adding, making primary and removing honour an
 * Idempotency-Key; showing the bank details is a POST with a reason, audited before anything is
 * sent, and never stored as an idempotent answer (that would keep the details in the database).
 */

const text = (what: string, max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be text`) })
    .trim()
    .min(1, `${what} is required`)
    .max(max, `${what} is at most ${max} characters`)
    .refine((s) => !s.includes('\u0000'), `${what} cannot hold NUL bytes`)
const customerId = idInput('customerId').describe('The customer the method belongs to: a method of anyone else is not found')
const optionalReason = z.string({ error: 'A reason must be text' }).trim().max(500, 'A reason is at most 500 characters').optional()

/** The bodies, exported for the OpenAPI document (src/endpoints/openapi/paymentMethodOperations.ts). */
export const staffPaymentMethodBodies = {
  /** The portal's own rules (bank, universal branch code, account number length; a card only as a gateway token). */
  add: addPaymentMethodBody,
  primary: z.strictObject({ customerId, reason: optionalReason }),
  remove: z.strictObject({ customerId, reason: optionalReason }),
  reveal: z.strictObject({
    customerId,
    /** Why the details are needed, e.g. "customer on the phone asked to confirm the account". */
    reason: text('A reason', 500),
  }),
}

const id = z.number().int().positive()
const staffMethod = z.object({
  id,
  customerId: id,
  type: z.enum(PAYMENT_METHOD_TYPES),
  displayName: z.string().describe('Masked, e.g. "Debit Order - FNB ***1234"'),
  lastFour: z.string().nullable(),
  mandateStatus: z.enum(MANDATE_STATUSES).nullable(),
  isPrimary: z.boolean(),
  isActive: z.boolean(),
  addedAt: z.string().describe('An ISO 8601 instant'),
})

/** What each endpoint answers with. */
export const staffPaymentMethodResponses = {
  method: z.object({ paymentMethod: staffMethod }),
  reveal: z.object({
    paymentMethod: staffMethod.pick({ id: true, customerId: true, displayName: true }),
    bankDetails: z.object({
      bankCode: z.string(),
      bankName: z.string(),
      branchCode: z.string(),
      accountNumber: z.string().describe('Unmasked: show it, never keep it'),
      accountType: z.enum(BANK_ACCOUNT_TYPES),
      accountHolder: z.string(),
    }),
    auditEntryId: id.describe('The billing action log entry this view wrote'),
    revealedAt: z.string().describe('An ISO 8601 instant'),
  }),
}
type StaffMethod = z.infer<typeof staffMethod>

const methodOf = (m: PaymentMethod): StaffMethod => ({
  id: m.id,
  customerId: typeof m.customer === 'object' ? m.customer.id : m.customer,
  type: m.type,
  displayName: m.displayName,
  lastFour: m.lastFour ?? null,
  mandateStatus: m.mandateStatus ?? null,
  isPrimary: Boolean(m.isPrimary),
  isActive: m.isActive !== false,
  addedAt: m.createdAt,
})

type Action = (typeof BILLING_ACTIONS)[number]

/** The billing action log entry, on the action's transaction. Its details are masked only: never an account number. */
async function audit(req: PayloadRequest, entry: { customerId: number; action: Action; staffUserId: number; paymentMethodId: number; reason?: string; details: Record<string, unknown> }) {
  return req.payload.create({
    collection: 'billing-actions',
    data: {
      customer: entry.customerId,
      action: entry.action,
      paymentMethod: entry.paymentMethodId,
      staffUser: entry.staffUserId,
      reason: entry.reason || undefined,
      details: entry.details,
    },
    req,
    overrideAccess: true,
    depth: 0,
  })
}

const REFUSALS: Record<string, number> = {
  ...REFUSAL_STATUS,
  UNKNOWN_CUSTOMER: 404,
  UNKNOWN_METHOD: 404,
  INACTIVE_METHOD: 409,
  PRIMARY_METHOD_HAS_BALANCE: 409,
  NO_BANK_DETAILS: 409,
  INVALID_BANK_DETAILS: 400,
  INVALID_CARD: 400,
}

const refusalResponse = (req: PayloadRequest, refusal: Refusal, headers?: HeadersInit) =>
  // The service names bank fields `bank.<field>`; the body has them at the top.
  problem(req, REFUSALS[refusal.code] ?? 400, [{ code: refusal.code, message: refusal.message, field: refusal.field?.replace(/^bank\./, '') }], headers)

type Work<B> = (tx: PayloadRequest, body: B, ctx: { staffUserId: number; pathId: number }) => Promise<{ ok: true; value: unknown } | Refusal>

/**
 * One write: billing_manage, the Idempotency-Key honoured (a retry acts once), the body validated
 * (400 naming the field), the service and its audit entry in one transaction, a refusal mapped to
 * 404/409 with its code. `fingerprint`: what the key's stored request hash is taken over.
 */
function write<B>(name: string, pathParam: 'customer' | 'payment-method', body: z.ZodType<B>, work: Work<B>, fingerprint: (body: B) => unknown = (b) => b): PayloadHandler {
  return async (req) => {
    const gate = requireStaff(req, 'billing_manage')
    if ('response' in gate) return gate.response
    const pathId = idParam(req, 'id')
    if (pathId === null) {
      return pathParam === 'customer'
        ? problem(req, 404, [{ code: 'CUSTOMER_NOT_FOUND', message: 'No such customer' }])
        : problem(req, 404, [{ code: 'UNKNOWN_METHOD', message: 'No such payment method' }])
    }
    const key = req.headers.get('Idempotency-Key') ?? undefined
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      return problem(req, 400, [{ code: 'INVALID_IDEMPOTENCY_KEY', message: 'Idempotency-Key must be 1 to 255 visible ASCII characters', field: 'Idempotency-Key' }])
    }
    const parsed = await parseBody(req, body)
    if (!parsed.ok) return parsed.response
    const outcome = await runIdempotentCommand(req, {
      scope: `users:${gate.staff.id} ${name} ${pathParam}s:${pathId}`,
      key,
      request: fingerprint(parsed.data),
      work: (tx) => work(tx, parsed.data, { staffUserId: gate.staff.id as number, pathId }),
    })
    if (outcome.kind === 'refused') return refusalResponse(req, outcome.refusal)
    return commandResponse(req, outcome)
  }
}

/** The payment-method service's input for a validated body. */
function addInputOf(customerId: number, body: AddPaymentMethodBody): AddPaymentMethodInput {
  const { makePrimary: primary, ...method } = body
  if (method.type === 'debit_order') {
    const { bankCode, branchCode, accountType, accountNumber, accountHolder } = method
    return { customerId, type: 'debit_order', primary, bank: { bankCode, branchCode, accountType, accountNumber, accountHolder } }
  }
  if (method.type === 'card') {
    const { gatewayToken, brand, lastFour, expiryMonth, expiryYear } = method
    return { customerId, type: 'card', primary, card: { gatewayToken, brand, lastFour, expiryMonth, expiryYear } }
  }
  return { customerId, type: 'eft', primary }
}

const addAction: Work<AddPaymentMethodBody> = async (tx, body, ctx) => {
  const added = await addPaymentMethod(tx, addInputOf(ctx.pathId, body))
  if (!added.ok) return added
  const method = methodOf(added.value)
  await audit(tx, {
    customerId: ctx.pathId,
    action: 'add_payment_method',
    staffUserId: ctx.staffUserId,
    paymentMethodId: method.id,
    details: { type: method.type, displayName: method.displayName, primary: method.isPrimary, mandateStatus: method.mandateStatus },
  })
  return done({ paymentMethod: method } satisfies z.input<typeof staffPaymentMethodResponses.method>)
}

const primaryAction: Work<z.infer<typeof staffPaymentMethodBodies.primary>> = async (tx, body, ctx) => {
  // The account's lock first (the service takes it again), so the previous primary read here is the one replaced.
  await lockAccount(tx, body.customerId)
  const account = await tx.payload.find({ collection: 'billing-accounts', where: { customer: { equals: body.customerId } }, limit: 1, depth: 0, req: tx, overrideAccess: true })
  const previous = account.docs[0]?.primaryPaymentMethod
  const result = await setPrimaryPaymentMethod(tx, { customerId: body.customerId, methodId: ctx.pathId })
  if (!result.ok) return result
  const method = methodOf(result.value)
  await audit(tx, {
    customerId: body.customerId,
    action: 'set_primary_payment_method',
    staffUserId: ctx.staffUserId,
    paymentMethodId: method.id,
    reason: body.reason,
    details: { displayName: method.displayName, previousPrimaryId: (typeof previous === 'object' ? previous?.id : previous) ?? null },
  })
  return done({ paymentMethod: method } satisfies z.input<typeof staffPaymentMethodResponses.method>)
}

const removeAction: Work<z.infer<typeof staffPaymentMethodBodies.remove>> = async (tx, body, ctx) => {
  const before = await tx.payload.find({
    collection: 'payment-methods',
    where: { and: [{ id: { equals: ctx.pathId } }, { customer: { equals: body.customerId } }] },
    limit: 1,
    depth: 0,
    req: tx,
    overrideAccess: true,
  })
  const result = await removePaymentMethod(tx, { customerId: body.customerId, methodId: ctx.pathId })
  if (!result.ok) return result
  const method = methodOf(result.value)
  await audit(tx, {
    customerId: body.customerId,
    action: 'remove_payment_method',
    staffUserId: ctx.staffUserId,
    paymentMethodId: method.id,
    reason: body.reason,
    details: { type: method.type, displayName: method.displayName, wasPrimary: Boolean(before.docs[0]?.isPrimary) },
  })
  return done({ paymentMethod: method } satisfies z.input<typeof staffPaymentMethodResponses.method>)
}

class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message)
  }
}

const NO_STORE = { 'Cache-Control': 'no-store' }
const noBankDetails = refuse('NO_BANK_DETAILS', 'Only a debit order has bank details to show')

/** Every answer of the reveal route, refusals too, is kept out of caches. */
function notStored(res: Response): Response {
  res.headers.set('Cache-Control', 'no-store')
  return res
}

/**
 * `POST /api/admin/payment-methods/:id/reveal`: a debit order's bank details, unmasked, for a
 * staff member holding billing_manage who says why. One transaction: the method found among the
 * named customer's, its details decrypted, the audit entry (who, when, which method, why; masked
 * only) written, committed, and only then the answer sent, with `Cache-Control: no-store`.
 * Nothing here is logged, and an Idempotency-Key is not honoured: each view is its own entry.
 */
const revealPaymentDetails: PayloadHandler = async (req) => {
  const gate = requireStaff(req, 'billing_manage')
  if ('response' in gate) return notStored(gate.response)
  const methodId = idParam(req, 'id')
  if (methodId === null) return problem(req, 404, [{ code: 'UNKNOWN_METHOD', message: 'No such payment method' }], NO_STORE)
  const parsed = await parseBody(req, staffPaymentMethodBodies.reveal)
  if (!parsed.ok) return notStored(parsed.response)
  const body = parsed.data
  try {
    const answer = await withTransaction(req, async (tx) => {
      const found = await tx.payload.find({
        collection: 'payment-methods',
        where: { and: [{ id: { equals: methodId } }, { customer: { equals: body.customerId } }] },
        limit: 1,
        depth: 0,
        req: tx,
        overrideAccess: true,
      })
      const method = found.docs[0]
      if (!method) throw new Refused(refuse('UNKNOWN_METHOD', 'No such payment method for this customer', 'id'))
      if (method.type !== 'debit_order') throw new Refused(noBankDetails)
      // The entry first: no path reads the plain details without it on the same transaction.
      const entry = await audit(tx, {
        customerId: body.customerId,
        action: 'reveal_payment_details',
        staffUserId: gate.staff.id as number,
        paymentMethodId: method.id,
        reason: body.reason,
        details: { displayName: method.displayName, type: method.type },
      })
      const details = await readPaymentDetails(tx, method.id)
      // Rolls the entry back with everything else: nothing was shown.
      if (details?.kind !== 'bank') throw new Refused(noBankDetails)
      const bank = SA_BANKS.find((b) => b.code === details.bank.bankCode)
      return {
        paymentMethod: { id: method.id, customerId: body.customerId, displayName: method.displayName },
        bankDetails: {
          bankCode: details.bank.bankCode,
          bankName: bank?.name ?? details.bank.bankCode,
          branchCode: details.bank.branchCode,
          accountNumber: details.bank.accountNumber,
          accountType: details.bank.accountType,
          accountHolder: details.bank.accountHolder,
        },
        auditEntryId: entry.id,
        revealedAt: entry.createdAt,
      } satisfies z.input<typeof staffPaymentMethodResponses.reveal>
    })
    return ok(req, answer, { headers: new Headers(NO_STORE) })
  } catch (err) {
    if (err instanceof Refused) return refusalResponse(req, err.refusal, NO_STORE)
    throw err
  }
}

/** Keyed with the server's secret, so the stored fingerprint of a body with bank details cannot be brute-forced back to them. */
const secretFingerprint = (body: unknown) => createHmac('sha256', getConfig().payloadSecret).update(JSON.stringify(body)).digest('hex')

export const staffPaymentMethodEndpoints: Endpoint[] = [
  { path: '/admin/customers/:id/payment-methods', method: 'post', handler: write('add-payment-method', 'customer', staffPaymentMethodBodies.add, addAction, secretFingerprint) },
  { path: '/admin/payment-methods/:id/primary', method: 'post', handler: write('set-primary-payment-method', 'payment-method', staffPaymentMethodBodies.primary, primaryAction) },
  { path: '/admin/payment-methods/:id/remove', method: 'post', handler: write('remove-payment-method', 'payment-method', staffPaymentMethodBodies.remove, removeAction) },
  { path: '/admin/payment-methods/:id/reveal', method: 'post', handler: revealPaymentDetails },
]
