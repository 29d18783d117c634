import type { Payload } from 'payload'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { netcash as netcashClient } from '../../src/integrations/netcash'
import { requestMandate } from '../../src/services/netcash/mandates'
import { processNetcashPostback, recordNetcashPostback } from '../../src/services/netcash/postbacks'
import { createCustomer, createStaff } from '../factories/accounts'
import { createService } from '../factories/services'
import { api, loginCustomer, loginStaff } from '../helpers/http'
import { testPayload } from '../helpers/payload'
import { eventually, netcash, uniqueMobile } from '../helpers/simulators'
import { plainSql } from '../helpers/sql'

let payload: Payload
const db = plainSql()
const SECRET = () => process.env.NETCASH_POSTBACK_SECRET!
const debitOrder = { type: 'debit_order', bankCode: 'fnb', branchCode: '250655', accountType: 'cheque', accountNumber: '62812345678', accountHolder: 'Lerato Dlamini' }

beforeAll(async () => {
  payload = await testPayload()
})
beforeEach(async () => {
  await netcash.clearRules()
})

/** A customer with a mobile and one service at R 449, signed in to the portal. */
async function customerWithService() {
  const customer = await createCustomer(payload, { firstName: 'Lerato', lastName: 'Dlamini' })
  const mobile = uniqueMobile()
  const updated = await payload.update({ collection: 'customers', id: customer.id, data: { mobile }, depth: 0 })
  await createService(payload, customer.id, { monthlyPriceCents: 44_900, billingDay: 5, status: 'active' })
  const jwt = await loginCustomer(customer.email, customer.password)
  return { ...customer, accountNumber: String(updated.accountNumber), mobile, jwt }
}

const methodRow = async (id: number) =>
  (await db.query<{ mandate_status: string; mandate_url: string | null; mandate_reference: string | null; mandate_account_reference: string | null; mandate_amount_cents: string | null; mandate_decline_reason: string | null; mandate_error: string | null }>(
    `SELECT * FROM payment_methods WHERE id = $1`,
    [id],
  ))[0]!
const postbacksFor = (reference: string) => db.query<{ id: number; status: string; outcome: string | null; received_count: string; fields: Record<string, string> }>(`SELECT * FROM netcash_postbacks WHERE reference = $1 ORDER BY id`, [reference])
const jobsFor = (task: string, key: string, value: number) => db.query<{ id: number }>(`SELECT id FROM payload_jobs WHERE task_slug = $1 AND input->>$2 = $3 ORDER BY id`, [task, key, String(value)])
const tokenOf = (url: string) => url.split('/').pop()!
/** The account reference a method's mandate is filed under at NetCash: the account number and the method. */
const refOf = (c: { accountNumber: string }, method: { id: number }) => `${c.accountNumber}-${method.id}`

/** Adds a debit order in the portal: the answer carries NetCash's signing link. */
async function addDebitOrder(c: Awaited<ReturnType<typeof customerWithService>>) {
  const res = await api('/api/dashboard/payment-methods', { jwt: c.jwt, body: debitOrder })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body.paymentMethod as { id: number; mandateStatus: string; mandateUrl: string | null }
}

/** Waits for NetCash's postback to be stored, then runs its processing job. */
async function processPostbacks(reference: string, count = 1) {
  const rows = await eventually(async () => {
    const r = await postbacksFor(reference)
    return r.length >= count && r
  }, { what: `${count} stored postback(s) for ${reference}` })
  for (const row of rows) for (const job of await jobsFor('processNetcashPostback', 'postbackId', row.id)) await payload.jobs.runByID({ id: job.id })
  return postbacksFor(reference)
}

describe('a debit order mandate', () => {
  it('is asked of NetCash when the debit order is added; signing it makes the mandate active and queues mandate_approved', async () => {
    const c = await customerWithService()
    const method = await addDebitOrder(c)
    expect(method).toMatchObject({ mandateStatus: 'pending', mandateUrl: expect.stringMatching(/\/mandates\/[a-f0-9]{24}$/) })
    const row = await methodRow(method.id)
    // Twice R 449 a month, rounded up to R 100, at least R 500: R 900.
    expect([row.mandate_account_reference, Number(row.mandate_amount_cents)]).toEqual([refOf(c, method), 90_000])
    const [asked] = (await netcash.mandates()).filter((m) => m.accountReference === refOf(c, method))
    expect(asked).toMatchObject({ amount: '900.00', debitDay: '05', agreementReference: `PM-${method.id}` })
    // The job queued with it finds the link already stored and asks nothing again.
    for (const job of await jobsFor('requestMandate', 'paymentMethodId', method.id)) await payload.jobs.runByID({ id: job.id })
    expect((await netcash.mandates()).filter((m) => m.accountReference === refOf(c, method))).toHaveLength(1)

    await netcash.sign(tokenOf(method.mandateUrl!))
    const [postback] = await processPostbacks(refOf(c, method))
    expect(postback).toMatchObject({ status: 'processed' })
    expect(postback!.fields.BankAccountNo).toBeUndefined()
    expect(await methodRow(method.id)).toMatchObject({ mandate_status: 'active', mandate_url: null, mandate_reference: expect.stringMatching(/^MR/) })
    const notices = await db.query<{ input: { template: string; params: Record<string, unknown> } }>(`SELECT input FROM payload_jobs WHERE task_slug = 'notifyCustomer' AND input->>'eventKey' = $1`, [`mandate:${method.id}`])
    expect(notices.map((n) => [n.input.template, n.input.params.debitDay])).toEqual([['mandate_approved', 5]])
    // The portal shows it active, without a link.
    const list = await api('/api/dashboard/payment-methods', { jwt: c.jwt })
    expect(list.body.paymentMethods.find((m: { id: number }) => m.id === method.id)).toMatchObject({ mandateStatus: 'active', mandateUrl: null })
  })

  it('declined: the method says so and why, and nothing is sent', async () => {
    const c = await customerWithService()
    const method = await addDebitOrder(c)
    await netcash.decline(tokenOf(method.mandateUrl!), 'The account holder refused')
    await processPostbacks(refOf(c, method))
    expect(await methodRow(method.id)).toMatchObject({ mandate_status: 'declined', mandate_decline_reason: 'The account holder refused', mandate_url: null })
    expect(await db.query(`SELECT 1 FROM payload_jobs WHERE task_slug = 'notifyCustomer' AND input->>'eventKey' = $1`, [`mandate:${method.id}`])).toHaveLength(0)
  })

  it('a duplicate postback is stored once, counted, and processed once', async () => {
    const c = await customerWithService()
    const method = await addDebitOrder(c)
    await netcash.addRule({ mode: 'duplicate_postback', kind: 'mandate', times: 1 })
    await netcash.sign(tokenOf(method.mandateUrl!))
    await eventually(async () => (await netcash.postbacks()).filter((p) => p.body.AccountRef === refOf(c, method) && p.answeredStatus === 200).length === 2, { what: 'both copies answered' })
    const rows = await processPostbacks(refOf(c, method))
    expect(rows.map((r) => [r.status, Number(r.received_count)])).toEqual([['processed', 2]])
    expect(await jobsFor('processNetcashPostback', 'postbackId', rows[0]!.id)).toHaveLength(1)
    // Processing it again, or twice at once, does nothing more.
    const again = await Promise.all([processNetcashPostback(payload, rows[0]!.id), processNetcashPostback(payload, rows[0]!.id)])
    expect(again.map((a) => a.status)).toEqual(['already_done', 'already_done'])
    expect(await db.query(`SELECT 1 FROM payload_jobs WHERE task_slug = 'notifyCustomer' AND input->>'eventKey' = $1`, [`mandate:${method.id}`])).toHaveLength(1)
  })

  it('a forged postback changes nothing: a wrong secret is 401; an unknown reference or a wrong amount is stored and ignored', async () => {
    const c = await customerWithService()
    const method = await addDebitOrder(c)
    const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() })
    const base = process.env.TEST_SERVER_URL
    const signed = { MandateSuccessful: '1', IsDeclined: '0', AccountRef: refOf(c, method), MandateReferenceNumber: 'MRFORGED', DebitDay: '05', MandateAmount: '900.00' }
    const wrong = await fetch(`${base}/api/webhooks/netcash/not-the-secret/mandate`, form(signed))
    expect(wrong.status).toBe(401)
    expect(await postbacksFor(refOf(c, method))).toHaveLength(0)

    const badAmount = await fetch(`${base}/api/webhooks/netcash/${SECRET()}/mandate`, form({ ...signed, MandateAmount: '99999.00' }))
    expect(badAmount.status).toBe(200)
    const unknown = await fetch(`${base}/api/webhooks/netcash/${SECRET()}/mandate`, form({ ...signed, AccountRef: 'CT-1999-99999' }))
    expect(unknown.status).toBe(200)
    const [amountRow] = await processPostbacks(refOf(c, method))
    expect(amountRow).toMatchObject({ status: 'ignored', outcome: expect.stringMatching(/not the limit we asked for/) })
    const [unknownRow] = await processPostbacks('CT-1999-99999')
    expect(unknownRow).toMatchObject({ status: 'ignored', outcome: expect.stringMatching(/No mandate awaiting/) })
    expect((await methodRow(method.id)).mandate_status).toBe('pending')

    const garbage = await fetch(`${base}/api/webhooks/netcash/${SECRET()}/mandate`, form({ hello: 'world' }))
    expect(garbage.status).toBe(400)
    expect((await garbage.json()).errors[0]).toMatchObject({ code: 'VALIDATION_FAILED' })
    const json = await fetch(`${base}/api/webhooks/netcash/${SECRET()}/mandate`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(signed) })
    expect(json.status).toBe(400)
    // A form body anywhere else is still refused at the edge.
    const elsewhere = await fetch(`${base}/api/dashboard/payment-methods`, form({ type: 'eft' }))
    expect(elsewhere.status).toBe(415)
  })

  it('two debit orders waiting: signing one activates that one only', async () => {
    const c = await customerWithService()
    const first = await addDebitOrder(c)
    const second = await addDebitOrder(c)
    expect(refOf(c, first)).not.toBe(refOf(c, second))
    await netcash.sign(tokenOf(first.mandateUrl!))
    await processPostbacks(refOf(c, first))
    expect((await methodRow(first.id)).mandate_status).toBe('active')
    expect((await methodRow(second.id)).mandate_status).toBe('pending')
  })

  it('a postback after the mandate was decided is ignored', async () => {
    const c = await customerWithService()
    const method = await addDebitOrder(c)
    await netcash.sign(tokenOf(method.mandateUrl!))
    await processPostbacks(refOf(c, method))
    const late = await recordNetcashPostback(payload, 'mandate', refOf(c, method), { MandateSuccessful: '0', IsDeclined: '1', ReasonForDecline: 'late', AccountRef: refOf(c, method), MandateAmount: '900.00' })
    expect(await processNetcashPostback(payload, late.postbackId)).toMatchObject({ status: 'ignored' })
    expect((await methodRow(method.id)).mandate_status).toBe('active')
  })

  it('NetCash down when the debit order is added: added anyway without a link; the job asks later', async () => {
    const c = await customerWithService()
    await netcash.addRule({ mode: 'server_error', operation: 'AddMandate', times: 3 })
    const method = await addDebitOrder(c)
    expect(method).toMatchObject({ mandateStatus: 'pending', mandateUrl: null })
    const [job] = await jobsFor('requestMandate', 'paymentMethodId', method.id)
    await payload.jobs.runByID({ id: job!.id })
    expect((await methodRow(method.id)).mandate_url).toMatch(/\/mandates\//)
  })

  it('NetCash refusing the request (no mobile number) is recorded for staff and not retried', async () => {
    const customer = await createCustomer(payload, { firstName: 'Sam', lastName: 'NoPhone' })
    await createService(payload, customer.id, { status: 'active' })
    const jwt = await loginCustomer(customer.email, customer.password)
    const res = await api('/api/dashboard/payment-methods', { jwt, body: debitOrder })
    expect(res.body.paymentMethod).toMatchObject({ mandateStatus: 'pending', mandateUrl: null })
    expect((await methodRow(res.body.paymentMethod.id)).mandate_error).toMatch(/MobileNumber is invalid/)
    const outcome = await requestMandate(payload, netcashClient(), res.body.paymentMethod.id)
    expect(outcome.outcome).toBe('refused')
  })

  it('postbacks are for staff only', async () => {
    const c = await customerWithService()
    const staff = await createStaff(payload, 'support')
    const staffJwt = await loginStaff(staff.email, staff.password)
    expect((await api('/api/netcash-postbacks?limit=1', { jwt: staffJwt })).status).toBe(200)
    const own = await api('/api/netcash-postbacks?limit=1', { jwt: c.jwt })
    expect(own.status).toBe(403)
  })
})
