import { APIError, type GraphQLExtension, type PayloadRequest } from 'payload'

import { staffOf } from '../../access/identity'
import { holdsPermission } from '../../domain/staffPermissions'
import { BILLING_ACTION_DEFS, billingRefusalStatus, runBillingAction, type BillingActionDef } from '../admin/billingActions'
import { IDEMPOTENCY_KEY } from '../admin/serviceLifecycle'

type Context = { req: PayloadRequest }
type ActionName = keyof typeof BILLING_ACTION_DEFS

const fail = (status: number, code: string, message: string, field?: string): never => {
  throw new APIError(message, status, { code, field }, true)
}

/** The argument that names what the action's path names over REST. */
const PATH_ARG: Record<ActionName, string> = {
  recordPayment: 'customerId',
  issueAdhocInvoice: 'customerId',
  voidInvoice: 'invoiceId',
  issueCreditNote: 'invoiceId',
  resendInvoice: 'invoiceId',
  refundPayment: 'paymentId',
  refundCreditNote: 'creditNoteId',
  representDebit: 'paymentId',
  followUpDebit: 'paymentId',
}

/**
 * The staff billing actions as GraphQL mutations: the same bodies, permission (billing_manage),
 * idempotency, transaction, audit entry and refusals as `POST /api/admin/...` (one definition,
 * src/endpoints/admin/billingActions.ts). A refusal is a GraphQL error whose extensions carry the
 * HTTP status and `data: { code, field }`.
 */
export const billingActionMutations: GraphQLExtension = (GraphQL, { collections }) => {
  const { GraphQLBoolean, GraphQLInputObjectType, GraphQLInt, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLString } = GraphQL
  const Invoice = collections['invoices'].graphQL!.type
  const Payment = collections['payment-transactions'].graphQL!.type
  const Int = () => ({ type: GraphQLInt })
  const Str = () => ({ type: GraphQLString })
  const required = <T>(type: T) => ({ type: new GraphQLNonNull(type as never) })

  const Allocation = new GraphQLObjectType({ name: 'BillingAllocation', fields: { invoiceId: Int(), amountCents: Int() } })
  const BillingActionResult = new GraphQLObjectType({
    name: 'BillingActionResult',
    fields: {
      invoice: { type: Invoice, description: 'The invoice acted on or issued' },
      creditNote: { type: Invoice, description: 'The credit note issued' },
      payment: { type: Payment, description: 'The payment recorded' },
      refund: { type: Payment, description: 'The refund recorded' },
      allocations: { type: new GraphQLList(Allocation), description: "How a payment was allocated to the customer's invoices" },
      creditCents: { ...Int(), description: 'What of a payment went to account credit' },
      creditLeftCents: { ...Int(), description: 'Account credit left after a refund' },
      sourceLeftCents: { ...Int(), description: 'What is left of the refunded payment or credit note' },
      queued: { type: GraphQLBoolean, description: 'A resend was queued' },
      alreadyRecorded: { type: GraphQLBoolean, description: 'The same reference was recorded before: nothing changed' },
      replayed: { type: GraphQLBoolean, description: 'True when an earlier call with the same idempotencyKey answered this' },
    },
  })
  const AdhocLine = new GraphQLInputObjectType({
    name: 'AdhocInvoiceLineInput',
    fields: { description: required(GraphQLString), kind: Str(), unitPriceCents: required(GraphQLInt), quantity: Int() },
  })

  const idempotencyKey = { type: GraphQLString, description: 'Send the same key to retry safely: the action acts once' }
  const refundArgs = { amountCents: Int(), reference: required(GraphQLString), reason: required(GraphQLString), refundedOn: Str() }
  const args: Record<ActionName, Record<string, unknown>> = {
    recordPayment: { customerId: required(GraphQLInt), amountCents: required(GraphQLInt), channel: required(GraphQLString), reference: required(GraphQLString), receivedOn: Str(), invoiceId: Int(), notes: Str() },
    issueAdhocInvoice: { customerId: required(GraphQLInt), serviceId: Int(), kind: Str(), invoiceDate: Str(), lines: required(new GraphQLList(new GraphQLNonNull(AdhocLine))), reason: Str() },
    voidInvoice: { invoiceId: required(GraphQLInt), reason: required(GraphQLString) },
    issueCreditNote: { invoiceId: required(GraphQLInt), reason: required(GraphQLString), lines: { type: new GraphQLList(new GraphQLNonNull(GraphQLInt)), description: 'Positions of the lines to credit, from 0; left out: the whole invoice' } },
    resendInvoice: { invoiceId: required(GraphQLInt) },
    refundPayment: { paymentId: required(GraphQLInt), ...refundArgs },
    refundCreditNote: { creditNoteId: required(GraphQLInt), ...refundArgs },
    representDebit: { paymentId: required(GraphQLInt), reason: required(GraphQLString) },
    followUpDebit: { paymentId: required(GraphQLInt), reason: required(GraphQLString) },
  }

  const withoutNulls = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(withoutNulls)
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, withoutNulls(v)]))
    return value
  }

  const mutation = (name: ActionName) => ({
    type: BillingActionResult,
    args: { ...args[name], idempotencyKey },
    resolve: async (_: unknown, given: Record<string, unknown>, { req }: Context) => {
      if (!req.user) return fail(401, 'NOT_AUTHENTICATED', 'Sign in as staff first')
      const staff = staffOf(req)
      if (!staff) return fail(403, 'FORBIDDEN', 'Only staff may do this')
      if (!holdsPermission(staff, 'billing_manage')) return fail(403, 'FORBIDDEN', 'This needs the billing_manage permission')
      const { idempotencyKey: key, [PATH_ARG[name]]: pathId, ...rest } = given
      if (key !== null && key !== undefined && !IDEMPOTENCY_KEY.test(String(key))) {
        return fail(400, 'INVALID_IDEMPOTENCY_KEY', 'idempotencyKey must be 1 to 255 visible ASCII characters', 'idempotencyKey')
      }
      if (typeof pathId !== 'number' || pathId < 1) return fail(404, 'NOT_FOUND', `No such ${PATH_ARG[name].replace(/Id$/, '')}`, PATH_ARG[name])
      const def: BillingActionDef = BILLING_ACTION_DEFS[name]
      const parsed = def.body.safeParse(withoutNulls(rest))
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        return fail(400, 'VALIDATION_FAILED', issue.message, issue.path.join('.'))
      }
      const outcome = await runBillingAction(req, def, { staffUserId: staff.id as number, pathId, body: parsed.data, key: (key as string | null) ?? undefined })
      if (outcome.kind === 'key_reused') return fail(422, 'IDEMPOTENCY_KEY_REUSED', 'This idempotencyKey was used for a different request', 'idempotencyKey')
      if (outcome.kind === 'refused') {
        const { code, message, field } = outcome.refusal
        return fail(billingRefusalStatus(code), code, message, field)
      }
      return { ...(outcome.body as object), replayed: outcome.replayed }
    },
  })

  return Object.fromEntries((Object.keys(BILLING_ACTION_DEFS) as ActionName[]).map((name) => [name, mutation(name)]))
}
