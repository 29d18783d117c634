import type { Payload } from 'payload'
import { beforeAll, describe, expect, it } from 'vitest'

import { ageingBucketOf, daysPastDue, type AgeingBucketKey } from '../../src/domain/ageing'
import { monthOf, monthPeriod, monthsEndingWith } from '../../src/domain/billingDashboard'
import { addDays, sastDateOf } from '../../src/domain/calendarDate'
import { formatRand } from '../../src/domain/money'
import { dashboardResponse } from '../../src/endpoints/admin/dashboard'
import type { Invoice } from '../../src/payload-types'
import { issueAdhocInvoice } from '../../src/services/billing/issueAdhocInvoice'
import { issueCreditNote } from '../../src/services/billing/issueCreditNote'
import { markOverdueInvoices } from '../../src/services/billing/markOverdueInvoices'
import { recordPayment } from '../../src/services/billing/recordPayment'
import { refundAccountCredit } from '../../src/services/billing/refundAccountCredit'
import { voidInvoice } from '../../src/services/billing/voidInvoice'
import type { BillingDashboard } from '../../src/services/reports/billingDashboard'
import { createCustomer, createStaff, PASSWORD } from '../factories/accounts'
import { createJobRun, createNotification, createSuspension, createTransaction, uniqueToken } from '../factories/billing'
import { createService } from '../factories/services'
import { api, loginCustomer, loginStaff } from '../helpers/http'
import { testPayload } from '../helpers/payload'

/**
 * The billing dashboard against hand-computed figures. The figures are over the whole database
 * (the demo data and every other test's rows), so the test reads the dashboard before and after
 * adding rows of its own and checks the difference; the harness runs no job runner and one test
 * file at a time, so nothing else moves in between. Today and this month are the real ones (SAST).
 *
 * Customer "Dash" (residential: prices include VAT; an ad hoc invoice is due 7 days after issue):
 *   A  today                      R 799.00   paid R 200.00 now (P1)               -> owes R 599.00
 *   B  last day of last month     R 150.00   paid R 50.00 one second before this month began (P0)
 *                                            and R 25.00 the instant it began (P2) -> owes R 75.00
 *   D  today                      R 300.00   credited in full today by credit note N -> owes nothing
 *   V  today                      R 100.00   voided                              -> not invoiced
 *   O  1 Jan 2019 (due 8 Jan)     R 42.00    marked overdue                      -> 120+ days
 *   a failed debit order of R 123.45 (not collected)
 * Customer "Credit": payment P3 R 50.00 now with nothing to pay (account credit), refunded now.
 *
 * So, this month: invoiced A + D = R 1 099.00 (2), credit notes N R 300.00 (1), collected
 * P1 + P2 + P3 = R 275.00 (3; P0 is last month's, the refund and the failure are not
 * collections). Last month: invoiced B R 150.00, collected P0 R 50.00. Outstanding A + B + O =
 * R 716.00 (3), overdue O R 42.00 (1).
 *
 * Services: one pending; suspended for non-payment (counted), suspended at the customer's request
 * with an older, closed non-payment suspension (not counted), cancelled with a non-payment
 * suspension left open (not counted). Two failed notifications and one sent; a failed overdue
 * marking and a partly failed invoice run, started now.
 */

let payload: Payload
let before: BillingDashboard
let after: BillingDashboard
let tokens: { support: string; billing: string; customer: string }
const inv: Record<string, Invoice> = {}
const runs: Record<string, number> = {}
let today: string

const ok = <T>(result: { ok: true; value: T } | { ok: false; message: string }): T => {
  if (!result.ok) throw new Error(result.message)
  return result.value
}

async function adhoc(customerId: number, invoiceDate: string, cents: number, description: string): Promise<Invoice> {
  return ok(await issueAdhocInvoice(payload, { customerId, invoiceDate, lines: [{ description, unitPriceCents: cents }] }))
}

async function pay(customerId: number, cents: number, receivedAt: Date, invoiceId?: number) {
  return ok(await recordPayment(payload, { customerId, amountCents: cents, transactionId: uniqueToken('EFT-DASH-'), invoiceId, receivedAt })).transaction
}

async function finishedRun(jobName: string, status: 'failed' | 'partially_failed', recordsFailed: number) {
  const started = new Date()
  const run = await createJobRun(payload, { jobName, trigger: 'schedule', startedAt: started.toISOString() })
  await payload.update({
    collection: 'job-runs',
    id: run.id,
    data: { status, finishedAt: new Date(started.getTime() + 1200).toISOString(), durationMs: 1200, recordsFailed, summary: `Dashboard fixture ${status}` },
    depth: 0,
  })
  return run.id
}

const read = async (jwt = tokens.support) => {
  const res = await api('/api/admin/reports/dashboard', { jwt })
  expect(res.status).toBe(200)
  return res.body as BillingDashboard
}

async function buildFixtures() {
  const now = new Date()
  const month = monthPeriod(monthOf(today))
  const lastMonthEnd = addDays(month.firstDay, -1)
  const dash = await createCustomer(payload, { firstName: 'Dash', lastName: 'Board' })
  const id = dash.id

  inv.A = await adhoc(id, today, 79900, 'Fibre 50/50, this month')
  inv.B = await adhoc(id, lastMonthEnd, 15000, 'Call-out, last month')
  inv.D = await adhoc(id, today, 30000, 'Router, credited')
  inv.V = await adhoc(id, today, 10000, 'Raised in error')
  inv.O = await adhoc(id, '2019-01-01', 4200, 'Old static IP')
  ok(await voidInvoice(payload, { invoiceId: inv.V.id, reason: 'Raised in error', now }))
  ok(await issueCreditNote(payload, { invoiceId: inv.D.id, reason: 'Goodwill', creditDate: today }))
  expect(await markOverdueInvoices(payload, '2019-01-09')).toBe(1)

  await pay(id, 20000, now, inv.A.id)
  await pay(id, 5000, new Date(Date.parse(month.range.from) - 1000), inv.B.id)
  await pay(id, 2500, new Date(month.range.from), inv.B.id)
  await createTransaction(payload, id, { status: 'failed', amountCents: 12345, failedAt: now.toISOString(), failureReason: 'Insufficient funds' })

  const credit = await createCustomer(payload, { firstName: 'Credit', lastName: 'Refund' })
  const overpaid = await pay(credit.id, 5000, now)
  const refund = ok(await refundAccountCredit(payload, { customerId: credit.id, source: { paymentId: overpaid.id }, amountCents: 5000, transactionId: uniqueToken('REFUND-DASH-'), refundedAt: now }))
  expect(refund.refund).toMatchObject({ kind: 'refund', status: 'completed' })

  await createService(payload, id, { status: 'pending' })
  const nonPayment = await createService(payload, id, { status: 'suspended', suspensionDate: today })
  await createSuspension(payload, nonPayment.id, { suspensionType: 'non_payment', suspendedAt: now.toISOString() })
  const onRequest = await createService(payload, id, { status: 'suspended', suspensionDate: today })
  await createSuspension(payload, onRequest.id, { suspensionType: 'non_payment', suspendedAt: '2026-01-10T08:00:00.000Z', reactivatedAt: '2026-01-20T08:00:00.000Z' })
  await createSuspension(payload, onRequest.id, { suspensionType: 'customer_request', suspendedAt: now.toISOString() })
  const cancelled = await createService(payload, id, { status: 'cancelled', cancellationDate: today })
  await createSuspension(payload, cancelled.id, { suspensionType: 'non_payment', suspendedAt: now.toISOString() })

  await createNotification(payload, id, { status: 'failed' })
  await createNotification(payload, id, { status: 'failed', channel: 'email', recipient: dash.email })
  await createNotification(payload, id, { status: 'sent', error: undefined })

  runs['mark-overdue'] = await finishedRun('mark-overdue', 'failed', 0)
  runs['generate-invoices'] = await finishedRun('generate-invoices', 'partially_failed', 2)
}

beforeAll(async () => {
  payload = await testPayload()
  today = sastDateOf(new Date())
  const support = await createStaff(payload, 'support')
  const billing = await createStaff(payload, 'billing', ['billing_manage'])
  const customer = await createCustomer(payload)
  tokens = {
    support: await loginStaff(support.email, PASSWORD),
    billing: await loginStaff(billing.email, PASSWORD),
    customer: await loginCustomer(customer.email, PASSWORD),
  }
  // Anything of another test's already past due on 9 Jan 2019 is marked now, so the marking
  // in the fixtures marks O alone.
  await markOverdueInvoices(payload, '2019-01-09')
  before = await read()
  await buildFixtures()
  after = await read()
  // The fixtures were built on the day the figures were read for.
  expect(after.asOf).toBe(today)
})

const delta = (pick: (d: BillingDashboard) => { count: number; cents?: number }) => {
  const [a, b] = [pick(after), pick(before)]
  return { count: a.count - b.count, cents: (a.cents ?? 0) - (b.cents ?? 0) }
}

describe('GET /api/admin/reports/dashboard', () => {
  it('answers in its documented shape, for today (SAST), the last 12 months ending with this one', () => {
    const checked = dashboardResponse.safeParse(after)
    expect(checked.success, checked.error?.message).toBe(true)
    expect(after.months.map((m) => m.month)).toEqual(monthsEndingWith(today, 12).map((m) => m.month))
    expect(after.thisMonth).toMatchObject({ month: monthOf(today), firstDay: `${monthOf(today)}-01` })
    expect(after.thisMonth.invoiced).toEqual(after.months[11].invoiced)
    expect(after.thisMonth.collected).toEqual(after.months[11].collected)
  })

  it('this month: issued invoices not void, credit notes on their own, completed payments (not refunds, not failures)', () => {
    expect(delta((d) => d.thisMonth.invoiced)).toEqual({ count: 2, cents: 109900 })
    expect(delta((d) => d.thisMonth.creditNotes)).toEqual({ count: 1, cents: 30000 })
    expect(after.thisMonth.netInvoicedCents - before.thisMonth.netInvoicedCents).toBe(79900)
    expect(after.thisMonth.netInvoicedCents).toBe(after.thisMonth.invoiced.cents - after.thisMonth.creditNotes.cents)
    expect(delta((d) => d.thisMonth.collected)).toEqual({ count: 3, cents: 27500 })
  })

  it('last month holds what was dated, or cleared, before this month began in SAST', () => {
    expect(delta((d) => d.months[10].invoiced)).toEqual({ count: 1, cents: 15000 })
    expect(delta((d) => d.months[10].collected)).toEqual({ count: 1, cents: 5000 })
    expect(delta((d) => d.months[10].creditNotes)).toEqual({ count: 0, cents: 0 })
    for (const i of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]) expect(delta((d) => d.months[i].invoiced)).toEqual({ count: 0, cents: 0 })
  })

  it("outstanding and its ageing: A, B and O's amounts due, in the buckets of their days past due", () => {
    expect(delta((d) => d.outstanding)).toEqual({ count: 3, cents: 59900 + 7500 + 4200 })
    const expected = new Map<AgeingBucketKey, number>()
    const add = (due: string, cents: number) => {
      const key = ageingBucketOf(daysPastDue(due, today))
      expected.set(key, (expected.get(key) ?? 0) + cents)
    }
    add(addDays(today, 7), 59900)
    add(addDays(addDays(`${monthOf(today)}-01`, -1), 7), 7500)
    add('2019-01-08', 4200)
    expect(expected.get('over120')).toBe(4200)
    for (const [i, bucket] of after.outstanding.buckets.entries()) {
      expect(bucket.cents - before.outstanding.buckets[i].cents, bucket.key).toBe(expected.get(bucket.key) ?? 0)
    }
    expect(after.outstanding.buckets.reduce((n, b) => n + b.cents, 0)).toBe(after.outstanding.cents)
  })

  it('overdue, pending activations, suspended for non-payment, failed notifications and runs', () => {
    expect(delta((d) => d.overdue)).toEqual({ count: 1, cents: 4200 })
    expect(delta((d) => d.pendingActivations)).toEqual({ count: 1, cents: 0 })
    expect(delta((d) => d.suspendedForNonPayment)).toEqual({ count: 1, cents: 0 })
    expect(delta((d) => d.failedNotifications)).toEqual({ count: 2, cents: 0 })
    expect(delta((d) => d.failedRuns)).toEqual({ count: 2, cents: 0 })
    expect(after.recentSince).toBe(addDays(today, -6))
  })

  it("the daily runs: each one's latest run, started today", () => {
    expect(after.dailyRuns.map((r) => [r.jobName, r.latest?.id, r.latest?.status, r.latest?.recordsFailed, r.ranToday])).toEqual([
      ['mark-overdue', runs['mark-overdue'], 'failed', 0, true],
      ['generate-invoices', runs['generate-invoices'], 'partially_failed', 2, true],
    ])
    expect(after.dailyRuns[1].latest).toMatchObject({ durationMs: 1200, summary: 'Dashboard fixture partially_failed', href: `/admin/collections/job-runs/${runs['generate-invoices']}` })
  })

  it('is for staff only: 401 signed out, 403 for a customer; any staff role may read; no parameters', async () => {
    const signedOut = await api('/api/admin/reports/dashboard')
    expect(signedOut.status).toBe(401)
    expect(signedOut.body.errors[0].code).toBe('NOT_AUTHENTICATED')
    const customer = await api('/api/admin/reports/dashboard', { jwt: tokens.customer })
    expect(customer.status).toBe(403)
    expect(customer.body.errors[0].code).toBe('FORBIDDEN')
    const billing = await api('/api/admin/reports/dashboard', { jwt: tokens.billing })
    expect(billing.status).toBe(200)
    expect(billing.headers.get('cache-control')).toBe('private, no-store')
    const extra = await api('/api/admin/reports/dashboard?asOf=2026-01-01', { jwt: tokens.support })
    expect(extra.status).toBe(400)
    expect(extra.body.errors).toContainEqual(expect.objectContaining({ code: 'UNKNOWN_FIELD', field: 'asOf' }))
  })
})

/**
 * A figure's link opens an admin list; the same query string on the collection's REST list (the
 * admin list reads the same way, with the same access) returns exactly the rows counted. Sums
 * page through the list 100 at a time.
 */
async function listed(href: string, field?: string): Promise<{ count: number; cents: number }> {
  const [path, query] = href.split('?')
  const collection = path.replace(/^\/admin\/collections\//, '')
  const base = `/api/${collection}?${query ? `${query}&` : ''}depth=0`
  if (!field) {
    const res = await api(`${base}&limit=1`, { jwt: tokens.support })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    return { count: res.body.totalDocs, cents: 0 }
  }
  let cents = 0
  let seen = 0
  for (let page = 1; ; page++) {
    const res = await api(`${base}&limit=100&page=${page}&select[${field}]=true`, { jwt: tokens.support })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    for (const doc of res.body.docs) cents += Number(doc[field] ?? 0)
    seen += res.body.docs.length
    if (!res.body.hasNextPage) {
      expect(seen).toBe(res.body.totalDocs)
      return { count: res.body.totalDocs, cents }
    }
  }
}

describe('every figure is the count and sum of the list it links to', () => {
  it('this month and every one of the 12 months: invoiced, credit notes, collected', async () => {
    for (const m of after.months) {
      expect(await listed(m.invoiced.href, 'totalCents'), `${m.month} invoiced`).toEqual({ count: m.invoiced.count, cents: m.invoiced.cents })
      expect(await listed(m.creditNotes.href, 'totalCents'), `${m.month} credit notes`).toEqual({ count: m.creditNotes.count, cents: m.creditNotes.cents })
      expect(await listed(m.collected.href, 'amountCents'), `${m.month} collected`).toEqual({ count: m.collected.count, cents: m.collected.cents })
    }
    expect(after.thisMonth.invoiced.href).toBe(after.months[11].invoiced.href)
  })

  it('outstanding, each ageing bucket and overdue: count and amount due', async () => {
    expect(await listed(after.outstanding.href, 'amountDueCents')).toEqual({ count: after.outstanding.count, cents: after.outstanding.cents })
    let bucketCount = 0
    for (const b of after.outstanding.buckets) {
      const list = await listed(b.href, 'amountDueCents')
      expect(list.cents, b.key).toBe(b.cents)
      bucketCount += list.count
    }
    expect(bucketCount).toBe(after.outstanding.count)
    expect(await listed(after.overdue.href, 'amountDueCents')).toEqual({ count: after.overdue.count, cents: after.overdue.cents })
  })

  it('pending activations, suspended for non-payment, failed notifications and failed runs: counts', async () => {
    for (const figure of [after.pendingActivations, after.suspendedForNonPayment, after.failedNotifications, after.failedRuns]) {
      expect((await listed(figure.href)).count, figure.href).toBe(figure.count)
    }
  })

  it('each daily run links to its own runs, newest first', async () => {
    for (const run of after.dailyRuns) {
      const res = await api(`${run.href.replace(/^\/admin\/collections\//, '/api/')}&depth=0&limit=1&sort=-startedAt`, { jwt: tokens.support })
      expect(res.body.docs[0].id).toBe(run.latest?.id)
    }
  })
})

describe('the admin home page', () => {
  it("is the billing dashboard, with this month's figures in rand", async () => {
    const res = await api('/admin', { cookie: `isp-token=${tokens.support}` })
    expect(res.status).toBe(200)
    const html = String(res.body)
    expect(html).toContain('Billing dashboard')
    expect(html).toContain(formatRand(after.thisMonth.invoiced.cents))
    expect(html).toContain('Last night')
  })
})
