import type { Payload } from 'payload'
import { beforeAll, describe, expect, it } from 'vitest'

import { sastDateOf } from '../../src/domain/calendarDate'
import { reconcile } from '../../src/services/billing/reconcile'
import { issueAdhocInvoice } from '../../src/services/billing/issueAdhocInvoice'
import { createCustomer, createStaff } from '../factories/accounts'
import { api, graphql, loginCustomer, loginStaff, type Auth } from '../helpers/http'
import { testPayload } from '../helpers/payload'
import { plainSql } from '../helpers/sql'

let payload: Payload
const db = plainSql()
let clerk: Auth
let support: Auth
let activatorOnly: Auth
let customerAuth: Auth
let customerId: number
const refundCustomers: number[] = []

const key = () => `it-${crypto.randomUUID()}`
const withKey = (auth: Auth, k: string): Auth => ({ ...auth, headers: { ...auth.headers, 'Idempotency-Key': k } })
const balance = async (id: number) => Number((await db.query(`SELECT balance_cents FROM billing_accounts WHERE customer_id = $1`, [id]))[0].balance_cents)
const invoice = async (id: number) => (await db.query(`SELECT status, amount_paid_cents::int AS paid, amount_due_cents::int AS due, total_cents::int AS total FROM invoices WHERE id = $1`, [id]))[0]

/** An issued R 799.00 invoice (and R 500.00) for the customer, as the billing services issue them. */
async function issue(amounts = [79_900], forCustomer = customerId) {
  const r = await issueAdhocInvoice(payload, { customerId: forCustomer, invoiceDate: sastDateOf(new Date()), lines: amounts.map((a, i) => ({ description: `Item ${i + 1}`, unitPriceCents: a })) })
  if (!r.ok) throw new Error(r.message)
  return r.value
}

beforeAll(async () => {
  payload = await testPayload()
  const c = await createStaff(payload, 'billing', ['billing_manage'])
  const s = await createStaff(payload, 'support')
  const a = await createStaff(payload, 'billing', ['services_activate'])
  const cust = await createCustomer(payload, { firstName: 'Lerato', lastName: 'Mokoena' })
  customerId = cust.id
  clerk = { jwt: await loginStaff(c.email, c.password) }
  support = { jwt: await loginStaff(s.email, s.password) }
  activatorOnly = { jwt: await loginStaff(a.email, a.password) }
  customerAuth = { jwt: await loginCustomer(cust.email, cust.password) }
})

describe('a clerk records a payment', () => {
  it('settles the chosen invoice, audits it, and a retry with the same key acts once', async () => {
    const inv = await issue()
    const before = await balance(customerId)
    const k = key()
    const body = { amountCents: 79_900, channel: 'eft', reference: `FNB ${inv.invoiceNumber}`, receivedOn: '2026-11-25', invoiceId: inv.id }
    const first = await api(`/api/admin/customers/${customerId}/payments`, { ...withKey(clerk, k), body })
    expect(first.status).toBe(200)
    expect(first.body.allocations).toEqual([{ invoiceId: inv.id, amountCents: 79_900 }])
    expect(await invoice(inv.id)).toMatchObject({ status: 'paid', due: 0 })
    expect(await balance(customerId)).toBe(before - 79_900)
    const again = await api(`/api/admin/customers/${customerId}/payments`, { ...withKey(clerk, k), body })
    expect([again.status, again.headers.get('idempotent-replayed')]).toEqual([200, 'true'])
    // The same slip without the key is still the same payment: the reference is its identity.
    const noKey = await api(`/api/admin/customers/${customerId}/payments`, { ...clerk, body })
    expect([noKey.status, noKey.body.alreadyRecorded]).toEqual([200, true])
    expect(await balance(customerId)).toBe(before - 79_900)
    const audits = await db.query(`SELECT action, staff_user_id, payment_id FROM billing_actions WHERE customer_id = $1 AND action = 'record_payment'`, [customerId])
    expect(audits).toHaveLength(1)
    // A different amount on the same reference is a mistake, not a repeat.
    const clash = await api(`/api/admin/customers/${customerId}/payments`, { ...clerk, body: { ...body, amountCents: 100 } })
    expect([clash.status, clash.body.errors[0].code]).toEqual([409, 'TRANSACTION_ID_REUSED'])
  })

  it('refuses bad bodies naming the field, and callers without billing:manage', async () => {
    const path = `/api/admin/customers/${customerId}/payments`
    const good = { amountCents: 1000, channel: 'cash', reference: 'RCPT-1' }
    for (const [bad, field] of [
      [{ ...good, amountCents: 10.5 }, 'amountCents'],
      [{ ...good, amountCents: -5 }, 'amountCents'],
      [{ ...good, channel: 'bitcoin' }, 'channel'],
      [{ ...good, reference: '' }, 'reference'],
      [{ ...good, receivedOn: '2026-02-30' }, 'receivedOn'],
      [{ ...good, extra: 1 }, 'extra'],
    ] as const) {
      const res = await api(path, { ...clerk, body: bad })
      expect([res.status, res.body.errors[0].field]).toEqual([400, field])
    }
    const future = await api(path, { ...clerk, body: { ...good, receivedOn: '2099-01-01' } })
    expect([future.status, future.body.errors[0].code]).toEqual([400, 'DATE_IN_FUTURE'])
    expect((await api(path, { body: good })).status).toBe(401)
    expect((await api(path, { ...support, body: good })).status).toBe(403)
    expect((await api(path, { ...activatorOnly, body: good })).status).toBe(403)
    expect((await api(path, { ...customerAuth, body: good })).status).toBe(403)
    expect((await api(`/api/admin/customers/999999/payments`, { ...clerk, body: good })).status).toBe(404)
    expect((await api(`/api/admin/customers/${customerId}/payments`, { ...withKey(clerk, 'bad key'), body: good })).status).toBe(400)
  })
})

describe('void, credit note, ad-hoc invoice, resend', () => {
  it('voids an unpaid invoice once; a paid one is refused', async () => {
    const inv = await issue([50_000])
    const before = await balance(customerId)
    const k = key()
    const res = await api(`/api/admin/invoices/${inv.id}/void`, { ...withKey(clerk, k), body: { reason: 'Issued in error' } })
    expect(res.status).toBe(200)
    expect(res.body.invoice.status).toBe('void')
    expect(await balance(customerId)).toBe(before - 50_000)
    const retry = await api(`/api/admin/invoices/${inv.id}/void`, { ...withKey(clerk, k), body: { reason: 'Issued in error' } })
    expect(retry.headers.get('idempotent-replayed')).toBe('true')
    const twice = await api(`/api/admin/invoices/${inv.id}/void`, { ...clerk, body: { reason: 'Again' } })
    expect([twice.status, twice.body.errors[0].code]).toEqual([409, 'NOT_VOIDABLE'])
    expect((await api(`/api/admin/invoices/${inv.id}/void`, { ...clerk, body: {} })).body.errors[0].field).toBe('reason')
    expect((await api(`/api/admin/invoices/99999999/void`, { ...clerk, body: { reason: 'x' } })).status).toBe(404)
  })

  it('credits chosen lines at their own VAT, pays the invoice from it, and never more than the invoice', async () => {
    const inv = await issue([79_900, 42_613])
    const before = await balance(customerId)
    const one = await api(`/api/admin/invoices/${inv.id}/credit-notes`, { ...withKey(clerk, key()), body: { reason: 'Router returned', lines: [1] } })
    expect(one.status).toBe(200)
    expect(one.body.creditNote).toMatchObject({ kind: 'credit_note', totalCents: 42_613, creditedInvoice: inv.id })
    const [line] = one.body.creditNote.lines
    const [original] = (await db.query(`SELECT vat_cents::int AS vat FROM invoices_lines WHERE _parent_id = $1 ORDER BY _order`, [inv.id])).slice(1)
    expect(line.vatCents).toBe(original.vat)
    expect(await invoice(inv.id)).toMatchObject({ status: 'partially_paid', paid: 42_613, due: 79_900 })
    expect(await balance(customerId)).toBe(before - 42_613)
    const tooMuch = await api(`/api/admin/invoices/${inv.id}/credit-notes`, { ...clerk, body: { reason: 'All of it' } })
    expect([tooMuch.status, tooMuch.body.errors[0].code]).toEqual([409, 'OVER_CREDITED'])
    const rest = await api(`/api/admin/invoices/${inv.id}/credit-notes`, { ...clerk, body: { reason: 'Goodwill', lines: [0] } })
    expect(rest.status).toBe(200)
    expect(await invoice(inv.id)).toMatchObject({ status: 'paid', due: 0 })
    const note = await api(`/api/admin/invoices/${one.body.creditNote.id}/credit-notes`, { ...clerk, body: { reason: 'x' } })
    expect([note.status, note.body.errors[0].code]).toEqual([409, 'NOT_CREDITABLE'])
    expect((await api(`/api/admin/invoices/${inv.id}/credit-notes`, { ...clerk, body: { reason: 'x', lines: [7] } })).status).toBe(400)
  })

  it('issues an ad-hoc invoice from typed lines, priced as the customer is quoted', async () => {
    const res = await api(`/api/admin/customers/${customerId}/invoices`, {
      ...withKey(clerk, key()),
      body: { kind: 'installation', lines: [{ description: 'Installation', unitPriceCents: 99_900 }, { description: 'Router', kind: 'equipment', unitPriceCents: 129_900 }] },
    })
    expect(res.status).toBe(200)
    expect(res.body.invoice).toMatchObject({ kind: 'installation', totalCents: 229_800 })
    expect(res.body.invoice.invoiceNumber).toMatch(/^INV-\d{4}-\d{5,}$/)
    const bad = await api(`/api/admin/customers/${customerId}/invoices`, { ...clerk, body: { lines: [] } })
    expect([bad.status, bad.body.errors[0].field]).toEqual([400, 'lines'])
    const neg = await api(`/api/admin/customers/${customerId}/invoices`, { ...clerk, body: { lines: [{ description: 'x', unitPriceCents: -1 }] } })
    expect([neg.status, neg.body.errors[0].field]).toEqual([400, 'lines.0.unitPriceCents'])
  })

  it('resends an invoice by email, once per click', async () => {
    const inv = await issue([10_000])
    const k = key()
    const res = await api(`/api/admin/invoices/${inv.id}/resend`, { ...withKey(clerk, k), body: {} })
    expect([res.status, res.body.queued]).toEqual([200, true])
    await api(`/api/admin/invoices/${inv.id}/resend`, { ...withKey(clerk, k), body: {} })
    const jobs = await db.query<{ input: { channels?: string[] } }>(`SELECT input FROM payload_jobs WHERE task_slug = 'notifyCustomer' AND input->>'invoiceId' = $1 AND input->>'eventKey' LIKE '%resend%'`, [String(inv.id)])
    expect(jobs).toHaveLength(1)
    expect(jobs[0].input.channels).toEqual(['email'])
  })

  it('refunds what is left of an overpayment, never more, and a retry refunds once', async () => {
    // A customer of their own: the overpayment must not be taken by the invoices of the tests above.
    const customerId = (await createCustomer(payload, { firstName: 'Refund', lastName: 'Overpaid' })).id
    refundCustomers.push(customerId)
    const inv = await issue([30_000], customerId)
    const paid = await api(`/api/admin/customers/${customerId}/payments`, { ...clerk, body: { amountCents: 50_000, channel: 'eft', reference: `OVER ${inv.id}`, invoiceId: inv.id } })
    expect(paid.body.creditCents).toBe(20_000)
    const paymentId = paid.body.payment.id
    const before = await balance(customerId)
    const path = `/api/admin/payments/${paymentId}/refunds`
    const tooMuch = await api(path, { ...clerk, body: { amountCents: 20_001, reference: `RF-${paymentId}-X`, reason: 'Overpaid' } })
    expect([tooMuch.status, tooMuch.body.errors[0].code]).toEqual([409, 'AMOUNT_TOO_LARGE'])
    const k = key()
    const body = { amountCents: 15_000, reference: `RF-${paymentId}`, reason: 'Customer paid twice' }
    const first = await api(path, { ...withKey(clerk, k), body })
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({ refund: { kind: 'refund', amountCents: 15_000, refundOf: paymentId, status: 'completed' }, sourceLeftCents: 5_000 })
    expect(await balance(customerId)).toBe(before + 15_000)
    expect((await api(path, { ...withKey(clerk, k), body })).headers.get('idempotent-replayed')).toBe('true')
    const sameReference = await api(path, { ...clerk, body })
    expect([sameReference.status, sameReference.body.alreadyRecorded]).toEqual([200, true])
    expect(await balance(customerId)).toBe(before + 15_000)
    // The rest, by leaving the amount out; then nothing is left.
    const rest = await api(path, { ...clerk, body: { reference: `RF-${paymentId}-2`, reason: 'The rest' } })
    expect([rest.status, rest.body.refund.amountCents, rest.body.sourceLeftCents]).toEqual([200, 5_000, 0])
    const empty = await api(path, { ...clerk, body: { reference: `RF-${paymentId}-3`, reason: 'Again' } })
    expect([empty.status, empty.body.errors[0].code]).toEqual([409, 'NOTHING_TO_REFUND'])
    // The invoice it settled stays settled: money that paid an invoice is never refunded.
    expect(await invoice(inv.id)).toMatchObject({ status: 'paid', due: 0 })
    const audits = await db.query(`SELECT payment_id, reason, details FROM billing_actions WHERE customer_id = $1 AND action = 'refund'`, [customerId])
    expect(audits).toHaveLength(2)
  })

  it('refunds the unused credit of a credit note on a paid invoice, and refuses bad input', async () => {
    const customerId = (await createCustomer(payload, { firstName: 'Refund', lastName: 'Credited' })).id
    refundCustomers.push(customerId)
    const inv = await issue([40_000], customerId)
    await api(`/api/admin/customers/${customerId}/payments`, { ...clerk, body: { amountCents: 40_000, channel: 'cash', reference: `CN-PAY ${inv.id}`, invoiceId: inv.id } })
    const note = await api(`/api/admin/invoices/${inv.id}/credit-notes`, { ...clerk, body: { reason: 'Service never installed' } })
    expect(note.status).toBe(200)
    const noteId = note.body.creditNote.id
    const before = await balance(customerId)
    const res = await api(`/api/admin/invoices/${noteId}/refunds`, { ...withKey(clerk, key()), body: { reference: `CN-RF-${noteId}`, reason: 'Cancelled before install' } })
    expect(res.status).toBe(200)
    expect(res.body.refund).toMatchObject({ amountCents: 40_000, refundOfCreditNote: noteId })
    expect(await balance(customerId)).toBe(before + 40_000)
    // An invoice is not a credit note; a refund is not a payment; bodies are checked; the gate holds.
    expect((await api(`/api/admin/invoices/${inv.id}/refunds`, { ...clerk, body: { reference: 'R-INV', reason: 'x' } })).status).toBe(404)
    expect((await api(`/api/admin/payments/${res.body.refund.id}/refunds`, { ...clerk, body: { reference: 'R-R', reason: 'x' } })).status).toBe(404)
    for (const [bad, field] of [
      [{ reason: 'x' }, 'reference'],
      [{ reference: 'R-1' }, 'reason'],
      [{ reference: 'R-1', reason: 'x', amountCents: 1.5 }, 'amountCents'],
      [{ reference: 'R-1', reason: 'x', refundedOn: '2026-13-01' }, 'refundedOn'],
    ] as const) {
      const r = await api(`/api/admin/invoices/${noteId}/refunds`, { ...clerk, body: bad })
      expect([r.status, r.body.errors[0].field]).toEqual([400, field])
    }
    expect((await api(`/api/admin/invoices/${noteId}/refunds`, { ...support, body: { reference: 'R-2', reason: 'x' } })).status).toBe(403)
    expect((await api(`/api/admin/invoices/${noteId}/refunds`, { ...customerAuth, body: { reference: 'R-2', reason: 'x' } })).status).toBe(403)
  })

  it('are GraphQL mutations too, with the same checks and idempotency', async () => {
    const inv = await issue([12_300])
    const mutation = `mutation ($invoiceId: Int!, $reason: String!, $key: String) { voidInvoice(invoiceId: $invoiceId, reason: $reason, idempotencyKey: $key) { invoice { id status } replayed } }`
    const k = key()
    const first = await graphql(mutation, { invoiceId: inv.id, reason: 'Duplicate', key: k }, clerk)
    expect(first.body.errors).toBeUndefined()
    expect(first.body.data!.voidInvoice).toMatchObject({ invoice: { id: inv.id, status: 'void' }, replayed: false })
    expect((await graphql(mutation, { invoiceId: inv.id, reason: 'Duplicate', key: k }, clerk)).body.data!.voidInvoice.replayed).toBe(true)
    const refused = await graphql(mutation, { invoiceId: inv.id, reason: 'Again' }, clerk)
    expect(refused.body.errors![0].extensions).toMatchObject({ statusCode: 409 })
    const forbidden = await graphql(mutation, { invoiceId: inv.id, reason: 'x' }, activatorOnly)
    expect(forbidden.body.errors![0].extensions).toMatchObject({ statusCode: 403 })
    const pay = await graphql(
      `mutation ($c: Int!) { recordPayment(customerId: $c, amountCents: 100, channel: "bitcoin", reference: "GQL-1") { payment { id } } }`,
      { c: customerId },
      clerk,
    )
    expect(pay.body.errors![0].extensions).toMatchObject({ statusCode: 400 })
    expect(JSON.stringify(pay.body.errors![0])).toContain('channel')
    const adhoc = await graphql(
      `mutation ($c: Int!) { issueAdhocInvoice(customerId: $c, lines: [{ description: "Call-out", unitPriceCents: 45000 }]) { invoice { id totalCents status } } }`,
      { c: customerId },
      clerk,
    )
    expect(adhoc.body.data!.issueAdhocInvoice.invoice).toMatchObject({ totalCents: 45_000 })
  })

  it('after all of them, every cent reconciles', async () => {
    expect(await reconcile(payload, { customerIds: [customerId, ...refundCustomers] })).toEqual([])
    const actions = await db.query(`SELECT DISTINCT action FROM billing_actions WHERE customer_id = ANY($1::int[])`, [[customerId, ...refundCustomers]])
    expect(actions.map((a) => String(a.action)).sort()).toEqual(['adhoc_invoice', 'credit_note', 'record_payment', 'refund', 'resend_invoice', 'void_invoice'])
  })
})
