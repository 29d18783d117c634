import fc from 'fast-check'
import type { Payload } from 'payload'
import { beforeAll, describe, expect, it } from 'vitest'

import { sastDateOf } from '../../src/domain/calendarDate'
import { buildLine } from '../../src/domain/invoiceLines'
import { issueAdhocInvoice } from '../../src/services/billing/issueAdhocInvoice'
import { issueInvoice } from '../../src/services/billing/issueInvoice'
import { issueProRataInvoice } from '../../src/services/billing/issueProRataInvoice'
import { issueRecurringInvoices } from '../../src/services/billing/issueRecurringInvoices'
import { markOverdueInvoices } from '../../src/services/billing/markOverdueInvoices'
import { recordPayment } from '../../src/services/billing/recordPayment'
import { reconcile } from '../../src/services/billing/reconcile'
import { settleCancellation } from '../../src/services/billing/settleCancellation'
import { voidInvoice } from '../../src/services/billing/voidInvoice'
import { withTransaction } from '../../src/services/withTransaction'
import { createCustomer, createStaff } from '../factories/accounts'
import { createService } from '../factories/services'
import { api, loginStaff } from '../helpers/http'
import { testPayload } from '../helpers/payload'
import { plainSql } from '../helpers/sql'

let payload: Payload
const db = plainSql()

beforeAll(async () => {
  payload = await testPayload()
})

const balanceOf = async (customerId: number) =>
  (await payload.find({ collection: 'billing-accounts', where: { customer: { equals: customerId } }, depth: 0 })).docs[0].balanceCents
const invoicesOf = (customerId: number) =>
  payload.find({ collection: 'invoices', where: { customer: { equals: customerId } }, sort: 'invoiceDate', depth: 0, pagination: false }).then((r) => r.docs)

async function adhocInvoice(customerId: number, cents: number, invoiceDate = '2026-11-01', dueDate = '2026-11-08') {
  return withTransaction(payload, (req) =>
    issueInvoice(req, {
      customerId,
      kind: 'adhoc',
      invoiceDate,
      dueDate,
      lines: [buildLine({ description: 'Router', kind: 'equipment', unitPriceCents: cents, accountType: 'residential', invoiceDate })],
    }),
  )
}

describe('the demo data', () => {
  it('reconciles before anything else happens', async () => {
    const demo = await payload.find({ collection: 'customers', where: { email: { like: 'demo.test' } }, pagination: false, depth: 0 })
    expect(demo.docs.length).toBeGreaterThanOrEqual(50)
    expect(await reconcile(payload, { customerIds: demo.docs.map((c) => c.id) })).toEqual([])
  })
})

describe('recurring invoices', () => {
  it('10 parallel attempts for one period issue exactly one invoice', async () => {
    const customer = await createCustomer(payload)
    const service = await createService(payload, customer.id, { activationDate: '2026-10-15', nextBillingDate: '2026-12-01', billingDay: 1 })
    const results = await Promise.all(Array.from({ length: 10 }, () => issueRecurringInvoices(payload, { serviceId: service.id, asOf: '2026-11-24' })))
    expect(results.every((r) => r.ok)).toBe(true)
    const issued = results.flatMap((r) => (r.ok ? r.value.issued : []))
    expect(issued).toHaveLength(1)
    const invoices = await invoicesOf(customer.id)
    expect(invoices).toHaveLength(1)
    expect(invoices[0]).toMatchObject({ kind: 'recurring', status: 'unpaid', totalCents: 79900, subtotalCents: 69478, vatCents: 10422 })
    expect(sastDateOf(invoices[0].periodStart!)).toBe('2026-12-01')
    expect(sastDateOf(invoices[0].periodEnd!)).toBe('2026-12-31')
    expect(sastDateOf(invoices[0].dueDate)).toBe('2026-12-01')
    expect(await balanceOf(customer.id)).toBe(79900)
    const after = await payload.findByID({ collection: 'services', id: service.id, depth: 0 })
    expect(sastDateOf(after.nextBillingDate!)).toBe('2027-01-01')
  })

  it('is not issued more than 7 days ahead, and a rerun issues nothing new', async () => {
    const customer = await createCustomer(payload)
    const service = await createService(payload, customer.id, { activationDate: '2026-10-15', nextBillingDate: '2026-12-01', billingDay: 1 })
    const early = await issueRecurringInvoices(payload, { serviceId: service.id, asOf: '2026-11-23' })
    expect(early.ok && early.value.issued).toEqual([])
    await issueRecurringInvoices(payload, { serviceId: service.id, asOf: '2026-11-24' })
    const again = await issueRecurringInvoices(payload, { serviceId: service.id, asOf: '2026-11-24' })
    expect(again.ok && again.value.issued).toEqual([])
    expect(await invoicesOf(customer.id)).toHaveLength(1)
  })

  it('catches up periods a stopped runner missed, one invoice each, in order', async () => {
    const customer = await createCustomer(payload)
    const service = await createService(payload, customer.id, { activationDate: '2026-07-20', nextBillingDate: '2026-09-25', billingDay: 25 })
    const result = await issueRecurringInvoices(payload, { serviceId: service.id, asOf: '2026-11-28' })
    expect(result.ok && result.value.issued.map((i) => sastDateOf(i.periodStart!))).toEqual(['2026-09-25', '2026-10-25', '2026-11-25'])
    // Late invoices are due on the day they are issued, never before.
    expect(result.ok && result.value.issued.every((i) => sastDateOf(i.dueDate) === '2026-11-28')).toBe(true)
  })

  it('is refused for a service that is not billable', async () => {
    const customer = await createCustomer(payload)
    const pending = await createService(payload, customer.id, { status: 'pending' })
    const result = await issueRecurringInvoices(payload, { serviceId: pending.id, asOf: '2026-11-28' })
    expect(result).toMatchObject({ ok: false, code: 'NOT_BILLABLE' })
  })
})

describe('payments', () => {
  it('20 parallel payments against one invoice leave exact totals', async () => {
    const customer = await createCustomer(payload)
    const invoice = await adhocInvoice(customer.id, 79900)
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        recordPayment(payload, { customerId: customer.id, amountCents: 3995, transactionId: `PAR-${customer.id}-${i}`, invoiceId: invoice.id, receivedAt: new Date('2026-11-05T10:00:00Z') }),
      ),
    )
    expect(results.every((r) => r.ok)).toBe(true)
    const after = await payload.findByID({ collection: 'invoices', id: invoice.id, depth: 0 })
    expect(after).toMatchObject({ amountPaidCents: 79900, amountDueCents: 0, status: 'paid' })
    expect(await balanceOf(customer.id)).toBe(0)
  })

  it('allocates to the named invoice, then the oldest unpaid, and keeps the rest as credit', async () => {
    const customer = await createCustomer(payload)
    const older = await adhocInvoice(customer.id, 10000, '2026-09-01', '2026-09-08')
    const newer = await adhocInvoice(customer.id, 20000, '2026-10-01', '2026-10-08')
    const partial = await recordPayment(payload, { customerId: customer.id, amountCents: 15000, transactionId: `OLD-${customer.id}-1`, receivedAt: new Date('2026-10-02T08:00:00Z') })
    expect(partial.ok && partial.value.allocations).toEqual([
      { invoiceId: older.id, amountCents: 10000 },
      { invoiceId: newer.id, amountCents: 5000 },
    ])
    expect((await payload.findByID({ collection: 'invoices', id: newer.id })).status).toBe('partially_paid')
    const over = await recordPayment(payload, { customerId: customer.id, amountCents: 25000, transactionId: `OLD-${customer.id}-2`, receivedAt: new Date('2026-10-03T08:00:00Z') })
    expect(over.ok && over.value.creditCents).toBe(10000)
    expect(await balanceOf(customer.id)).toBe(-10000)
  })

  it('recording the same transaction twice changes nothing the second time', async () => {
    const customer = await createCustomer(payload)
    await adhocInvoice(customer.id, 50000)
    const input = { customerId: customer.id, amountCents: 50000, transactionId: `DUP-${customer.id}`, receivedAt: new Date('2026-11-05T10:00:00Z') }
    const [a, b] = await Promise.all([recordPayment(payload, input), recordPayment(payload, input)])
    const c = await recordPayment(payload, input)
    expect([a, b, c].every((r) => r.ok)).toBe(true)
    expect([a, b, c].filter((r) => r.ok && !r.value.alreadyRecorded)).toHaveLength(1)
    expect((await payload.count({ collection: 'payment-transactions', where: { transactionId: { equals: input.transactionId } } })).totalDocs).toBe(1)
    expect(await balanceOf(customer.id)).toBe(0)
  })

  it('refuses a transaction id already recorded for another customer or amount, changing nothing', async () => {
    const customer = await createCustomer(payload)
    const other = await createCustomer(payload)
    await adhocInvoice(customer.id, 30000)
    const first = await recordPayment(payload, { customerId: customer.id, amountCents: 30000, transactionId: `REUSE-${customer.id}`, receivedAt: new Date('2026-11-05T10:00:00Z') })
    expect(first.ok).toBe(true)
    for (const reuse of [
      { customerId: other.id, amountCents: 30000 },
      { customerId: customer.id, amountCents: 29999 },
    ]) {
      expect(await recordPayment(payload, { ...reuse, transactionId: `REUSE-${customer.id}`, receivedAt: new Date('2026-11-06T10:00:00Z') })).toMatchObject({
        ok: false,
        code: 'TRANSACTION_ID_REUSED',
        field: 'transactionId',
      })
    }
    expect(await balanceOf(customer.id)).toBe(0)
    expect(await balanceOf(other.id)).toBe(0)
  })

  it('account credit pays the next invoice as soon as it is issued', async () => {
    const customer = await createCustomer(payload)
    await adhocInvoice(customer.id, 10000, '2026-10-01', '2026-10-08')
    const over = await recordPayment(payload, { customerId: customer.id, amountCents: 25000, transactionId: `CRED-${customer.id}`, receivedAt: new Date('2026-10-02T08:00:00Z') })
    expect(over.ok && over.value.creditCents).toBe(15000)
    expect(await balanceOf(customer.id)).toBe(-15000)

    const covered = await adhocInvoice(customer.id, 10000, '2026-11-01', '2026-11-08')
    expect(covered).toMatchObject({ status: 'paid', amountPaidCents: 10000, amountDueCents: 0 })
    const partly = await adhocInvoice(customer.id, 8000, '2026-11-02', '2026-11-09')
    expect(partly).toMatchObject({ status: 'partially_paid', amountPaidCents: 5000, amountDueCents: 3000 })
    expect(await balanceOf(customer.id)).toBe(3000)
    const allocations = await payload.find({ collection: 'payment-allocations', where: { customer: { equals: customer.id } }, depth: 0, pagination: false })
    expect(allocations.docs.reduce((sum, a) => sum + a.amountCents, 0)).toBe(25000)
    expect(await reconcile(payload, { customerIds: [customer.id] })).toEqual([])
  })

  it('an invoice for nothing is issued paid', async () => {
    const customer = await createCustomer(payload)
    const free = await adhocInvoice(customer.id, 0)
    expect(free).toMatchObject({ status: 'paid', totalCents: 0, amountDueCents: 0 })
    expect(await balanceOf(customer.id)).toBe(0)
  })

  it('refuses a non-positive or fractional amount and another customer’s invoice', async () => {
    const customer = await createCustomer(payload)
    const other = await createCustomer(payload)
    const theirs = await adhocInvoice(other.id, 1000)
    expect(await recordPayment(payload, { customerId: customer.id, amountCents: 0, transactionId: `BAD-${customer.id}-0`, receivedAt: new Date() })).toMatchObject({ ok: false, code: 'INVALID_AMOUNT' })
    expect(await recordPayment(payload, { customerId: customer.id, amountCents: 10.5, transactionId: `BAD-${customer.id}-1`, receivedAt: new Date() })).toMatchObject({ ok: false, code: 'INVALID_AMOUNT' })
    expect(await recordPayment(payload, { customerId: customer.id, amountCents: 100, transactionId: `BAD-${customer.id}-2`, invoiceId: theirs.id, receivedAt: new Date() })).toMatchObject({ ok: false, code: 'UNKNOWN_INVOICE' })
    expect(await balanceOf(customer.id)).toBe(0)
  })
})

describe('voiding and overdue', () => {
  it('voids an unpaid invoice with a reason and takes it off the balance; refuses a paid one', async () => {
    const customer = await createCustomer(payload)
    const unpaid = await adhocInvoice(customer.id, 30000)
    expect(await voidInvoice(payload, { invoiceId: unpaid.id, reason: ' ', now: new Date() })).toMatchObject({ ok: false, code: 'REASON_REQUIRED' })
    const voided = await voidInvoice(payload, { invoiceId: unpaid.id, reason: 'Raised in error', now: new Date() })
    expect(voided).toMatchObject({ ok: true, value: { status: 'void', voidReason: 'Raised in error' } })
    expect(await balanceOf(customer.id)).toBe(0)
    const paid = await adhocInvoice(customer.id, 1000)
    await recordPayment(payload, { customerId: customer.id, amountCents: 1000, transactionId: `VOID-${customer.id}`, receivedAt: new Date() })
    expect(await voidInvoice(payload, { invoiceId: paid.id, reason: 'x', now: new Date() })).toMatchObject({ ok: false, code: 'NOT_VOIDABLE' })
  })

  it('marks unpaid invoices past their due date overdue, idempotently', async () => {
    const customer = await createCustomer(payload)
    const inv = await adhocInvoice(customer.id, 1000, '2026-01-01', '2026-01-08')
    expect(await markOverdueInvoices(payload, '2026-01-09')).toBeGreaterThanOrEqual(1)
    expect((await payload.findByID({ collection: 'invoices', id: inv.id })).status).toBe('overdue')
    await markOverdueInvoices(payload, '2026-01-09')
    expect((await payload.findByID({ collection: 'invoices', id: inv.id })).status).toBe('overdue')
  })
})

describe('activation and cancellation', () => {
  it('bills 16 of 30 days for an activation on 15 Nov, then credits unused prepaid days on cancellation', async () => {
    const customer = await createCustomer(payload)
    const service = await createService(payload, customer.id, { activationDate: '2026-11-15', billingDay: 1 })
    const activation = await withTransaction(payload, (req) =>
      issueProRataInvoice(req, { service, customerId: customer.id, accountType: 'residential', kind: 'activation', date: '2026-11-15', invoiceDate: '2026-11-15' }),
    )
    expect(activation.invoice.totalCents).toBe(42613)
    expect(activation.nextBillingDate).toBe('2026-12-01')
    expect(activation.explanation).toBe('16 of 30 days (15 Nov to 30 Nov) of R 799.00 = R 426.13 incl. VAT')
    await payload.update({ collection: 'services', id: service.id, data: { nextBillingDate: activation.nextBillingDate } })
    await issueRecurringInvoices(payload, { serviceId: service.id, asOf: '2026-11-24' })
    // Pays November, not yet December; cancels on 25 Nov, the day after December was invoiced.
    await recordPayment(payload, { customerId: customer.id, amountCents: 42613, transactionId: `ACT-${customer.id}`, receivedAt: new Date('2026-11-20T08:00:00Z') })
    const settlement = await withTransaction(payload, async (req) => {
      const fresh = await req.payload.findByID({ collection: 'services', id: service.id, depth: 0, req })
      return settleCancellation(req, { service: fresh, customerId: customer.id, accountType: 'residential', cancellationDate: '2026-11-25', invoiceDate: '2026-11-25' })
    })
    expect(settlement.finalInvoice).toBeUndefined()
    // November: charged 42613 for 15..30 Nov; used 15..25 = 11 days = 79900 x 11 / 30 = 29296.67 -> 29297; credit 13316.
    // December: invoiced 79900 in advance and never used: credited in full, which settles it.
    expect(settlement.creditNotes.map((n) => n.totalCents)).toEqual([13316, 79900])
    const december = (await invoicesOf(customer.id)).find((i) => i.kind === 'recurring')!
    expect(december).toMatchObject({ status: 'paid', amountDueCents: 0 })
    expect(await balanceOf(customer.id)).toBe(-13316)
  })

  it('charges a final invoice for used days that were never invoiced', async () => {
    const customer = await createCustomer(payload)
    const service = await createService(payload, customer.id, { activationDate: '2026-10-01', billingDay: 1 })
    const settlement = await withTransaction(payload, (req) =>
      settleCancellation(req, { service, customerId: customer.id, accountType: 'residential', cancellationDate: '2026-12-02', invoiceDate: '2026-12-02' }),
    )
    expect(settlement.finalInvoice?.totalCents).toBe(5155)
    expect(settlement.creditNotes).toEqual([])
  })
})

describe('the ledger', () => {
  it('any sequence of invoices, payments, voids and cancellations leaves reconcile clean (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant('invoice' as const), cents: fc.integer({ min: 1, max: 500_000 }) }),
            fc.record({ op: fc.constant('pay' as const), cents: fc.integer({ min: 1, max: 500_000 }), named: fc.boolean() }),
            fc.record({ op: fc.constant('void' as const) }),
          ),
          { minLength: 1, maxLength: 8 },
        ),
        async (ops) => {
          const customer = await createCustomer(payload)
          const invoices: number[] = []
          let n = 0
          for (const step of ops) {
            if (step.op === 'invoice') invoices.push((await adhocInvoice(customer.id, step.cents)).id)
            if (step.op === 'pay') {
              await recordPayment(payload, {
                customerId: customer.id,
                amountCents: step.cents,
                transactionId: `PROP-${customer.id}-${n++}`,
                invoiceId: step.named ? invoices.at(-1) : undefined,
                receivedAt: new Date('2026-11-05T10:00:00Z'),
              })
            }
            if (step.op === 'void' && invoices.length) await voidInvoice(payload, { invoiceId: invoices.at(-1)!, reason: 'property test', now: new Date() })
          }
          expect(await reconcile(payload, { customerIds: [customer.id] })).toEqual([])
        },
      ),
      { numRuns: 12 },
    )
  })

  it('reports a balance that no longer matches its documents', async () => {
    const customer = await createCustomer(payload)
    await adhocInvoice(customer.id, 1000)
    expect(await db.asLedgerWrite(`UPDATE billing_accounts SET balance_cents = balance_cents + 1 WHERE customer_id = $1`, [customer.id])).toBeUndefined()
    try {
      const problems = await reconcile(payload, { customerIds: [customer.id] })
      expect(problems).toEqual([
        expect.objectContaining({ check: 'balance = invoices - credit notes - payments', subject: customer.accountNumber, expected: '1000', actual: '1001' }),
      ])
    } finally {
      await db.asLedgerWrite(`UPDATE billing_accounts SET balance_cents = balance_cents - 1 WHERE customer_id = $1`, [customer.id])
    }
  })
})

describe('ad-hoc invoices', () => {
  it('prices staff-entered lines for the account type, due 7 days after issue', async () => {
    const customer = await createCustomer(payload)
    const result = await issueAdhocInvoice(payload, {
      customerId: customer.id,
      invoiceDate: '2026-11-28',
      kind: 'installation',
      lines: [
        { description: 'Fibre installation', kind: 'installation', unitPriceCents: 99900 },
        { description: 'Wi-Fi router', kind: 'equipment', unitPriceCents: 45000, quantity: 2 },
      ],
    })
    expect(result.ok).toBe(true)
    const invoice = result.ok ? result.value : undefined
    // 99900 incl.: VAT 13030; 90000 incl.: VAT 11739 (11739.13); totals 189900 = 165131 + 24769
    expect(invoice).toMatchObject({ kind: 'installation', status: 'unpaid', totalCents: 189900, vatCents: 24769, subtotalCents: 165131 })
    expect(sastDateOf(invoice!.dueDate)).toBe('2026-12-05')
    expect(await balanceOf(customer.id)).toBe(189900)
  })

  it.each([
    [[], 'lines'],
    [[{ description: ' ', unitPriceCents: 100 }], 'lines.0.description'],
    [[{ description: 'x', unitPriceCents: 10.5 }], 'lines.0.unitPriceCents'],
    [[{ description: 'x', unitPriceCents: 100, quantity: 0 }], 'lines.0.quantity'],
  ])('refuses %o, naming %s, and issues nothing', async (lines, field) => {
    const customer = await createCustomer(payload)
    const result = await issueAdhocInvoice(payload, { customerId: customer.id, invoiceDate: '2026-11-28', lines })
    expect(result).toMatchObject({ ok: false, field })
    expect(await invoicesOf(customer.id)).toEqual([])
  })
})

describe('issued invoices through the API', () => {
  it('cannot be edited (amounts, status, dates), so the ledger stays true; drafts can', async () => {
    const staff = await createStaff(payload, 'admin')
    const admin = { jwt: await loginStaff(staff.email, staff.password) }
    const customer = await createCustomer(payload)
    const issued = await adhocInvoice(customer.id, 50000)
    for (const change of [{ status: 'paid' }, { status: 'void', voidReason: 'x' }, { dueDate: '2027-01-01' }, { lines: [{ ...issued.lines[0], unitPriceCents: 1, exclVatCents: 1, vatCents: 0, inclVatCents: 1 }] }]) {
      const res = await api(`/api/invoices/${issued.id}`, { ...admin, method: 'PATCH', body: change })
      expect(res.status).toBe(400)
      // Status and void details are refused as fields only the billing operations set; the rest as issued-invoice edits.
      expect(JSON.stringify(res.body)).toMatch(/issued invoice cannot be edited|Set by the billing operations|voided through the billing operations/)
    }
    expect(await payload.findByID({ collection: 'invoices', id: issued.id })).toMatchObject({ status: 'unpaid', totalCents: 50000 })
    expect(await balanceOf(customer.id)).toBe(50000)
    const note = await api(`/api/invoices/${issued.id}`, { ...admin, method: 'PATCH', body: { notes: 'customer disputes the router' } })
    expect(note.status).toBe(200)

    const draft = await payload.create({
      collection: 'invoices',
      data: { customer: customer.id, kind: 'adhoc', status: 'draft', invoiceDate: '2026-11-28', dueDate: '2026-12-05', lines: [{ ...issued.lines[0], id: undefined }] as never },
    })
    const edit = await api(`/api/invoices/${draft.id}`, { ...admin, method: 'PATCH', body: { dueDate: '2026-12-10' } })
    expect(edit.status).toBe(200)
    expect(await balanceOf(customer.id)).toBe(50000)
    expect(await reconcile(payload, { customerIds: [customer.id] })).toEqual([])
  })
})
