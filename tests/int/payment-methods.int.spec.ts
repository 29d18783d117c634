import { randomBytes } from 'node:crypto'

import { createLocalReq, type Payload } from 'payload'
import { beforeAll, describe, expect, it } from 'vitest'

import { getConfig } from '../../src/lib/config'
import { decryptField, keyVersionOf, parseKeyRing } from '../../src/lib/crypto/fieldEncryption'
import { addPaymentMethod } from '../../src/services/paymentMethods/addPaymentMethod'
import { associatedDataFor, readPaymentDetails } from '../../src/services/paymentMethods/paymentDetails'
import { removePaymentMethod } from '../../src/services/paymentMethods/removePaymentMethod'
import { rotatePaymentDataKeys } from '../../src/services/paymentMethods/rotatePaymentDataKeys'
import { setPrimaryPaymentMethod } from '../../src/services/paymentMethods/setPrimaryPaymentMethod'
import { createCustomer } from '../factories/accounts'
import { createInvoice } from '../factories/services'
import { api, graphql, loginCustomer } from '../helpers/http'
import { testPayload } from '../helpers/payload'
import { plainSql } from '../helpers/sql'

let payload: Payload
const db = plainSql()
const FNB = { bankCode: 'fnb', branchCode: '250655', accountType: 'cheque' as const, accountNumber: '62812345678', accountHolder: 'Ayanda Dube' }

beforeAll(async () => {
  payload = await testPayload()
})

const primariesOf = async (customerId: number) =>
  (await db.query<{ id: number }>(`SELECT id FROM payment_methods WHERE customer_id = $1 AND is_primary AND is_active`, [customerId])).map((r) => Number(r.id))

describe('adding payment methods', () => {
  it('stores a debit order masked, its bank details encrypted, and shows only the masked form', async () => {
    const customer = await createCustomer(payload)
    const added = await addPaymentMethod(payload, { customerId: customer.id, type: 'debit_order', bank: FNB })
    expect(added).toMatchObject({ ok: true, value: { displayName: 'Debit Order - FNB ***5678', lastFour: '5678', mandateStatus: 'pending', isPrimary: true } })
    const id = added.ok ? added.value.id : 0

    const [row] = await db.query<{ encrypted_details: string }>(`SELECT encrypted_details FROM payment_methods WHERE id = $1`, [id])
    expect(row.encrypted_details).toMatch(/^v\d+\./)
    expect(row.encrypted_details).not.toContain('62812345678')
    const req = await createLocalReq({}, payload)
    expect(await readPaymentDetails(req, id)).toEqual({ kind: 'bank', bank: FNB })

    const token = await loginCustomer(customer.email, customer.password)
    const rest = await api(`/api/payment-methods/${id}?depth=2`, { jwt: token })
    expect(rest.status).toBe(200)
    expect(JSON.stringify(rest.body)).not.toContain(row.encrypted_details.slice(0, 20))
    expect(JSON.stringify(rest.body)).not.toContain('62812345678')
    const gql = await graphql(`query($id: Int!) { PaymentMethod(id: $id) { displayName encryptedDetails } }`, { id }, { jwt: token })
    expect(gql.body.data?.PaymentMethod?.encryptedDetails ?? null).toBeNull()
  })

  it('binds the ciphertext to its record: copied to another row it does not decrypt', async () => {
    const customer = await createCustomer(payload)
    const a = await addPaymentMethod(payload, { customerId: customer.id, type: 'debit_order', bank: FNB })
    const b = await addPaymentMethod(payload, { customerId: customer.id, type: 'eft' })
    const [row] = await db.query<{ encrypted_details: string }>(`SELECT encrypted_details FROM payment_methods WHERE id = $1`, [a.ok && a.value.id])
    expect(() => decryptField(getConfig().paymentDataKeys, row.encrypted_details, associatedDataFor(b.ok ? b.value.id : 0, customer.id))).toThrow(/cannot decrypt/)
  })

  it.each([
    [{ ...FNB, branchCode: '123456' }, 'bank.branchCode'],
    [{ ...FNB, accountNumber: '1234' }, 'bank.accountNumber'],
    [{ ...FNB, bankCode: 'unknown' }, 'bank.bankCode'],
  ])('refuses bad bank details %o, naming the field, and stores nothing', async (bank, field) => {
    const customer = await createCustomer(payload)
    const result = await addPaymentMethod(payload, { customerId: customer.id, type: 'debit_order', bank })
    expect(result).toMatchObject({ ok: false, code: 'INVALID_BANK_DETAILS', field })
    expect((await payload.count({ collection: 'payment-methods', where: { customer: { equals: customer.id } } })).totalDocs).toBe(0)
  })

  it('takes a card only as a gateway token with brand, last four and expiry', async () => {
    const customer = await createCustomer(payload)
    const bad = await addPaymentMethod(payload, { customerId: customer.id, type: 'card', card: { gatewayToken: '', brand: 'Visa', lastFour: '4242', expiryMonth: 13, expiryYear: 2028 } })
    expect(bad).toMatchObject({ ok: false, code: 'INVALID_CARD' })
    const good = await addPaymentMethod(payload, { customerId: customer.id, type: 'card', card: { gatewayToken: 'tok_abcdefgh1234', brand: 'Visa', lastFour: '4242', expiryMonth: 12, expiryYear: 2028 } })
    expect(good).toMatchObject({ ok: true, value: { displayName: 'Visa ***4242', lastFour: '4242' } })
  })
})

describe('the primary method', () => {
  it('is exactly one, switched atomically, and the account points at it', async () => {
    const customer = await createCustomer(payload)
    const first = await addPaymentMethod(payload, { customerId: customer.id, type: 'debit_order', bank: FNB })
    const second = await addPaymentMethod(payload, { customerId: customer.id, type: 'eft' })
    expect(await primariesOf(customer.id)).toEqual([first.ok && first.value.id])
    const switched = await setPrimaryPaymentMethod(payload, { customerId: customer.id, methodId: second.ok ? second.value.id : 0 })
    expect(switched.ok).toBe(true)
    expect(await primariesOf(customer.id)).toEqual([second.ok && second.value.id])
    const account = await payload.find({ collection: 'billing-accounts', where: { customer: { equals: customer.id } }, depth: 0 })
    expect(account.docs[0].primaryPaymentMethod).toBe(second.ok && second.value.id)
  })

  it('stays exactly one under 10 concurrent switches', async () => {
    const customer = await createCustomer(payload)
    const methods = []
    for (let i = 0; i < 5; i++) methods.push(await addPaymentMethod(payload, { customerId: customer.id, type: 'eft' }))
    const ids = methods.map((m) => (m.ok ? m.value.id : 0))
    await Promise.all(Array.from({ length: 10 }, (_, i) => setPrimaryPaymentMethod(payload, { customerId: customer.id, methodId: ids[i % 5] })))
    expect(await primariesOf(customer.id)).toHaveLength(1)
  })

  it("cannot be another customer's method", async () => {
    const a = await createCustomer(payload)
    const b = await createCustomer(payload)
    const theirs = await addPaymentMethod(payload, { customerId: b.id, type: 'eft' })
    expect(await setPrimaryPaymentMethod(payload, { customerId: a.id, methodId: theirs.ok ? theirs.value.id : 0 })).toMatchObject({ ok: false, code: 'UNKNOWN_METHOD' })
  })
})

describe('removing a method', () => {
  it('is refused for the primary method while the account owes money, and is soft otherwise', async () => {
    const customer = await createCustomer(payload)
    const primary = await addPaymentMethod(payload, { customerId: customer.id, type: 'debit_order', bank: FNB })
    const other = await addPaymentMethod(payload, { customerId: customer.id, type: 'eft' })
    await createInvoice(payload, customer.id)
    const primaryId = primary.ok ? primary.value.id : 0
    expect(await removePaymentMethod(payload, { customerId: customer.id, methodId: primaryId })).toMatchObject({ ok: false, code: 'PRIMARY_METHOD_HAS_BALANCE' })
    await setPrimaryPaymentMethod(payload, { customerId: customer.id, methodId: other.ok ? other.value.id : 0 })
    const removed = await removePaymentMethod(payload, { customerId: customer.id, methodId: primaryId })
    expect(removed).toMatchObject({ ok: true, value: { isActive: false, isPrimary: false } })
    // Soft: the row stays, for the payments that used it.
    expect((await payload.findByID({ collection: 'payment-methods', id: primaryId })).displayName).toBe('Debit Order - FNB ***5678')
  })
})

describe('key rotation', () => {
  it('re-encrypts everything under the newest key; old keys can then go', async () => {
    const customer = await createCustomer(payload)
    const added = await addPaymentMethod(payload, { customerId: customer.id, type: 'debit_order', bank: FNB })
    const id = added.ok ? added.value.id : 0
    const current = getConfig().paymentDataKeys
    const newKey = randomBytes(32).toString('base64')
    const next = parseKeyRing(
      [...current.keys.entries()].map(([v, k]) => `v${v}:${k.toString('base64')}`).concat(`v${current.current + 1}:${newKey}`).join(','),
    )
    const first = await rotatePaymentDataKeys(payload, next)
    expect(first.rotated).toBeGreaterThanOrEqual(1)
    const rows = await db.query<{ id: number; encrypted_details: string }>(`SELECT id, encrypted_details FROM payment_methods WHERE encrypted_details IS NOT NULL`)
    // Every readable row is now under the newest key; anything else is reported, not skipped silently.
    const unreadable = new Set(first.unreadable)
    expect(rows.filter((r) => !unreadable.has(Number(r.id))).every((r) => keyVersionOf(r.encrypted_details) === next.current)).toBe(true)
    expect(unreadable.has(id)).toBe(false)
    const onlyNew = parseKeyRing(`v${next.current}:${newKey}`)
    const req = await createLocalReq({}, payload)
    expect(await readPaymentDetails(req, id, onlyNew)).toEqual({ kind: 'bank', bank: FNB })
    // A rerun has nothing left to do.
    expect((await rotatePaymentDataKeys(payload, next)).rotated).toBe(0)
  })
})
