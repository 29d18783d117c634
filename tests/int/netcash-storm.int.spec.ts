import { createLocalReq, type Payload } from 'payload'
import { beforeAll, describe, expect, it } from 'vitest'

import { sastDateOf } from '../../src/domain/calendarDate'
import { issueAdhocInvoice } from '../../src/services/billing/issueAdhocInvoice'
import { reconcile } from '../../src/services/billing/reconcile'
import { startPayNow } from '../../src/services/netcash/payNow'
import { addPaymentMethod } from '../../src/services/paymentMethods/addPaymentMethod'
import { createCustomer } from '../factories/accounts'
import { testPayload } from '../helpers/payload'
import { plainSql } from '../helpers/sql'

/**
 * A storm of NetCash postbacks over HTTP, as a bad day at the gateway delivers them: 1,000 in all
 * for 200 invoices, 20% of them copies, 10% delivered out of order, 5% forged, ten at a time; then
 * their jobs worked four at once. Afterwards every invoice, balance, Pay Now attempt and mandate
 * must be exactly what the true events say, each payment and notice recorded once, and reconcile
 * clean.
 */

let payload: Payload
const db = plainSql()
const SECRET = () => process.env.NETCASH_POSTBACK_SECRET!
const base = () => process.env.TEST_SERVER_URL!

const INVOICES = 200
const TOTAL = 1_000
const BANK = { bankCode: 'fnb', branchCode: '250655', accountType: 'cheque' as const, accountNumber: '62812345678', accountHolder: 'Sipho Mokoena' }

/** A deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

type Account = { customerId: number; invoiceId: number; reference: string; accountRef: string; methodId: number; pattern: Array<'A' | 'D'>; signs: boolean }
type Postback = { kind: 'paynow' | 'mandate'; secret: string; body: Record<string, string>; forged?: boolean }

async function inLanes<T>(items: T[], lanes: number, work: (item: T) => Promise<void>) {
  let next = 0
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (next < items.length) await work(items[next++]!)
  }))
}

/** Each invoice's Pay Now attempt ends in a decline, or a decline and then payment (the customer tried again on the page). */
const PATTERNS: Array<Array<'A' | 'D'>> = [['D', 'A'], ['D', 'D', 'A'], ['D', 'D', 'D'], ['D', 'D', 'A']]

let accounts: Account[] = []

beforeAll(async () => {
  payload = await testPayload()
  const slots = Array.from({ length: INVOICES }, (_, i) => i)
  const made: Account[] = []
  await inLanes(slots, 8, async (i) => {
    const customer = await createCustomer(payload, { firstName: 'Sipho', lastName: `Storm${i}` })
    const issued = await issueAdhocInvoice(payload, { customerId: customer.id, invoiceDate: sastDateOf(new Date()), lines: [{ description: 'Router', kind: 'equipment', unitPriceCents: 115_000 }] })
    if (!issued.ok) throw new Error(issued.message)
    const method = await addPaymentMethod(payload, { customerId: customer.id, type: 'debit_order', bank: BANK })
    if (!method.ok) throw new Error(method.message)
    const accountRef = `STORM-${customer.id}-${method.value.id}`
    // The mandate as requestMandate leaves it: asked for, waiting for NetCash's postback.
    await db.query(`UPDATE payment_methods SET mandate_url = 'https://sim.test/mandates/x', mandate_account_reference = $2, mandate_amount_cents = 90000 WHERE id = $1`, [method.value.id, accountRef])
    // A request of its own: a transaction rides on its request, so concurrent ones must not share one.
    const started = await startPayNow(await createLocalReq({}, payload), { customerId: customer.id, invoiceId: issued.value.id })
    if (!started.ok) throw new Error(started.message)
    made.push({ customerId: customer.id, invoiceId: issued.value.id, reference: started.value.reference, accountRef, methodId: method.value.id, pattern: PATTERNS[i % 4]!, signs: i % 5 !== 0 })
  })
  accounts = made.sort((a, b) => a.customerId - b.customerId)
}, 300_000)

function storm(rand: () => number): Postback[] {
  const genuine: Postback[] = []
  for (const a of accounts) {
    a.pattern.forEach((outcome, n) =>
      genuine.push({
        kind: 'paynow',
        secret: SECRET(),
        body: { TransactionAccepted: outcome === 'A' ? 'true' : 'false', Reason: outcome === 'A' ? '' : 'Card declined', Reference: a.reference, Amount: '1150.00', Method: '1', RequestTrace: `trace-${a.reference}-${n}`, Extra1: `invoice:${a.invoiceId}` },
      }),
    )
    genuine.push({
      kind: 'mandate',
      secret: SECRET(),
      body: a.signs
        ? { MandateSuccessful: '1', IsDeclined: '0', AccountRef: a.accountRef, MandateReferenceNumber: `MR${a.methodId}`, DebitDay: '05', MandateAmount: '900.00' }
        : { MandateSuccessful: '0', IsDeclined: '1', ReasonForDecline: 'Customer declined', AccountRef: a.accountRef, MandateAmount: '900.00' },
    })
  }
  const forgedCount = TOTAL * 0.05
  const copies = TOTAL * 0.2
  expect(genuine.length).toBe(TOTAL - forgedCount - copies)
  const forged: Postback[] = []
  const pick = <T,>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!
  for (let i = 0; i < forgedCount; i++) {
    const a = pick(accounts)
    const kind = i % 5
    if (kind === 0) forged.push({ kind: 'paynow', secret: 'not-the-secret', forged: true, body: { TransactionAccepted: 'true', Reference: a.reference, Amount: '1150.00', RequestTrace: `forged-${i}` } })
    else if (kind === 1) forged.push({ kind: 'paynow', secret: SECRET(), forged: true, body: { TransactionAccepted: 'true', Reference: `PN-FORGED-${i}`, Amount: '1150.00', RequestTrace: `forged-${i}`, Extra1: `invoice:${a.invoiceId}` } })
    else if (kind === 2) forged.push({ kind: 'paynow', secret: SECRET(), forged: true, body: { TransactionAccepted: 'true', Reference: a.reference, Amount: '1.00', RequestTrace: `forged-${i}` } })
    else if (kind === 3) forged.push({ kind: 'mandate', secret: SECRET(), forged: true, body: { MandateSuccessful: '1', IsDeclined: '0', AccountRef: `CT-FORGED-${i}`, MandateReferenceNumber: 'MRX', DebitDay: '05', MandateAmount: '900.00' } })
    else forged.push({ kind: 'mandate', secret: SECRET(), forged: true, body: { MandateSuccessful: '1', IsDeclined: '0', AccountRef: a.accountRef, MandateReferenceNumber: 'MRX', DebitDay: '05', MandateAmount: '99999.00' } })
  }
  const deliveries = [...genuine, ...forged, ...Array.from({ length: copies }, () => pick(genuine))]
  // Chronological for most; 10% moved to a random later place (a retry that arrives after what followed it).
  const order = deliveries.map((p, i) => ({ p, at: i }))
  for (const item of order) if (rand() < 0.1) item.at = item.at + Math.floor(rand() * (deliveries.length - item.at)) + 0.5
  return order.sort((x, y) => x.at - y.at).map((x) => x.p)
}

describe('a storm of NetCash postbacks', () => {
  it('1,000 postbacks for 200 invoices (20% copies, 10% out of order, 5% forged) leave exactly what the true events say', async () => {
    const deliveries = storm(random(20261204))
    expect(deliveries).toHaveLength(TOTAL)
    const answers = new Map<number, number>()
    await inLanes(deliveries, 10, async (p) => {
      const res = await fetch(`${base()}/api/webhooks/netcash/${p.secret}/${p.kind}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(p.body).toString(),
      })
      await res.arrayBuffer()
      answers.set(res.status, (answers.get(res.status) ?? 0) + 1)
    })
    // Stored and answered 200, except the wrong secret (401). Never a 5xx.
    expect([...answers.keys()].filter((s) => s >= 500)).toEqual([])
    expect(answers.get(401)).toBe(10)
    expect(answers.get(200)).toBe(TOTAL - 10)

    const customerIds = accounts.map((a) => a.customerId)
    const jobs = await db.query<{ id: number }>(
      `SELECT j.id FROM payload_jobs j JOIN netcash_postbacks p ON p.id = (j.input->>'postbackId')::int
        WHERE j.task_slug = 'processNetcashPostback' AND j.completed_at IS NULL ORDER BY j.id`,
    )
    await inLanes(jobs, 4, async (job) => {
      await payload.jobs.runByID({ id: job.id })
    })

    for (const a of accounts) {
      const paid = a.pattern.includes('A')
      const [invoice] = await db.query<{ status: string; amount_paid_cents: string }>(`SELECT status::text, amount_paid_cents FROM invoices WHERE id = $1`, [a.invoiceId])
      expect(invoice, `invoice of customer ${a.customerId}`).toEqual(paid ? { status: 'paid', amount_paid_cents: '115000' } : { status: 'unpaid', amount_paid_cents: '0' })
      const [account] = await db.query<{ balance_cents: string }>(`SELECT balance_cents FROM billing_accounts WHERE customer_id = $1`, [a.customerId])
      expect(Number(account!.balance_cents)).toBe(paid ? 0 : 115_000)
      const payments = await db.query<{ transaction_id: string }>(`SELECT transaction_id FROM payment_transactions WHERE customer_id = $1`, [a.customerId])
      expect(payments).toEqual(paid ? [{ transaction_id: `paynow:${a.reference}` }] : [])
      const [attempt] = await db.query<{ status: string }>(`SELECT status::text FROM pay_now_requests WHERE reference = $1`, [a.reference])
      expect(attempt!.status).toBe(paid ? 'paid' : 'declined')
      const [method] = await db.query<{ mandate_status: string }>(`SELECT mandate_status::text FROM payment_methods WHERE id = $1`, [a.methodId])
      expect(method!.mandate_status).toBe(a.signs ? 'active' : 'declined')
    }
    const notices = await db.query<{ customer: number; template: string; n: string }>(
      `SELECT (input->>'customerId')::int AS customer, input->>'template' AS template, count(*) AS n FROM payload_jobs
        WHERE task_slug = 'notifyCustomer' AND (input->>'customerId')::int = ANY($1) GROUP BY 1, 2`,
      [customerIds],
    )
    const count = (customerId: number, template: string) => Number(notices.find((n) => n.customer === customerId && n.template === template)?.n ?? 0)
    for (const a of accounts) {
      expect(count(a.customerId, 'payment_received'), `payment_received for ${a.customerId}`).toBe(a.pattern.includes('A') ? 1 : 0)
      expect(count(a.customerId, 'mandate_approved'), `mandate_approved for ${a.customerId}`).toBe(a.signs ? 1 : 0)
    }
    // Copies were counted, not stored again; every stored postback was decided.
    const open = await db.query(`SELECT id FROM netcash_postbacks WHERE status NOT IN ('processed', 'ignored')`)
    expect(open).toEqual([])
    expect(await reconcile(payload, { customerIds })).toEqual([])
  }, 300_000)
})
