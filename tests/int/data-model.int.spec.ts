import type { Payload } from 'payload'
import { beforeAll, describe, expect, it } from 'vitest'

import { sastDateOf } from '../../src/domain/calendarDate'
import { ACCOUNT_NUMBER_PATTERN, INVOICE_NUMBER_PATTERN, parseDocumentNumber } from '../../src/domain/documentNumbers'
import { createCustomer, createStaff } from '../factories/accounts'
import { createInvoice, createService, R799_LINE } from '../factories/services'
import { api, loginStaff, type Auth } from '../helpers/http'
import { testPayload } from '../helpers/payload'
import { plainSql, SQLSTATE } from '../helpers/sql'

/**
 * The data model's guarantees, each shown twice: refused through Payload's API with a 400 naming
 * the problem, and refused by the database itself for a plain SQL write that bypasses Payload.
 */

let payload: Payload
const db = plainSql()
let admin: Auth
let customerA: Awaited<ReturnType<typeof createCustomer>>
let customerB: Awaited<ReturnType<typeof createCustomer>>
let serviceA: Awaited<ReturnType<typeof createService>>
let serviceB: Awaited<ReturnType<typeof createService>>

beforeAll(async () => {
  payload = await testPayload()
  const staff = await createStaff(payload, 'admin')
  admin = { jwt: await loginStaff(staff.email, staff.password) }
  customerA = await createCustomer(payload, { firstName: 'Ayesha' })
  customerB = await createCustomer(payload, { firstName: 'Bheki' })
  serviceA = await createService(payload, customerA.id)
  serviceB = await createService(payload, customerB.id)
})

const counterOf = (number: string) => parseDocumentNumber(number)!.counter

describe('account numbers', () => {
  it('are assigned on create as CT-YYYY-NNNNN, with the year the account was opened', async () => {
    const c = await createCustomer(payload)
    expect(c.accountNumber).toMatch(ACCOUNT_NUMBER_PATTERN)
    expect(c.accountNumber!.slice(3, 7)).toBe(sastDateOf(c.customerSince!).slice(0, 4))
  })

  it('never collide: 50 concurrent creations give 50 distinct numbers', async () => {
    const made = await Promise.all(Array.from({ length: 50 }, () => createCustomer(payload)))
    const numbers = made.map((c) => c.accountNumber!)
    expect(new Set(numbers).size).toBe(50)
    for (const n of numbers) expect(n).toMatch(ACCOUNT_NUMBER_PATTERN)
  })

  it('continue one counter across a year change', async () => {
    const december = await payload.create({
      collection: 'customers',
      data: { email: `dec-${Date.now()}@test.example`, password: 'correct-horse-9', firstName: 'Dec', lastName: 'Ember', accountStatus: 'active', accountType: 'residential', customerSince: '2025-12-31' },
    })
    const january = await payload.create({
      collection: 'customers',
      data: { email: `jan-${Date.now()}@test.example`, password: 'correct-horse-9', firstName: 'Jan', lastName: 'Uary', accountStatus: 'active', accountType: 'residential', customerSince: '2026-01-01' },
    })
    expect(december.accountNumber).toMatch(/^CT-2025-\d{5}$/)
    expect(january.accountNumber).toMatch(/^CT-2026-\d{5}$/)
    expect(counterOf(january.accountNumber!)).toBe(counterOf(december.accountNumber!) + 1)
  })

  it('widen past 99999 instead of failing', async () => {
    const [row] = await db.query(`SELECT format_document_number('CT', 2031, 123456) AS n, format_document_number('INV', 2026, 42) AS m`)
    expect(row).toEqual({ n: 'CT-2031-123456', m: 'INV-2026-00042' })
  })

  it('never change: ignored through the API, refused in SQL', async () => {
    const res = await api(`/api/customers/${customerA.id}`, { ...admin, method: 'PATCH', body: { accountNumber: 'CT-1999-00001' } })
    expect(res.status).toBe(200)
    expect(res.body.doc.accountNumber).toBe(customerA.accountNumber)
    expect(await db.errorCode(`UPDATE customers SET account_number = 'CT-1999-00001' WHERE id = $1`, [customerA.id])).toBe(SQLSTATE.check)
  })
})

describe('invoice numbers', () => {
  it('are assigned when an invoice is issued, not while it is a draft', async () => {
    const draft = await createInvoice(payload, customerA.id, { status: 'draft' })
    expect(draft.invoiceNumber ?? null).toBeNull()
    const issued = await payload.update({ collection: 'invoices', id: draft.id, data: { status: 'unpaid' } })
    expect(issued.invoiceNumber).toMatch(INVOICE_NUMBER_PATTERN)
    expect(issued.invoiceNumber!.slice(4, 8)).toBe('2026')
  })

  it('never collide: 50 concurrent issues give 50 distinct numbers', async () => {
    const made = await Promise.all(Array.from({ length: 50 }, () => createInvoice(payload, customerA.id)))
    expect(new Set(made.map((i) => i.invoiceNumber)).size).toBe(50)
  })

  it('take the year of the invoice date and continue one counter across years', async () => {
    const dec = await createInvoice(payload, customerA.id, { invoiceDate: '2026-12-31', dueDate: '2027-01-07' })
    const jan = await createInvoice(payload, customerA.id, { invoiceDate: '2027-01-01', dueDate: '2027-01-08' })
    expect(dec.invoiceNumber).toMatch(/^INV-2026-/)
    expect(jan.invoiceNumber).toMatch(/^INV-2027-/)
    expect(counterOf(jan.invoiceNumber!)).toBe(counterOf(dec.invoiceNumber!) + 1)
  })

  it('never change, and an issued invoice never returns to draft (SQL)', async () => {
    const inv = await createInvoice(payload, customerA.id)
    expect(await db.errorCode(`UPDATE invoices SET invoice_number = 'INV-2026-99999' WHERE id = $1`, [inv.id])).toBe(SQLSTATE.check)
    expect(await db.asLedgerWrite(`UPDATE invoices SET status = 'draft' WHERE id = $1`, [inv.id])).toBe(SQLSTATE.check)
  })
})

describe('invoice amounts', () => {
  it('derive totals from the lines and amount due from total minus paid', async () => {
    const inv = await createInvoice(payload, customerA.id)
    expect(inv).toMatchObject({ subtotalCents: 69478, vatCents: 10422, totalCents: 79900, amountPaidCents: 0, amountDueCents: 79900 })
  })

  it('keep amount due equal to total minus paid even when SQL writes it directly', async () => {
    const inv = await createInvoice(payload, customerA.id)
    expect(await db.asLedgerWrite(`UPDATE invoices SET amount_paid_cents = 30000, amount_due_cents = 1 WHERE id = $1`, [inv.id])).toBeUndefined()
    const [row] = await db.query(`SELECT amount_due_cents::int AS due FROM invoices WHERE id = $1`, [inv.id])
    expect(row.due).toBe(49900)
  })

  it('refuse paying more than the total, and totals that are not subtotal plus VAT (SQL)', async () => {
    const inv = await createInvoice(payload, customerA.id)
    expect(await db.asLedgerWrite(`UPDATE invoices SET amount_paid_cents = 80000 WHERE id = $1`, [inv.id])).toBe(SQLSTATE.check)
    // Outside a ledger write, an issued invoice's amount paid does not move at all.
    expect(await db.errorCode(`UPDATE invoices SET amount_paid_cents = 100 WHERE id = $1`, [inv.id])).toBe(SQLSTATE.check)
    expect(await db.errorCode(`UPDATE invoices SET total_cents = 79901 WHERE id = $1`, [inv.id])).toBe(SQLSTATE.check)
  })

  it('refuse a line whose excl. VAT plus VAT is not its incl. VAT', async () => {
    const bad = { ...R799_LINE, vatCents: 10421 }
    const res = await api('/api/invoices', {
      ...admin,
      body: { customer: customerA.id, kind: 'adhoc', status: 'draft', invoiceDate: '2026-11-28', dueDate: '2026-12-05', lines: [bad] },
    })
    expect(res.status).toBe(400)
    expect(JSON.stringify(res.body)).toMatch(/Excl\. VAT plus VAT must equal incl\. VAT/)
    const inv = await createInvoice(payload, customerA.id)
    expect(await db.errorCode(`UPDATE invoices_lines SET vat_cents = 10421 WHERE _parent_id = $1`, [inv.id])).toBe(SQLSTATE.check)
  })

  it('refuse fractional cents and negative amounts', async () => {
    const res = await api('/api/invoices', {
      ...admin,
      body: { customer: customerA.id, kind: 'adhoc', status: 'draft', invoiceDate: '2026-11-28', dueDate: '2026-12-05', lines: [{ ...R799_LINE, unitPriceCents: 799.5 }] },
    })
    expect(res.status).toBe(400)
    const inv = await createInvoice(payload, customerA.id)
    expect(await db.errorCode(`UPDATE invoices_lines SET unit_price_cents = 799.5 WHERE _parent_id = $1`, [inv.id])).toBe(SQLSTATE.check)
    expect(await db.errorCode(`UPDATE invoices_lines SET excl_vat_cents = -1, vat_cents = 79901 WHERE _parent_id = $1`, [inv.id])).toBe(SQLSTATE.check)
  })

  it('refuse a due date before the invoice date, and a void without a reason (SQL)', async () => {
    const inv = await createInvoice(payload, customerA.id)
    expect(await db.errorCode(`UPDATE invoices SET due_date = invoice_date - interval '1 day' WHERE id = $1`, [inv.id])).toBe(SQLSTATE.check)
    expect(await db.asLedgerWrite(`UPDATE invoices SET status = 'void' WHERE id = $1`, [inv.id])).toBe(SQLSTATE.check)
  })

  it('are never deleted (SQL)', async () => {
    const inv = await createInvoice(payload, customerA.id)
    expect(await db.errorCode(`DELETE FROM invoices WHERE id = $1`, [inv.id])).toBe(SQLSTATE.check)
  })
})

describe('services', () => {
  it.each([7, 0, 31, 15])('refuse billing day %s through the API and in SQL', async (day) => {
    const res = await api('/api/services', {
      ...admin,
      body: { customer: customerA.id, type: 'fibre', packageName: 'X', downloadMbps: 10, uploadMbps: 10, monthlyPriceCents: 100, installationAddress: 'x', status: 'pending', billingDay: day },
    })
    expect(res.status).toBe(400)
    expect(JSON.stringify(res.body)).toMatch(/billing day must be 1, 5, 25 or 30/i)
    expect(await db.errorCode(`UPDATE services SET billing_day = $2 WHERE id = $1`, [serviceA.id, day])).toBe(SQLSTATE.check)
  })

  it('refuse a fractional or negative monthly price (API and SQL)', async () => {
    const res = await api(`/api/services/${serviceA.id}`, { ...admin, method: 'PATCH', body: { monthlyPriceCents: 799.99 } })
    expect(res.status).toBe(400)
    expect(await db.errorCode(`UPDATE services SET monthly_price_cents = 799.99 WHERE id = $1`, [serviceA.id])).toBe(SQLSTATE.check)
    expect(await db.errorCode(`UPDATE services SET monthly_price_cents = -1 WHERE id = $1`, [serviceA.id])).toBe(SQLSTATE.check)
  })

  it('refuse a status outside the list (API and SQL)', async () => {
    // Through the API the status is not writable at all (only the lifecycle operations move it).
    const res = await api(`/api/services/${serviceA.id}`, { ...admin, method: 'PATCH', body: { status: 'paused' } })
    expect(res.status).toBe(200)
    expect(res.body.doc.status).toBe(serviceA.status)
    await expect(payload.update({ collection: 'services', id: serviceA.id, data: { status: 'paused' as never } })).rejects.toThrow()
    expect(await db.errorCode(`UPDATE services SET status = 'paused' WHERE id = $1`, [serviceA.id])).toBe(SQLSTATE.invalidEnum)
  })

  it('follow the lifecycle: cancelled is final, pending cannot be suspended (API and SQL)', async () => {
    const cancelled = await createService(payload, customerA.id, { status: 'cancelled' })
    const res = await api(`/api/services/${cancelled.id}`, { ...admin, method: 'PATCH', body: { status: 'active' } })
    expect(res.status).toBe(200)
    expect(res.body.doc.status).toBe('cancelled')
    // Even with access overridden (as the lifecycle operations write), the graph holds.
    await expect(payload.update({ collection: 'services', id: cancelled.id, data: { status: 'active' } })).rejects.toMatchObject({
      data: { errors: [expect.objectContaining({ path: 'status', message: expect.stringMatching(/cancelled is final/) })] },
    })
    expect(await db.errorCode(`UPDATE services SET status = 'active' WHERE id = $1`, [cancelled.id])).toBe(SQLSTATE.check)
    const pending = await createService(payload, customerA.id, { status: 'pending' })
    expect(await db.errorCode(`UPDATE services SET status = 'suspended' WHERE id = $1`, [pending.id])).toBe(SQLSTATE.check)
  })

  it('keep connection ids unique when present', async () => {
    const connectionId = `ISL-${Date.now()}`
    await createService(payload, customerA.id, { connectionId })
    const res = await api('/api/services', {
      ...admin,
      body: { customer: customerB.id, type: 'fibre', packageName: 'X', downloadMbps: 10, uploadMbps: 10, monthlyPriceCents: 100, installationAddress: 'x', status: 'pending', billingDay: 1, connectionId },
    })
    expect(res.status).toBe(400)
    // Many services without one are fine.
    await createService(payload, customerA.id, { status: 'pending' })
    await createService(payload, customerA.id, { status: 'pending' })
  })
})

describe('customers and billing accounts', () => {
  it('open exactly one billing account with every customer', async () => {
    const c = await createCustomer(payload)
    const accounts = await payload.find({ collection: 'billing-accounts', where: { customer: { equals: c.id } } })
    expect(accounts.docs).toHaveLength(1)
    expect(accounts.docs[0]).toMatchObject({ balanceCents: 0, creditLimitCents: 0 })
    const res = await api('/api/billing-accounts', { ...admin, body: { customer: c.id, creditLimitCents: 0 } })
    expect(res.status).toBe(400)
    expect(await db.errorCode(`INSERT INTO billing_accounts (customer_id, balance_cents, credit_limit_cents) VALUES ($1, 0, 0)`, [c.id])).toBe(SQLSTATE.unique)
  })

  it('keep email unique case-insensitively, stored trimmed and lower-cased', async () => {
    const email = `Mixed.Case.${Date.now()}@Test.Example`
    const created = await api('/api/customers', {
      ...admin,
      body: { email: `  ${email} `, password: 'correct-horse-9', firstName: 'M', lastName: 'C', accountStatus: 'active', accountType: 'residential' },
    })
    expect(created.status).toBe(201)
    expect(created.body.doc.email).toBe(email.toLowerCase())
    const again = await api('/api/customers', {
      ...admin,
      body: { email: email.toUpperCase(), password: 'correct-horse-9', firstName: 'M', lastName: 'C', accountStatus: 'active', accountType: 'residential' },
    })
    expect(again.status).toBe(400)
    expect(
      await db.errorCode(
        `INSERT INTO customers (email, first_name, last_name, account_status, account_type) VALUES ($1, 'M', 'C', 'active', 'residential')`,
        [email.toUpperCase()],
      ),
    ).toBe(SQLSTATE.unique)
  })

  it('normalise mobile numbers to 27… and refuse what is not an SA mobile', async () => {
    const ok = await api(`/api/customers/${customerA.id}`, { ...admin, method: 'PATCH', body: { mobile: '082 123 4567' } })
    expect(ok.body.doc.mobile).toBe('27821234567')
    const bad = await api(`/api/customers/${customerA.id}`, { ...admin, method: 'PATCH', body: { mobile: '012 345 678' } })
    expect(bad.status).toBe(400)
    expect(await db.errorCode(`UPDATE customers SET mobile = '0821234567' WHERE id = $1`, [customerA.id])).toBe(SQLSTATE.check)
  })

  it('refuse a negative credit limit and fractional balances (SQL)', async () => {
    expect(await db.errorCode(`UPDATE billing_accounts SET credit_limit_cents = -100 WHERE customer_id = $1`, [customerA.id])).toBe(SQLSTATE.check)
    expect(await db.asLedgerWrite(`UPDATE billing_accounts SET balance_cents = 10.5 WHERE customer_id = $1`, [customerA.id])).toBe(SQLSTATE.check)
    // Outside a ledger write the balance does not move at all (a stale write cannot undo a payment).
    expect(await db.errorCode(`UPDATE billing_accounts SET balance_cents = balance_cents + 1 WHERE customer_id = $1`, [customerA.id])).toBe(SQLSTATE.check)
  })
})

describe('payment methods and transactions', () => {
  const method = (customer: number, isPrimary: boolean) =>
    payload.create({
      collection: 'payment-methods',
      data: { customer, type: 'debit_order', displayName: 'Debit Order - FNB ***1234', lastFour: '1234', isPrimary, isActive: true },
    })

  it('allow one active primary method per customer (local API and SQL; the REST API makes none)', async () => {
    const c = await createCustomer(payload)
    await method(c.id, true)
    await expect(method(c.id, true)).rejects.toThrow()
    const res = await api('/api/payment-methods', { ...admin, body: { customer: c.id, type: 'eft', displayName: 'EFT', isPrimary: true, isActive: true } })
    expect(res.status).toBe(403)
    expect(
      await db.errorCode(`INSERT INTO payment_methods (customer_id, type, display_name, is_primary, is_active) VALUES ($1, 'eft', 'EFT', true, true)`, [c.id]),
    ).toBe(SQLSTATE.unique)
    // An inactive former primary does not count.
    await db.query(`INSERT INTO payment_methods (customer_id, type, display_name, is_primary, is_active) VALUES ($1, 'eft', 'EFT', false, false)`, [c.id])
  })

  it('keep transaction ids unique and amounts positive whole cents (Payload and SQL)', async () => {
    const transactionId = `TX-${Date.now()}`
    const body = { transactionId, kind: 'payment' as const, customer: customerA.id, amountCents: 79900, currency: 'ZAR' as const, status: 'pending' as const }
    await payload.create({ collection: 'payment-transactions', data: body })
    await expect(payload.create({ collection: 'payment-transactions', data: body })).rejects.toThrow(/invalid/i)
    // Nobody records money through the REST API: only the billing services do.
    expect((await api('/api/payment-transactions', { ...admin, body: { ...body, transactionId: `${transactionId}-api` } })).status).toBe(403)
    expect(
      await db.errorCode(`INSERT INTO payment_transactions (transaction_id, customer_id, amount_cents, currency, status) VALUES ($1, $2, 100, 'ZAR', 'completed')`, [
        transactionId,
        customerA.id,
      ]),
    ).toBe(SQLSTATE.unique)
    await expect(payload.create({ collection: 'payment-transactions', data: { ...body, transactionId: `${transactionId}-b`, amountCents: 0 } })).rejects.toThrow(/Amount/)
    expect(
      await db.errorCode(`INSERT INTO payment_transactions (transaction_id, customer_id, amount_cents, currency, status) VALUES ($1, $2, 10.5, 'ZAR', 'completed')`, [
        `${transactionId}-c`,
        customerA.id,
      ]),
    ).toBe(SQLSTATE.check)
  })

  it("refuse pointing at another customer's invoice or method (Payload and SQL)", async () => {
    const invoiceB = await createInvoice(payload, customerB.id)
    await expect(
      payload.create({
        collection: 'payment-transactions',
        data: { transactionId: `TX-X-${Date.now()}`, kind: 'payment', customer: customerA.id, invoice: invoiceB.id, amountCents: 100, currency: 'ZAR', status: 'pending' },
      }),
    ).rejects.toThrow(/invalid/i)
    expect(
      await db.errorCode(
        `INSERT INTO payment_transactions (transaction_id, customer_id, invoice_id, amount_cents, currency, status) VALUES ($1, $2, $3, 100, 'ZAR', 'pending')`,
        [`TX-Y-${Date.now()}`, customerA.id, invoiceB.id],
      ),
    ).toBe(SQLSTATE.check)
  })
})

describe('usage records', () => {
  it('hold one row per service per day (API and SQL), with the total derived', async () => {
    const first = await api('/api/usage-records', {
      ...admin,
      body: { service: serviceA.id, customer: customerA.id, date: '2026-11-20', uploadBytes: 1000, downloadBytes: 5000, source: 'manual' },
    })
    expect(first.status).toBe(201)
    expect(first.body.doc).toMatchObject({ totalBytes: 6000, date: '2026-11-19T22:00:00.000Z' })
    // Noon on the same SAST day is the same day.
    const again = await api('/api/usage-records', {
      ...admin,
      body: { service: serviceA.id, customer: customerA.id, date: '2026-11-20T10:00:00.000Z', uploadBytes: 1, downloadBytes: 1, source: 'manual' },
    })
    expect(again.status).toBe(400)
    expect(
      await db.errorCode(
        `INSERT INTO usage_records (service_id, customer_id, date, upload_bytes, download_bytes, total_bytes, source) VALUES ($1, $2, '2026-11-19T22:00:00Z', 1, 1, 2, 'manual')`,
        [serviceA.id, customerA.id],
      ),
    ).toBe(SQLSTATE.unique)
  })

  it('refuse a time of day, negative bytes and a drifting total (SQL)', async () => {
    const insert = (date: string, up: number, down: number, total: number) =>
      db.errorCode(
        `INSERT INTO usage_records (service_id, customer_id, date, upload_bytes, download_bytes, total_bytes, source) VALUES ($1, $2, $3, $4, $5, $6, 'manual')`,
        [serviceA.id, customerA.id, date, up, down, total],
      )
    expect(await insert('2026-10-01T10:00:00Z', 1, 1, 2)).toBe(SQLSTATE.check)
    expect(await insert('2026-09-30T22:00:00Z', -1, 1, 0)).toBe(SQLSTATE.check)
    // The total is recomputed by the database whatever is written.
    await insert('2026-09-29T22:00:00Z', 10, 20, 999)
    const [row] = await db.query(`SELECT total_bytes::int AS t FROM usage_records WHERE service_id = $1 AND date = '2026-09-29T22:00:00Z'`, [serviceA.id])
    expect(row.t).toBe(30)
  })

  it("refuse usage recorded against another customer's service (API and SQL)", async () => {
    const res = await api('/api/usage-records', {
      ...admin,
      body: { service: serviceB.id, customer: customerA.id, date: '2026-11-21', uploadBytes: 1, downloadBytes: 1, source: 'manual' },
    })
    expect(res.status).toBe(400)
    expect(
      await db.errorCode(
        `INSERT INTO usage_records (service_id, customer_id, date, upload_bytes, download_bytes, total_bytes, source) VALUES ($1, $2, '2026-11-21T22:00:00Z', 1, 1, 2, 'manual')`,
        [serviceB.id, customerA.id],
      ),
    ).toBe(SQLSTATE.check)
  })
})

describe('append-only logs', () => {
  it('service actions are never changed or deleted', async () => {
    const entry = await payload.create({
      collection: 'service-actions',
      data: { service: serviceA.id, customer: customerA.id, action: 'note', reason: 'Called the customer' },
    })
    expect(await db.errorCode(`UPDATE service_actions SET reason = 'rewritten' WHERE id = $1`, [entry.id])).toBe(SQLSTATE.check)
    expect(await db.errorCode(`DELETE FROM service_actions WHERE id = $1`, [entry.id])).toBe(SQLSTATE.check)
    expect((await api(`/api/service-actions/${entry.id}`, { ...admin, method: 'PATCH', body: { reason: 'x' } })).status).toBe(403)
    expect((await api(`/api/service-actions/${entry.id}`, { ...admin, method: 'DELETE' })).status).toBe(403)
  })

  it('a job run is finished once and then never changes', async () => {
    const run = await payload.create({ collection: 'job-runs', data: { jobName: 'generate-invoices', trigger: 'staff', startedAt: new Date().toISOString(), status: 'running' } })
    await payload.update({ collection: 'job-runs', id: run.id, data: { status: 'succeeded', finishedAt: new Date().toISOString(), recordsProcessed: 3 } })
    expect(await db.errorCode(`UPDATE job_runs SET records_processed = 4 WHERE id = $1`, [run.id])).toBe(SQLSTATE.check)
    expect(await db.errorCode(`DELETE FROM job_runs WHERE id = $1`, [run.id])).toBe(SQLSTATE.check)
    expect(await db.errorCode(`INSERT INTO job_runs (job_name, started_at, status) VALUES ('x', now(), 'succeeded')`)).toBe(SQLSTATE.check)
  })

  it('a notification changes only its delivery status', async () => {
    const n = await payload.create({
      collection: 'notifications',
      data: { customer: customerA.id, channel: 'sms', template: 'invoice_issued', eventKey: `test:${Date.now()}`, recipient: '27821234567', status: 'queued' },
    })
    await db.query(`UPDATE notifications SET status = 'delivered', provider_message_id = 'abc' WHERE id = $1`, [n.id])
    expect(await db.errorCode(`UPDATE notifications SET recipient = '27000000000' WHERE id = $1`, [n.id])).toBe(SQLSTATE.check)
    expect(await db.errorCode(`DELETE FROM notifications WHERE id = $1`, [n.id])).toBe(SQLSTATE.check)
  })
})
