import type { Payload } from 'payload'
import { beforeAll, describe, expect, it } from 'vitest'

import { sastDateOf } from '../../src/domain/calendarDate'
import { searchResponse } from '../../src/endpoints/admin/search'
import { issueAdhocInvoice } from '../../src/services/billing/issueAdhocInvoice'
import { recordPayment } from '../../src/services/billing/recordPayment'
import type { SearchResult } from '../../src/services/search/contract'
import { createCustomer, createStaff } from '../factories/accounts'
import { uniqueToken } from '../factories/billing'
import { createService } from '../factories/services'
import { api, loginCustomer, loginStaff, type ApiResponse } from '../helpers/http'
import { testPayload } from '../helpers/payload'

/**
 * `GET /api/admin/search?q=` against the running app: what a clerk types, in the forms a clerk
 * types it, finds the record; every successful answer is held to the published response schema.
 */

let payload: Payload
let supportJwt: string
let customerJwt: string
const token = uniqueToken('srch')

let customer: { id: number; email: string; accountNumber: string }
let other: { id: number }
let serviceId: number
let connectionId: string
let invoice: { id: number; invoiceNumber: string }
let paymentId: number
let transactionId: string
let literalServiceId: number
let wildcardServiceId: number

beforeAll(async () => {
  payload = await testPayload()
  const created = await createCustomer(payload, { firstName: 'Zoë', lastName: `Ndlovu${token}` })
  const stored = await payload.update({
    collection: 'customers',
    id: created.id,
    data: { mobile: '27821234567', postalAddress: { line1: `${token} Loop Street`, city: 'Cape Town' } },
    depth: 0,
  })
  customer = { id: stored.id, email: created.email, accountNumber: stored.accountNumber! }
  other = await createCustomer(payload, { firstName: 'Pieter', lastName: `Other${token}` })

  connectionId = `ISP-CONN-${token}`
  serviceId = (await createService(payload, customer.id, { packageName: 'Fibre 50/50 Uncapped', connectionId })).id
  // Two services a wildcard reading of `50%_` would both match; read literally, only the first.
  literalServiceId = (await createService(payload, customer.id, { packageName: `Promo 50%_${token}` })).id
  wildcardServiceId = (await createService(payload, customer.id, { packageName: `Promo 50Xoff${token}` })).id

  const issued = await issueAdhocInvoice(payload, { customerId: customer.id, serviceId, invoiceDate: sastDateOf(new Date()), lines: [{ description: 'Router', unitPriceCents: 79_900 }] })
  if (!issued.ok) throw new Error(issued.message)
  invoice = { id: issued.value.id, invoiceNumber: issued.value.invoiceNumber! }

  transactionId = uniqueToken('eft-')
  const paid = await recordPayment(payload, { customerId: customer.id, amountCents: 50_000, transactionId, gatewayReference: `REF ${token}`, receivedAt: new Date('2026-12-02T08:00:00Z') })
  if (!paid.ok) throw new Error(paid.message)
  paymentId = paid.value.transaction.id

  const support = await createStaff(payload, 'support')
  supportJwt = await loginStaff(support.email, support.password)
  customerJwt = await loginCustomer(created.email, created.password)
}, 120_000)

async function search(q: string, jwt = supportJwt): Promise<SearchResult[]> {
  const res = await api(`/api/admin/search?q=${encodeURIComponent(q)}`, { jwt })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  const checked = searchResponse.safeParse(res.body)
  expect(checked.success, checked.error?.message).toBe(true)
  expect(res.body.query).toBe(q.trim())
  return res.body.results
}

const idsOf = (results: SearchResult[], kind: SearchResult['kind']) => results.filter((r) => r.kind === kind).map((r) => r.id)

function expectProblem(res: ApiResponse, status: number, code: string, field?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status)
  expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ code, ...(field ? { field } : {}) })]))
}

describe('finding a customer', () => {
  it.each(['082 123 4567', '0821234567', '+27 82 123 4567', '27821234567'])('by the mobile typed as %s (stored as 27821234567)', async (q) => {
    const results = await search(q)
    expect(idsOf(results, 'customer')).toContain(customer.id)
    const found = results.find((r) => r.kind === 'customer' && r.id === customer.id)!
    expect(found.subtitle).toContain('082 123 4567')
    expect(found.href).toBe(`/admin/collections/customers/${customer.id}`)
  })

  it('by the start of the mobile', async () => {
    expect(idsOf(await search('082 123'), 'customer')).toContain(customer.id)
  })

  it('by account number, exact first, however it is spaced', async () => {
    const [year, counter] = customer.accountNumber.split('-').slice(1)
    for (const q of [customer.accountNumber, customer.accountNumber.toLowerCase(), `ct ${year} ${Number(counter)}`]) {
      const results = await search(q)
      expect(results[0], q).toMatchObject({ kind: 'customer', id: customer.id, title: `Zoë Ndlovu${token} · ${customer.accountNumber}` })
    }
  })

  it('by part of the email', async () => {
    const local = customer.email.split('@')[0]
    expect(idsOf(await search(local.slice(2)), 'customer')).toContain(customer.id)
    expect((await search(customer.email.toUpperCase()))[0]).toMatchObject({ kind: 'customer', id: customer.id })
  })

  it('by name in any order, case and accents ignored', async () => {
    for (const q of [`zoe ndlovu${token}`, `NDLOVU${token} Zoë`]) {
      expect(idsOf(await search(q), 'customer'), q).toEqual([customer.id])
    }
  })

  it('by part of the postal address', async () => {
    expect(idsOf(await search(`${token} loop`), 'customer')).toEqual([customer.id])
  })
})

describe('finding the rest', () => {
  it('an invoice by its number, first, with its amount and status in words', async () => {
    // Dated today, so not overdue; the R 500.00 payment went to it (oldest open invoice first).
    const results = await search(invoice.invoiceNumber)
    expect(results[0]).toMatchObject({ kind: 'invoice', id: invoice.id, title: `${invoice.invoiceNumber} · R 799.00 · Partially paid`, href: `/admin/collections/invoices/${invoice.id}` })
  })

  it('a service by its connection id, first, with the customer', async () => {
    const results = await search(connectionId.toLowerCase())
    expect(results[0]).toMatchObject({ kind: 'service', id: serviceId, title: `Fibre 50/50 Uncapped · Zoë Ndlovu${token}` })
  })

  it('a payment by its transaction id and by its reference', async () => {
    expect((await search(transactionId))[0]).toMatchObject({ kind: 'payment', id: paymentId, title: `R 500.00 · 2 Dec 2026 · REF ${token}` })
    expect((await search(`ref ${token}`))[0]).toMatchObject({ kind: 'payment', id: paymentId })
  })

  it('treats % and _ as themselves, not as wildcards', async () => {
    const services = idsOf(await search(`50%_${token}`), 'service')
    expect(services).toContain(literalServiceId)
    expect(services).not.toContain(wildcardServiceId)
    expect(await search(`%_${token}%`)).toEqual(expect.not.arrayContaining([expect.objectContaining({ id: wildcardServiceId })]))
  })

  it('gives only the four kinds, at most 8 of each and 25 in all', async () => {
    const results = await search(token)
    expect(idsOf(results, 'customer')).toEqual(expect.arrayContaining([customer.id, other.id]))
    expect(results.every((r) => ['customer', 'service', 'invoice', 'payment'].includes(r.kind))).toBe(true)
    expect(results.length).toBeLessThanOrEqual(25)
    for (const kind of ['customer', 'service', 'invoice', 'payment'] as const) expect(idsOf(results, kind).length).toBeLessThanOrEqual(8)
  })
})

describe('who may search, and what q may be', () => {
  it('any staff role: billing and admin as well as support', async () => {
    for (const role of ['billing', 'admin'] as const) {
      const staff = await createStaff(payload, role)
      expect(idsOf(await search(customer.accountNumber, await loginStaff(staff.email, staff.password)), 'customer')).toContain(customer.id)
    }
  })

  it('401 signed out', async () => {
    expectProblem(await api('/api/admin/search?q=thandi'), 401, 'NOT_AUTHENTICATED')
  })

  it('403 for a customer', async () => {
    expectProblem(await api('/api/admin/search?q=thandi', { jwt: customerJwt }), 403, 'FORBIDDEN')
  })

  it.each([
    ['q=a', 'VALIDATION_FAILED', 'q'],
    ['q=%20%20a%20%20', 'VALIDATION_FAILED', 'q'],
    ['', 'VALIDATION_FAILED', 'q'],
    [`q=${'x'.repeat(101)}`, 'VALIDATION_FAILED', 'q'],
    ['q=ab&q=cd', 'VALIDATION_FAILED', 'q'],
    ['q=thandi&sort=name', 'UNKNOWN_FIELD', 'sort'],
  ])('400 for ?%s', async (query, code, field) => {
    expectProblem(await api(`/api/admin/search?${query}`, { jwt: supportJwt }), 400, code, field)
  })
})
