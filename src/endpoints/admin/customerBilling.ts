import type { Endpoint, PayloadHandler } from 'payload'

import { ok, problem } from '../http'
import { idParam, requireStaff } from './staffAccess'

const RECENT = 20

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
  })
}

export const customerBillingEndpoint: Endpoint = { path: '/admin/customers/:id/billing', method: 'get', handler: customerBilling }
