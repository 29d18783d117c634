import type { Payload } from 'payload'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { sastDateOf } from '../../src/domain/calendarDate'
import { issueAdhocInvoice } from '../../src/services/billing/issueAdhocInvoice'
import { reconcile } from '../../src/services/billing/reconcile'
import { processNetcashPostback, recordNetcashPostback } from '../../src/services/netcash/postbacks'
import { createCustomer } from '../factories/accounts'
import { api, loginCustomer } from '../helpers/http'
import { testPayload } from '../helpers/payload'
import { eventually, netcash } from '../helpers/simulators'
import { plainSql } from '../helpers/sql'

let payload: Payload
const db = plainSql()
const simUrl = () => process.env.TEST_NETCASH_URL!

beforeAll(async () => {
  payload = await testPayload()
})
beforeEach(async () => {
  await netcash.clearRules()
})

/** A customer signed in to the portal, owing one ad-hoc invoice of R 1 150.00 (a router, incl. VAT). */
async function customerOwing() {
  const customer = await createCustomer(payload, { firstName: 'Naledi', lastName: 'Khumalo' })
  const issued = await issueAdhocInvoice(payload, { customerId: customer.id, invoiceDate: sastDateOf(new Date()), lines: [{ description: 'Router', kind: 'equipment', unitPriceCents: 115_000 }] })
  if (!issued.ok) throw new Error(issued.message)
  const jwt = await loginCustomer(customer.email, customer.password)
  return { customer, invoice: issued.value, jwt }
}

const invoiceRow = async (id: number) => (await db.query<{ status: string; amount_paid_cents: string; amount_due_cents: string }>(`SELECT status, amount_paid_cents, amount_due_cents FROM invoices WHERE id = $1`, [id]))[0]!
const requestRow = async (reference: string) => (await db.query<{ status: string; payment_id: number | null }>(`SELECT status, payment_id FROM pay_now_requests WHERE reference = $1`, [reference]))[0]!
const postbacksFor = (reference: string) => db.query<{ id: number; status: string; outcome: string | null; received_count: string }>(`SELECT * FROM netcash_postbacks WHERE kind = 'paynow' AND reference = $1 ORDER BY id`, [reference])

/** The browser's part: post the form we were given to Pay Now, then pay (or cancel) on its page. */
async function payAtNetcash(started: { action: string; fields: Record<string, string>; reference: string }, decision: 'pay' | 'decline' = 'pay') {
  const page = await fetch(started.action, { method: 'POST', body: new URLSearchParams(started.fields), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })
  expect(page.status).toBe(200)
  const done = await fetch(`${simUrl()}/paynow/${started.reference}/${decision}`, { method: 'POST', body: 'method=1', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, redirect: 'manual' })
  // NetCash sends the browser back with a form POST to our return route, which sends it on to the invoices.
  const outcome = decision === 'pay' ? 'paid' : 'declined'
  const back = `${process.env.TEST_SERVER_URL}/portal/paynow/return?outcome=${outcome}`
  expect(await done.text()).toContain(`action="${back}"`)
  const returned = await fetch(back, { method: 'POST', body: `Reference=${started.reference}`, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, redirect: 'manual' })
  expect([returned.status, returned.headers.get('location')]).toEqual([303, `/portal/invoices?paynow=${outcome}`])
}

async function processAll(reference: string, count = 1) {
  const rows = await eventually(async () => {
    const r = await postbacksFor(reference)
    return r.length >= count && r
  }, { what: `the Pay Now notify for ${reference}` })
  for (const row of rows) {
    const jobs = await db.query<{ id: number }>(`SELECT id FROM payload_jobs WHERE task_slug = 'processNetcashPostback' AND input->>'postbackId' = $1`, [String(row.id)])
    for (const job of jobs) await payload.jobs.runByID({ id: job.id })
  }
  return postbacksFor(reference)
}

describe('Pay Now', () => {
  it('paying an open invoice records the payment once, settles it, and queues payment_received; reconcile stays clean', async () => {
    const { customer, invoice, jwt } = await customerOwing()
    const started = await api(`/api/dashboard/invoices/${invoice.id}/pay-now`, { jwt, body: {} })
    expect(started.status, JSON.stringify(started.body)).toBe(200)
    expect(started.body).toMatchObject({ amountCents: 115_000, fields: { p4: '1150.00', p3: `Invoice ${invoice.invoiceNumber}`, m4: `invoice:${invoice.id}` } })
    await netcash.addRule({ mode: 'duplicate_postback', kind: 'paynow', times: 1 })
    await payAtNetcash(started.body)
    const [row] = await processAll(started.body.reference)
    expect(row).toMatchObject({ status: 'processed' })
    await eventually(async () => Number((await postbacksFor(started.body.reference))[0]!.received_count) === 2, { what: 'the duplicate notify counted' })
    expect(await invoiceRow(invoice.id)).toMatchObject({ status: 'paid', amount_due_cents: '0' })
    const request = await requestRow(started.body.reference)
    expect(request.status).toBe('paid')
    const payments = await db.query<{ amount_cents: string; status: string }>(`SELECT amount_cents, status FROM payment_transactions WHERE transaction_id = $1`, [`paynow:${started.body.reference}`])
    expect(payments).toEqual([{ amount_cents: '115000', status: 'completed' }])
    const notices = await db.query<{ input: { template: string } }>(`SELECT input FROM payload_jobs WHERE task_slug = 'notifyCustomer' AND input->>'eventKey' = $1`, [`payment:${request.payment_id}`])
    expect(notices.map((n) => n.input.template)).toEqual(['payment_received'])
    expect(await reconcile(payload, { customerIds: [customer.id] })).toEqual([])
  })

  it('a cancelled payment marks the attempt declined and leaves the invoice owing', async () => {
    const { invoice, jwt } = await customerOwing()
    const started = await api(`/api/dashboard/invoices/${invoice.id}/pay-now`, { jwt, body: {} })
    await payAtNetcash(started.body, 'decline')
    await processAll(started.body.reference)
    expect((await requestRow(started.body.reference)).status).toBe('declined')
    expect((await invoiceRow(invoice.id)).status).toBe('unpaid')
  })

  it('a forged notify (unknown reference, another amount) or a repeat after it was decided changes nothing', async () => {
    const { customer, invoice, jwt } = await customerOwing()
    const started = await api(`/api/dashboard/invoices/${invoice.id}/pay-now`, { jwt, body: {} })
    const ref = started.body.reference as string
    const forgedAmount = await recordNetcashPostback(payload, 'paynow', ref, { TransactionAccepted: 'true', Reference: ref, Amount: '1.00', Extra1: `invoice:${invoice.id}` })
    expect(await processNetcashPostback(payload, forgedAmount.postbackId)).toMatchObject({ status: 'ignored', outcome: expect.stringMatching(/not what we asked for/) })
    const fake = `PN1-FAKE${Date.now()}`
    const unknown = await recordNetcashPostback(payload, 'paynow', fake, { TransactionAccepted: 'true', Reference: fake, Amount: '1150.00' })
    expect(await processNetcashPostback(payload, unknown.postbackId)).toMatchObject({ status: 'ignored', outcome: expect.stringMatching(/No Pay Now payment was started/) })
    expect((await invoiceRow(invoice.id)).status).toBe('unpaid')
    await payAtNetcash(started.body)
    // The forged one is already stored under this reference: wait for NetCash's own as the second.
    await processAll(ref, 2)
    expect((await requestRow(ref)).status).toBe('paid')
    // NetCash's notify sent again later with a new trace: a different delivery, same payment: ignored.
    const later = await recordNetcashPostback(payload, 'paynow', ref, { TransactionAccepted: 'true', Reference: ref, Amount: '1150.00', RequestTrace: 'another-trace' })
    expect(await processNetcashPostback(payload, later.postbackId)).toMatchObject({ status: 'ignored', outcome: expect.stringMatching(/already paid/) })
    expect(await db.query(`SELECT 1 FROM payment_transactions WHERE customer_id = $1`, [customer.id])).toHaveLength(1)
    expect(await reconcile(payload, { customerIds: [customer.id] })).toEqual([])
  })

  it('one attempt at a time: a second start while one is open is 409; a decline then a late accept records the payment', async () => {
    const { customer, invoice, jwt } = await customerOwing()
    const started = await api(`/api/dashboard/invoices/${invoice.id}/pay-now`, { jwt, body: {} })
    const second = await api(`/api/dashboard/invoices/${invoice.id}/pay-now`, { jwt, body: {} })
    expect(second.status).toBe(409)
    expect(second.body.errors[0]).toMatchObject({ code: 'PAYMENT_IN_PROGRESS' })
    const ref = started.body.reference as string
    const declined = await recordNetcashPostback(payload, 'paynow', ref, { TransactionAccepted: 'false', Reason: 'Cancelled', Reference: ref, Amount: '1150.00' })
    await processNetcashPostback(payload, declined.postbackId)
    expect((await requestRow(ref)).status).toBe('declined')
    const accepted = await recordNetcashPostback(payload, 'paynow', ref, { TransactionAccepted: 'true', Reference: ref, Amount: '1150.00', RequestTrace: 'late' })
    expect(await processNetcashPostback(payload, accepted.postbackId)).toMatchObject({ status: 'processed' })
    expect((await requestRow(ref)).status).toBe('paid')
    expect((await invoiceRow(invoice.id)).status).toBe('paid')
    expect(await reconcile(payload, { customerIds: [customer.id] })).toEqual([])
  })

  it('two different accepts of one payment processed at once record it once', async () => {
    const { customer, invoice, jwt } = await customerOwing()
    const started = await api(`/api/dashboard/invoices/${invoice.id}/pay-now`, { jwt, body: {} })
    const ref = started.body.reference as string
    const a = await recordNetcashPostback(payload, 'paynow', ref, { TransactionAccepted: 'true', Reference: ref, Amount: '1150.00', RequestTrace: 'trace-a' })
    const b = await recordNetcashPostback(payload, 'paynow', ref, { TransactionAccepted: 'true', Reference: ref, Amount: '1150.00', RequestTrace: 'trace-b' })
    expect(a.postbackId).not.toBe(b.postbackId)
    const outcomes = await Promise.all([processNetcashPostback(payload, a.postbackId), processNetcashPostback(payload, b.postbackId)])
    expect(outcomes.map((o) => o.status).sort()).toEqual(['ignored', 'processed'])
    expect(await db.query(`SELECT 1 FROM payment_transactions WHERE customer_id = $1`, [customer.id])).toHaveLength(1)
    expect((await invoiceRow(invoice.id)).status).toBe('paid')
    expect(await reconcile(payload, { customerIds: [customer.id] })).toEqual([])
  })

  it('only the customer\'s own open invoice: another\'s is 404, a paid one 409', async () => {
    const a = await customerOwing()
    const b = await customerOwing()
    expect((await api(`/api/dashboard/invoices/${b.invoice.id}/pay-now`, { jwt: a.jwt, body: {} })).status).toBe(404)
    expect((await api(`/api/dashboard/invoices/${a.invoice.id}/pay-now`, { jwt: a.jwt, body: { amountCents: 1 } })).status).toBe(400)
    const started = await api(`/api/dashboard/invoices/${a.invoice.id}/pay-now`, { jwt: a.jwt, body: {} })
    await payAtNetcash(started.body)
    await processAll(started.body.reference)
    const again = await api(`/api/dashboard/invoices/${a.invoice.id}/pay-now`, { jwt: a.jwt, body: {} })
    expect(again.status).toBe(409)
    expect(again.body.errors[0]).toMatchObject({ code: 'NOTHING_OWED' })
    expect((await api(`/api/dashboard/invoices/${a.invoice.id}/pay-now`, { body: {} })).status).toBe(401)
  })
})
