import type { Endpoint, PayloadHandler } from 'payload'
import { z } from 'zod'

import { ACCOUNT_STATUSES, ACCOUNT_TYPES, INVOICE_KINDS, INVOICE_STATUSES, MANDATE_STATUSES, PAYMENT_METHOD_TYPES, SERVICE_STATUSES, SERVICE_TYPES, TRANSACTION_KINDS, TRANSACTION_STATUSES } from '../../domain/catalogue'
import { creditSources } from '../../services/billing/allocate'
import { ok, problem } from '../http'
import { idParam, requireStaff } from './staffAccess'

const RECENT = 20

const id = z.number().int().positive()
const cents = z.number().int().describe('ZAR cents')
const storedDate = z.string().describe('An ISO 8601 instant: SAST midnight of the day')

/** What `GET /api/admin/customers/:id/billing` answers. */
export const customerBillingResponse = z.object({
  customer: z.object({
    id,
    displayName: z.string().nullish(),
    accountNumber: z.string().nullish(),
    accountStatus: z.enum(ACCOUNT_STATUSES),
    accountType: z.enum(ACCOUNT_TYPES),
  }),
  account: z
    .object({ balanceCents: cents.describe('Positive: owed; negative: in credit'), creditLimitCents: cents, autoPay: z.boolean() })
    .nullable()
    .describe('null: no billing account yet'),
  services: z.array(
    z.object({
      id,
      packageName: z.string(),
      type: z.enum(SERVICE_TYPES),
      status: z.enum(SERVICE_STATUSES),
      monthlyPriceCents: cents,
      billingDay: z.number().int(),
      nextBillingDate: storedDate.nullable(),
    }),
  ),
  invoices: z
    .array(
      z.object({
        id,
        invoiceNumber: z.string().nullable().describe('null: a draft'),
        kind: z.enum(INVOICE_KINDS),
        status: z.enum(INVOICE_STATUSES),
        invoiceDate: storedDate,
        dueDate: storedDate,
        totalCents: cents.nullish(),
        amountDueCents: cents.nullish(),
      }),
    )
    .describe(`The ${RECENT} latest, newest first`),
  transactions: z
    .array(
      z.object({
        id,
        transactionId: z.string(),
        kind: z.enum(TRANSACTION_KINDS).describe('A payment brings money in; a refund pays account credit back'),
        amountCents: cents,
        status: z.enum(TRANSACTION_STATUSES),
        createdAt: z.string().describe('When it completed, else when it was recorded (ISO 8601)'),
      }),
    )
    .describe(`The ${RECENT} latest, newest first`),
  refundable: z
    .object({
      creditCents: cents.describe('The account credit: at most this much can be refunded in all'),
      sources: z
        .array(z.object({ source: z.enum(['payment', 'credit_note']), id, reference: z.string(), freeCents: cents.describe('What is left of it to refund') }))
        .describe('Completed payments and issued credit notes with money left, oldest first'),
    })
    .describe('What a refund can pay back (POST /api/admin/payments/:id/refunds or /api/admin/invoices/:id/refunds)'),
  paymentMethods: z
    .array(
      z.object({
        id,
        type: z.enum(PAYMENT_METHOD_TYPES),
        displayName: z.string().describe('Masked'),
        isPrimary: z.boolean(),
        mandateStatus: z.enum(MANDATE_STATUSES).nullable(),
      }),
    )
    .describe('Active methods only'),
})

/**
 * `GET /api/admin/customers/:id/billing`: one customer's billing at a glance for staff: balance,
 * services, recent invoices and transactions, active payment methods (masked only; the encrypted
 * details never leave the database). Read with the caller's own access rules.
 */
const customerBilling: PayloadHandler = async (req) => {
  const gate = requireStaff(req)
  if ('response' in gate) return gate.response
  const id = idParam(req, 'id')
  const notFound = () => problem(req, 404, [{ code: 'CUSTOMER_NOT_FOUND', message: 'No such customer' }])
  if (id === null) return notFound()
  const read = { depth: 0, overrideAccess: false, user: req.user, req } as const
  const customers = await req.payload.find({ collection: 'customers', where: { id: { equals: id } }, limit: 1, ...read })
  const customer = customers.docs[0]
  if (!customer) return notFound()
  const mine = { customer: { equals: id } }
  const [accounts, services, invoices, transactions, methods] = await Promise.all([
    req.payload.find({ collection: 'billing-accounts', where: mine, limit: 1, ...read }),
    req.payload.find({ collection: 'services', where: mine, sort: 'id', pagination: false, ...read }),
    req.payload.find({ collection: 'invoices', where: mine, sort: ['-invoiceDate', '-id'], limit: RECENT, ...read }),
    req.payload.find({ collection: 'payment-transactions', where: mine, sort: ['-createdAt', '-id'], limit: RECENT, ...read }),
    req.payload.find({ collection: 'payment-methods', where: { and: [mine, { isActive: { equals: true } }] }, sort: 'id', pagination: false, ...read }),
  ])
  const account = accounts.docs[0]
  // The staff member may read this customer's payments and credit notes (checked above through
  // their access), so what is left of each is theirs to see too.
  const sources = (await creditSources(req, id)).filter((s) => s.free > 0)
  return ok(req, {
    customer: {
      id: customer.id,
      displayName: customer.displayName,
      accountNumber: customer.accountNumber,
      accountStatus: customer.accountStatus,
      accountType: customer.accountType,
    },
    account: account ? { balanceCents: account.balanceCents, creditLimitCents: account.creditLimitCents, autoPay: account.autoPay ?? false } : null,
    services: services.docs.map((s) => ({
      id: s.id,
      packageName: s.packageName,
      type: s.type,
      status: s.status,
      monthlyPriceCents: s.monthlyPriceCents,
      billingDay: s.billingDay,
      nextBillingDate: s.nextBillingDate ?? null,
    })),
    invoices: invoices.docs.map((i) => ({
      id: i.id,
      invoiceNumber: i.invoiceNumber ?? null,
      kind: i.kind,
      status: i.status,
      invoiceDate: i.invoiceDate,
      dueDate: i.dueDate,
      totalCents: i.totalCents,
      amountDueCents: i.amountDueCents,
    })),
    transactions: transactions.docs.map((t) => ({
      id: t.id,
      transactionId: t.transactionId,
      kind: t.kind ?? 'payment',
      amountCents: t.amountCents,
      status: t.status,
      createdAt: t.completedAt ?? t.createdAt,
    })),
    paymentMethods: methods.docs.map((m) => ({
      id: m.id,
      type: m.type,
      displayName: m.displayName,
      isPrimary: m.isPrimary ?? false,
      mandateStatus: m.mandateStatus ?? null,
    })),
    refundable: {
      creditCents: account ? Math.max(0, -account.balanceCents) : 0,
      sources: sources.map((s) => ({ source: s.source, id: s.id, reference: s.reference, freeCents: s.free })),
    },
  } satisfies z.input<typeof customerBillingResponse>)
}

export const customerBillingEndpoint: Endpoint = { path: '/admin/customers/:id/billing', method: 'get', handler: customerBilling }
