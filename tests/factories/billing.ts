import { randomBytes } from 'node:crypto'

import type { Payload } from 'payload'

/**
 * Billing and service fixtures through the local API (access overridden, as the back office's own
 * services write them). Each builder (`*Data`) returns a valid body that can also be sent over
 * REST or GraphQL: calendar dates as `YYYY-MM-DD` (the hooks make them SAST midnights), every
 * field GraphQL marks required spelt out even where Payload has a default, and a unique marker in
 * a searchable field so a test can tell whether a write landed.
 */

type Id = number

let counter = 0
/** A short unique token for this run: `m<base36 time><counter>`. */
export const uniqueToken = (prefix = 'm') => `${prefix}${Date.now().toString(36)}${(++counter).toString(36)}`

/** A distinct calendar date per call (usage records are unique per service and day). */
export function uniqueDate(): string {
  const day = new Date(Date.UTC(2024, 0, 1) + (Math.floor(Date.now() / 1000) % 5000 + ++counter) * 86_400_000)
  return day.toISOString().slice(0, 10)
}

export function serviceData(customer: Id, overrides: Record<string, unknown> = {}) {
  return {
    customer,
    type: 'fibre',
    packageName: `Fibre 100/50 ${uniqueToken('pkg')}`,
    downloadMbps: 100,
    uploadMbps: 50,
    monthlyPriceCents: 89_900,
    installationAddress: '12 Loop Street, Cape Town',
    status: 'active',
    activationDate: '2026-01-15',
    billingDay: 1,
    nextBillingDate: '2026-03-01',
    ...overrides,
  }
}

/** One line of R 1 000.00 incl. 15% VAT; exclVat + vat = inclVat as the database requires. */
export function invoiceLine(description: string) {
  return {
    description,
    kind: 'service',
    quantity: 1,
    unitPriceCents: 86_957,
    exclVatCents: 86_957,
    vatRateBasisPoints: 1500,
    vatCents: 13_043,
    inclVatCents: 100_000,
  }
}

export function invoiceData(customer: Id, service: Id | null, overrides: Record<string, unknown> = {}) {
  return {
    customer,
    service,
    status: 'unpaid',
    kind: 'adhoc',
    invoiceDate: '2026-02-01',
    dueDate: '2026-02-08',
    periodStart: '2026-02-01',
    periodEnd: '2026-02-28',
    lines: [invoiceLine(`Fibre 100/50, February ${uniqueToken('line')}`)],
    ...overrides,
  }
}

export function paymentMethodData(customer: Id, overrides: Record<string, unknown> = {}) {
  return {
    customer,
    type: 'debit_order',
    displayName: `Debit Order - FNB ***1234 ${uniqueToken('pm')}`,
    lastFour: '1234',
    mandateReference: uniqueToken('MANDATE-'),
    mandateStatus: 'active',
    isPrimary: false,
    isActive: true,
    ...overrides,
  }
}

export function transactionData(customer: Id, overrides: Record<string, unknown> = {}) {
  return {
    transactionId: uniqueToken('txn-'),
    kind: 'payment',
    customer,
    amountCents: 100_000,
    currency: 'ZAR',
    status: 'completed',
    gatewayReference: uniqueToken('gw-'),
    gatewayResponse: { code: '00', message: `approved ${uniqueToken('gwr')}` },
    ...overrides,
  }
}

export function usageRecordData(customer: Id, service: Id, overrides: Record<string, unknown> = {}) {
  return {
    customer,
    service,
    date: uniqueDate(),
    // A unique byte count doubles as the marker for "did this row get written".
    uploadBytes: 1_000_000 + Math.floor(Math.random() * 1_000_000_000),
    downloadBytes: 5_000_000,
    source: 'manual',
    ...overrides,
  }
}

export function notificationData(customer: Id, overrides: Record<string, unknown> = {}) {
  return {
    customer,
    channel: 'sms',
    template: 'invoice_issued',
    eventKey: uniqueToken('event-'),
    recipient: '27821234567',
    status: 'failed',
    providerMessageId: uniqueToken('provider-'),
    error: `gateway timeout ${uniqueToken('err')}`,
    ...overrides,
  }
}

export function serviceActionData(service: Id, customer: Id, overrides: Record<string, unknown> = {}) {
  return { service, customer, action: 'note', reason: `Matrix fixture ${uniqueToken('reason')}`, ...overrides }
}

export function suspensionData(service: Id, overrides: Record<string, unknown> = {}) {
  return {
    service,
    suspensionType: 'customer_request',
    reason: `Away for the holidays ${uniqueToken('susp')}`,
    suspendedAt: '2026-02-10T08:00:00.000Z',
    skipBilling: false,
    ...overrides,
  }
}

/** A run still in progress: the database lets such a run be finished once (job_runs is append-only). */
export function jobRunData(overrides: Record<string, unknown> = {}) {
  return { jobName: uniqueToken('matrix-job-'), trigger: 'staff', startedAt: new Date().toISOString(), status: 'running', recordsProcessed: 0, recordsFailed: 0, ...overrides }
}

export function validationErrorData(overrides: Record<string, unknown> = {}) {
  return { source: 'consumer-orders backfill', recordReference: uniqueToken('ORDER-'), reason: 'No customer matches the order email', resolved: false, ...overrides }
}

export function consumerOrderData(overrides: Record<string, unknown> = {}) {
  return {
    orderNumber: uniqueToken('WEB-'),
    customerEmail: `${uniqueToken('order')}@test.example`,
    status: 'pending',
    details: { package: 'Fibre 100/50' },
    ...overrides,
  }
}

export function accountChangeData(customer: Id, overrides: Record<string, unknown> = {}) {
  return { customer, field: 'mobile', before: '27820000000', after: `2782${String(++counter).padStart(7, '0').slice(-7)}`, source: 'system' as const, ...overrides }
}

export async function createService(payload: Payload, customer: Id, overrides: Record<string, unknown> = {}) {
  return payload.create({ collection: 'services', data: serviceData(customer, overrides) as never, depth: 0 })
}

export async function createInvoice(payload: Payload, customer: Id, service: Id | null, overrides: Record<string, unknown> = {}) {
  const invoice = await payload.create({ collection: 'invoices', data: invoiceData(customer, service, overrides) as never, depth: 0 })
  await expectStored(payload, 'invoices', invoice.id)
  return invoice
}

/** Payload reports a write whose commit failed as a success; a fixture checks it really landed. */
export async function expectStored(payload: Payload, collection: Parameters<Payload['count']>[0]['collection'], id: Id) {
  const { totalDocs } = await payload.count({ collection, where: { id: { equals: id } } })
  if (totalDocs !== 1) throw new Error(`${collection} ${id} was reported created but is not in the database`)
}

/** `encryptedDetails` can only be set with access overridden (the local API's default). */
export async function createPaymentMethod(payload: Payload, customer: Id, overrides: Record<string, unknown> = {}) {
  return payload.create({ collection: 'payment-methods', data: paymentMethodData(customer, overrides) as never, depth: 0 })
}

export async function createTransaction(payload: Payload, customer: Id, overrides: Record<string, unknown> = {}) {
  return payload.create({ collection: 'payment-transactions', data: transactionData(customer, overrides) as never, depth: 0 })
}

export async function createUsageRecord(payload: Payload, customer: Id, service: Id, overrides: Record<string, unknown> = {}) {
  return payload.create({ collection: 'usage-records', data: usageRecordData(customer, service, overrides) as never, depth: 0 })
}

export async function createNotification(payload: Payload, customer: Id, overrides: Record<string, unknown> = {}) {
  return payload.create({ collection: 'notifications', data: notificationData(customer, overrides) as never, depth: 0 })
}

export async function createServiceAction(payload: Payload, service: Id, customer: Id, overrides: Record<string, unknown> = {}) {
  return payload.create({ collection: 'service-actions', data: serviceActionData(service, customer, overrides) as never, depth: 0 })
}

export async function createSuspension(payload: Payload, service: Id, overrides: Record<string, unknown> = {}) {
  return payload.create({ collection: 'service-suspensions', data: suspensionData(service, overrides) as never, depth: 0 })
}

export async function createJobRun(payload: Payload, overrides: Record<string, unknown> = {}) {
  return payload.create({ collection: 'job-runs', data: jobRunData(overrides) as never, depth: 0 })
}

export async function createValidationError(payload: Payload, overrides: Record<string, unknown> = {}) {
  return payload.create({ collection: 'validation-errors', data: validationErrorData(overrides) as never, depth: 0 })
}

export async function createConsumerOrder(payload: Payload, overrides: Record<string, unknown> = {}) {
  return payload.create({ collection: 'consumer-orders', data: consumerOrderData(overrides) as never, depth: 0 })
}

/** The billing account the customer hook opened with the customer. */
export async function billingAccountOf(payload: Payload, customer: Id) {
  const { docs } = await payload.find({ collection: 'billing-accounts', where: { customer: { equals: customer } }, depth: 0, limit: 1 })
  if (!docs[0]) throw new Error(`customer ${customer} has no billing account`)
  return docs[0]
}

/** A random stand-in for AES-GCM ciphertext (base64), distinctive enough to search responses for. */
export const fakeCiphertext = () => `enc:v1:${randomBytes(24).toString('base64')}`

/**
 * Everything one customer has in the back office: an active service, the billing account (opened
 * with the customer) pointing at a primary debit order whose `encryptedDetails` is set, an issued
 * invoice and a draft, a completed payment against the issued invoice, a pending one against the
 * draft, a usage record, a notification, a service action, a suspension, and the staff-side rows
 * that mention the customer (a job run, a validation error, a consumer order).
 */
export async function createCustomerEstate(payload: Payload, customer: Id, opts: { staffUser?: Id } = {}) {
  const service = await createService(payload, customer)
  const secret = fakeCiphertext()
  const paymentMethod = await createPaymentMethod(payload, customer, { isPrimary: true, encryptedDetails: secret })
  const account = await billingAccountOf(payload, customer)
  const billingAccount = await payload.update({
    collection: 'billing-accounts',
    id: account.id,
    data: { primaryPaymentMethod: paymentMethod.id, autoPay: true },
    depth: 0,
  })
  const issuedInvoice = await createInvoice(payload, customer, service.id, { status: 'unpaid' })
  const draftInvoice = await createInvoice(payload, customer, service.id, { status: 'draft', invoiceDate: '2026-03-01', dueDate: '2026-03-08' })
  const transaction = await createTransaction(payload, customer, { invoice: issuedInvoice.id, paymentMethod: paymentMethod.id })
  const transactionOnDraft = await createTransaction(payload, customer, { invoice: draftInvoice.id, paymentMethod: paymentMethod.id, status: 'pending' })
  const usageRecord = await createUsageRecord(payload, customer, service.id)
  const notification = await createNotification(payload, customer)
  const serviceAction = await createServiceAction(payload, service.id, customer, { staffUser: opts.staffUser ?? null })
  const suspension = await createSuspension(payload, service.id)
  const jobRun = await createJobRun(payload, { input: { customer } })
  const validationError = await createValidationError(payload, { recordReference: `customer ${customer} ${uniqueToken('ref')}` })
  const consumerOrder = await createConsumerOrder(payload, { customer })
  const accountChange = await payload.create({ collection: 'account-changes', data: accountChangeData(customer), depth: 0 })
  const rows = [
    ['services', service.id],
    ['payment-methods', paymentMethod.id],
    ['payment-transactions', transaction.id],
    ['payment-transactions', transactionOnDraft.id],
    ['usage-records', usageRecord.id],
    ['notifications', notification.id],
    ['service-actions', serviceAction.id],
    ['service-suspensions', suspension.id],
    ['job-runs', jobRun.id],
    ['validation-errors', validationError.id],
    ['consumer-orders', consumerOrder.id],
    ['account-changes', accountChange.id],
  ] as const
  for (const [collection, id] of rows) await expectStored(payload, collection, id)
  return {
    service,
    billingAccount,
    paymentMethod,
    encryptedDetails: secret,
    issuedInvoice,
    draftInvoice,
    transaction,
    transactionOnDraft,
    usageRecord,
    notification,
    serviceAction,
    suspension,
    jobRun,
    validationError,
    consumerOrder,
    accountChange,
  }
}

export type CustomerEstate = Awaited<ReturnType<typeof createCustomerEstate>>
