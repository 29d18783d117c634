import type { Payload } from 'payload'
import { extractText } from 'unpdf'
import { beforeAll, describe, expect, it } from 'vitest'

import { addDays, sastDateOf } from '../../src/domain/calendarDate'
import { buildLine } from '../../src/domain/invoiceLines'
import { firstOfMonthBefore } from '../../src/domain/statement'
import { ageingResponse, statementResponse } from '../../src/endpoints/admin/reports'
import type { Customer, Invoice } from '../../src/payload-types'
import { allocateToOpenInvoices } from '../../src/services/billing/allocate'
import { issueAdhocInvoice } from '../../src/services/billing/issueAdhocInvoice'
import { issueInvoice } from '../../src/services/billing/issueInvoice'
import { lockAccount } from '../../src/services/billing/ledger'
import { reconcile } from '../../src/services/billing/reconcile'
import { recordPayment } from '../../src/services/billing/recordPayment'
import { voidInvoice } from '../../src/services/billing/voidInvoice'
import { withTransaction } from '../../src/services/withTransaction'
import { createCustomer, createStaff, PASSWORD } from '../factories/accounts'
import { billingAccountOf, uniqueToken } from '../factories/billing'
import { testEnv } from '../helpers/env'
import { api, loginCustomer, loginStaff } from '../helpers/http'
import { testPayload } from '../helpers/payload'

/**
 * Statements and ageing against hand-computed cents. Two customers with known histories, built
 * through the billing services (so the ledger and reconcile agree with every figure):
 *
 * Statement customer (residential, prices incl. VAT; an ad hoc invoice is due 7 days after issue):
 *   1 Aug  invoice A  R 799.00            paid in full 5 Aug (payment P1)
 *  15 Aug  invoice V  R 150.00            voided 20 Aug             -> before September: left out
 *  25 Aug  payment P0 R 50.00 (nothing open: account credit), refunded 2 Sep
 *   1 Sep  invoice B  R 799.00 (due 8 Sep)
 *  10 Sep  invoice C  R 426.13 (due 17 Sep)
 *  20 Sep  payment P2 R 500.00            -> B (oldest due): B owes R 299.00
 *   1 Oct  invoice D  R 799.00 (due 8 Oct)
 *   5 Oct  credit note N R 200.00 against D -> D owes R 599.00
 *  15 Oct  invoice W  R 100.00            voided 3 Nov
 * Balance: 799 - 799 + 150 - 150 - 50 + 50 + 799 + 426.13 - 500 + 799 - 200 + 100 - 100 = R 1 324.13.
 *
 * Ageing customer, as of 30 Nov 2026 (days past due = 30 Nov - due date):
 *  due 30 Nov R 100.00 (0: current), due 7 Dec R 12.34 (-7: current), due 31 Oct R 200.00 (30: 1-30),
 *  due 30 Oct R 300.00 (31: 31-60), due 1 Sep R 50.00 (90: 61-90), due 2 Aug R 799.00 less a
 *  R 500.00 part payment (120: 91-120, R 299.00), due 1 Aug R 426.13 (121: 120+); a voided and a
 *  paid invoice, which owe nothing.
 */

let payload: Payload
const today = sastDateOf(new Date())

type Tokens = { support: string; billing: string; customer: string }
let tokens: Tokens
let stmt: Customer
let aged: Customer
const inv: Record<string, Invoice> = {}
const txn: Record<string, string> = {}

const at = (date: string, time = '10:00') => new Date(`${date}T${time}:00+02:00`)

async function adhoc(customerId: number, invoiceDate: string, cents: number, description: string): Promise<Invoice> {
  const result = await issueAdhocInvoice(payload, { customerId, invoiceDate, lines: [{ description, unitPriceCents: cents }] })
  if (!result.ok) throw new Error(result.message)
  return result.value
}

async function pay(customerId: number, key: string, cents: number, date: string, invoiceId?: number) {
  txn[key] = uniqueToken(`EFT-${key}-`)
  const result = await recordPayment(payload, { customerId, amountCents: cents, transactionId: txn[key], invoiceId, receivedAt: at(date) })
  if (!result.ok) throw new Error(result.message)
  return result.value.transaction
}

async function voided(invoice: Invoice, date: string) {
  const result = await voidInvoice(payload, { invoiceId: invoice.id, reason: 'Raised in error', now: at(date) })
  if (!result.ok) throw new Error(result.message)
  return result.value
}

/** A credit note applied to the invoice it credits, as the cancellation settlement issues them. */
async function creditNote(customerId: number, credited: Invoice, date: string, cents: number): Promise<Invoice> {
  return withTransaction(payload, async (req) => {
    await lockAccount(req, customerId)
    const note = await issueInvoice(req, {
      customerId,
      kind: 'credit_note',
      invoiceDate: date,
      dueDate: date,
      creditedInvoiceId: credited.id,
      lines: [buildLine({ description: 'Goodwill credit: outage', kind: 'credit', unitPriceCents: cents, accountType: 'residential', invoiceDate: date })],
    })
    await allocateToOpenInvoices(req, { customerId, amountCents: note.totalCents ?? 0, invoiceId: credited.id, source: { creditNoteId: note.id }, asOf: date })
    return note
  })
}

async function buildStatementCustomer() {
  stmt = await createCustomer(payload, { firstName: 'Thandi', lastName: 'Statement' })
  stmt = await payload.update({
    collection: 'customers',
    id: stmt.id,
    data: { postalAddress: { line1: '14 Jacaranda Avenue', suburb: 'Menlo Park', city: 'Pretoria', postalCode: '0081', province: 'Gauteng' } },
  })
  const id = stmt.id
  inv.A = await adhoc(id, '2026-08-01', 79900, 'Fibre 50/50, August')
  await pay(id, 'P1', 79900, '2026-08-05')
  inv.V = await adhoc(id, '2026-08-15', 15000, 'Call-out')
  await voided(inv.V, '2026-08-20')
  const overpaid = await pay(id, 'P0', 5000, '2026-08-25')
  // No refund operation exists yet: the payment's status is what the ledger follows (moveLedger).
  await payload.update({ collection: 'payment-transactions', id: overpaid.id, data: { status: 'refunded', refundedAt: at('2026-09-02').toISOString() } })
  inv.B = await adhoc(id, '2026-09-01', 79900, 'Fibre 50/50, September')
  inv.C = await adhoc(id, '2026-09-10', 42613, 'Router (pro-rata share)')
  await pay(id, 'P2', 50000, '2026-09-20')
  inv.D = await adhoc(id, '2026-10-01', 79900, 'Fibre 50/50, October')
  inv.N = await creditNote(id, inv.D, '2026-10-05', 20000)
  inv.W = await adhoc(id, '2026-10-15', 10000, 'Static IP')
  await voided(inv.W, '2026-11-03')
}

async function buildAgeingCustomer() {
  aged = await createCustomer(payload, { firstName: 'Ageing', lastName: 'Tester' })
  const id = aged.id
  const due = async (dueDate: string, cents: number, label: string) => adhoc(id, addDays(dueDate, -7), cents, label)
  await due('2026-11-30', 10000, 'due today')
  await due('2026-12-07', 1234, 'not yet due')
  await due('2026-10-31', 20000, '30 days past due')
  await due('2026-10-30', 30000, '31 days past due')
  await due('2026-09-01', 5000, '90 days past due')
  const partlyPaid = await due('2026-08-02', 79900, '120 days past due')
  await due('2026-08-01', 42613, '121 days past due')
  await voided(await due('2026-08-01', 99900, 'voided'), '2026-08-03')
  const paid = await due('2026-09-15', 25000, 'paid')
  await pay(id, 'AG1', 50000, '2026-09-01', partlyPaid.id)
  await pay(id, 'AG2', 25000, '2026-09-10', paid.id)
}

beforeAll(async () => {
  payload = await testPayload()
  await buildStatementCustomer()
  await buildAgeingCustomer()
  const support = await createStaff(payload, 'support')
  const billing = await createStaff(payload, 'billing', ['billing_manage'])
  tokens = {
    support: await loginStaff(support.email, PASSWORD),
    billing: await loginStaff(billing.email, PASSWORD),
    customer: await loginCustomer(stmt.email, PASSWORD),
  }
})

const statementUrl = (customerId: number, query = '') => `/api/admin/customers/${customerId}/statement${query ? `?${query}` : ''}`
const get = (path: string, jwt = tokens.support) => api(path, { jwt })
const fetchFile = async (path: string, jwt = tokens.support) => {
  const res = await fetch(`${testEnv().serverUrl}${path}`, { headers: { Authorization: `JWT ${jwt}` } })
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) }
}

describe('the fixtures', () => {
  it('are a ledger that reconciles, with the balance computed by hand', async () => {
    expect(await reconcile(payload, { customerIds: [stmt.id, aged.id] })).toEqual([])
    expect((await billingAccountOf(payload, stmt.id)).balanceCents).toBe(132413)
  })
})

describe('GET /api/admin/customers/:id/statement', () => {
  it('September to November: opening balance, every movement with the running balance, closing balance', async () => {
    const res = await get(statementUrl(stmt.id, 'from=2026-09-01&to=2026-11-30'))
    expect(res.status).toBe(200)
    expect(statementResponse.safeParse(res.body).success).toBe(true)
    expect(res.body.customer).toEqual({
      id: stmt.id,
      name: 'Thandi Statement',
      accountNumber: stmt.accountNumber,
      address: ['14 Jacaranda Avenue', 'Menlo Park', 'Pretoria 0081', 'Gauteng'],
    })
    // Before 1 Sep: A and P1 cancel, V and its void cancel (left out), P0 is R 50.00 of credit.
    expect(res.body.openingBalanceCents).toBe(-5000)
    expect(res.body.lines.map((l: Record<string, unknown>) => [l.date, l.kind, l.reference, l.debitCents, l.creditCents, l.balanceCents])).toEqual([
      ['2026-09-01', 'invoice', inv.B.invoiceNumber, 79900, 0, 74900],
      ['2026-09-02', 'refund', txn.P0, 5000, 0, 79900],
      ['2026-09-10', 'invoice', inv.C.invoiceNumber, 42613, 0, 122513],
      ['2026-09-20', 'payment', txn.P2, 0, 50000, 72513],
      ['2026-10-01', 'invoice', inv.D.invoiceNumber, 79900, 0, 152413],
      ['2026-10-05', 'credit_note', inv.N.invoiceNumber, 0, 20000, 132413],
      ['2026-10-15', 'invoice', inv.W.invoiceNumber, 10000, 0, 142413],
      ['2026-11-03', 'void', inv.W.invoiceNumber, 0, 10000, 132413],
    ])
    expect(res.body.lines[5].description).toBe(`Credit note ${inv.N.invoiceNumber} against ${inv.D.invoiceNumber}`)
    expect(res.body.lines[3].source).toEqual({ collection: 'payment-transactions', id: expect.any(Number) })
    expect(res.body).toMatchObject({ from: '2026-09-01', to: '2026-11-30', totalDebitCents: 217413, totalCreditCents: 80000, closingBalanceCents: 132413 })
  })

  it('a range ending today closes at the account balance; an invoice issued and voided in the range shows both lines', async () => {
    const res = await get(statementUrl(stmt.id, `from=2026-08-01&to=${today}`))
    expect(res.status).toBe(200)
    expect(res.body.openingBalanceCents).toBe(0)
    expect(res.body.closingBalanceCents).toBe((await billingAccountOf(payload, stmt.id)).balanceCents)
    expect(res.body.closingBalanceCents).toBe(132413)
    const v = res.body.lines.filter((l: { reference: string }) => l.reference === inv.V.invoiceNumber)
    expect(v.map((l: Record<string, unknown>) => [l.date, l.kind, l.debitCents, l.creditCents])).toEqual([
      ['2026-08-15', 'invoice', 15000, 0],
      ['2026-08-20', 'void', 0, 15000],
    ])
  })

  it('by default covers this month to date and the two months before it, closing at the balance', async () => {
    const res = await get(statementUrl(stmt.id))
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ from: firstOfMonthBefore(today, 2), to: today, closingBalanceCents: 132413 })
  })

  it('October alone: opens where September closed; the void of 3 Nov is not on it yet', async () => {
    const res = await get(statementUrl(stmt.id, 'from=2026-10-01&to=2026-10-31'))
    // -5000 + 79900 + 5000 + 42613 - 50000 = 72513; then + 79900 - 20000 + 10000 = 142413.
    expect(res.body).toMatchObject({ openingBalanceCents: 72513, closingBalanceCents: 142413 })
    expect(res.body.lines.map((l: { reference: string }) => l.reference)).toEqual([inv.D.invoiceNumber, inv.N.invoiceNumber, inv.W.invoiceNumber])
  })

  it('as a PDF: an attachment named for the account and range, holding the closing balance in rand', async () => {
    const { res, bytes } = await fetchFile(statementUrl(stmt.id, 'from=2026-09-01&to=2026-11-30&format=pdf'))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="statement-${stmt.accountNumber}-2026-09-01-2026-11-30.pdf"`)
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-')
    const text = (await extractText(bytes, { mergePages: true })).text.replace(/\s+/g, ' ')
    for (const expected of ['STATEMENT', 'Thandi Statement', stmt.accountNumber!, '14 Jacaranda Avenue', '1 Sep 2026 to 30 Nov 2026', '-R 50.00', inv.B.invoiceNumber!, txn.P2, 'R 426.13', 'R 1 324.13']) {
      expect(text).toContain(expected)
    }
    expect(text).not.toContain(inv.V.invoiceNumber!)
  })

  it.each([
    ['foo=1', 'UNKNOWN_FIELD', 'foo'],
    ['from=2026-02-30', 'VALIDATION_FAILED', 'from'],
    ['to=30-11-2026', 'VALIDATION_FAILED', 'to'],
    ['format=xml', 'VALIDATION_FAILED', 'format'],
    ['from=2026-09-01&from=2026-10-01', 'VALIDATION_FAILED', 'from'],
    ['from=2026-12-01&to=2026-11-30', 'INVALID_RANGE', 'from'],
    ['from=2021-01-01&to=2026-01-01', 'RANGE_TOO_LONG', 'to'],
  ])('?%s is a 400 %s naming %s', async (query, code, field) => {
    const res = await get(statementUrl(stmt.id, query))
    expect(res.status).toBe(400)
    expect(res.body.errors).toContainEqual(expect.objectContaining({ code, field }))
  })

  it('is 404 for a customer that does not exist', async () => {
    for (const id of ['2147483647', 'abc']) {
      const res = await get(`/api/admin/customers/${id}/statement`)
      expect(res.status).toBe(404)
      expect(res.body.errors[0].code).toBe('CUSTOMER_NOT_FOUND')
    }
    const pdf = await get(statementUrl(2147483647, 'format=pdf'))
    expect(pdf.status).toBe(404)
  })

  it('is for staff only: 401 signed out, 403 for a customer (even their own), any staff role may read', async () => {
    expect((await api(statementUrl(stmt.id))).status).toBe(401)
    const mine = await get(statementUrl(stmt.id), tokens.customer)
    expect(mine.status).toBe(403)
    expect(mine.body.errors[0].code).toBe('FORBIDDEN')
    expect((await get(statementUrl(stmt.id), tokens.billing)).status).toBe(200)
  })
})

describe('GET /api/admin/reports/ageing', () => {
  const ageingUrl = (query: string) => `/api/admin/reports/ageing?${query}`
  const zero = { current: 0, days1to30: 0, days31to60: 0, days61to90: 0, days91to120: 0, over120: 0 }

  it("buckets one customer's open invoices by days past due, edges included", async () => {
    const res = await get(ageingUrl(`asOf=2026-11-30&customerId=${aged.id}`))
    expect(res.status).toBe(200)
    expect(ageingResponse.safeParse(res.body).success).toBe(true)
    const buckets = { current: 11234, days1to30: 20000, days31to60: 30000, days61to90: 5000, days91to120: 29900, over120: 42613 }
    expect(res.body).toEqual({
      asOf: '2026-11-30',
      customers: [{ customerId: aged.id, name: 'Ageing Tester', accountNumber: aged.accountNumber, buckets, totalCents: 138747, invoiceCount: 7 }],
      totals: { buckets, totalCents: 138747, invoiceCount: 7, customerCount: 1 },
    })
  })

  it('ages what the statement customer owes: with nothing in credit, the total is the balance', async () => {
    const res = await get(ageingUrl(`asOf=2026-11-30&customerId=${stmt.id}`))
    // B R 299.00 (83 days) and C R 426.13 (74 days) are 61-90; D R 599.00 (53 days) is 31-60.
    expect(res.body.customers).toEqual([
      { customerId: stmt.id, name: 'Thandi Statement', accountNumber: stmt.accountNumber, buckets: { ...zero, days31to60: 59900, days61to90: 72513 }, totalCents: 132413, invoiceCount: 3 },
    ])
  })

  it('moves with the as-of day: on 8 Oct, D is due that day (current) and B 30 days past due (1-30)', async () => {
    const res = await get(ageingUrl(`asOf=2026-10-08&customerId=${stmt.id}`))
    expect(res.body.customers[0].buckets).toEqual({ ...zero, current: 59900, days1to30: 29900 + 42613 })
  })

  it('covers every customer, largest total first, and totals them', async () => {
    const res = await get(ageingUrl('asOf=2026-11-30'))
    expect(res.status).toBe(200)
    const rows = res.body.customers as { customerId: number; totalCents: number; buckets: Record<string, number>; invoiceCount: number }[]
    expect(rows.map((r) => r.customerId)).toEqual(expect.arrayContaining([stmt.id, aged.id]))
    rows.slice(1).forEach((r, i) => expect(r.totalCents).toBeLessThanOrEqual(rows[i].totalCents))
    for (const key of Object.keys(zero)) expect(res.body.totals.buckets[key]).toBe(rows.reduce((n, r) => n + r.buckets[key], 0))
    expect(res.body.totals.totalCents).toBe(rows.reduce((n, r) => n + r.totalCents, 0))
    expect(res.body.totals.customerCount).toBe(rows.length)
  })

  it('defaults to today', async () => {
    const res = await get(ageingUrl(`customerId=${aged.id}`))
    expect(res.body.asOf).toBe(today)
    expect(res.body.totals.totalCents).toBe(138747)
  })

  it('as CSV: a header row and one row per customer, rand with two decimals and no symbol, as an attachment', async () => {
    const { res, bytes } = await fetchFile(ageingUrl(`asOf=2026-11-30&customerId=${aged.id}&format=csv`))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="ageing-2026-11-30-customer-${aged.id}.csv"`)
    const text = new TextDecoder().decode(bytes) // drops the byte order mark
    expect(text.split('\r\n')).toEqual([
      'Customer ID,Account number,Customer,Current,1-30 days,31-60 days,61-90 days,91-120 days,120+ days,Total',
      `${aged.id},${aged.accountNumber},Ageing Tester,112.34,200.00,300.00,50.00,299.00,426.13,1387.47`,
      '',
    ])
  })

  it.each([
    ['asOf=2026-13-01', 'VALIDATION_FAILED', 'asOf'],
    ['format=xml', 'VALIDATION_FAILED', 'format'],
    ['customerId=abc', 'VALIDATION_FAILED', 'customerId'],
    ['customerId=0', 'VALIDATION_FAILED', 'customerId'],
    ['page=2', 'UNKNOWN_FIELD', 'page'],
    ['asOf=2026-11-30&asOf=2026-11-29', 'VALIDATION_FAILED', 'asOf'],
  ])('?%s is a 400 %s naming %s', async (query, code, field) => {
    const res = await get(ageingUrl(query))
    expect(res.status).toBe(400)
    expect(res.body.errors).toContainEqual(expect.objectContaining({ code, field }))
  })

  it('is for staff only: 401 signed out, 403 for a customer', async () => {
    expect((await api(ageingUrl('asOf=2026-11-30'))).status).toBe(401)
    const res = await get(ageingUrl('asOf=2026-11-30'), tokens.customer)
    expect(res.status).toBe(403)
    expect(res.body.errors[0].code).toBe('FORBIDDEN')
  })
})
