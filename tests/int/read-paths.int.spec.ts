import type { Payload } from 'payload'
import pg from 'pg'
import { beforeAll, describe, expect, it } from 'vitest'

import { createCustomer, createStaff, PASSWORD } from '../factories/accounts'
import { billingAccountOf, createInvoice, createPaymentMethod, createService, createTransaction, uniqueToken } from '../factories/billing'
import { api, loginStaff, type Auth } from '../helpers/http'
import { testPayload } from '../helpers/payload'

let payload: Payload
let support: Auth

beforeAll(async () => {
  payload = await testPayload()
  const staff = await createStaff(payload, 'support')
  support = { jwt: await loginStaff(staff.email, staff.password) }
})

const customerWithEmail = (email: string, lastName: string) =>
  payload.create({ collection: 'customers', data: { email, password: PASSWORD, firstName: 'Thandi', lastName, accountStatus: 'active', accountType: 'residential' } })

describe('the customer search by email (trigram indexed)', () => {
  it('finds exactly the customers whose email contains the fragment, in any case, every word of it', async () => {
    const token = uniqueToken('trgm')
    const a = await customerWithEmail(`thandi.${token}.one@read-paths.example`, 'Mokoena')
    const b = await customerWithEmail(`sipho.${token}.two@read-paths.example`, 'Dube')
    await customerWithEmail(`thandi.elsewhere.${uniqueToken('x')}@read-paths.example`, 'Mokoena')
    const ids = async (where: string) => {
      const res = await api(`/api/customers?${where}&limit=100&depth=0&sort=id`, support)
      expect(res.status).toBe(200)
      return res.body.docs.map((d: { id: number }) => d.id)
    }
    expect(await ids(`where[email][like]=${token}`)).toEqual([a.id, b.id])
    expect(await ids(`where[email][like]=${token.toUpperCase()}`)).toEqual([a.id, b.id])
    expect(await ids(`where[email][like]=${encodeURIComponent(`thandi ${token}`)}`)).toEqual([a.id])
  })

  it('can be answered from the trigram index on email', async () => {
    // The test database is too small for the planner to choose the index: rule the scans out.
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL })
    await client.connect()
    try {
      await client.query('BEGIN')
      for (const scan of ['seqscan', 'indexscan', 'indexonlyscan']) await client.query(`SELECT set_config('enable_${scan}', 'off', true)`)
      const { rows } = await client.query(`EXPLAIN SELECT count(*) FROM customers WHERE email ILIKE '%thandi%'`)
      expect(rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('customers_email_trgm_idx')
    } finally {
      await client.query('ROLLBACK')
      await client.end()
    }
  })
})

describe('GET /api/admin/customers/:id/billing', () => {
  it('answers the 20 latest invoices, every service, active methods and refundable payments, in its documented shape', async () => {
    const customer = await createCustomer(payload)
    const service = await createService(payload, customer.id)
    const day = (n: number) => new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(0, 10)
    for (let n = 0; n < 21; n++) await createInvoice(payload, customer.id, service.id, { invoiceDate: day(n), dueDate: day(n + 7), periodStart: day(n), periodEnd: day(n + 27) })
    const method = await createPaymentMethod(payload, customer.id, { isPrimary: true })
    await createPaymentMethod(payload, customer.id, { isActive: false })
    const payment = await createTransaction(payload, customer.id, { paymentMethod: method.id })

    const res = await api(`/api/admin/customers/${customer.id}/billing`, support)
    expect(res.status).toBe(200)

    const account = await billingAccountOf(payload, customer.id)
    const read = { where: { customer: { equals: customer.id } }, depth: 0, pagination: false } as const
    const invoices = await payload.find({ collection: 'invoices', ...read, sort: ['-invoiceDate', '-id'], limit: 20 })
    const stored = await payload.findByID({ collection: 'customers', id: customer.id, depth: 0 })
    const s = await payload.findByID({ collection: 'services', id: service.id, depth: 0 })
    const m = await payload.findByID({ collection: 'payment-methods', id: method.id, depth: 0 })
    const t = await payload.findByID({ collection: 'payment-transactions', id: payment.id, depth: 0 })
    const expected = {
      customer: { id: customer.id, displayName: stored.displayName, accountNumber: stored.accountNumber, accountStatus: 'active', accountType: 'residential' },
      account: { balanceCents: account.balanceCents, creditLimitCents: account.creditLimitCents, autoPay: account.autoPay ?? false },
      services: [
        { id: s.id, packageName: s.packageName, type: 'fibre', status: 'active', monthlyPriceCents: 89_900, billingDay: 1, nextBillingDate: s.nextBillingDate ?? null },
      ],
      invoices: invoices.docs.map((i) => ({ id: i.id, invoiceNumber: i.invoiceNumber, kind: i.kind, status: i.status, invoiceDate: i.invoiceDate, dueDate: i.dueDate, totalCents: i.totalCents, amountDueCents: i.amountDueCents })),
      transactions: [{ id: t.id, transactionId: t.transactionId, kind: 'payment', amountCents: 100_000, status: 'completed', createdAt: t.completedAt ?? t.createdAt }],
      paymentMethods: [{ id: m.id, type: 'debit_order', displayName: m.displayName, isPrimary: true, mandateStatus: 'active' }],
      refundable: { creditCents: Math.max(0, -account.balanceCents), sources: [{ source: 'payment', id: t.id, reference: t.transactionId, freeCents: 100_000 }] },
    }
    expect(invoices.docs).toHaveLength(20)
    expect(res.body.invoices[0].invoiceDate).toBe(new Date(`${day(20)}T00:00:00+02:00`).toISOString())
    expect(JSON.stringify(res.body)).toBe(JSON.stringify(expected))
  })

  it('is 404 for a customer that does not exist', async () => {
    const res = await api('/api/admin/customers/2147483000/billing', support)
    expect(res.status).toBe(404)
    expect(res.body.errors[0].code).toBe('CUSTOMER_NOT_FOUND')
  })
})
