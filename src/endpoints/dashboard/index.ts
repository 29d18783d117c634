import { createHmac } from 'node:crypto'

import type { Endpoint } from 'payload'

import { getConfig } from '../../lib/config'
import { runIdempotentCommand } from '../../services/idempotentCommand'

import { addPaymentMethod, type AddPaymentMethodInput } from '../../services/paymentMethods/addPaymentMethod'
import { removePaymentMethod } from '../../services/paymentMethods/removePaymentMethod'
import { setPrimaryPaymentMethod } from '../../services/paymentMethods/setPrimaryPaymentMethod'
import { billingDetails, invoiceDetail, listInvoices, listPaymentMethods, listServices, serviceDetail, serviceUsage } from '../../services/dashboard/reads'
import { netcashWhileWaiting } from '../../integrations/netcash'
import type { MaskedPaymentMethod } from '../../services/dashboard/contract'
import { maskedMethod } from '../../services/dashboard/shapes'
import { requestMandate } from '../../services/netcash/mandates'
import { startPayNow } from '../../services/netcash/payNow'
import { dashboardSummary } from '../../services/dashboard/summary'
import { readProfile, updatePreferences, updateProfile } from '../../services/dashboard/writes'
import { IDEMPOTENCY_KEY } from '../admin/serviceLifecycle'
import { ok, problem } from '../http'
import {
  addPaymentMethodBody,
  type AddPaymentMethodBody,
  billingResponse,
  invoiceResponse,
  invoicesQuery,
  invoicesResponse,
  MAX_USAGE_DAYS,
  paymentMethodResponse,
  payNowBody,
  payNowResponse,
  paymentMethodsResponse,
  preferencesBody,
  preferencesResponse,
  profileBody,
  profileResponse,
  removedResponse,
  serviceResponse,
  servicesQuery,
  servicesResponse,
  summaryResponse,
  updatePaymentMethodBody,
  usageQuery,
  usageResponse,
} from '../../services/dashboard/contract'
import { dashboardEndpoint, defineRoute, notFound, type DashboardRoute } from './route'

/**
 * The customer dashboard API, `/api/dashboard/...`: what the portal shows and changes, for the
 * signed-in customer only (the portal cookie or `Authorization: JWT <customer token>`; staff get
 * 403). Contracts in ./contract.ts, documented at /api/openapi.json.
 */
export const DASHBOARD_ROUTES: DashboardRoute[] = [
  defineRoute({
    method: 'get',
    path: '/dashboard/summary',
    summary: "The portal's home page in one request",
    description: 'Account, services with this cycle\'s usage, billing, the 5 latest invoices and orders, and headline figures.',
    response: summaryResponse,
    errors: [404],
    handle: async ({ req, customer }) => {
      const summary = await dashboardSummary(req.payload, customer.id)
      return summary ? { body: summary } : notFound(req, 'No such customer')
    },
  }),
  defineRoute({
    method: 'get',
    path: '/dashboard/services',
    summary: "The customer's services, with this cycle's usage",
    query: servicesQuery,
    response: servicesResponse,
    handle: async ({ req, query }) => ({ body: { services: await listServices(req, query) } }),
  }),
  defineRoute({
    method: 'get',
    path: '/dashboard/services/:id',
    summary: 'One service: details, this cycle\'s usage and the last 12 cycles\' totals',
    response: serviceResponse,
    errors: [404],
    handle: async ({ req, id }) => {
      const service = await serviceDetail(req, id)
      return service ? { body: { service } } : notFound(req, 'No such service')
    },
  }),
  defineRoute({
    method: 'get',
    path: '/dashboard/usage',
    summary: 'Daily usage of one service',
    description: `Defaults to the service's current billing cycle; at most ${MAX_USAGE_DAYS} days. Every day of the range is listed, with zeros where nothing was recorded.`,
    query: usageQuery,
    response: usageResponse,
    errors: [404],
    handle: async ({ req, query }) => {
      const usage = await serviceUsage(req, query)
      if (usage.ok) return { body: usage.value }
      if (usage.code === 'RANGE_TOO_LONG') {
        return problem(req, 400, [{ code: 'RANGE_TOO_LONG', field: 'endDate', message: `At most ${MAX_USAGE_DAYS} days per request` }])
      }
      return notFound(req, 'No such service')
    },
  }),
  defineRoute({
    method: 'get',
    path: '/dashboard/invoices',
    summary: "The customer's issued invoices, newest first",
    query: invoicesQuery,
    response: invoicesResponse,
    handle: async ({ req, query }) => ({ body: await listInvoices(req, query) }),
  }),
  defineRoute({
    method: 'get',
    path: '/dashboard/invoices/:id',
    summary: 'One invoice: lines, VAT, totals and how it was settled',
    response: invoiceResponse,
    errors: [404],
    handle: async ({ req, id }) => {
      const invoice = await invoiceDetail(req, id)
      return invoice ? { body: { invoice } } : notFound(req, 'No such invoice')
    },
  }),
  defineRoute({
    method: 'post',
    path: '/dashboard/invoices/:id/pay-now',
    summary: 'Start paying an open invoice by card or instant EFT (NetCash Pay Now)',
    description:
      "Records the attempt (a new reference each time) and answers the form to post the browser to: `action` is NetCash Pay Now's page, `fields` its hidden inputs. " +
      'The invoice is paid once NetCash notifies us (its notify must carry this reference and amount); the customer then returns to the portal.',
    body: payNowBody,
    response: payNowResponse,
    errors: [404, 409, 503],
    handle: async ({ req, customer, id }) => {
      const started = await startPayNow(req, { customerId: customer.id, invoiceId: id, email: customer.email })
      if (started.ok) return { body: started.value }
      if (started.code === 'UNKNOWN_INVOICE') return notFound(req, 'No such invoice')
      return problem(req, started.code === 'NOT_CONFIGURED' ? 503 : 409, [{ code: started.code, message: started.message }])
    },
  }),
  defineRoute({
    method: 'get',
    path: '/dashboard/billing',
    summary: 'Balance, next bill, auto-pay, primary payment method and the last 10 transactions',
    response: billingResponse,
    handle: async ({ req }) => ({ body: await billingDetails(req) }),
  }),
  defineRoute({
    method: 'get',
    path: '/dashboard/payment-methods',
    summary: 'Active payment methods, masked, the primary one first',
    response: paymentMethodsResponse,
    handle: async ({ req }) => ({ body: await listPaymentMethods(req) }),
  }),
  defineRoute({
    method: 'post',
    path: '/dashboard/payment-methods',
    summary: 'Add a payment method (debit order, card token or EFT)',
    description:
      'Bank details are stored encrypted and never returned. A debit order starts with mandate status pending. Send an Idempotency-Key header to make a retry safe: the same key and body answer the first result (Idempotent-Replayed: true) and add nothing; the same key with another body is a 422.',
    body: addPaymentMethodBody,
    response: paymentMethodResponse,
    successStatus: 201,
    handle: async ({ req, customer, body }) => {
      const key = req.headers.get('Idempotency-Key') ?? undefined
      if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
        return problem(req, 400, [{ code: 'INVALID_IDEMPOTENCY_KEY', message: 'Idempotency-Key must be 1 to 255 visible ASCII characters', field: 'Idempotency-Key' }])
      }
      const outcome = await runIdempotentCommand(req, {
        scope: `customers:${customer.id} add-payment-method`,
        key,
        // Keyed with the server's secret: the stored fingerprint of a body holding bank details
        // cannot be brute-forced back to an account number.
        request: createHmac('sha256', getConfig().payloadSecret).update(JSON.stringify(body)).digest('hex'),
        work: async (tx) => {
          const added = await addPaymentMethod(tx, addInputOf(customer.id, body))
          return added.ok ? { ok: true as const, value: { paymentMethod: maskedMethod(added.value as unknown as Record<string, unknown>) } } : added
        },
      })
      if (outcome.kind === 'key_reused') {
        return problem(req, 422, [{ code: 'IDEMPOTENCY_KEY_REUSED', message: 'This Idempotency-Key was used for a different request', field: 'Idempotency-Key' }])
      }
      if (outcome.kind === 'refused') {
        const { code, message, field } = outcome.refusal
        return problem(req, code === 'IDEMPOTENCY_KEY_IN_USE' ? 409 : 400, [{ code, field: field?.replace(/^bank\./, ''), message }])
      }
      const headers = new Headers()
      if (outcome.replayed) headers.set('Idempotent-Replayed', 'true')
      // A new debit order: ask NetCash for its mandate now, so the customer can sign at once (the
      // job queued with it tries again if NetCash does not answer; a replay reads the link stored).
      const added = outcome.body as { paymentMethod: MaskedPaymentMethod }
      if (body.type === 'debit_order' && added.paymentMethod.mandateStatus === 'pending') {
        const asked = await requestMandate(req.payload, netcashWhileWaiting(), added.paymentMethod.id).catch(() => undefined)
        if (asked && (asked.outcome === 'requested' || asked.outcome === 'already_requested')) added.paymentMethod = { ...added.paymentMethod, mandateUrl: asked.mandateUrl }
      }
      return ok(req, added, { status: 201, headers })
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/dashboard/payment-methods/:id',
    summary: 'Make a payment method the primary one',
    body: updatePaymentMethodBody,
    response: paymentMethodResponse,
    errors: [404],
    handle: async ({ req, customer, id }) => {
      // The service looks the method up among this customer's own (another's is not found).
      const result = await setPrimaryPaymentMethod(req, { customerId: customer.id, methodId: id })
      if (!result.ok) return notFound(req, 'No such payment method')
      return { body: { paymentMethod: maskedMethod(result.value as unknown as Record<string, unknown>) } }
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/dashboard/payment-methods/:id',
    summary: 'Remove a payment method',
    description: 'Kept for the payments that used it, but no longer offered. The primary method of an account that owes money cannot be removed (409 PRIMARY_METHOD_HAS_BALANCE).',
    response: removedResponse,
    errors: [404, 409],
    handle: async ({ req, customer, id }) => {
      const result = await removePaymentMethod(req, { customerId: customer.id, methodId: id })
      if (result.ok) return { body: { removed: true as const, id } }
      if (result.code === 'PRIMARY_METHOD_HAS_BALANCE') return problem(req, 409, [{ code: result.code, message: result.message }])
      return notFound(req, 'No such payment method')
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/dashboard/preferences',
    summary: 'Turn auto-pay and SMS or email notifications on or off',
    description: 'Auto-pay needs a primary card or a primary debit order with an approved mandate (409 AUTO_PAY_NEEDS_PAYMENT_METHOD).',
    body: preferencesBody,
    response: preferencesResponse,
    errors: [404, 409],
    handle: async ({ req, customer, body }) => {
      const result = await updatePreferences(req, customer.id, body)
      if (result.ok) return { body: result.value }
      return problem(req, result.code === 'NO_BILLING_ACCOUNT' ? 404 : 409, [{ code: result.code, field: result.field, message: result.message }])
    },
  }),
  defineRoute({
    method: 'get',
    path: '/dashboard/profile',
    summary: "The customer's mobile number and postal address",
    response: profileResponse,
    handle: async ({ req, customer }) => ({ body: (await readProfile(req, customer.id)).profile }),
  }),
  defineRoute({
    method: 'patch',
    path: '/dashboard/profile',
    summary: 'Change the mobile number (normalised to 27XXXXXXXXX) or the postal address',
    body: profileBody,
    response: profileResponse,
    handle: async ({ req, customer, body }) => {
      const result = await updateProfile(req, customer.id, body)
      if (result.ok) return { body: result.value }
      return problem(req, 400, [{ code: result.code, field: result.field, message: result.message }])
    },
  }),
]

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

export const dashboardEndpoints: Endpoint[] = DASHBOARD_ROUTES.map(dashboardEndpoint)
