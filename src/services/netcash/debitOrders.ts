import type { Payload, PayloadRequest } from 'payload'
import { sql } from 'drizzle-orm'

import { addDays, sastDateOf, sastMidnight, type CalendarDate } from '../../domain/calendarDate'
import { actionDateFor, debitDecision, type DebitOrderSettings } from '../../domain/debitOrders'
import { buildDebitBatch, checkBatch, EOL, type BatchDebit } from '../../integrations/netcash/batchFile'
import type { NetcashClient } from '../../integrations/netcash/client'
import { RETURN_REASONS } from '../../integrations/netcash/fields'
import type { LoadReport, Unpaid } from '../../integrations/netcash/reports'
import { getConfig } from '../../lib/config'
import type { PaymentTransaction } from '../../payload-types'
import { ok, refuse, type Result } from '../result'
import type { JobRunTally } from '../jobRuns/recordJobRun'
import { failureReason } from '../../lib/logRedaction'
import { allocateToOpenInvoices, reverseAllocations } from '../billing/allocate'
import { lockAccount, moveBalance } from '../billing/ledger'
import { queueNotification } from '../outbox'
import { decryptPaymentDetails, type PaymentDetails } from '../paymentMethods/paymentDetails'
import { poolOf } from '../pool'
import { transactionSql } from '../transactionSql'
import { withTransaction } from '../withTransaction'

/**
 * Debit orders through NetCash, as payment transactions that name their batch:
 *
 *   pending (written with its batch, not yet sent) → submitted (the file is at NetCash)
 *     → failed (the load report rejected the line: bank details)
 *     → completed ("collected": on the action date; the invoice shows paid, pending clearance;
 *       the balance moves and the money is allocated) → cleared (clearedAt: the clearing window
 *       passed without an unpaid)
 *     → returned (an unpaid: from completed, the allocations are reversed, the invoice re-opens
 *       and the balance moves back; from submitted, nothing had moved)
 *
 * The run writes one debit per invoice and action date: its transaction id is
 * `debit:<invoice number>:<action date>` (unique), so a second or concurrent run, or a run after a
 * crash, cannot debit an invoice twice for a day. A batch is marked `uncertain` before it is sent
 * and only marked `uploaded` from NetCash's answer, so a crash mid-upload never re-sends a file
 * NetCash may have. Bank details are decrypted only while the file is built; the stored copy of
 * the file has every account number masked.
 */

export type DebitRunReport = { tally: JobRunTally; batchIds: number[]; submitted: number; totalCents: number; actionDate: CalendarDate | null }

export const debitOrderSettings = (): DebitOrderSettings => getConfig().debitOrders

const T_LINE_OFFSET = 3 // the H and K lines come first

const CERTAINLY_NOT_RECEIVED = new Set<string>(['NOT_CONFIGURED', 'NETWORK', 'AUTHENTICATION', 'DATE_FORMAT', 'PARAMETER', 'REFUSED'])

export const debitTransactionId = (invoiceNumber: string, actionDate: CalendarDate) => `debit:${invoiceNumber}:${actionDate}`

const n = (v: unknown) => Number(v)

/**
 * The 06:00 run (business days): sends any batch a crashed run left `preparing`, then one new
 * batch of every invoice the rules say to debit on the action date.
 */
export async function runDebitOrders(
  payload: Payload,
  client: NetcashClient,
  args: { asOf: CalendarDate; now: () => Date; jobRunId?: number; settings?: DebitOrderSettings },
): Promise<DebitRunReport> {
  const settings = args.settings ?? debitOrderSettings()
  const tally: JobRunTally = { processed: 0, succeeded: 0, skipped: 0, failed: 0, errors: [], summary: '' }
  const actionDate = actionDateFor(args.asOf, settings.instruction)
  if (!actionDate) {
    tally.summary = `${args.asOf} is not a banking day: no debit orders sent`
    return { tally, batchIds: [], submitted: 0, totalCents: 0, actionDate: null }
  }
  const cfg = getConfig().netcash
  if (!cfg.enabled || !cfg.debitOrderKey) {
    tally.summary = 'NetCash debit orders are not configured (NETCASH_ENABLED, NETCASH_DEBIT_ORDER_KEY): nothing sent'
    return { tally, batchIds: [], submitted: 0, totalCents: 0, actionDate }
  }
  const pool = poolOf(payload)
  // A batch left `preparing` for an earlier action date is too late to send: withdrawn (its debits
  // failed, nobody told: the bank never saw them) so today's batch presents its invoices afresh.
  await withdrawLateBatches(payload, actionDate, args.now())
  const left = await pool.query(`SELECT id FROM debit_order_batches WHERE status = 'preparing' ORDER BY id`)
  const batchIds = left.rows.map((r) => n(r.id))
  const created = await writeBatch(payload, { asOf: args.asOf, actionDate, settings, jobRunId: args.jobRunId, tally })
  if (created !== null) batchIds.push(created)
  let submitted = 0
  let totalCents = 0
  const problems: string[] = []
  for (const id of batchIds) {
    const sent = await sendBatch(payload, client, id, { now: args.now(), vendorKey: cfg.vendorKey, serviceKey: cfg.debitOrderKey, instruction: settings.instruction, tally })
    if (sent.ok) {
      submitted += sent.count
      totalCents += sent.totalCents
    } else problems.push(sent.message)
  }
  tally.succeeded += submitted
  tally.processed = tally.succeeded + tally.skipped + tally.failed
  const rand = (totalCents / 100).toFixed(2)
  tally.summary = `${submitted} debit(s) for R ${rand} submitted for ${actionDate}` + (tally.failed ? `, ${tally.failed} refused before sending` : '') + (problems.length ? `; ${problems.join('; ')}` : '')
  if (problems.length && submitted === 0 && batchIds.length) {
    // Nothing reached NetCash: the job fails, so it is retried (a preparing batch is safe to send again).
    throw new DebitRunFailed(tally.summary)
  }
  return { tally, batchIds, submitted, totalCents, actionDate }
}

export class DebitRunFailed extends Error {}

async function withdrawLateBatches(payload: Payload, actionDate: CalendarDate, now: Date): Promise<void> {
  const late = await poolOf(payload).query(`SELECT id FROM debit_order_batches WHERE status = 'preparing' AND action_date < $1::timestamptz ORDER BY id`, [sastMidnight(actionDate)])
  for (const b of late.rows) {
    await withTransaction(payload, async (req) => {
      const db = await transactionSql(req)
      const head = await db.execute(sql`SELECT status FROM debit_order_batches WHERE id = ${n(b.id)} FOR UPDATE`)
      if (head.rows[0]?.status !== 'preparing') return
      const { rows } = await db.execute(sql`SELECT id FROM payment_transactions WHERE debit_batch_id = ${n(b.id)} AND status = 'pending' ORDER BY id`)
      for (const r of rows) await failDebit(req, n(r.id), 'Not sent in time for its action date: presented again in a later run', now, { notify: false })
      await db.execute(sql`UPDATE debit_order_batches SET status = 'rejected', report_outcome = ${NOT_SENT}, failure_reason = 'Not sent in time for its action date', updated_at = now() WHERE id = ${n(b.id)}`)
    })
  }
}

/** The load-report outcomes (and ours) that mean the bank never saw a debit of the batch. */
const NOT_SENT = 'NOT SENT'

type Candidate = {
  invoice_id: number
  customer_id: number
  invoice_number: string
  due: string
  due_date: string
  method_id: number
  mandate_amount_cents: string | null
  last_id: number | null
  last_status: string | null
  last_returned_at: string | null
  last_reason: string | null
  last_represent: boolean | null
  last_follow_up: boolean | null
  presentations: string | null
  last_batch_refused: boolean | null
}

/** One transaction: the due invoices read, decided, and written as `pending` debits of a new batch. */
async function writeBatch(
  payload: Payload,
  args: { asOf: CalendarDate; actionDate: CalendarDate; settings: DebitOrderSettings; jobRunId?: number; tally: JobRunTally },
): Promise<number | null> {
  return withTransaction(payload, async (req) => {
    const db = await transactionSql(req)
    const { rows } = await db.execute(sql`
      -- Each invoice's last debit by an index probe (the partial unique index on (invoice, action
      -- date)), so the cost stays linear in the due invoices whatever the planner's statistics say.
      WITH open AS MATERIALIZED (
        SELECT i.id AS invoice_id, i.customer_id, i.invoice_number, i.amount_due_cents AS due, i.due_date, m.id AS method_id, m.mandate_amount_cents
          FROM invoices i
          JOIN billing_accounts b ON b.customer_id = i.customer_id AND b.auto_pay
          JOIN payment_methods m ON m.id = b.primary_payment_method_id AND m.customer_id = i.customer_id
           AND m.is_active AND m.type = 'debit_order' AND m.mandate_status = 'active' AND m.mandate_account_reference IS NOT NULL
         WHERE i.kind <> 'credit_note' AND i.status IN ('unpaid', 'partially_paid', 'overdue') AND i.amount_due_cents > 0
           AND i.invoice_number IS NOT NULL AND i.due_date <= ${sastMidnight(args.actionDate)}::timestamptz
      )
      SELECT o.*, l.id AS last_id, l.status AS last_status, l.returned_at AS last_returned_at, l.return_reason_code AS last_reason,
             l.represent_requested AS last_represent, l.follow_up AS last_follow_up, l.presentations, l.batch_refused AS last_batch_refused
        FROM open o
        LEFT JOIN LATERAL (
          SELECT t.id, t.status::text AS status, t.returned_at, t.return_reason_code, t.represent_requested, t.follow_up,
                 (SELECT count(*) FROM payment_transactions c WHERE c.invoice_id = o.invoice_id AND c.debit_batch_id IS NOT NULL) AS presentations,
                 t.not_sent AS batch_refused
            FROM payment_transactions t
           WHERE t.invoice_id = o.invoice_id AND t.debit_batch_id IS NOT NULL
           ORDER BY t.id DESC LIMIT 1
        ) l ON true
       ORDER BY o.customer_id, o.due_date, o.invoice_id`)
    const chosen: Array<{ c: Candidate; representOf: number | null }> = []
    for (const c of rows as Candidate[]) {
      const decision = debitDecision(
        {
          dueDate: sastDateOf(c.due_date),
          amountDueCents: n(c.due),
          mandateLimitCents: c.mandate_amount_cents === null ? null : n(c.mandate_amount_cents),
          last:
            c.last_id === null
              ? null
              : {
                  id: n(c.last_id),
                  status: String(c.last_status),
                  returnedOn: c.last_returned_at ? sastDateOf(c.last_returned_at) : null,
                  representable: Boolean(c.last_reason && RETURN_REASONS[c.last_reason]?.representable),
                  representRequested: Boolean(c.last_represent),
                  followUp: Boolean(c.last_follow_up),
                  presentations: n(c.presentations),
                  batchRefused: Boolean(c.last_batch_refused),
                },
        },
        args.settings,
        { asOf: args.asOf, actionDate: args.actionDate },
      )
      if (decision.debit) chosen.push({ c, representOf: decision.representOf })
      else if (decision.why !== 'a debit is in progress' && decision.why !== 'already collected' && decision.why !== 'not due by the action date') {
        // Worth a person's attention: owed, auto-pay on, yet not debited.
        args.tally.skipped++
        if (args.tally.errors.length < 200) args.tally.errors.push({ invoice: c.invoice_number, skipped: decision.why })
      }
    }
    if (chosen.length === 0) return null
    const batch = await db.execute(sql`
      INSERT INTO debit_order_batches (batch_name, action_date, status, debit_count, total_cents, job_run_id, updated_at, created_at)
      VALUES (${`new-${Date.now()}-${Math.random().toString(36).slice(2)}`}, ${sastMidnight(args.actionDate)}::timestamptz, 'preparing', 0, 0, ${args.jobRunId ?? null}, now(), now())
      RETURNING id`)
    const batchId = n(batch.rows[0]!.id)
    const name = `DO-${args.actionDate.replaceAll('-', '')}-${batchId}`
    await db.execute(sql`UPDATE debit_order_batches SET batch_name = ${name} WHERE id = ${batchId}`)
    const ids = chosen.map((x) => debitTransactionId(x.c.invoice_number, args.actionDate))
    // ON CONFLICT: a concurrent run wrote the same (invoice, action date) first, or presented the
    // same returned debit again (represent_of is unique): that invoice is the other run's.
    const values = sql.join(
      chosen.map((x, i) => sql`(${ids[i]}, ${n(x.c.customer_id)}::int, ${n(x.c.invoice_id)}::int, ${n(x.c.method_id)}::int, ${n(x.c.due)}::numeric, ${x.representOf}::int)`),
      sql`, `,
    )
    const written = await db.execute(sql`
      INSERT INTO payment_transactions (transaction_id, kind, customer_id, invoice_id, payment_method_id, amount_cents, currency, status, debit_batch_id, action_date, represent_of_id, updated_at, created_at)
      SELECT v.tid, 'payment'::enum_payment_transactions_kind, v.customer, v.invoice, v.method, v.amount, 'ZAR'::enum_payment_transactions_currency, 'pending'::enum_payment_transactions_status, ${batchId}, ${sastMidnight(args.actionDate)}::timestamptz, v.represent, now(), now()
        FROM (VALUES ${values}) AS v (tid, customer, invoice, method, amount, represent)
      ON CONFLICT DO NOTHING
      RETURNING id`)
    if (written.rows.length === 0) {
      await db.execute(sql`DELETE FROM debit_order_batches WHERE id = ${batchId}`)
      return null
    }
    // The representation requests are used up by the debit that answers them.
    await db.execute(sql`
      UPDATE payment_transactions SET represent_requested = false, updated_at = now()
       WHERE id IN (SELECT represent_of_id FROM payment_transactions WHERE debit_batch_id = ${batchId} AND represent_of_id IS NOT NULL)`)
    return batchId
  })
}

type SendOutcome = { ok: true; count: number; totalCents: number } | { ok: false; message: string }

/**
 * Builds a `preparing` batch's file from its pending debits (bank details decrypted here, in
 * memory, for this file only), refuses locally what NetCash would refuse, marks the batch
 * `uncertain` (committed) and sends it once. NetCash's token makes it `uploaded` and its debits
 * `submitted`; an answer saying it was not taken puts it back to `preparing` (sent again by the
 * next run); no answer leaves it `uncertain` for staff.
 */
async function sendBatch(
  payload: Payload,
  client: NetcashClient,
  batchId: number,
  args: { now: Date; serviceKey: string; vendorKey: string; instruction: DebitOrderSettings['instruction']; tally: JobRunTally },
): Promise<SendOutcome> {
  const built = await withTransaction(payload, async (req) => {
    const db = await transactionSql(req)
    const head = await db.execute(sql`SELECT batch_name, action_date, status FROM debit_order_batches WHERE id = ${batchId} FOR UPDATE`)
    const batch = head.rows[0] as { batch_name: string; action_date: string; status: string } | undefined
    if (!batch || batch.status !== 'preparing') return null
    const { rows } = await db.execute(sql`
      SELECT t.id, t.amount_cents, t.payment_method_id, t.customer_id, i.invoice_number, i.status::text AS invoice_status, i.amount_due_cents,
             m.mandate_account_reference, m.encrypted_details, m.is_active AND m.mandate_status = 'active' AS mandate_live, c.email, c.mobile
        FROM payment_transactions t JOIN invoices i ON i.id = t.invoice_id JOIN payment_methods m ON m.id = t.payment_method_id JOIN customers c ON c.id = t.customer_id
       WHERE t.debit_batch_id = ${batchId} AND t.status = 'pending' ORDER BY t.id`)
    const debits: Array<{ id: number; debit: BatchDebit }> = []
    for (const r of rows) {
      // Written by an earlier attempt: still owed, the same amount, the mandate still live?
      if (!['unpaid', 'partially_paid', 'overdue'].includes(String(r.invoice_status)) || n(r.amount_due_cents) !== n(r.amount_cents) || !r.mandate_live) {
        await failDebit(req, n(r.id), 'The invoice or the mandate changed before the file was sent: not sent', args.now, { notify: false })
        continue
      }
      let details: PaymentDetails | undefined
      try {
        details = r.encrypted_details ? decryptPaymentDetails(n(r.payment_method_id), n(r.customer_id), String(r.encrypted_details)) : undefined
      } catch {
        details = undefined
      }
      if (details?.kind !== 'bank') {
        await failDebit(req, n(r.id), 'The bank details of this debit order cannot be read', args.now)
        args.tally.failed++
        continue
      }
      debits.push({
        id: n(r.id),
        debit: {
          accountReference: String(r.mandate_account_reference),
          accountName: String(r.invoice_number),
          accountHolder: details.bank.accountHolder,
          accountType: details.bank.accountType,
          branchCode: details.bank.branchCode,
          accountNumber: details.bank.accountNumber,
          amountCents: n(r.amount_cents),
          email: r.email ? String(r.email) : null,
          mobile: r.mobile ? String(r.mobile) : null,
        },
      })
    }
    const file = { serviceKey: args.serviceKey, vendorKey: args.vendorKey, instruction: args.instruction, batchName: batch.batch_name, actionDate: sastDateOf(batch.action_date) }
    // Lines NetCash would refuse fail here, with the reason, and stay out of the file.
    const problems = checkBatch({ ...file, debits: debits.map((d) => d.debit) })
    const header = problems.filter((p) => p.line === null && p.field !== 'debits')
    if (header.length) throw new Error(`the batch cannot be built: ${header.map((p) => p.message).join('; ')}`)
    const bad = new Map<number, string>()
    for (const p of problems) if (p.line !== null) bad.set(p.line, [bad.get(p.line), p.message].filter(Boolean).join('; '))
    const kept: typeof debits = []
    for (const [i, d] of debits.entries()) {
      const why = bad.get(i + T_LINE_OFFSET)
      if (why) {
        await failDebit(req, d.id, why, args.now)
        args.tally.failed++
      } else kept.push(d)
    }
    if (kept.length === 0) {
      await db.execute(sql`UPDATE debit_order_batches SET status = 'rejected', failure_reason = 'No debit in it could be sent', updated_at = now() WHERE id = ${batchId}`)
      return null
    }
    const text = buildDebitBatch({ ...file, debits: kept.map((d) => d.debit) })
    const total = kept.reduce((s, d) => s + d.debit.amountCents, 0)
    const lines = sql.join(kept.map((d, i) => sql`(${d.id}::int, ${i + T_LINE_OFFSET}::int)`), sql`, `)
    await db.execute(sql`UPDATE payment_transactions t SET batch_line = v.line, updated_at = now() FROM (VALUES ${lines}) AS v (id, line) WHERE t.id = v.id`)
    // Marked before it is sent: if we die while NetCash answers, nobody sends it again blindly.
    await db.execute(sql`
      UPDATE debit_order_batches SET status = 'uncertain', debit_count = ${kept.length}, total_cents = ${total}, masked_file = ${maskFile(text)},
             failure_reason = 'Sent to NetCash; its answer was not recorded. Check the batch at NetCash before sending it again.', updated_at = now()
       WHERE id = ${batchId}`)
    return { text, count: kept.length, total, name: batch.batch_name }
  })
  if (!built) return { ok: true, count: 0, totalCents: 0 }
  const sent = await client.uploadBatch(built.text)
  const at = new Date().toISOString()
  if (sent.ok) {
    await withTransaction(payload, async (req) => {
      const db = await transactionSql(req)
      await db.execute(sql`UPDATE debit_order_batches SET status = 'uploaded', file_token = ${sent.value.fileToken}, uploaded_at = ${at}::timestamptz, failure_reason = NULL, updated_at = now() WHERE id = ${batchId} AND status = 'uncertain'`)
      await db.execute(sql`UPDATE payment_transactions SET status = 'submitted', submitted_at = ${at}::timestamptz, updated_at = now() WHERE debit_batch_id = ${batchId} AND status = 'pending' AND batch_line IS NOT NULL`)
    })
    return { ok: true, count: built.count, totalCents: built.total }
  }
  // Back to `preparing` only when NetCash certainly did not take the file: never reached, or it
  // refused the request itself. Anything else (a gateway's 5xx, an answer we cannot read, a
  // timeout) may have loaded it: `uncertain`, for staff.
  if (!CERTAINLY_NOT_RECEIVED.has(sent.error.code)) {
    await poolOf(payload).query(`UPDATE debit_order_batches SET failure_reason = $2, updated_at = now() WHERE id = $1`, [batchId, `${sent.error.message}. Check the batch at NetCash before sending it again.`])
    return { ok: false, message: `${built.name}: ${sent.error.message}` }
  }
  // NetCash answered that it did not take the file (or was never reached): safe to send again.
  await poolOf(payload).query(`UPDATE debit_order_batches SET status = 'preparing', failure_reason = $2, updated_at = now() WHERE id = $1 AND status = 'uncertain'`, [batchId, sent.error.message])
  return { ok: false, message: `${built.name}: ${sent.error.message}` }
}

/**
 * The file as staff may see it: the header's service key withheld (a secret) and every T record's
 * account number (field 136) reduced to its last four digits.
 */
export function maskFile(text: string): string {
  const lines = text.split(EOL).map((l) => (l.startsWith('H\t') ? l.split('\t').map((cell, i) => (i === 1 ? '(service key)' : cell)).join('\t') : l))
  const key = lines.find((l) => l.startsWith('K\t'))?.split('\t') ?? []
  const at = key.indexOf('136')
  if (at < 0) return lines.map((l) => (l.startsWith('T\t') ? 'T\t(masked)' : l)).join(EOL)
  return lines
    .map((l) => {
      if (!l.startsWith('T\t')) return l
      const cells = l.split('\t')
      const number = cells[at] ?? ''
      cells[at] = `${'*'.repeat(Math.max(0, number.length - 4))}${number.slice(-4)}`
      return cells.join('\t')
    })
    .join(EOL)
}

async function failDebit(req: PayloadRequest, id: number, reason: string, now: Date, opts: { notify: boolean } = { notify: true }): Promise<boolean> {
  const db = await transactionSql(req)
  const { rows } = await db.execute(sql`
    UPDATE payment_transactions SET status = 'failed', failed_at = ${now.toISOString()}::timestamptz, failure_reason = ${reason.slice(0, 500)}, not_sent = ${!opts.notify}, updated_at = now()
     WHERE id = ${id} AND status IN ('pending', 'submitted')
    RETURNING customer_id, invoice_id, amount_cents, transaction_id`)
  const t = rows[0]
  if (!t) return false
  if (opts.notify) await notifyFailed(req, { id, customerId: n(t.customer_id), invoiceId: n(t.invoice_id), amountCents: n(t.amount_cents), reason })
  return true
}

async function notifyFailed(req: PayloadRequest, d: { id: number; customerId: number; invoiceId: number; amountCents: number; reason: string }) {
  const db = await transactionSql(req)
  const inv = await db.execute(sql`SELECT invoice_number FROM invoices WHERE id = ${d.invoiceId}`)
  const cfg = getConfig()
  await queueNotification(req, {
    customerId: d.customerId,
    template: 'payment_failed',
    eventKey: `debit-failed:${d.id}`,
    invoiceId: d.invoiceId,
    params: {
      amountCents: d.amountCents,
      invoiceNumber: String(inv.rows[0]?.invoice_number ?? ''),
      reason: d.reason.slice(0, 200),
      // The invoice's page in the portal: its Pay now button starts a Pay Now payment for what is owed.
      ...(cfg.netcash.payNowKey ? { payNowUrl: `${cfg.serverUrl}/portal/invoices/${d.invoiceId}` } : {}),
    },
  })
}

export type SettleReport = { tally: JobRunTally; reports: number; rejected: number; collected: number; returned: number; cleared: number; unmatched: number }

/**
 * After the run, hourly: reads the load reports NetCash has ready (rejected lines fail), applies
 * the unpaid statement (returns first, so a return that arrives before its collection ends as a
 * return), collects the submitted debits whose action date has come, and marks cleared the
 * collected debits the clearing window has passed. Each debit moves in its own transaction, under
 * its account lock and its row lock, and only from the state the step expects: running it twice,
 * or beside another, changes nothing the first did not.
 */
export async function settleDebitOrders(payload: Payload, client: NetcashClient, args: { asOf: CalendarDate; now: () => Date; settings?: DebitOrderSettings }): Promise<SettleReport> {
  const settings = args.settings ?? debitOrderSettings()
  const tally: JobRunTally = { processed: 0, succeeded: 0, skipped: 0, failed: 0, errors: [], summary: '' }
  const report: SettleReport = { tally, reports: 0, rejected: 0, collected: 0, returned: 0, cleared: 0, unmatched: 0 }
  const pool = poolOf(payload)
  const notes: string[] = []
  // Cleared means no unpaid came back: false until the statement has been read whole.
  let unpaidsRead = false
  if (getConfig().netcash.enabled && getConfig().netcash.debitOrderKey) {
    const uploaded = await pool.query(`SELECT id, file_token, batch_name FROM debit_order_batches WHERE status = 'uploaded' AND file_token IS NOT NULL ORDER BY id`)
    for (const b of uploaded.rows) {
      const got = await client.loadReport(String(b.file_token))
      if (!got.ok) {
        if (got.error.code !== 'NOT_READY') notes.push(`${b.batch_name}: ${got.error.message}`)
        continue
      }
      report.reports++
      try {
        report.rejected += await applyLoadReport(payload, n(b.id), String(b.batch_name), got.value, args.now())
      } catch (err) {
        failedItem(tally, { batch: String(b.batch_name), step: 'load report' }, err)
      }
    }
    const since = addDays(args.asOf, -60)
    const unpaids = await client.unpaidsSince(since)
    unpaidsRead = unpaids.ok
    if (!unpaids.ok) {
      notes.push(`unpaids not read (${unpaids.error.message}): nothing cleared this time`)
    } else {
      for (const u of unpaids.value) {
        try {
          const outcome = await applyUnpaid(payload, u, args.now())
          if (outcome === 'returned') report.returned++
          else if (outcome === 'unmatched') {
            report.unmatched++
            if (tally.errors.length < 200) tally.errors.push({ unpaid: u.accountName, actionDate: u.actionDate, problem: 'matches no debit we sent (reference, amount or date differ)' })
          }
        } catch (err) {
          unpaidsRead = false
          failedItem(tally, { unpaid: u.accountName, actionDate: u.actionDate, step: 'return' }, err)
        }
      }
    }
  }
  const due = await pool.query(
    `SELECT t.id FROM payment_transactions t JOIN debit_order_batches b ON b.id = t.debit_batch_id
      WHERE t.status = 'submitted' AND b.status = 'loaded' AND t.action_date <= $1::timestamptz ORDER BY t.id`,
    [sastMidnight(args.asOf)],
  )
  for (const r of due.rows) {
    // One debit that cannot be collected (a lock timeout, a refused write) holds up no other.
    try {
      if (await collectDebit(payload, n(r.id), args.now())) report.collected++
    } catch (err) {
      failedItem(tally, { payment: n(r.id), step: 'collection' }, err)
    }
  }
  const cleared = !unpaidsRead ? { rowCount: 0 as number | null } : await pool.query(
    `UPDATE payment_transactions SET cleared_at = $2::timestamptz, updated_at = now()
      WHERE debit_batch_id IS NOT NULL AND status = 'completed' AND cleared_at IS NULL AND action_date < $1::timestamptz RETURNING id`,
    [sastMidnight(addDays(args.asOf, -settings.clearingDays)), args.now().toISOString()],
  )
  report.cleared = cleared.rowCount ?? 0
  tally.succeeded = report.collected + report.returned + report.cleared
  tally.failed += report.rejected
  tally.skipped = report.unmatched
  tally.processed = tally.succeeded + tally.failed + tally.skipped
  tally.summary =
    `${report.collected} collected, ${report.returned} returned, ${report.cleared} cleared, ${report.rejected} rejected by the load report` +
    (report.unmatched ? `, ${report.unmatched} unpaid(s) matched nothing` : '') +
    (notes.length ? `; ${notes.join('; ')}` : '')
  return report
}

function failedItem(tally: JobRunTally, what: Record<string, unknown>, err: unknown) {
  tally.failed++
  if (tally.errors.length < 200) tally.errors.push({ ...what, error: failureReason(err) })
}

/**
 * A load report: rejected lines fail with NetCash's message; a refused file fails every debit.
 * Believed only when it is this batch's and each rejected line names the debit we put on that
 * line (its account reference): otherwise the batch stays `uploaded` for staff, nothing is
 * collected from it, and this throws. Returns how many failed.
 */
export async function applyLoadReport(payload: Payload, batchId: number, batchName: string, report: LoadReport, now: Date): Promise<number> {
  return withTransaction(payload, async (req) => {
    const db = await transactionSql(req)
    const head = await db.execute(sql`SELECT status FROM debit_order_batches WHERE id = ${batchId} FOR UPDATE`)
    if (head.rows[0]?.status !== 'uploaded') return 0
    if (report.batchName !== batchName) throw new Error(`the load report is for batch ${report.batchName.slice(0, 60)}, not ${batchName}`)
    for (const line of report.rejected) {
      const { rows } = await db.execute(sql`
        SELECT m.mandate_account_reference FROM payment_transactions t JOIN payment_methods m ON m.id = t.payment_method_id
         WHERE t.debit_batch_id = ${batchId} AND t.batch_line = ${line.line}`)
      if (rows[0]?.mandate_account_reference !== line.accountReference) {
        throw new Error(`the load report rejects line ${line.line} as ${line.accountReference.slice(0, 30)}, which is not the debit on that line: check the batch at NetCash`)
      }
    }
    let failed = 0
    if (report.outcome === 'UNSUCCESSFUL') {
      const why = report.errors.join('; ') || 'NetCash refused the file'
      const { rows } = await db.execute(sql`SELECT id FROM payment_transactions WHERE debit_batch_id = ${batchId} AND status = 'submitted' ORDER BY id`)
      // Our file, not the customer's account: nobody is told their payment failed, and the next run
      // presents these invoices again (debitDecision, batchRefused).
      for (const r of rows) if (await failDebit(req, n(r.id), `NetCash refused the batch: ${why}`, now, { notify: false })) failed++
      await db.execute(sql`UPDATE debit_order_batches SET status = 'rejected', report_outcome = ${report.outcome}, failure_reason = ${why.slice(0, 500)}, report_read_at = ${now.toISOString()}::timestamptz, updated_at = now() WHERE id = ${batchId}`)
      return failed
    }
    for (const line of report.rejected) {
      const { rows } = await db.execute(sql`SELECT id FROM payment_transactions WHERE debit_batch_id = ${batchId} AND batch_line = ${line.line} AND status = 'submitted'`)
      if (rows[0] && (await failDebit(req, n(rows[0].id), `NetCash rejected the line: ${line.message}`, now))) failed++
    }
    await db.execute(sql`UPDATE debit_order_batches SET status = 'loaded', report_outcome = ${report.outcome}, failure_reason = ${report.errors.join('; ').slice(0, 500) || null}, report_read_at = ${now.toISOString()}::timestamptz, updated_at = now() WHERE id = ${batchId}`)
    return failed
  })
}

/** The account lock, then the debit's row lock; null when there is no such debit. */
async function lockDebit(req: PayloadRequest, where: { id: number } | { transactionId: string }) {
  const db = await transactionSql(req)
  const key = 'id' in where ? sql`id = ${where.id}` : sql`transaction_id = ${where.transactionId}`
  const peek = await db.execute(sql`SELECT id, customer_id FROM payment_transactions WHERE ${key} AND debit_batch_id IS NOT NULL`)
  if (!peek.rows[0]) return null
  await lockAccount(req, n(peek.rows[0].customer_id))
  const { rows } = await db.execute(sql`
    SELECT t.id, t.customer_id, t.invoice_id, t.amount_cents, t.status::text AS status, t.transaction_id, m.mandate_account_reference
      FROM payment_transactions t LEFT JOIN payment_methods m ON m.id = t.payment_method_id
     WHERE t.id = ${n(peek.rows[0].id)} FOR UPDATE OF t`)
  const t = rows[0]
  return t
    ? { id: n(t.id), customerId: n(t.customer_id), invoiceId: n(t.invoice_id), amountCents: n(t.amount_cents), status: String(t.status), transactionId: String(t.transaction_id), accountReference: t.mandate_account_reference ? String(t.mandate_account_reference) : null }
    : null
}

/** Submitted → completed on its action date: the balance moves, the money pays its invoice first, and the customer gets a receipt. */
export async function collectDebit(payload: Payload, id: number, now: Date): Promise<boolean> {
  return withTransaction(payload, async (req) => {
    const debit = await lockDebit(req, { id })
    if (!debit || debit.status !== 'submitted') return false
    const db = await transactionSql(req)
    await db.execute(sql`UPDATE payment_transactions SET status = 'completed', completed_at = ${now.toISOString()}::timestamptz, updated_at = now() WHERE id = ${id}`)
    const balanceCents = await moveBalance(req, debit.customerId, -debit.amountCents)
    await allocateToOpenInvoices(req, { customerId: debit.customerId, amountCents: debit.amountCents, invoiceId: debit.invoiceId, source: { paymentId: id }, asOf: sastDateOf(now) })
    await queueNotification(req, {
      customerId: debit.customerId,
      template: 'payment_received',
      eventKey: `payment:${id}`,
      invoiceId: debit.invoiceId,
      params: { amountCents: debit.amountCents, paymentDate: sastDateOf(now), reference: debit.transactionId.replace(/^debit:/, '').split(':')[0]!, balanceCents },
    })
    return true
  })
}

export type UnpaidOutcome = 'returned' | 'already' | 'unmatched' | 'ignored'

/**
 * One line of the unpaid statement, believed only when it names a debit we sent: its invoice
 * number and action date give the transaction id, and its account reference and amount must be
 * the ones in our file. A collected debit is reversed (allocations removed, the invoices they
 * paid re-open, the balance moves back); a debit not yet collected simply never will be. Either
 * way the customer is told, with a link to pay now.
 */
export async function applyUnpaid(payload: Payload, u: Unpaid, now: Date): Promise<UnpaidOutcome> {
  return withTransaction(payload, async (req) => {
    const debit = await lockDebit(req, { transactionId: debitTransactionId(u.accountName, u.actionDate) })
    if (!debit || debit.accountReference !== u.accountReference || debit.amountCents !== u.amountCents) return 'unmatched'
    if (debit.status === 'returned') return 'already'
    if (debit.status !== 'submitted' && debit.status !== 'completed') return 'ignored'
    const db = await transactionSql(req)
    if (debit.status === 'completed') {
      await reverseAllocations(req, { paymentId: debit.id, asOf: sastDateOf(now) })
      await moveBalance(req, debit.customerId, debit.amountCents)
    }
    await db.execute(sql`
      UPDATE payment_transactions SET status = 'returned', returned_at = ${now.toISOString()}::timestamptz, return_reason_code = ${u.reasonCode},
             failure_reason = ${u.reason.slice(0, 500)}, updated_at = now()
       WHERE id = ${debit.id}`)
    await notifyFailed(req, { id: debit.id, customerId: debit.customerId, invoiceId: debit.invoiceId, amountCents: debit.amountCents, reason: u.reason })
    return 'returned'
  })
}

type DebitActionCode = 'UNKNOWN_PAYMENT' | 'NOT_REPRESENTABLE'

/**
 * Staff: present a returned (or rejected) debit again in the next run, whatever the automatic
 * rules say (a customer who asked for it, a reason the bank code hides). Once per debit: the new
 * debit names it (`representOf`, unique). On the caller's transaction, under the account lock.
 */
export async function requestRepresentation(req: PayloadRequest, id: number): Promise<Result<{ payment: PaymentTransaction }, DebitActionCode>> {
  const debit = await lockDebit(req, { id })
  if (!debit) return refuse('UNKNOWN_PAYMENT', 'No such debit order payment', 'paymentId')
  if (debit.status !== 'returned' && debit.status !== 'failed') return refuse('NOT_REPRESENTABLE', `Only a returned or rejected debit is presented again; this one is ${debit.status}`)
  const db = await transactionSql(req)
  const { rows } = await db.execute(sql`
    SELECT (SELECT count(*) FROM payment_transactions WHERE represent_of_id = ${id}) AS again,
           (SELECT count(*) FROM payment_transactions WHERE invoice_id = ${debit.invoiceId} AND debit_batch_id IS NOT NULL AND id > ${id}) AS later,
           i.status::text AS invoice_status
      FROM invoices i WHERE i.id = ${debit.invoiceId}`)
  const facts = rows[0]!
  if (n(facts.again) > 0 || n(facts.later) > 0) return refuse('NOT_REPRESENTABLE', 'This invoice has been debited again since: act on its latest debit')
  if (!['unpaid', 'partially_paid', 'overdue'].includes(String(facts.invoice_status))) return refuse('NOT_REPRESENTABLE', `The invoice is ${String(facts.invoice_status).replace('_', ' ')}: nothing to collect`)
  // The run debits only an account with auto-pay and a live mandate: say so now rather than let it be skipped.
  const account = await db.execute(sql`
    SELECT b.auto_pay AND m.is_active AND m.type = 'debit_order' AND m.mandate_status = 'active' AS collectable
      FROM billing_accounts b LEFT JOIN payment_methods m ON m.id = b.primary_payment_method_id WHERE b.customer_id = ${debit.customerId}`)
  if (!account.rows[0]?.collectable) return refuse('NOT_REPRESENTABLE', 'The account has no auto-pay with an active debit-order mandate now: the run would not debit it')
  await db.execute(sql`UPDATE payment_transactions SET represent_requested = true, follow_up = false, updated_at = now() WHERE id = ${id}`)
  return ok({ payment: await req.payload.findByID({ collection: 'payment-transactions', id, depth: 0, req, overrideAccess: true }) })
}

/** Staff: a returned or rejected debit is not presented again automatically; a person follows it up. */
export async function markForFollowUp(req: PayloadRequest, id: number): Promise<Result<{ payment: PaymentTransaction }, DebitActionCode>> {
  const debit = await lockDebit(req, { id })
  if (!debit) return refuse('UNKNOWN_PAYMENT', 'No such debit order payment', 'paymentId')
  if (debit.status !== 'returned' && debit.status !== 'failed') return refuse('NOT_REPRESENTABLE', `Only a returned or rejected debit is followed up; this one is ${debit.status}`)
  const db = await transactionSql(req)
  await db.execute(sql`UPDATE payment_transactions SET follow_up = true, represent_requested = false, updated_at = now() WHERE id = ${id}`)
  return ok({ payment: await req.payload.findByID({ collection: 'payment-transactions', id, depth: 0, req, overrideAccess: true }) })
}

type ResolveCode = 'UNKNOWN_BATCH' | 'NOT_UNCERTAIN' | 'INVALID_TOKEN'

/**
 * Staff, after checking at NetCash: an `uncertain` batch either reached NetCash (its file token
 * from NetCash's site makes it `uploaded`, its debits `submitted`, and settlement carries on) or
 * did not (its debits fail as never sent, nobody is told, and the next run presents the invoices
 * again). Who said so and when is kept on the batch.
 */
export async function resolveUncertainBatch(
  payload: Payload,
  args: { batchId: number; received: boolean; fileToken?: string; staffEmail: string; now: Date },
): Promise<Result<{ status: string }, ResolveCode>> {
  if (args.received && !/^[A-Za-z0-9-]{8,64}$/.test(args.fileToken ?? '')) return refuse('INVALID_TOKEN', 'Give the file token NetCash shows for this batch (8 to 64 letters, digits or dashes)', 'fileToken')
  return withTransaction(payload, async (req) => {
    const db = await transactionSql(req)
    const head = await db.execute(sql`SELECT status FROM debit_order_batches WHERE id = ${args.batchId} FOR UPDATE`)
    if (!head.rows[0]) return refuse('UNKNOWN_BATCH', 'No such debit-order run', 'id')
    if (head.rows[0].status !== 'uncertain') return refuse('NOT_UNCERTAIN', `This run is ${String(head.rows[0].status)}, not waiting for a check at NetCash`)
    const note = `${args.received ? 'NetCash has the file' : 'NetCash does not have the file'}: ${args.staffEmail.slice(0, 120)}, ${args.now.toISOString()}`
    if (args.received) {
      await db.execute(sql`UPDATE debit_order_batches SET status = 'uploaded', file_token = ${args.fileToken!}, uploaded_at = ${args.now.toISOString()}::timestamptz, failure_reason = ${note}, updated_at = now() WHERE id = ${args.batchId}`)
      await db.execute(sql`UPDATE payment_transactions SET status = 'submitted', submitted_at = ${args.now.toISOString()}::timestamptz, updated_at = now() WHERE debit_batch_id = ${args.batchId} AND status = 'pending' AND batch_line IS NOT NULL`)
      return ok({ status: 'uploaded' })
    }
    const { rows } = await db.execute(sql`SELECT id FROM payment_transactions WHERE debit_batch_id = ${args.batchId} AND status = 'pending' ORDER BY id`)
    for (const r of rows) await failDebit(req, n(r.id), 'NetCash never received the file: presented again in a later run', args.now, { notify: false })
    await db.execute(sql`UPDATE debit_order_batches SET status = 'rejected', report_outcome = ${NOT_SENT}, failure_reason = ${note}, updated_at = now() WHERE id = ${args.batchId}`)
    return ok({ status: 'rejected' })
  })
}
