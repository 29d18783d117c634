import fc from 'fast-check'
import type { Payload } from 'payload'
import { beforeAll, describe, expect, it } from 'vitest'

import { addDays, billingDateIn, sastDateOf, type CalendarDate } from '../../src/domain/calendarDate'
import { buildLine } from '../../src/domain/invoiceLines'
import { generateInvoicesNow } from '../../src/services/billing/generateInvoicesNow'
import { issueCreditNote } from '../../src/services/billing/issueCreditNote'
import { issueInvoice } from '../../src/services/billing/issueInvoice'
import { issueRecurringBatch, type BatchOutcome } from '../../src/services/billing/issueRecurringBatch'
import { issueRecurringInvoices } from '../../src/services/billing/issueRecurringInvoices'
import { recordPayment } from '../../src/services/billing/recordPayment'
import { reconcile } from '../../src/services/billing/reconcile'
import { withTransaction } from '../../src/services/withTransaction'
import { createCustomer } from '../factories/accounts'
import { createService } from '../factories/services'
import { testPayload } from '../helpers/payload'
import { plainSql } from '../helpers/sql'

/**
 * The invoice run's lean path (issueRecurringBatch) against the operation it stands for
 * (issueRecurringInvoices): twin customers in the same state, one billed by each, must come out
 * identical in every invoice, line, balance, allocation, job and next billing date.
 */

let payload: Payload
const db = plainSql()

beforeAll(async () => {
  payload = await testPayload()
})

type State = {
  billingDay: 1 | 5 | 25 | 30
  business: boolean
  priceCents: number
  service: 'active' | 'suspended' | 'paused'
  year: number
  month: number
  asOfOffset: number
  earlierInvoiceCents: number
  paymentCents: number
  /** The earlier invoice credited in full after the payment: account credit from a credit note. */
  creditNote: boolean
}

const stateArb: fc.Arbitrary<State> = fc.record({
  billingDay: fc.constantFrom(1, 5, 25, 30),
  business: fc.boolean(),
  priceCents: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 250_000 })),
  service: fc.constantFrom('active', 'active', 'suspended', 'paused'),
  // Billing dates around month ends: November 2026 to March 2027 (February has no 30th).
  year: fc.constant(2027),
  month: fc.integer({ min: 0, max: 3 }),
  // From before the issue window opens to more than a month after the billing date (two periods).
  asOfOffset: fc.integer({ min: -10, max: 40 }),
  earlierInvoiceCents: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 150_000 })),
  paymentCents: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 400_000 })),
  creditNote: fc.boolean(),
})

const dateOf = (s: State): CalendarDate => (s.month === 0 ? billingDateIn(2026, 12, s.billingDay) : billingDateIn(s.year, s.month, s.billingDay))

/** One customer and service in the state; returns their ids. */
async function twin(s: State): Promise<{ customerId: number; serviceId: number }> {
  const customer = await createCustomer(payload)
  if (s.business) {
    await payload.update({ collection: 'customers', id: customer.id, data: { accountType: 'business', companyName: 'Twin Trading (Pty) Ltd' } })
  }
  const nextBillingDate = dateOf(s)
  const service = await createService(payload, customer.id, {
    billingDay: s.billingDay,
    monthlyPriceCents: s.priceCents,
    activationDate: addDays(nextBillingDate, -45),
    nextBillingDate,
    status: s.service === 'active' ? 'active' : 'suspended',
    suspensionDate: s.service === 'active' ? undefined : addDays(nextBillingDate, -20),
    billingPaused: s.service === 'paused',
  })
  let earlierId: number | undefined
  if (s.earlierInvoiceCents > 0) {
    earlierId = await withTransaction(payload, async (req) => (await
      issueInvoice(req, {
        customerId: customer.id,
        kind: 'adhoc',
        invoiceDate: addDays(nextBillingDate, -30),
        dueDate: addDays(nextBillingDate, -23),
        lines: [buildLine({ description: 'Router', kind: 'equipment', unitPriceCents: s.earlierInvoiceCents, accountType: s.business ? 'business' : 'residential', invoiceDate: addDays(nextBillingDate, -30) })],
      })).id,
    )
  }
  if (s.paymentCents > 0) {
    const paid = await recordPayment(payload, { customerId: customer.id, amountCents: s.paymentCents, transactionId: `twin-${customer.id}`, receivedAt: new Date(`${addDays(nextBillingDate, -25)}T08:00:00Z`) })
    expect(paid.ok).toBe(true)
  }
  if (s.creditNote && earlierId !== undefined) {
    const credited = await issueCreditNote(payload, { invoiceId: earlierId, reason: 'Router returned', creditDate: addDays(nextBillingDate, -20) })
    expect(credited.ok).toBe(true)
  }
  return { customerId: customer.id, serviceId: service.id }
}

/** Everything billing wrote for a customer, with its own ids replaced by their order of appearance. */
async function picture(customerId: number, serviceId: number) {
  const invoices = await db.query(`
    SELECT id, kind, status, invoice_date, due_date, period_start, period_end, subtotal_cents, vat_cents, total_cents,
           amount_paid_cents, amount_due_cents, service_id, invoice_number IS NOT NULL AS numbered
      FROM invoices WHERE customer_id = $1 ORDER BY id`, [customerId])
  const ids = new Map<number, string>(invoices.map((r, i) => [Number(r.id), `invoice#${i}`]))
  const name = (id: unknown) => (id === null || id === undefined ? null : ids.get(Number(id)) ?? `foreign:${id}`)
  const lines = await db.query(`
    SELECT _parent_id, _order, description, kind, quantity, unit_price_cents, excl_vat_cents, vat_rate_basis_points, vat_cents, incl_vat_cents
      FROM invoices_lines WHERE _parent_id IN (SELECT id FROM invoices WHERE customer_id = $1) ORDER BY _parent_id, _order`, [customerId])
  const payments = await db.query(`SELECT id FROM payment_transactions WHERE customer_id = $1 ORDER BY id`, [customerId])
  const paymentIds = new Map<number, string>(payments.map((r, i) => [Number(r.id), `payment#${i}`]))
  const allocations = await db.query(`
    SELECT invoice_id, payment_id, credit_note_id, amount_cents FROM payment_allocations WHERE customer_id = $1 ORDER BY id`, [customerId])
  const [account] = await db.query(`SELECT balance_cents FROM billing_accounts WHERE customer_id = $1`, [customerId])
  const [service] = await db.query(`SELECT next_billing_date FROM services WHERE id = $1`, [serviceId])
  const jobs = await db.query(`
    SELECT task_slug, queue, input, processing, total_tried::int AS tried, has_error, wait_until, completed_at
      FROM payload_jobs
     WHERE (input->>'customerId')::int = $1
        OR (input->>'invoiceId')::int IN (SELECT id FROM invoices WHERE customer_id = $2)
     ORDER BY id`, [customerId, customerId])
  return {
    invoices: invoices.map(({ id, service_id, ...rest }) => ({ ...rest, id: name(id), service: service_id === null ? null : Number(service_id) === serviceId ? 'the service' : 'other' })),
    lines: lines.map(({ _parent_id, ...rest }) => ({ ...rest, invoice: name(_parent_id) })),
    allocations: allocations.map((a) => ({ invoice: name(a.invoice_id), payment: a.payment_id === null ? null : paymentIds.get(Number(a.payment_id)), creditNote: name(a.credit_note_id), amount: a.amount_cents })),
    balance: account.balance_cents,
    nextBillingDate: service.next_billing_date ? sastDateOf(service.next_billing_date as Date) : null,
    jobs: jobs.map((j) => {
      const input = { ...(j.input as Record<string, unknown>) }
      if ('invoiceId' in input) input.invoiceId = name(input.invoiceId)
      if ('customerId' in input) input.customerId = Number(input.customerId) === customerId ? 'the customer' : 'other'
      if ('serviceId' in input) input.serviceId = Number(input.serviceId) === serviceId ? 'the service' : 'other'
      if (typeof input.eventKey === 'string') input.eventKey = input.eventKey.replace(/^invoice:(\d+)$/, (_, id) => `invoice:${name(id)}`)
      return { ...j, input }
    }),
  }
}

const normalise = (text: string, serviceId: number) => text.replaceAll(String(serviceId), '<service>')

describe('the lean invoice run', () => {
  it('issues exactly what the operation it stands for issues, for random service and account states', async () => {
    await fc.assert(
      fc.asyncProperty(stateArb, async (s) => {
        const asOf = addDays(dateOf(s), s.asOfOffset)
        const a = await twin(s)
        const b = await twin(s)

        const reference = await issueRecurringInvoices(payload, { serviceId: a.serviceId, asOf })
        const outcomes: BatchOutcome[] = []
        await issueRecurringBatch(payload, { serviceIds: [b.serviceId], asOf, onOutcome: (o) => outcomes.push(o) })
        expect(outcomes).toHaveLength(1)
        const lean = outcomes[0]

        if (!reference.ok) {
          expect(lean.outcome).toBe('failed')
          expect(lean.outcome === 'failed' && normalise(lean.reason, b.serviceId)).toBe(normalise(reference.message, a.serviceId))
        } else if (reference.value.issued.length > 0) {
          expect(lean.outcome).toBe('issued')
          expect(lean.outcome === 'issued' && lean.invoiceIds.length).toBe(reference.value.issued.length)
        } else {
          expect(lean.outcome).toBe('skipped')
        }
        expect(await picture(b.customerId, b.serviceId)).toEqual(await picture(a.customerId, a.serviceId))
        expect(await reconcile(payload, { customerIds: [a.customerId, b.customerId] })).toEqual([])
      }),
      { numRuns: 40, seed: 20261204, endOnFailure: true },
    )
  }, 240_000)

  it('bills a customer in credit from that credit, two services at once and a second period a stopped run missed', async () => {
    const customer = await createCustomer(payload)
    const first = await createService(payload, customer.id, { billingDay: 1, activationDate: '2026-09-10', nextBillingDate: '2026-11-01' })
    const second = await createService(payload, customer.id, { billingDay: 25, monthlyPriceCents: 39900, activationDate: '2026-09-10', nextBillingDate: '2026-11-25' })
    await recordPayment(payload, { customerId: customer.id, amountCents: 100_000, transactionId: `credit-${customer.id}`, receivedAt: new Date('2026-10-20T08:00:00Z') })
    const outcomes: BatchOutcome[] = []
    await issueRecurringBatch(payload, { serviceIds: [first.id, second.id], asOf: '2026-11-25', onOutcome: (o) => outcomes.push(o) })
    // The first service owes November and December, the second the period from 25 November.
    expect(outcomes.map((o) => [o.serviceId, o.outcome, o.outcome === 'issued' ? o.invoiceIds.length : 0])).toEqual([
      [first.id, 'issued', 2],
      [second.id, 'issued', 1],
    ])
    const invoices = await db.query(`SELECT total_cents::int AS total, amount_paid_cents::int AS paid, status FROM invoices WHERE customer_id = $1 ORDER BY id`, [customer.id])
    // R 1 000 of credit pays the oldest first: November in full, R 201 of December.
    expect(invoices).toEqual([
      { total: 79900, paid: 79900, status: 'paid' },
      { total: 79900, paid: 20100, status: 'partially_paid' },
      { total: 39900, paid: 0, status: 'unpaid' },
    ])
    const [account] = await db.query(`SELECT balance_cents::int AS balance FROM billing_accounts WHERE customer_id = $1`, [customer.id])
    expect(account.balance).toBe(79900 * 2 + 39900 - 100_000)
    expect(await reconcile(payload, { customerIds: [customer.id] })).toEqual([])
  })

  it('skips from one query what is not due, and reports what is unknown or not billable, without a transaction', async () => {
    const customer = await createCustomer(payload)
    const later = await createService(payload, customer.id, { billingDay: 1, activationDate: '2026-10-10', nextBillingDate: '2027-01-01' })
    const cancelled = await createService(payload, customer.id, { status: 'cancelled', activationDate: '2026-10-10', cancellationDate: '2026-11-20' })
    const outcomes: BatchOutcome[] = []
    await issueRecurringBatch(payload, { serviceIds: [later.id, 99_999_999, cancelled.id], asOf: '2026-11-24', onOutcome: (o) => outcomes.push(o) })
    expect(outcomes).toEqual([
      { serviceId: later.id, outcome: 'skipped', reason: 'nothing due: the next invoice goes out on 2026-12-25' },
      { serviceId: 99_999_999, outcome: 'failed', reason: 'No service 99999999' },
      { serviceId: cancelled.id, outcome: 'failed', reason: `Service ${cancelled.id} is cancelled: nothing to bill` },
    ])
  })

  it('four callers over the same 500 services issue each invoice once, and reconcile is clean', async () => {
    const serviceIds: number[] = []
    const customerIds: number[] = []
    // 250 customers with two services each (the callers meet on accounts as well as services),
    // every tenth in credit, billing days around the month end.
    const days = [1, 5, 25, 30] as const
    for (let at = 0; at < 250; at += 10) {
      await Promise.all(
        Array.from({ length: 10 }, async (_, k) => {
          const i = at + k
          const customer = await createCustomer(payload)
          customerIds.push(customer.id)
          for (const j of [0, 1]) {
            const day = days[(i + j) % 4]
            const service = await createService(payload, customer.id, { billingDay: day, activationDate: '2026-09-10', nextBillingDate: billingDateIn(2026, 12, day) })
            serviceIds.push(service.id)
          }
          if (i % 10 === 0) await recordPayment(payload, { customerId: customer.id, amountCents: 50_000, transactionId: `four-${customer.id}`, receivedAt: new Date('2026-11-20T08:00:00Z') })
        }),
      )
    }
    expect(serviceIds).toHaveLength(500)
    const orders = [serviceIds, [...serviceIds].reverse(), serviceIds.filter((_, i) => i % 2 === 0).concat(serviceIds.filter((_, i) => i % 2 === 1)), [...serviceIds].sort((x, y) => (x * 7919) % 503 - (y * 7919) % 503)]
    const reports = await Promise.all(orders.map((ids) => generateInvoicesNow(payload, { asOf: '2026-12-24', serviceIds: ids, now: new Date() })))
    expect(reports.map((r) => r.failed)).toEqual([0, 0, 0, 0])
    // As of 24 December each service owes the period starting on its December billing day, and no more (the window reaches the 31st).
    const issued = await db.query(`
      SELECT service_id, period_start, count(*)::int AS n FROM invoices
       WHERE kind = 'recurring' AND status <> 'void' AND service_id = ANY($1::int[]) GROUP BY 1, 2`, [serviceIds])
    expect(issued.every((r) => r.n === 1)).toBe(true)
    const perService = new Map<number, number>()
    for (const r of issued) perService.set(Number(r.service_id), (perService.get(Number(r.service_id)) ?? 0) + 1)
    expect(serviceIds.every((id) => (perService.get(id) ?? 0) >= 1)).toBe(true)
    expect(reports.reduce((n, r) => n + r.invoicesIssued, 0)).toBe(issued.length)
    const jobs = await db.query(`
      SELECT task_slug, count(*)::int AS n, count(DISTINCT input->>'invoiceId')::int AS invoices FROM payload_jobs
       WHERE (input->>'invoiceId')::int IN (SELECT id FROM invoices WHERE kind = 'recurring' AND service_id = ANY($1::int[]))
       GROUP BY 1 ORDER BY 1`, [serviceIds])
    expect(jobs).toEqual([
      { task_slug: 'notifyCustomer', n: issued.length, invoices: issued.length },
      { task_slug: 'renderInvoicePdf', n: issued.length, invoices: issued.length },
    ])
    expect(await reconcile(payload, { customerIds })).toEqual([])
  }, 240_000)
})
