import type { Payload } from 'payload'
import { beforeAll, describe, expect, it } from 'vitest'

import { addDays, sastDateOf } from '../../src/domain/calendarDate'
import { BYTES_PER_GB, cycleOf } from '../../src/domain/usage'
import { issueAdhocInvoice } from '../../src/services/billing/issueAdhocInvoice'
import { recordPayment } from '../../src/services/billing/recordPayment'
import { createCustomer, createStaff } from '../factories/accounts'
import { consumerOrderData, uniqueToken } from '../factories/billing'
import { createService } from '../factories/services'
import { testEnv } from '../helpers/env'
import { DASHBOARD_ROUTES } from '../../src/endpoints/dashboard'
import { api as send, loginStaff, responseOf, uniqueIp, type ApiResponse } from '../helpers/http'
import { testPayload } from '../helpers/payload'
import { sql } from '../helpers/sql'

/**
 * Every successful answer is held to its route's response schema (the one the OpenAPI document
 * publishes): the contract and the code cannot drift apart unnoticed.
 */
const api: typeof send = async (path, opts) => {
  const res = await send(path, opts)
  const method = (opts?.method ?? (opts?.body !== undefined ? 'POST' : 'GET')).toLowerCase()
  const pathname = path.split('?')[0]
  const route = DASHBOARD_ROUTES.find((r) => r.method === method && new RegExp(`^/api${r.path.replace(':id', '[^/]+')}$`).test(pathname))
  if (route && res.status < 300) {
    const checked = route.response.safeParse(res.body)
    expect(checked.success, `${method} ${path}: ${checked.error?.message}`).toBe(true)
  }
  return res
}

let payload: Payload
const today = sastDateOf(new Date())

type Estate = Awaited<ReturnType<typeof estateFor>>
let A: Estate
let B: Estate
let staffJwt: string

async function login(email: string, password: string): Promise<string> {
  const res = await api('/api/dashboard/login', { body: { email, password } })
  expect(res.status).toBe(200)
  return res.body.token
}

/** A customer as the portal sees one: a capped and an uncapped service, usage, invoices (one paid), a draft, orders. */
async function estateFor(firstName: string) {
  const customer = await createCustomer(payload, { firstName })
  const capped = await createService(payload, customer.id, { type: 'lte', packageName: 'LTE 100 GB', dataCapGb: 100, billingDay: 1, nextBillingDate: addDays(cycleOf(today, 1).end, 1) })
  const uncapped = await createService(payload, customer.id, { packageName: 'Fibre 50/50 Uncapped', billingDay: 25, nextBillingDate: addDays(cycleOf(today, 25).end, 1) })
  // Usage of the capped service: 10 GB and 20 GB on two days of this cycle, 30 GB in the cycle before.
  const cycle = cycleOf(today, 1)
  const days = [today, today === cycle.start ? addDays(today, 1) : cycle.start, addDays(cycle.start, -3)]
  for (const [i, date] of days.entries()) {
    await payload.create({ collection: 'usage-records', data: { customer: customer.id, service: capped.id, date, uploadBytes: 1_000_000_000 * (i + 1), downloadBytes: 9_000_000_000 * (i + 1), source: 'interstellio' } })
  }
  const invoices = []
  for (const [i, date] of ['2026-09-01', '2026-10-01', '2026-11-01'].entries()) {
    const issued = await issueAdhocInvoice(payload, { customerId: customer.id, serviceId: capped.id, invoiceDate: date, lines: [{ description: `LTE 100 GB month ${i + 1}`, unitPriceCents: 59_900 }] })
    if (!issued.ok) throw new Error(issued.message)
    invoices.push(issued.value)
  }
  const paid = await recordPayment(payload, { customerId: customer.id, amountCents: invoices[0].totalCents!, transactionId: uniqueToken('eft-'), invoiceId: invoices[0].id, receivedAt: new Date('2026-09-05T08:00:00Z') })
  if (!paid.ok) throw new Error(paid.message)
  const draft = await payload.create({
    collection: 'invoices',
    data: { customer: customer.id, kind: 'adhoc', invoiceDate: '2026-11-20', dueDate: '2026-11-27', lines: [{ description: 'Draft', kind: 'other', quantity: 1, unitPriceCents: 100, exclVatCents: 87, vatRateBasisPoints: 1500, vatCents: 13, inclVatCents: 100 }] } as never,
  })
  const order = await payload.create({ collection: 'consumer-orders', data: { ...consumerOrderData({ customer: customer.id, customerEmail: customer.email }), status: 'scheduled' } as never })
  const jwt = await login(customer.email, customer.password)
  return { customer, capped, uncapped, invoices, draft, order, jwt }
}

beforeAll(async () => {
  payload = await testPayload()
  A = await estateFor('Thandi')
  B = await estateFor('Pieter')
  const staff = await createStaff(payload, 'admin')
  staffJwt = await loginStaff(staff.email, staff.password)
}, 120_000)

const as = (e: Estate) => ({ jwt: e.jwt })

function expectProblem(res: ApiResponse, status: number, field?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status)
  expect(Array.isArray(res.body.errors)).toBe(true)
  for (const e of res.body.errors) expect(typeof e.code).toBe('string')
  if (field) expect(res.body.errors.map((e: { field?: string }) => e.field)).toContain(field)
}

const READS = ['/api/dashboard/summary', '/api/dashboard/services', '/api/dashboard/invoices', '/api/dashboard/billing', '/api/dashboard/payment-methods', '/api/dashboard/profile']

describe('who may call the dashboard API', () => {
  it.each(READS)('%s: 401 without a session, 403 for a staff token, 200 for the customer', async (path) => {
    expectProblem(await api(path), 401)
    const staff = await api(path, { jwt: staffJwt })
    expectProblem(staff, 403)
    expect(staff.body.errors[0].code).toBe('CUSTOMERS_ONLY')
    expect((await api(path, as(A))).status).toBe(200)
  })

  it('the portal cookie works as well as the JWT header', async () => {
    const res = await api('/api/dashboard/login', { body: { email: A.customer.email, password: A.customer.password } })
    const cookie = res.headers.getSetCookie().find((c) => c.includes('Path=/api/dashboard'))!.split(';')[0]
    expect((await api('/api/dashboard/summary', { cookie })).status).toBe(200)
  })

  it('writes need a session too', async () => {
    expectProblem(await api('/api/dashboard/preferences', { method: 'PATCH', body: { notifyBySms: false } }), 401)
    expectProblem(await api('/api/dashboard/payment-methods', { body: { type: 'eft' }, jwt: staffJwt }), 403)
  })
})

describe('GET /summary', () => {
  it("holds the customer's own account, services, billing, invoices and orders, and nobody else's", async () => {
    const res = await api('/api/dashboard/summary', as(A))
    expect(res.status).toBe(200)
    const s = res.body
    expect(s.account).toMatchObject({ id: A.customer.id, status: 'active', type: 'residential' })
    expect(s.account.accountNumber).toMatch(/^CT-\d{4}-\d{5}$/)
    expect(s.services.map((x: { id: number }) => x.id).sort()).toEqual([A.capped.id, A.uncapped.id].sort())
    expect(s.recentInvoices.map((i: { id: number }) => i.id)).toEqual([A.invoices[2].id, A.invoices[1].id, A.invoices[0].id])
    expect(s.recentInvoices.map((i: { id: number }) => i.id)).not.toContain(A.draft.id)
    expect(s.recentOrders.map((o: { id: number }) => o.id)).toEqual([A.order.id])
    expect(s.stats).toMatchObject({ activeServices: 2, openOrders: 1, overdueInvoices: 0, overdueTotalCents: 0 })
    // Ids are per table (B's service may share a number with A's customer): compare like with like.
    const ids = (list: Array<{ id: number }>) => list.map((x) => x.id)
    for (const id of [B.capped.id, B.uncapped.id]) expect(ids(s.services)).not.toContain(id)
    for (const id of B.invoices.map((i) => i.id)) expect(ids(s.recentInvoices)).not.toContain(id)
    expect(ids(s.recentOrders)).not.toContain(B.order.id)
    expect(JSON.stringify(s)).not.toContain(B.customer.email)
  })

  it('equals what the individual endpoints report', async () => {
    const [summary, services, invoices, billing] = await Promise.all(
      ['/api/dashboard/summary', '/api/dashboard/services', '/api/dashboard/invoices?limit=5', '/api/dashboard/billing'].map((p) => api(p, as(A))),
    )
    expect(summary.body.services).toEqual(services.body.services)
    expect(summary.body.recentInvoices).toEqual(invoices.body.invoices)
    expect(summary.body.billing).toEqual(billing.body.billing)
    expect(summary.body.billing.amountDueCents).toBe(A.invoices[1].totalCents! + A.invoices[2].totalCents!)
    expect(summary.body.stats.usedBytesThisCycle).toBe(services.body.services.reduce((n: number, x: { usage: { usedBytes: number } }) => n + x.usage.usedBytes, 0))
  })

  it('takes no query parameters', async () => {
    expectProblem(await api('/api/dashboard/summary?x=1', as(A)), 400, 'x')
  })
})

describe('services', () => {
  it("lists the customer's services with this cycle's usage, and filters by status", async () => {
    const res = await api('/api/dashboard/services', as(A))
    const capped = res.body.services.find((s: { id: number }) => s.id === A.capped.id)
    const cycle = cycleOf(today, 1)
    // The two rows inside this cycle; the third is in the cycle before.
    expect(capped.usage).toMatchObject({ cycleStart: cycle.start, cycleEnd: cycle.end, capBytes: 100 * BYTES_PER_GB, usedBytes: 30_000_000_000, percentUsed: 30 })
    expect(capped.usage.usageAsOf).toEqual(expect.any(String))
    const uncapped = res.body.services.find((s: { id: number }) => s.id === A.uncapped.id)
    expect(uncapped.usage).toMatchObject({ capBytes: null, percentUsed: null, usedBytes: 0, usageAsOf: null })
    expect((await api('/api/dashboard/services?status=suspended', as(A))).body.services).toEqual([])
    expect((await api('/api/dashboard/services?status=active', as(A))).body.services).toHaveLength(2)
  })

  it('a service of another customer is a 404, like one that does not exist', async () => {
    const theirs = await api(`/api/dashboard/services/${B.capped.id}`, as(A))
    const none = await api('/api/dashboard/services/2147483000', as(A))
    expectProblem(theirs, 404)
    expect(theirs.body).toEqual(none.body)
  })

  it('the detail adds the last 12 cycles, newest first, the current one holding this cycle\'s usage', async () => {
    const res = await api(`/api/dashboard/services/${A.capped.id}`, as(A))
    expect(res.status).toBe(200)
    const { service } = res.body
    expect(service.cycles).toHaveLength(12)
    expect(service.cycles[0]).toMatchObject({ cycleStart: service.usage.cycleStart, totalBytes: service.usage.usedBytes })
    const all = service.cycles.reduce((n: number, c: { totalBytes: number }) => n + c.totalBytes, 0)
    expect(all).toBe(60_000_000_000)
  })

  it.each([
    ['/api/dashboard/services?status=gone', 'status'],
    ['/api/dashboard/services?colour=red', 'colour'],
    ['/api/dashboard/services?status=active&status=pending', 'status'],
    ['/api/dashboard/services/abc', 'id'],
    ['/api/dashboard/services/-1', 'id'],
  ])('%s is a 400 naming %s', async (path, field) => {
    expectProblem(await api(path, as(A)), 400, field)
  })
})

describe('GET /usage', () => {
  it("defaults to the service's current cycle, lists every day with zeros where nothing was recorded, and totals add up", async () => {
    const res = await api(`/api/dashboard/usage?serviceId=${A.capped.id}`, as(A))
    expect(res.status).toBe(200)
    const cycle = cycleOf(today, 1)
    expect(res.body).toMatchObject({ serviceId: A.capped.id, startDate: cycle.start, endDate: cycle.end, cycle: { start: cycle.start, end: cycle.end }, capBytes: 100 * BYTES_PER_GB })
    const days = res.body.days as Array<{ date: string; uploadBytes: number; downloadBytes: number; totalBytes: number }>
    expect(days[0].date).toBe(cycle.start)
    expect(days[days.length - 1].date).toBe(cycle.end)
    expect(new Set(days.map((d) => d.date)).size).toBe(days.length)
    for (const d of days) expect(d.totalBytes).toBe(d.uploadBytes + d.downloadBytes)
    const sum = (k: 'uploadBytes' | 'downloadBytes' | 'totalBytes') => days.reduce((n, d) => n + d[k], 0)
    expect(res.body.totals).toEqual({ uploadBytes: sum('uploadBytes'), downloadBytes: sum('downloadBytes'), totalBytes: sum('totalBytes') })
    expect(days.filter((d) => d.totalBytes === 0).length).toBeGreaterThan(0)
  })

  it('takes a range of up to 400 days', async () => {
    const start = addDays(today, -399)
    const res = await api(`/api/dashboard/usage?serviceId=${A.capped.id}&startDate=${start}&endDate=${today}`, as(A))
    expect(res.status).toBe(200)
    expect(res.body.days).toHaveLength(400)
    expect(res.body.totals.totalBytes).toBe(60_000_000_000)
    expectProblem(await api(`/api/dashboard/usage?serviceId=${A.capped.id}&startDate=${addDays(today, -400)}&endDate=${today}`, as(A)), 400, 'endDate')
  })

  it.each([
    ['no serviceId', '', 'serviceId'],
    ['a serviceId of text', 'serviceId=abc', 'serviceId'],
    ['an impossible date', 'serviceId=SERVICE&startDate=2025-02-30&endDate=2025-03-02', 'startDate'],
    ['a start without an end', 'serviceId=SERVICE&startDate=2025-02-01', 'endDate'],
    ['an end before the start', 'serviceId=SERVICE&startDate=2025-02-10&endDate=2025-02-01', 'endDate'],
    ['an unknown parameter', 'serviceId=SERVICE&unit=kb', 'unit'],
  ])('%s is a 400 naming the field', async (_why, qs, field) => {
    expectProblem(await api(`/api/dashboard/usage?${qs.replace('SERVICE', String(A.capped.id))}`, as(A)), 400, field)
  })

  it("another customer's service is not found, exactly like one that does not exist", async () => {
    const theirs = await api(`/api/dashboard/usage?serviceId=${B.capped.id}`, as(A))
    const none = await api('/api/dashboard/usage?serviceId=2147483000', as(A))
    expectProblem(theirs, 404)
    expect(theirs.body).toEqual(none.body)
  })
})

describe('percent of the cap used', () => {
  it.each([
    [0, 0],
    [79_999_999_999, 79.9],
    [80_000_000_000, 80],
    [95_000_000_000, 95],
    [123_456_000_000, 123.4],
  ])('%i bytes of a 100 GB cap read %s%%', async (bytes, percent) => {
    const customer = await createCustomer(payload)
    const service = await createService(payload, customer.id, { type: 'lte', dataCapGb: 100, billingDay: 1 })
    if (bytes > 0) await payload.create({ collection: 'usage-records', data: { customer: customer.id, service: service.id, date: today, uploadBytes: 0, downloadBytes: bytes, source: 'interstellio' } })
    const jwt = await login(customer.email, customer.password)
    const res = await api('/api/dashboard/summary', { jwt })
    expect(res.body.services[0].usage).toMatchObject({ usedBytes: bytes, percentUsed: percent })
  })
})

describe('invoices', () => {
  it('lists issued invoices newest first, never drafts, with page info and a summary per status', async () => {
    const res = await api('/api/dashboard/invoices', as(A))
    expect(res.status).toBe(200)
    expect(res.body.invoices.map((i: { id: number }) => i.id)).toEqual([A.invoices[2].id, A.invoices[1].id, A.invoices[0].id])
    expect(res.body).toMatchObject({ page: 1, totalDocs: 3, totalPages: 1, hasNextPage: false })
    expect(res.body.summary.paid).toEqual({ count: 1, amountDueCents: 0 })
    expect(res.body.summary.unpaid).toEqual({ count: 2, amountDueCents: A.invoices[1].totalCents! + A.invoices[2].totalCents! })
    const paged = await api('/api/dashboard/invoices?limit=2&page=2', as(A))
    expect(paged.body.invoices.map((i: { id: number }) => i.id)).toEqual([A.invoices[0].id])
    const paid = await api('/api/dashboard/invoices?status=paid', as(A))
    expect(paid.body.invoices.map((i: { id: number }) => i.id)).toEqual([A.invoices[0].id])
    expect(paid.body.summary).toEqual(res.body.summary)
  })

  it.each([
    ['page=-1', 'page'],
    ['page=0', 'page'],
    ['limit=0', 'limit'],
    ['limit=1000', 'limit'],
    ['limit=ten', 'limit'],
    ['status=draft', 'status'],
    ['sort=-totalCents', 'sort'],
  ])('?%s is a 400 naming %s', async (qs, field) => {
    expectProblem(await api(`/api/dashboard/invoices?${qs}`, as(A)), 400, field)
  })

  it('the detail holds lines with VAT, totals, how it was paid, and its PDF link', async () => {
    const res = await api(`/api/dashboard/invoices/${A.invoices[0].id}`, as(A))
    expect(res.status).toBe(200)
    const inv = res.body.invoice
    const total = A.invoices[0].totalCents!
    expect(inv).toMatchObject({ id: A.invoices[0].id, status: 'paid', totalCents: total, amountPaidCents: total, amountDueCents: 0, pdfUrl: `/api/dashboard/invoices/${A.invoices[0].id}/pdf` })
    expect(inv.lines).toEqual([expect.objectContaining({ description: 'LTE 100 GB month 1', quantity: 1, vatRatePercent: 15, inclVatCents: total })])
    for (const l of inv.lines) expect(l.exclVatCents + l.vatCents).toBe(l.inclVatCents)
    expect(inv.subtotalCents + inv.vatCents).toBe(inv.totalCents)
    // Dated when it was applied to the invoice.
    expect(inv.settlements).toEqual([{ kind: 'payment', amountCents: total, date: today, reference: expect.stringMatching(/^eft-/), clearsOn: null }])
  })

  it("a draft, another customer's invoice and a missing one are all the same 404", async () => {
    const none = await api('/api/dashboard/invoices/2147483000', as(A))
    expectProblem(none, 404)
    for (const id of [A.draft.id, B.invoices[0].id]) expect((await api(`/api/dashboard/invoices/${id}`, as(A))).body).toEqual(none.body)
  })
})

describe('payment methods', () => {
  const debitOrder = { type: 'debit_order', bankCode: 'fnb', branchCode: '250655', accountType: 'cheque', accountNumber: '62 1234 5678', accountHolder: 'T Nkosi' }

  it('adds a debit order: the answer is masked, pending its mandate, and neither it nor the database holds the account number', async () => {
    const res = await api('/api/dashboard/payment-methods', { ...as(A), body: debitOrder })
    expect(res.status).toBe(201)
    expect(res.body.paymentMethod).toMatchObject({ type: 'debit_order', displayName: 'Debit Order - FNB ***5678', lastFour: '5678', mandateStatus: 'pending' })
    expect(JSON.stringify(res.body)).not.toContain('6212345678')
    const [row] = await sql<Record<string, unknown>>('SELECT * FROM payment_methods WHERE id = $1', [res.body.paymentMethod.id])
    expect(JSON.stringify(row)).not.toContain('6212345678')
    expect(String(row.encrypted_details)).toMatch(/^v\d+\./)
    const list = await api('/api/dashboard/payment-methods', as(A))
    expect(list.body.paymentMethods.map((m: { id: number }) => m.id)).toContain(res.body.paymentMethod.id)
    expect(JSON.stringify(list.body)).not.toMatch(/encrypted|6212345678/)
  })

  it.each([
    ['an unknown bank', { ...debitOrder, bankCode: 'mattress' }, 'bankCode'],
    ['a wrong branch code', { ...debitOrder, branchCode: '123456' }, 'branchCode'],
    ['an account number with letters', { ...debitOrder, accountNumber: '62AB345678' }, 'accountNumber'],
    ['an account number the wrong length for the bank', { ...debitOrder, accountNumber: '1234567' }, 'accountNumber'],
    ['an unknown field', { ...debitOrder, cvv: '123' }, 'cvv'],
    ['an unknown type', { type: 'bitcoin' }, 'type'],
    ['a card number instead of a token', { type: 'card', brand: 'Visa', lastFour: '4242', expiryMonth: 12, expiryYear: 2028, cardNumber: '4242424242424242' }, 'cardNumber'],
  ])('%s is a 400 naming the field and stores nothing', async (_why, body, field) => {
    const [{ count: before }] = await sql<{ count: string }>('SELECT count(*) FROM payment_methods WHERE customer_id = $1', [A.customer.id])
    expectProblem(await api('/api/dashboard/payment-methods', { ...as(A), body }), 400, field)
    const [{ count: after }] = await sql<{ count: string }>('SELECT count(*) FROM payment_methods WHERE customer_id = $1', [A.customer.id])
    expect(after).toBe(before)
  })

  it('with an Idempotency-Key, a retry or a concurrent duplicate adds the method once; the key with another body is a 422', async () => {
    const customer = await createCustomer(payload)
    const jwt = await login(customer.email, customer.password)
    const body = { type: 'debit_order', bankCode: 'absa', branchCode: '632005', accountType: 'savings', accountNumber: '4051234567', accountHolder: 'A Person' }
    const headers = { 'Idempotency-Key': uniqueToken('add-') }
    const [first, second] = await Promise.all([1, 2].map(() => api('/api/dashboard/payment-methods', { jwt, body, headers })))
    expect([first.status, second.status]).toEqual([201, 201])
    expect(second.body).toEqual(first.body)
    const retry = await api('/api/dashboard/payment-methods', { jwt, body, headers })
    expect(retry.status).toBe(201)
    expect(retry.headers.get('idempotent-replayed')).toBe('true')
    expect(retry.body).toEqual(first.body)
    expect(await sql('SELECT id FROM payment_methods WHERE customer_id = $1', [customer.id])).toHaveLength(1)
    // The stored fingerprint says nothing about the account number.
    const [stored] = await sql<Record<string, unknown>>('SELECT * FROM idempotency_keys WHERE key = $1', [headers['Idempotency-Key']])
    expect(JSON.stringify(stored)).not.toContain('4051234567')
    expectProblem(await api('/api/dashboard/payment-methods', { jwt, body: { ...body, accountNumber: '4051234568' }, headers }), 422, 'Idempotency-Key')
    expectProblem(await api('/api/dashboard/payment-methods', { jwt, body, headers: { 'Idempotency-Key': 'has space' } }), 400, 'Idempotency-Key')
  })

  it('a body that is not JSON is a 415', async () => {
    const res = await responseOf(
      await fetch(`${testEnv().serverUrl}/api/dashboard/payment-methods`, {
        method: 'POST',
        headers: { Authorization: `JWT ${A.jwt}`, 'Content-Type': 'text/plain', 'X-Forwarded-For': uniqueIp() },
        body: 'type=eft',
      }),
    )
    expect(res.status).toBe(415)
  })

  it('concurrent requests to make different methods primary leave exactly one primary, the account\'s', async () => {
    const customer = await createCustomer(payload)
    const jwt = await login(customer.email, customer.password)
    const ids: number[] = []
    for (let i = 0; i < 4; i++) {
      const res = await api('/api/dashboard/payment-methods', { jwt, body: { type: 'card', gatewayToken: uniqueToken('tok_'), brand: 'Visa', lastFour: `424${i}`, expiryMonth: 12, expiryYear: 2029 } })
      expect(res.status).toBe(201)
      ids.push(res.body.paymentMethod.id)
    }
    const answers = await Promise.all(ids.map((id) => api(`/api/dashboard/payment-methods/${id}`, { jwt, method: 'PATCH', body: { isPrimary: true } })))
    for (const a of answers) expect(a.status).toBe(200)
    const primaries = await sql<{ id: number }>('SELECT id FROM payment_methods WHERE customer_id = $1 AND is_primary', [customer.id])
    expect(primaries).toHaveLength(1)
    const [account] = await sql<{ primary_payment_method_id: number }>('SELECT primary_payment_method_id FROM billing_accounts WHERE customer_id = $1', [customer.id])
    expect(account.primary_payment_method_id).toBe(primaries[0].id)
    const list = await api('/api/dashboard/payment-methods', { jwt })
    expect(list.body.paymentMethods.filter((m: { isPrimary: boolean }) => m.isPrimary).map((m: { id: number }) => m.id)).toEqual([primaries[0].id])
  })

  it('the primary method of an account that owes money cannot be removed; another can', async () => {
    expect((await api('/api/dashboard/payment-methods', { ...as(A), body: { type: 'eft' } })).status).toBe(201)
    const methods = await api('/api/dashboard/payment-methods', as(A))
    const primary = methods.body.paymentMethods.find((m: { isPrimary: boolean }) => m.isPrimary)
    const other = methods.body.paymentMethods.find((m: { isPrimary: boolean }) => !m.isPrimary)
    const refused = await api(`/api/dashboard/payment-methods/${primary.id}`, { ...as(A), method: 'DELETE' })
    expectProblem(refused, 409)
    expect(refused.body.errors[0].code).toBe('PRIMARY_METHOD_HAS_BALANCE')
    {
      const removed = await api(`/api/dashboard/payment-methods/${other.id}`, { ...as(A), method: 'DELETE' })
      expect(removed.status).toBe(200)
      expect((await api('/api/dashboard/payment-methods', as(A))).body.paymentMethods.map((m: { id: number }) => m.id)).not.toContain(other.id)
      // Removed is removed: a second delete is not found.
      expectProblem(await api(`/api/dashboard/payment-methods/${other.id}`, { ...as(A), method: 'DELETE' }), 404)
    }
  })

  it("another customer's method cannot be made primary or removed: 404", async () => {
    const theirs = await api('/api/dashboard/payment-methods', { ...as(B), body: { type: 'eft' } })
    expect(theirs.status).toBe(201)
    const id = theirs.body.paymentMethod.id
    expectProblem(await api(`/api/dashboard/payment-methods/${id}`, { ...as(A), method: 'PATCH', body: { isPrimary: true } }), 404)
    expectProblem(await api(`/api/dashboard/payment-methods/${id}`, { ...as(A), method: 'DELETE' }), 404)
    expectProblem(await api(`/api/dashboard/payment-methods/${id}`, { ...as(A), method: 'PATCH', body: { isPrimary: false } }), 400, 'isPrimary')
  })
})

describe('what a bill costs', () => {
  it('a business account\'s prices get VAT added; suspended services that are still billed count towards the next bill', async () => {
    const customer = await createCustomer(payload)
    await payload.update({ collection: 'customers', id: customer.id, data: { accountType: 'business', companyName: 'Acme (Pty) Ltd' } })
    const nextBill = addDays(cycleOf(today, 1).end, 1)
    await createService(payload, customer.id, { monthlyPriceCents: 100_000, billingDay: 1, nextBillingDate: nextBill })
    await createService(payload, customer.id, { monthlyPriceCents: 20_000, billingDay: 1, nextBillingDate: nextBill, status: 'suspended', suspensionDate: today })
    await createService(payload, customer.id, { monthlyPriceCents: 50_000, billingDay: 1, nextBillingDate: nextBill, billingPaused: true, status: 'suspended', suspensionDate: today })
    const jwt = await login(customer.email, customer.password)
    const { body } = await api('/api/dashboard/summary', { jwt })
    expect(body.services.map((s: { monthlyPriceCents: number }) => s.monthlyPriceCents).sort()).toEqual([115_000, 23_000, 57_500].sort())
    expect(body.billing).toMatchObject({ nextBillingDate: nextBill, nextBillingAmountCents: 115_000 + 23_000 })
    expect((await api('/api/dashboard/billing', { jwt })).body.billing).toEqual(body.billing)
  })
})

describe('preferences and profile', () => {
  it('auto-pay needs a primary card or an approved debit order; notification choices change freely; each change is recorded', async () => {
    const customer = await createCustomer(payload)
    const jwt = await login(customer.email, customer.password)
    await api('/api/dashboard/payment-methods', { jwt, body: { type: 'debit_order', bankCode: 'capitec', branchCode: '470010', accountType: 'savings', accountNumber: '1234567890', accountHolder: 'A Test' } })
    const refused = await api('/api/dashboard/preferences', { jwt, method: 'PATCH', body: { autoPay: true } })
    expectProblem(refused, 409, 'autoPay')
    expect(refused.body.errors[0].code).toBe('AUTO_PAY_NEEDS_PAYMENT_METHOD')
    const card = await api('/api/dashboard/payment-methods', { jwt, body: { type: 'card', gatewayToken: uniqueToken('tok_'), brand: 'Mastercard', lastFour: '5454', expiryMonth: 1, expiryYear: 2030, makePrimary: true } })
    expect(card.body.paymentMethod.isPrimary).toBe(true)
    const on = await api('/api/dashboard/preferences', { jwt, method: 'PATCH', body: { autoPay: true, notifyBySms: false } })
    expect(on.status).toBe(200)
    expect(on.body).toEqual({ autoPay: true, notifyBySms: false, notifyByEmail: true })
    expect((await api('/api/dashboard/billing', { jwt })).body.billing).toMatchObject({ autoPay: true, notifyBySms: false })
    const changes = await sql<{ field: string; before: unknown; after: unknown; source: string }>(
      'SELECT field, before, after, source FROM account_changes WHERE customer_id = $1 ORDER BY id',
      [customer.id],
    )
    expect(changes).toEqual([
      { field: 'autoPay', before: false, after: true, source: 'portal' },
      { field: 'notifyBySms', before: true, after: false, source: 'portal' },
    ])
    const [who] = await sql<{ customers_id: number }>('SELECT r.customers_id FROM account_changes_rels r JOIN account_changes c ON c.id = r.parent_id WHERE c.customer_id = $1 LIMIT 1', [customer.id])
    expect(who.customers_id).toBe(customer.id)
  })

  it('auto-pay goes off when the primary becomes something it cannot collect from', async () => {
    const customer = await createCustomer(payload)
    const jwt = await login(customer.email, customer.password)
    await api('/api/dashboard/payment-methods', { jwt, body: { type: 'card', gatewayToken: uniqueToken('tok_'), brand: 'Visa', lastFour: '1111', expiryMonth: 12, expiryYear: 2030 } })
    expect((await api('/api/dashboard/preferences', { jwt, method: 'PATCH', body: { autoPay: true } })).body.autoPay).toBe(true)
    const eft = await api('/api/dashboard/payment-methods', { jwt, body: { type: 'eft' } })
    expect((await api(`/api/dashboard/payment-methods/${eft.body.paymentMethod.id}`, { jwt, method: 'PATCH', body: { isPrimary: true } })).status).toBe(200)
    expect((await api('/api/dashboard/billing', { jwt })).body.billing.autoPay).toBe(false)
    const [last] = await sql<{ field: string; after: unknown }>('SELECT field, after FROM account_changes WHERE customer_id = $1 ORDER BY id DESC LIMIT 1', [customer.id])
    expect(last).toEqual({ field: 'autoPay', after: false })
  })

  it('an expired card is refused', async () => {
    expectProblem(await api('/api/dashboard/payment-methods', { ...as(A), body: { type: 'card', gatewayToken: uniqueToken('tok_'), brand: 'Visa', lastFour: '1111', expiryMonth: 1, expiryYear: 2020 } }), 400, 'expiryYear')
  })

  it.each([
    ['an empty body', {}, undefined],
    ['autoPay as text', { autoPay: 'yes' }, 'autoPay'],
    ['an unknown preference', { marketing: true }, 'marketing'],
  ])('preferences: %s is a 400', async (_why, body, field) => {
    expectProblem(await api('/api/dashboard/preferences', { ...as(A), method: 'PATCH', body }), 400, field)
  })

  it('the mobile number is normalised, the postal address replaced, and both changes recorded with before and after', async () => {
    const customer = await createCustomer(payload)
    const jwt = await login(customer.email, customer.password)
    const address = { line1: '4 Church Street', city: 'Stellenbosch', province: 'Western Cape', postalCode: '7600' }
    const res = await api('/api/dashboard/profile', { jwt, method: 'PATCH', body: { mobile: '082 123 4567', postalAddress: address } })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ mobile: '27821234567', postalAddress: { ...address, line2: null, suburb: null } })
    const read = await api('/api/dashboard/profile', { jwt })
    expect(read.body).toEqual(res.body)
    // What GET answers can be sent back as it is.
    expect((await api('/api/dashboard/profile', { jwt, method: 'PATCH', body: read.body })).status).toBe(200)
    const changes = await sql<{ field: string; after: unknown }>('SELECT field, after FROM account_changes WHERE customer_id = $1 ORDER BY field', [customer.id])
    expect(changes.map((c) => c.field)).toEqual(['mobile', 'postalAddress'])
    expect(changes[0].after).toBe('27821234567')
  })

  it.each([
    ['a mobile that is not South African', { mobile: '+44 20 7946 0958' }, 'mobile'],
    ['a mobile of letters', { mobile: 'call me' }, 'mobile'],
    ['a postal code of letters', { postalAddress: { line1: '1 A St', city: 'Durban', province: 'KwaZulu-Natal', postalCode: 'ABCD' } }, 'postalAddress.postalCode'],
    ['an unknown province', { postalAddress: { line1: '1 A St', city: 'Durban', province: 'Natal', postalCode: '4001' } }, 'postalAddress.province'],
    ['an email change (not here)', { email: 'new@test.example' }, 'email'],
  ])('profile: %s is a 400 naming %s and changes nothing', async (_why, body, field) => {
    const [before] = await sql('SELECT mobile, postal_address_postal_code, email FROM customers WHERE id = $1', [A.customer.id])
    expectProblem(await api('/api/dashboard/profile', { ...as(A), method: 'PATCH', body }), 400, field)
    expect((await sql('SELECT mobile, postal_address_postal_code, email FROM customers WHERE id = $1', [A.customer.id]))[0]).toEqual(before)
  })
})
