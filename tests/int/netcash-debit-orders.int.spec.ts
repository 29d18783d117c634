import { createServer, type AddressInfo } from 'node:net'

import { createLocalReq, type Payload } from 'payload'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { isBusinessDay } from '../../src/domain/businessDays'
import { addDays, sastDateOf, type CalendarDate } from '../../src/domain/calendarDate'
import { actionDateFor } from '../../src/domain/debitOrders'
import { netcash as netcashClientOf } from '../../src/integrations/netcash'
import { issueAdhocInvoice } from '../../src/services/billing/issueAdhocInvoice'
import { reconcile } from '../../src/services/billing/reconcile'
import { recordPayment } from '../../src/services/billing/recordPayment'
import { voidInvoice } from '../../src/services/billing/voidInvoice'
import { applyLoadReport, applyUnpaid, debitTransactionId, runDebitOrders, settleDebitOrders } from '../../src/services/netcash/debitOrders'
import { netcashClient as netcashClientWith } from '../../src/integrations/netcash/client'
import { getConfig } from '../../src/lib/config'
import { addPaymentMethod } from '../../src/services/paymentMethods/addPaymentMethod'
import { storePaymentDetails } from '../../src/services/paymentMethods/paymentDetails'
import { withTransaction } from '../../src/services/withTransaction'
import { createCustomer, createStaff } from '../factories/accounts'
import { api, graphql, loginCustomer, loginStaff } from '../helpers/http'
import { testPayload } from '../helpers/payload'
import { netcash } from '../helpers/simulators'
import { plainSql } from '../helpers/sql'

let payload: Payload
const db = plainSql()
const client = () => netcashClientOf()
const now = () => new Date()

/** The first banking day from today: the run's day in these tests, whatever day they run on. */
let runDay: CalendarDate
let actionDate: CalendarDate

/** Accounts (the demo's) that had auto-pay before: off while these runs debit only this file's customers, then back on. */
let autoPayBefore: number[] = []

beforeAll(async () => {
  payload = await testPayload()
  autoPayBefore = (await db.query<{ customer_id: number }>(`UPDATE billing_accounts SET auto_pay = false WHERE auto_pay RETURNING customer_id`)).map((r) => r.customer_id)
  runDay = sastDateOf(new Date())
  while (!isBusinessDay(runDay)) runDay = addDays(runDay, 1)
  actionDate = actionDateFor(runDay, 'TwoDay')!
})
beforeEach(async () => {
  await netcash.clearRules()
})
afterAll(async () => {
  await netcash.config({ now: null })
  await db.query(`UPDATE billing_accounts SET auto_pay = true WHERE customer_id = ANY($1)`, [autoPayBefore])
})

const BANK = { bankCode: 'fnb', branchCode: '250655', accountType: 'cheque' as const, accountNumber: '62812345678', accountHolder: 'Lerato Dlamini' }

type Setup = { autoPay?: boolean; mandate?: 'active' | 'pending'; dueOn?: CalendarDate; amountCents?: number; method?: 'debit_order' | 'card'; accountNumber?: string }

/** A customer owing one invoice (R 1 150.00 unless told), due on `dueOn` (the action date unless told), paying by debit order with auto-pay. */
async function debitCustomer(opts: Setup = {}) {
  const customer = await createCustomer(payload, { firstName: 'Lerato', lastName: 'Dlamini' })
  const added =
    opts.method === 'card'
      ? await addPaymentMethod(payload, { customerId: customer.id, type: 'card', card: { gatewayToken: 'tok_visa_4242abcd', brand: 'visa', lastFour: '4242', expiryMonth: 12, expiryYear: 2030 }, primary: true })
      : await addPaymentMethod(payload, { customerId: customer.id, type: 'debit_order', bank: BANK, primary: true })
  if (!added.ok) throw new Error(added.message)
  const method = added.value
  if (opts.accountNumber) {
    // Stored as if entered long ago, before today's checks: NetCash refuses it.
    const req = await createLocalReq({}, payload)
    await storePaymentDetails(req, method.id, customer.id, { kind: 'bank', bank: { ...BANK, accountNumber: opts.accountNumber } })
  }
  const accountNumber = (await db.query<{ account_number: string }>(`SELECT account_number FROM customers WHERE id = $1`, [customer.id]))[0]!.account_number
  if (opts.method !== 'card') {
    await db.query(`UPDATE payment_methods SET mandate_status = $2, mandate_account_reference = $3, mandate_amount_cents = 500000 WHERE id = $1`, [method.id, opts.mandate ?? 'active', `${accountNumber}-${method.id}`])
  }
  await db.query(`UPDATE billing_accounts SET auto_pay = $2 WHERE customer_id = $1`, [customer.id, opts.autoPay ?? true])
  const due = opts.dueOn ?? actionDate
  const issued = await issueAdhocInvoice(payload, { customerId: customer.id, invoiceDate: addDays(due, -7), lines: [{ description: 'Router', kind: 'equipment', unitPriceCents: opts.amountCents ?? 115_000 }] })
  if (!issued.ok) throw new Error(issued.message)
  return { customer, method, invoice: issued.value, accountReference: `${accountNumber}-${method.id}` }
}

const debitsOf = (invoiceId: number) =>
  db.query<{ id: number; transaction_id: string; status: string; amount_cents: string; batch_line: string | null; debit_batch_id: number; failure_reason: string | null; represent_of_id: number | null; return_reason_code: string | null }>(
    `SELECT id, transaction_id, status::text, amount_cents, batch_line, debit_batch_id, failure_reason, represent_of_id, return_reason_code FROM payment_transactions WHERE invoice_id = $1 AND debit_batch_id IS NOT NULL ORDER BY id`,
    [invoiceId],
  )
const invoiceRow = async (id: number) => (await db.query<{ status: string; amount_paid_cents: string; amount_due_cents: string }>(`SELECT status::text, amount_paid_cents, amount_due_cents FROM invoices WHERE id = $1`, [id]))[0]!
const balanceOf = async (customerId: number) => Number((await db.query<{ balance_cents: string }>(`SELECT balance_cents FROM billing_accounts WHERE customer_id = $1`, [customerId]))[0]!.balance_cents)
const noticesOf = (customerId: number, template: string) =>
  db.query<{ input: { eventKey: string; params: Record<string, unknown> } }>(`SELECT input FROM payload_jobs WHERE task_slug = 'notifyCustomer' AND (input->>'customerId')::int = $1 AND input->>'template' = $2 ORDER BY id`, [customerId, template])

const nextBusinessDay = (day: CalendarDate) => {
  let next = addDays(day, 1)
  while (!isBusinessDay(next)) next = addDays(next, 1)
  return next
}

const run = (asOf = runDay) => runDebitOrders(payload, client(), { asOf, now })
const settle = (asOf: CalendarDate) => settleDebitOrders(payload, client(), { asOf, now })

describe('the debit-order run', () => {
  it('debits only invoices due by the action date, of accounts with auto-pay and an active mandate, in one file with the account numbers masked', async () => {
    const due = await debitCustomer()
    const noAutoPay = await debitCustomer({ autoPay: false })
    const pendingMandate = await debitCustomer({ mandate: 'pending' })
    const notYetDue = await debitCustomer({ dueOn: addDays(actionDate, 1) })
    const tooOld = await debitCustomer({ dueOn: addDays(actionDate, -11) })
    const card = await debitCustomer({ method: 'card' })
    const report = await run()
    expect(report.actionDate).toBe(actionDate)
    const [debit] = await debitsOf(due.invoice.id)
    expect(debit).toMatchObject({ transaction_id: debitTransactionId(due.invoice.invoiceNumber!, actionDate), status: 'submitted', amount_cents: '115000' })
    for (const other of [noAutoPay, pendingMandate, notYetDue, tooOld, card]) expect(await debitsOf(other.invoice.id)).toEqual([])
    expect(report.tally.errors).toContainEqual({ invoice: tooOld.invoice.invoiceNumber, skipped: 'due before the retry window' })

    const [batch] = await db.query<{ batch_name: string; status: string; masked_file: string; file_token: string; action_date: string; debit_count: string; total_cents: string }>(`SELECT * FROM debit_order_batches WHERE id = $1`, [debit!.debit_batch_id])
    expect(batch).toMatchObject({ status: 'uploaded', debit_count: expect.any(String) })
    expect(sastDateOf(batch!.action_date)).toBe(actionDate)
    expect(batch!.masked_file).toContain(`${due.accountReference}\t${due.invoice.invoiceNumber}\t1\tLerato Dlamini\t1\t250655\t*******5678\t115000`)
    expect(batch!.masked_file).not.toContain(BANK.accountNumber)
    expect(batch!.masked_file).not.toContain(getConfig().netcash.debitOrderKey)
    expect(batch!.masked_file.startsWith('H\t(service key)\t1\tTwoDay\t')).toBe(true)
    const atNetcash = (await netcash.batches()).find((b) => b.token === batch!.file_token)!
    expect(atNetcash.debits.map((d) => d.accountName)).toContain(due.invoice.invoiceNumber)
    expect(atNetcash.errors).toEqual([])
    // Nothing moved yet: a submitted debit is not money.
    expect(await balanceOf(due.customer.id)).toBe(115_000)
    expect((await invoiceRow(due.invoice.id)).status).toBe('unpaid')
    // The customer is told it is on its way, and cannot pay it a second time meanwhile.
    const jwt = await loginCustomer(due.customer.email, due.customer.password)
    expect((await api(`/api/dashboard/invoices/${due.invoice.id}`, { jwt })).body.invoice.debitOrderOn).toBe(actionDate)
    const payNow = await api(`/api/dashboard/invoices/${due.invoice.id}/pay-now`, { jwt, body: {} })
    expect([payNow.status, payNow.body.errors?.[0]?.code]).toEqual([409, 'DEBIT_IN_PROGRESS'])
    const voided = await voidInvoice(payload, { invoiceId: due.invoice.id, reason: 'Sold in error', now: new Date() })
    expect(!voided.ok && voided.code).toBe('DEBIT_IN_PROGRESS')
  })

  it('run again, or twice at once, each invoice is debited once and no file is sent twice', async () => {
    const a = await debitCustomer()
    const b = await debitCustomer()
    const before = (await netcash.batches()).length
    await Promise.all([run(), run()])
    await run()
    for (const c of [a, b]) expect(await debitsOf(c.invoice.id)).toHaveLength(1)
    const sent = (await netcash.batches()).slice(before).flatMap((x) => x.debits.map((d) => d.accountName))
    expect(sent.filter((name) => name === a.invoice.invoiceNumber)).toHaveLength(1)
    expect(sent.filter((name) => name === b.invoice.invoiceNumber)).toHaveLength(1)
  })

  it('a line NetCash rejects fails that debit only, with the reason, and the customer is told', async () => {
    const good = await debitCustomer()
    const bad = await debitCustomer({ accountNumber: '0000000000' })
    await run()
    await settle(runDay)
    const [failed] = await debitsOf(bad.invoice.id)
    expect(failed).toMatchObject({ status: 'failed', failure_reason: 'NetCash rejected the line: Invalid account number' })
    expect((await debitsOf(good.invoice.id))[0]!.status).toBe('submitted')
    expect((await noticesOf(bad.customer.id, 'payment_failed')).map((n) => n.input.eventKey)).toEqual([`debit-failed:${failed!.id}`])
    expect((await invoiceRow(bad.invoice.id)).status).toBe('unpaid')
    // A rejected debit is not presented again by itself: its details would fail again.
    await run(nextBusinessDay(runDay))
    expect(await debitsOf(bad.invoice.id)).toHaveLength(1)
  })

  it('collected on the action date, then returned unpaid: the invoice re-opens, the balance comes back, the customer can pay now, and it is presented once more', async () => {
    const c = await debitCustomer()
    await run()
    await settle(runDay) // the load report: nothing rejected
    await settle(actionDate)
    const [collected] = await debitsOf(c.invoice.id)
    expect(collected!.status).toBe('completed')
    expect(await invoiceRow(c.invoice.id)).toMatchObject({ status: 'paid', amount_due_cents: '0' })
    expect(await balanceOf(c.customer.id)).toBe(0)
    expect((await noticesOf(c.customer.id, 'payment_received')).map((n) => n.input.eventKey)).toEqual([`payment:${collected!.id}`])
    expect(await reconcile(payload, { customerIds: [c.customer.id] })).toEqual([])
    // The customer sees it paid, pending clearance.
    const jwt = await loginCustomer(c.customer.email, c.customer.password)
    const seen = await api(`/api/dashboard/invoices/${c.invoice.id}`, { jwt })
    expect(seen.body.invoice).toMatchObject({ status: 'paid', settlements: [{ kind: 'payment', amountCents: 115_000, clearsOn: addDays(actionDate, 14) }] })

    await netcash.addUnpaid({ accountName: c.invoice.invoiceNumber!, actionDate, reasonCode: '02', afterDays: 2 })
    await netcash.config({ now: `${addDays(actionDate, 2)}T09:00:00+02:00` })
    await settle(addDays(actionDate, 2))
    await settle(addDays(actionDate, 2)) // the statement read again changes nothing
    const [returned] = await debitsOf(c.invoice.id)
    expect(returned).toMatchObject({ status: 'returned', return_reason_code: '02', failure_reason: 'Not provided for (insufficient funds)' })
    expect(await invoiceRow(c.invoice.id)).toMatchObject({ amount_paid_cents: '0', amount_due_cents: '115000' })
    expect(['unpaid', 'overdue']).toContain((await invoiceRow(c.invoice.id)).status)
    expect(await balanceOf(c.customer.id)).toBe(115_000)
    const failed = await noticesOf(c.customer.id, 'payment_failed')
    expect(failed).toHaveLength(1)
    expect(failed[0]!.input.params).toMatchObject({ amountCents: 115_000, invoiceNumber: c.invoice.invoiceNumber, reason: 'Not provided for (insufficient funds)' })
    expect(String(failed[0]!.input.params.payNowUrl)).toMatch(new RegExp(`/portal/invoices/${c.invoice.id}$`))
    expect(await reconcile(payload, { customerIds: [c.customer.id] })).toEqual([])

    // Insufficient funds may be presented again, once, within the retry window.
    const nextDay = nextBusinessDay(addDays(actionDate, 2))
    await run(nextDay)
    const [, again] = await debitsOf(c.invoice.id)
    expect(again).toMatchObject({ status: 'submitted', represent_of_id: returned!.id })
    // Returned a second time: presented as often as allowed, so not again.
    const secondDate = actionDateFor(nextDay, 'TwoDay')!
    await settle(nextDay)
    await netcash.addUnpaid({ accountName: c.invoice.invoiceNumber!, actionDate: secondDate, reasonCode: '02', afterDays: 0 })
    await netcash.config({ now: `${secondDate}T09:00:00+02:00` })
    await settle(secondDate)
    expect((await debitsOf(c.invoice.id))[1]!.status).toBe('returned')
    await run(nextBusinessDay(secondDate))
    expect(await debitsOf(c.invoice.id)).toHaveLength(2)
    expect(await reconcile(payload, { customerIds: [c.customer.id] })).toEqual([])
  })

  it('a return that arrives before the collection ends as a return: nothing collected, nothing moved', async () => {
    const c = await debitCustomer()
    await run()
    await settle(runDay)
    await netcash.addUnpaid({ accountName: c.invoice.invoiceNumber!, actionDate, reasonCode: '12', afterDays: 0 })
    await netcash.config({ now: `${actionDate}T08:00:00+02:00` })
    await settle(actionDate)
    await settle(actionDate)
    const [debit] = await debitsOf(c.invoice.id)
    expect(debit).toMatchObject({ status: 'returned', return_reason_code: '12' })
    expect(await noticesOf(c.customer.id, 'payment_received')).toEqual([])
    expect(await balanceOf(c.customer.id)).toBe(115_000)
    expect((await invoiceRow(c.invoice.id)).amount_paid_cents).toBe('0')
    expect(await reconcile(payload, { customerIds: [c.customer.id] })).toEqual([])
    // Account closed: never presented again by itself.
    await run(nextBusinessDay(runDay))
    expect(await debitsOf(c.invoice.id)).toHaveLength(1)
  })

  it('an unpaid that does not match what we sent (amount, reference, unknown invoice) changes nothing', async () => {
    const c = await debitCustomer()
    await run()
    await settle(runDay)
    const base = { accountReference: c.accountReference, accountName: c.invoice.invoiceNumber!, actionDate, amountCents: 115_000, reasonCode: '02', reason: 'Not provided for', dispute: false, representable: true }
    expect(await applyUnpaid(payload, { ...base, amountCents: 1 }, now())).toBe('unmatched')
    expect(await applyUnpaid(payload, { ...base, accountReference: 'SOMEONE-ELSE' }, now())).toBe('unmatched')
    expect(await applyUnpaid(payload, { ...base, accountName: 'INV-NOPE' }, now())).toBe('unmatched')
    expect(await applyUnpaid(payload, { ...base, actionDate: addDays(actionDate, 1) }, now())).toBe('unmatched')
    expect((await debitsOf(c.invoice.id))[0]!.status).toBe('submitted')
    expect(await noticesOf(c.customer.id, 'payment_failed')).toEqual([])
  })

  it('the database refuses a second debit of one invoice on one day, however it is written', async () => {
    const c = await debitCustomer()
    await run()
    const [debit] = await debitsOf(c.invoice.id)
    const refused = await withTransaction(payload, async (req) => {
        const { sql } = await import('drizzle-orm')
        const { transactionSql } = await import('../../src/services/transactionSql')
        const tx = await transactionSql(req)
        await tx.execute(sql`INSERT INTO payment_transactions (transaction_id, kind, customer_id, invoice_id, payment_method_id, amount_cents, status, debit_batch_id, action_date)
          SELECT 'copy-' || transaction_id, kind, customer_id, invoice_id, payment_method_id, amount_cents, 'pending', debit_batch_id, action_date FROM payment_transactions WHERE id = ${debit!.id}`)
    }).then(() => null, (err: { cause?: { constraint?: string } }) => err)
    expect(refused?.cause?.constraint).toBe('payment_transactions_one_debit_per_invoice_day')
  })
})

describe('the debit-order run when NetCash fails', () => {
  const batchOf = async (invoiceId: number) => {
    const [debit] = await debitsOf(invoiceId)
    return (await db.query<{ id: number; status: string; file_token: string | null; failure_reason: string | null; batch_name: string }>(`SELECT id, status::text, file_token, failure_reason, batch_name FROM debit_order_batches WHERE id = $1`, [debit!.debit_batch_id]))[0]!
  }

  /** A port nothing listens on (taken from the OS, then let go): the connection is refused before anything is sent. */
  let closedPort = 0
  beforeAll(async () => {
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    closedPort = (server.address() as AddressInfo).port
    await new Promise((resolve) => server.close(resolve))
  })
  const unreachable = () => netcashClientWith({ wsUrl: `http://127.0.0.1:${closedPort}/NIWS/niws_nif.svc`, debitOrderKey: getConfig().netcash.debitOrderKey, timeoutMs: 2_000, retry: { maxAttempts: 1 } })

  it('NetCash unreachable when the file is sent: the run fails, nothing is submitted, and the next run sends the same file once', async () => {
    const c = await debitCustomer()
    await expect(runDebitOrders(payload, unreachable(), { asOf: runDay, now })).rejects.toThrow(/could not be reached/)
    expect((await debitsOf(c.invoice.id))[0]!.status).toBe('pending')
    expect(await batchOf(c.invoice.id)).toMatchObject({ status: 'preparing', file_token: null })
    const before = (await netcash.batches()).length
    await run()
    expect((await debitsOf(c.invoice.id))[0]!.status).toBe('submitted')
    const batch = await batchOf(c.invoice.id)
    expect(batch.status).toBe('uploaded')
    expect((await netcash.batches()).slice(before).filter((b) => b.batchName === batch.batch_name)).toHaveLength(1)
  })

  it('a gateway 5xx after the file left is uncertain too: never sent again', async () => {
    const c = await debitCustomer()
    await netcash.addRule({ mode: 'server_error', operation: 'BatchFileUpload', times: 1, status: 504 })
    await expect(run()).rejects.toThrow(/it may have been received/)
    const batch = await batchOf(c.invoice.id)
    expect(batch.status).toBe('uncertain')
    await run()
    expect(await batchOf(c.invoice.id)).toMatchObject({ status: 'uncertain' })
    expect((await netcash.requests()).filter((r) => r.operation === 'BatchFileUpload' && r.rule === 'server_error')).toHaveLength(1)
  })

  it('a batch not sent before its action date is withdrawn; the next run presents its invoices afresh, and nobody is told a payment failed', async () => {
    const c = await debitCustomer()
    await expect(runDebitOrders(payload, unreachable(), { asOf: runDay, now })).rejects.toThrow()
    const [first] = await debitsOf(c.invoice.id)
    const day = nextBusinessDay(runDay)
    await run(day)
    const [withdrawn, again] = await debitsOf(c.invoice.id)
    expect(withdrawn).toMatchObject({ id: first!.id, status: 'failed', failure_reason: 'Not sent in time for its action date: presented again in a later run' })
    expect(again).toMatchObject({ status: 'submitted', represent_of_id: first!.id })
    expect(await noticesOf(c.customer.id, 'payment_failed')).toEqual([])
  })

  it('a load report that does not name what we sent on a line is not believed: the batch waits for staff', async () => {
    const c = await debitCustomer()
    await run()
    const batch = await batchOf(c.invoice.id)
    const [debit] = await debitsOf(c.invoice.id)
    await expect(applyLoadReport(payload, batch.id, batch.batch_name, { batchName: 'SOMEONE-ELSE', outcome: 'SUCCESSFUL', rejected: [], errors: [] }, now())).rejects.toThrow(/not DO-/)
    await expect(applyLoadReport(payload, batch.id, batch.batch_name, { batchName: batch.batch_name, outcome: 'SUCCESSFUL WITH ERRORS', rejected: [{ accountReference: 'CT-OTHER-1', line: Number(debit!.batch_line), message: 'Invalid account number' }], errors: [] }, now())).rejects.toThrow(/not the debit on that line/)
    expect(await batchOf(c.invoice.id)).toMatchObject({ status: 'uploaded' })
    expect((await debitsOf(c.invoice.id))[0]!.status).toBe('submitted')
  })

  it('no answer after the file left: the batch is uncertain and never sent again by itself', async () => {
    const c = await debitCustomer()
    const cfg = getConfig().netcash
    const impatient = netcashClientWith({ wsUrl: cfg.wsUrl, debitOrderKey: cfg.debitOrderKey, timeoutMs: 300 })
    await netcash.addRule({ mode: 'slow', operation: 'BatchFileUpload', latencyMs: 1_500, times: 1 })
    await expect(runDebitOrders(payload, impatient, { asOf: runDay, now })).rejects.toThrow(/may have been received/)
    const batch = await batchOf(c.invoice.id)
    expect(batch.status).toBe('uncertain')
    expect(batch.failure_reason).toMatch(/Check the batch at NetCash/)
    await new Promise((r) => setTimeout(r, 1_500)) // the slow answer lands at NetCash meanwhile
    const sent = (await netcash.batches()).filter((b) => b.batchName === batch.batch_name).length
    await run()
    expect((await netcash.batches()).filter((b) => b.batchName === batch.batch_name)).toHaveLength(sent)
    expect((await debitsOf(c.invoice.id))).toHaveLength(1)
  })

  it('staff settle an uncertain batch from what NetCash shows: received carries on, not received is presented again', async () => {
    const clerk = await createStaff(payload, 'billing', ['billing_manage'])
    const jwt = await loginStaff(clerk.email, clerk.password)
    const a = await debitCustomer()
    await netcash.addRule({ mode: 'server_error', operation: 'BatchFileUpload', times: 1, status: 502 })
    await expect(run()).rejects.toThrow()
    const uncertain = await batchOf(a.invoice.id)
    expect(uncertain.status).toBe('uncertain')
    const bad = await api(`/api/admin/debit-order-batches/${uncertain.id}/resolve`, { jwt, body: { received: true, fileToken: 'x' } })
    expect(bad.status).toBe(400)
    const yes = await api(`/api/admin/debit-order-batches/${uncertain.id}/resolve`, { jwt, body: { received: true, fileToken: 'f00d-cafe-1234' } })
    expect([yes.status, yes.body]).toEqual([200, { batchId: uncertain.id, status: 'uploaded' }])
    expect((await debitsOf(a.invoice.id))[0]!.status).toBe('submitted')
    const again = await api(`/api/admin/debit-order-batches/${uncertain.id}/resolve`, { jwt, body: { received: false } })
    expect([again.status, again.body.errors?.[0]?.code]).toEqual([409, 'NOT_UNCERTAIN'])

    const b = await debitCustomer()
    await netcash.addRule({ mode: 'server_error', operation: 'BatchFileUpload', times: 1, status: 502 })
    await expect(run()).rejects.toThrow()
    const second = await batchOf(b.invoice.id)
    const no = await api(`/api/admin/debit-order-batches/${second.id}/resolve`, { jwt, body: { received: false } })
    expect([no.status, no.body.status]).toEqual([200, 'rejected'])
    expect((await debitsOf(b.invoice.id))[0]).toMatchObject({ status: 'failed' })
    expect(await noticesOf(b.customer.id, 'payment_failed')).toEqual([])
    await run(nextBusinessDay(runDay))
    expect((await debitsOf(b.invoice.id))[1]).toMatchObject({ status: 'submitted' })
    const support = await createStaff(payload, 'support')
    expect((await api(`/api/admin/debit-order-batches/${second.id}/resolve`, { jwt: await loginStaff(support.email, support.password), body: { received: false } })).status).toBe(403)
    expect((await api(`/api/admin/debit-order-batches/999999999/resolve`, { jwt, body: { received: false } })).status).toBe(404)
  })

  it('a file NetCash refuses whole fails its debits without telling the customers, and the next run presents them again', async () => {
    const c = await debitCustomer()
    await run()
    const batch = await batchOf(c.invoice.id)
    expect(await applyLoadReport(payload, batch.id, batch.batch_name, { batchName: batch.batch_name, outcome: 'UNSUCCESSFUL', rejected: [], errors: ['F: the footer total is wrong'] }, now())).toBeGreaterThanOrEqual(1)
    expect((await debitsOf(c.invoice.id))[0]).toMatchObject({ status: 'failed', failure_reason: 'NetCash refused the batch: F: the footer total is wrong' })
    expect(await noticesOf(c.customer.id, 'payment_failed')).toEqual([])
    await run(nextBusinessDay(runDay))
    const [first, again] = await debitsOf(c.invoice.id)
    expect(again).toMatchObject({ status: 'submitted', represent_of_id: first!.id })
  })
})

describe("the clerk's decisions and the runs report", () => {
  let clerk: string
  let support: string
  beforeAll(async () => {
    const c = await createStaff(payload, 'billing', ['billing_manage'])
    const s = await createStaff(payload, 'support')
    clerk = await loginStaff(c.email, c.password)
    support = await loginStaff(s.email, s.password)
  })

  /** A debit collected and then returned for `reasonCode` (12, account closed, is never presented again by itself). */
  async function returnedDebit(reasonCode = '12') {
    const c = await debitCustomer()
    await run()
    await settle(runDay)
    await netcash.addUnpaid({ accountName: c.invoice.invoiceNumber!, actionDate, reasonCode, afterDays: 0 })
    await netcash.config({ now: `${actionDate}T08:00:00+02:00` })
    await settle(actionDate)
    const [debit] = await debitsOf(c.invoice.id)
    expect(debit!.status).toBe('returned')
    return { ...c, debit: debit! }
  }

  it('a clerk presents a returned debit again: the next run debits it whatever the reason, once, and the log says who and why', async () => {
    const c = await returnedDebit('12')
    const res = await api(`/api/admin/payments/${c.debit.id}/represent`, { jwt: clerk, body: { reason: 'Customer moved banks and asked us to try again' }, headers: { 'Idempotency-Key': `rep-${c.debit.id}` } })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.payment).toMatchObject({ id: c.debit.id, representRequested: true })
    const day = nextBusinessDay(runDay)
    await run(day)
    const [, again] = await debitsOf(c.invoice.id)
    expect(again).toMatchObject({ status: 'submitted', represent_of_id: c.debit.id })
    await run(day)
    expect(await debitsOf(c.invoice.id)).toHaveLength(2)
    const log = await db.query<{ action: string; reason: string }>(`SELECT action::text, reason FROM billing_actions WHERE payment_id = $1`, [c.debit.id])
    expect(log).toEqual([{ action: 'represent_debit', reason: 'Customer moved banks and asked us to try again' }])
    // Acting on the old debit again is refused: the invoice was debited since.
    const twice = await api(`/api/admin/payments/${c.debit.id}/represent`, { jwt: clerk, body: { reason: 'again' } })
    expect([twice.status, twice.body.errors?.[0]?.code]).toEqual([409, 'NOT_REPRESENTABLE'])
  })

  it('marked for follow-up, a debit the rules would present again is left to a person', async () => {
    const c = await returnedDebit('02')
    const res = await graphql(`mutation($id: Int!) { followUpDebit(paymentId: $id, reason: "Payment arrangement agreed by phone") { payment { id followUp } } }`, { id: c.debit.id }, { jwt: clerk })
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined()
    expect(res.body.data.followUpDebit.payment).toEqual({ id: c.debit.id, followUp: true })
    await run(nextBusinessDay(runDay))
    expect(await debitsOf(c.invoice.id)).toHaveLength(1)
  })

  it('refuses what is not a clerk, not a body and not a returned debit, changing nothing', async () => {
    const c = await debitCustomer()
    await run()
    const [debit] = await debitsOf(c.invoice.id)
    const customerJwt = await loginCustomer(c.customer.email, c.customer.password)
    const cases = [
      { jwt: support, body: { reason: 'x' }, status: 403, code: 'FORBIDDEN' },
      { jwt: customerJwt, body: { reason: 'x' }, status: 403, code: 'FORBIDDEN' },
      { jwt: clerk, body: {}, status: 400, code: 'VALIDATION_FAILED' },
      { jwt: clerk, body: { reason: 'x', extra: 1 }, status: 400 },
      { jwt: clerk, body: { reason: 'submitted, not returned' }, status: 409, code: 'NOT_REPRESENTABLE' },
    ]
    for (const k of cases) {
      const res = await api(`/api/admin/payments/${debit!.id}/represent`, { jwt: k.jwt, body: k.body })
      expect(res.status, JSON.stringify(res.body)).toBe(k.status)
      if (k.code) expect(res.body.errors?.[0]?.code).toBe(k.code)
    }
    const unknown = await api(`/api/admin/payments/999999999/follow-up`, { jwt: clerk, body: { reason: 'x' } })
    expect([unknown.status, unknown.body.errors?.[0]?.code]).toEqual([404, 'UNKNOWN_PAYMENT'])
    expect((await debitsOf(c.invoice.id))[0]).toMatchObject({ status: 'submitted' })
    // Customers never see the runs: not the list, not the report.
    expect((await api(`/api/debit-order-batches`, { jwt: customerJwt })).status).toBe(403)
    expect((await api(`/api/admin/reports/debit-orders`, { jwt: customerJwt })).status).toBe(403)
  })

  it('a clerk can start the debit-order run now, as of today only', async () => {
    const past = await api(`/api/admin/job-runs/debit-orders/start`, { jwt: clerk, body: { asOf: addDays(sastDateOf(new Date()), -1) } })
    expect([past.status, past.body.errors?.[0]?.code]).toEqual([400, 'TODAY_ONLY'])
    const started = await api(`/api/admin/job-runs/debit-orders/start`, { jwt: clerk, body: {} })
    expect(started.status, JSON.stringify(started.body)).toBe(202)
    expect(started.body).toMatchObject({ run: 'debit-orders', queued: true })
    const [job] = await db.query<{ task_slug: string; queue: string }>(`SELECT task_slug, queue FROM payload_jobs WHERE id = $1`, [started.body.jobId])
    expect(job).toEqual({ task_slug: 'runDebitOrders', queue: 'billing' })
    await db.query(`DELETE FROM payload_jobs WHERE id = $1`, [started.body.jobId])
    expect((await api(`/api/admin/job-runs/debit-orders/start`, { jwt: support, body: {} })).status).toBe(403)
  })

  it('paid another way before the debit collects: the debit becomes credit, which cannot be refunded until it clears', async () => {
    const c = await debitCustomer()
    await run()
    await settle(runDay)
    const eft = await recordPayment(payload, { customerId: c.customer.id, amountCents: 115_000, transactionId: `eft-${c.invoice.id}`, invoiceId: c.invoice.id, receivedAt: new Date() })
    expect(eft.ok).toBe(true)
    await settle(actionDate)
    const [debit] = await debitsOf(c.invoice.id)
    expect(debit!.status).toBe('completed')
    expect(await balanceOf(c.customer.id)).toBe(-115_000)
    expect(await reconcile(payload, { customerIds: [c.customer.id] })).toEqual([])
    const refund = await api(`/api/admin/payments/${debit!.id}/refunds`, { jwt: clerk, body: { reference: `RF-${debit!.id}`, reason: 'Paid twice' } })
    expect([refund.status, refund.body.errors?.[0]?.code]).toEqual([409, 'NOT_CLEARED'])
  })

  it('the runs report counts and sums each run by where its debits stand', async () => {
    const c = await returnedDebit('02')
    const res = await api(`/api/admin/reports/debit-orders?runs=50`, { jwt: support })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const mine = res.body.runs.find((r: { batchId: number }) => r.batchId === c.debit.debit_batch_id)
    expect(mine).toMatchObject({ actionDate, status: 'loaded' })
    expect(mine.returned.count).toBeGreaterThanOrEqual(1)
    expect(mine.returned.cents).toBeGreaterThanOrEqual(115_000)
    expect(mine.submitted.count).toBe(mine.rejected.count + mine.awaiting.count + mine.collected.count + mine.returned.count)
    for (const bad of ['runs=0', 'runs=51', 'runs=x', 'other=1', 'runs=1&runs=2']) {
      const r = await api(`/api/admin/reports/debit-orders?${bad}`, { jwt: support })
      expect(r.status, bad).toBe(400)
    }
  })
})
