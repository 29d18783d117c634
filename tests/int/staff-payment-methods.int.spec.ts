/**
 * A clerk's payment-method work (src/endpoints/admin/paymentMethods.ts): add, make primary,
 * remove and show bank details, each for staff holding billing_manage only, each audited in the
 * billing action log on its own transaction, never with an account number in the log.
 */
import type { Payload } from 'payload'
import { beforeAll, describe, expect, it } from 'vitest'

import { sastDateOf } from '../../src/domain/calendarDate'
import { issueAdhocInvoice } from '../../src/services/billing/issueAdhocInvoice'
import { createCustomer, createStaff } from '../factories/accounts'
import { api, loginCustomer, loginStaff, type Auth } from '../helpers/http'
import { testPayload } from '../helpers/payload'
import { plainSql } from '../helpers/sql'

let payload: Payload
const db = plainSql()
let clerk: Auth
let writerOnly: Auth
let support: Auth
let customerAuth: Auth
let clerkId: number
let customerA: number
let customerB: number

const FNB = { type: 'debit_order', bankCode: 'fnb', branchCode: '250655', accountType: 'cheque', accountNumber: '62812345678', accountHolder: 'Lerato Mokoena' }
const ABSA = { type: 'debit_order', bankCode: 'absa', branchCode: '632005', accountType: 'savings', accountNumber: '4071234567', accountHolder: 'Busisiwe Ndlovu' }
const ACCOUNT_NUMBERS = [FNB.accountNumber, ABSA.accountNumber]

const key = () => `it-${crypto.randomUUID()}`
const withKey = (auth: Auth, k: string): Auth => ({ ...auth, headers: { ...auth.headers, 'Idempotency-Key': k } })
const audits = (customerId: number, action: string) =>
  db.query<{ id: number; staff_user_id: number; payment_method_id: number | null; reason: string | null; details: unknown; created_at: Date }>(
    `SELECT id, staff_user_id, payment_method_id, reason, details, created_at FROM billing_actions WHERE customer_id = $1 AND action = $2 ORDER BY id`,
    [customerId, action],
  )
const methodsOf = (customerId: number) =>
  db.query<{ id: number; is_primary: boolean; is_active: boolean }>(`SELECT id, is_primary, is_active FROM payment_methods WHERE customer_id = $1 ORDER BY id`, [customerId])

async function add(customerId: number, body: Record<string, unknown>, auth = clerk) {
  const res = await api(`/api/admin/customers/${customerId}/payment-methods`, { ...withKey(auth, key()), body })
  if (res.status !== 200) throw new Error(`not added: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body.paymentMethod as { id: number; displayName: string; isPrimary: boolean; isActive: boolean; mandateStatus: string | null }
}

beforeAll(async () => {
  payload = await testPayload()
  const c = await createStaff(payload, 'billing', ['billing_manage'])
  const w = await createStaff(payload, 'billing', ['services_activate'])
  const s = await createStaff(payload, 'support')
  const a = await createCustomer(payload, { firstName: 'Lerato', lastName: 'Methods' })
  const b = await createCustomer(payload, { firstName: 'Busisiwe', lastName: 'Methods' })
  clerkId = c.id
  customerA = a.id
  customerB = b.id
  clerk = { jwt: await loginStaff(c.email, c.password) }
  writerOnly = { jwt: await loginStaff(w.email, w.password) }
  support = { jwt: await loginStaff(s.email, s.password) }
  customerAuth = { jwt: await loginCustomer(a.email, a.password) }
})

describe('adding a payment method', () => {
  it('adds a debit order masked and audited; a retry with the same key adds it once', async () => {
    const k = key()
    const first = await api(`/api/admin/customers/${customerA}/payment-methods`, { ...withKey(clerk, k), body: FNB })
    expect(first.status).toBe(200)
    expect(first.body.paymentMethod).toMatchObject({ customerId: customerA, type: 'debit_order', displayName: 'Debit Order - FNB ***5678', lastFour: '5678', mandateStatus: 'pending', isPrimary: true, isActive: true })
    expect(JSON.stringify(first.body)).not.toContain(FNB.accountNumber)
    const again = await api(`/api/admin/customers/${customerA}/payment-methods`, { ...withKey(clerk, k), body: FNB })
    expect([again.status, again.headers.get('idempotent-replayed')]).toEqual([200, 'true'])
    expect(again.body).toEqual(first.body)
    expect(await methodsOf(customerA)).toHaveLength(1)
    const [entry, ...more] = await audits(customerA, 'add_payment_method')
    expect(more).toHaveLength(0)
    expect(entry).toMatchObject({ staff_user_id: clerkId, payment_method_id: first.body.paymentMethod.id })
    expect(entry.details).toMatchObject({ type: 'debit_order', displayName: 'Debit Order - FNB ***5678', primary: true })
    // Neither the key's stored request nor its stored answer can give the account number back.
    const stored = await db.query(`SELECT request_hash, response_body::text AS body FROM idempotency_keys WHERE key = $1`, [k])
    expect(JSON.stringify(stored)).not.toContain(FNB.accountNumber)
  })

  it('adds an EFT, and the same key with another body is refused', async () => {
    const k = key()
    const eft = await api(`/api/admin/customers/${customerA}/payment-methods`, { ...withKey(clerk, k), body: { type: 'eft' } })
    expect([eft.status, eft.body.paymentMethod.displayName, eft.body.paymentMethod.isPrimary]).toEqual([200, 'EFT (bank transfer)', false])
    const reused = await api(`/api/admin/customers/${customerA}/payment-methods`, { ...withKey(clerk, k), body: { type: 'eft', makePrimary: true } })
    expect([reused.status, reused.body.errors[0].code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED'])
  })

  it('refuses bad bodies naming the field, adding nothing', async () => {
    const before = (await methodsOf(customerA)).length
    for (const [bad, field] of [
      [{ ...FNB, branchCode: '123456' }, 'branchCode'],
      [{ ...FNB, accountNumber: '1234' }, 'accountNumber'],
      [{ ...FNB, bankCode: 'monopoly' }, 'bankCode'],
      [{ ...FNB, accountType: 'gold' }, 'accountType'],
      [{ ...FNB, accountHolder: '' }, 'accountHolder'],
      [{ ...FNB, extra: 1 }, 'extra'],
      [{ type: 'card', brand: 'Visa', lastFour: '4242', expiryMonth: 12, expiryYear: 2030 }, 'gatewayToken'],
      [{ type: 'card', cardNumber: '4242424242424242', gatewayToken: 'tok_abcdefgh1234', brand: 'Visa', lastFour: '4242', expiryMonth: 12, expiryYear: 2030 }, 'cardNumber'],
    ] as const) {
      const res = await api(`/api/admin/customers/${customerA}/payment-methods`, { ...withKey(clerk, key()), body: bad })
      expect([res.status, res.body.errors.map((e: { field?: string }) => e.field)]).toEqual([400, expect.arrayContaining([field])])
    }
    expect(await methodsOf(customerA)).toHaveLength(before)
  })

  it('takes a card only as a gateway token', async () => {
    const card = await add(customerB, { type: 'card', gatewayToken: 'tok_abcdefgh1234', brand: 'Visa', lastFour: '4242', expiryMonth: 12, expiryYear: 2030 })
    expect(card).toMatchObject({ displayName: 'Visa ***4242', isPrimary: true })
  })

  it('is for staff holding billing_manage only, and writes nothing otherwise', async () => {
    const path = `/api/admin/customers/${customerA}/payment-methods`
    const before = (await audits(customerA, 'add_payment_method')).length
    expect((await api(path, { body: FNB })).status).toBe(401)
    for (const who of [writerOnly, support, customerAuth]) expect((await api(path, { ...withKey(who, key()), body: FNB })).status).toBe(403)
    expect(await audits(customerA, 'add_payment_method')).toHaveLength(before)
    expect((await api(`/api/admin/customers/99999999/payment-methods`, { ...clerk, body: { type: 'eft' } })).status).toBe(404)
    expect((await api(path, { ...withKey(clerk, 'bad key'), body: FNB })).status).toBe(400)
  })
})

describe('making a method primary', () => {
  it('leaves exactly one primary, audited once for a retried request', async () => {
    const second = await add(customerA, ABSA)
    expect(second.isPrimary).toBe(false)
    const k = key()
    const res = await api(`/api/admin/payment-methods/${second.id}/primary`, { ...withKey(clerk, k), body: { customerId: customerA, reason: 'Customer moved banks' } })
    expect([res.status, res.body.paymentMethod.isPrimary]).toEqual([200, true])
    const retry = await api(`/api/admin/payment-methods/${second.id}/primary`, { ...withKey(clerk, k), body: { customerId: customerA, reason: 'Customer moved banks' } })
    expect(retry.headers.get('idempotent-replayed')).toBe('true')
    const primaries = (await methodsOf(customerA)).filter((m) => m.is_primary && m.is_active)
    expect(primaries.map((m) => Number(m.id))).toEqual([second.id])
    const [account] = await db.query(`SELECT primary_payment_method_id FROM billing_accounts WHERE customer_id = $1`, [customerA])
    expect(Number(account.primary_payment_method_id)).toBe(second.id)
    const entries = await audits(customerA, 'set_primary_payment_method')
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ payment_method_id: second.id, reason: 'Customer moved banks', staff_user_id: clerkId })
  })

  it("refuses bad bodies, other staff, and another customer's method", async () => {
    const [method] = await methodsOf(customerA)
    const path = `/api/admin/payment-methods/${method.id}/primary`
    for (const [bad, field] of [
      [{}, 'customerId'],
      [{ customerId: 'one' }, 'customerId'],
      [{ customerId: customerA, extra: true }, 'extra'],
      [{ customerId: customerA, reason: 5 }, 'reason'],
    ] as const) {
      const res = await api(path, { ...clerk, body: bad })
      expect([res.status, res.body.errors[0].field]).toEqual([400, field])
    }
    const before = (await audits(customerA, 'set_primary_payment_method')).length
    for (const who of [writerOnly, support, customerAuth]) expect((await api(path, { ...who, body: { customerId: customerA } })).status).toBe(403)
    // A's method named as B's, and B's method named as A's: not found, nothing changes.
    const wrong = await api(path, { ...clerk, body: { customerId: customerB } })
    expect([wrong.status, wrong.body.errors[0].code]).toEqual([404, 'UNKNOWN_METHOD'])
    const [bMethod] = await methodsOf(customerB)
    expect((await api(`/api/admin/payment-methods/${bMethod.id}/primary`, { ...clerk, body: { customerId: customerA } })).status).toBe(404)
    expect(await audits(customerA, 'set_primary_payment_method')).toHaveLength(before)
    expect((await audits(customerB, 'set_primary_payment_method')).length).toBe(0)
  })
})

describe('removing a method', () => {
  it('removes softly, once for a retried request, and never the primary of an account that owes', async () => {
    const eft = await add(customerA, { type: 'eft' })
    const k = key()
    const res = await api(`/api/admin/payment-methods/${eft.id}/remove`, { ...withKey(clerk, k), body: { customerId: customerA, reason: 'Customer asked' } })
    expect([res.status, res.body.paymentMethod.isActive]).toEqual([200, false])
    const retry = await api(`/api/admin/payment-methods/${eft.id}/remove`, { ...withKey(clerk, k), body: { customerId: customerA, reason: 'Customer asked' } })
    expect([retry.status, retry.headers.get('idempotent-replayed')]).toEqual([200, 'true'])
    expect((await audits(customerA, 'remove_payment_method')).filter((a) => Number(a.payment_method_id) === eft.id)).toHaveLength(1)
    const gone = await api(`/api/admin/payment-methods/${eft.id}/remove`, { ...clerk, body: { customerId: customerA } })
    expect([gone.status, gone.body.errors[0].code]).toEqual([404, 'UNKNOWN_METHOD'])

    const owes = await issueAdhocInvoice(payload, { customerId: customerA, invoiceDate: sastDateOf(new Date()), lines: [{ description: 'Router', unitPriceCents: 129_900 }] })
    expect(owes.ok).toBe(true)
    const primary = (await methodsOf(customerA)).find((m) => m.is_primary)!
    const refused = await api(`/api/admin/payment-methods/${primary.id}/remove`, { ...clerk, body: { customerId: customerA } })
    expect([refused.status, refused.body.errors[0].code]).toEqual([409, 'PRIMARY_METHOD_HAS_BALANCE'])
    expect((await methodsOf(customerA)).find((m) => m.id === primary.id)?.is_active).toBe(true)
  })

  it("refuses bad bodies, other staff, and another customer's method", async () => {
    const [bMethod] = await methodsOf(customerB)
    const path = `/api/admin/payment-methods/${bMethod.id}/remove`
    expect((await api(path, { ...clerk, body: { customerId: customerB, because: 'x' } })).body.errors[0].field).toBe('because')
    expect((await api(path, { ...clerk, body: {} })).body.errors[0].field).toBe('customerId')
    for (const who of [writerOnly, support, customerAuth]) expect((await api(path, { ...who, body: { customerId: customerB } })).status).toBe(403)
    expect((await api(path, { ...clerk, body: { customerId: customerA } })).status).toBe(404)
    expect((await methodsOf(customerB))[0].is_active).toBe(true)
    expect(await audits(customerB, 'remove_payment_method')).toHaveLength(0)
  })
})

describe('showing bank details', () => {
  const reveal = (methodId: number, body: unknown, auth: Auth = clerk) => api(`/api/admin/payment-methods/${methodId}/reveal`, { ...auth, body })
  const absaOf = async () => {
    const [row] = await db.query<{ id: number }>(`SELECT id FROM payment_methods WHERE customer_id = $1 AND display_name = 'Debit Order - ABSA ***4567'`, [customerA])
    return Number(row.id)
  }

  it('audits the view (who, when, which, why) and answers the details, not to be stored', async () => {
    const methodId = await absaOf()
    const before = await audits(customerA, 'reveal_payment_details')
    const reason = 'Customer on the phone asked to confirm the account'
    const res = await reveal(methodId, { customerId: customerA, reason })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.body.bankDetails).toEqual({ bankCode: 'absa', bankName: 'Absa Bank', branchCode: '632005', accountNumber: ABSA.accountNumber, accountType: 'savings', accountHolder: ABSA.accountHolder })
    const after = await audits(customerA, 'reveal_payment_details')
    expect(after).toHaveLength(before.length + 1)
    const entry = after[after.length - 1]
    expect(entry).toMatchObject({ id: res.body.auditEntryId, staff_user_id: clerkId, payment_method_id: methodId, reason })
    expect(entry.created_at).toBeInstanceOf(Date)
    expect(JSON.stringify(entry.details)).not.toContain(ABSA.accountNumber)
    // An Idempotency-Key is not honoured: each request is its own audited view, and nothing is stored.
    const k = key()
    await reveal(methodId, { customerId: customerA, reason }, withKey(clerk, k))
    await reveal(methodId, { customerId: customerA, reason }, withKey(clerk, k))
    expect(await audits(customerA, 'reveal_payment_details')).toHaveLength(before.length + 3)
    expect(await db.query(`SELECT 1 FROM idempotency_keys WHERE key = $1`, [k])).toHaveLength(0)
  })

  it('writes no entry for a bad body, other staff, another customer or a method without bank details', async () => {
    const methodId = await absaOf()
    const before = (await db.query(`SELECT count(*)::int AS n FROM billing_actions WHERE action = 'reveal_payment_details'`))[0].n
    for (const [body, field] of [
      [{ customerId: customerA }, 'reason'],
      [{ customerId: customerA, reason: '   ' }, 'reason'],
      [{ reason: 'x' }, 'customerId'],
      [{ customerId: customerA, reason: 'x', showAll: true }, 'showAll'],
    ] as const) {
      const res = await reveal(methodId, body)
      expect([res.status, res.body.errors[0].field, res.headers.get('cache-control')]).toEqual([400, field, 'no-store'])
    }
    for (const who of [writerOnly, support, customerAuth]) {
      const res = await reveal(methodId, { customerId: customerA, reason: 'Curious' }, who)
      expect([res.status, JSON.stringify(res.body).includes(ABSA.accountNumber)]).toEqual([403, false])
    }
    expect((await reveal(methodId, { customerId: customerA, reason: 'x' }, {})).status).toBe(401)
    const wrong = await reveal(methodId, { customerId: customerB, reason: 'Wrong customer' })
    expect([wrong.status, wrong.body.errors[0].code]).toEqual([404, 'UNKNOWN_METHOD'])
    const [card] = await methodsOf(customerB)
    const noDetails = await reveal(Number(card.id), { customerId: customerB, reason: 'Card number please' })
    expect([noDetails.status, noDetails.body.errors[0].code]).toEqual([409, 'NO_BANK_DETAILS'])
    expect((await db.query(`SELECT count(*)::int AS n FROM billing_actions WHERE action = 'reveal_payment_details'`))[0].n).toBe(before)
  })
})

describe('the billing action log', () => {
  it('never holds an account number, whatever was done', async () => {
    const rows = await db.query<{ action: string; details: unknown; reason: string | null }>(`SELECT action::text, details, reason FROM billing_actions WHERE customer_id = ANY($1)`, [[customerA, customerB]])
    expect(new Set(rows.map((r) => r.action))).toEqual(new Set(['add_payment_method', 'set_primary_payment_method', 'remove_payment_method', 'reveal_payment_details']))
    for (const row of rows) for (const number of ACCOUNT_NUMBERS) expect(JSON.stringify(row)).not.toContain(number)
  })
})
