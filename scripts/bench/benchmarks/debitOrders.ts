import { randomBytes, randomUUID } from 'node:crypto'

import { inPgTransaction } from '../../lib/pgTransaction'
import { useBenchEnvironment } from '../inProcess'
import { formatTable } from '../report'
import type { Benchmark, BenchContext } from '../types'

const DUE_INVOICES = 10_000

type Phase = { label: string; count: number; ms: number; statements?: number }

/**
 * The 06:00 debit-order run (`runDebitOrders`, the job's own code) over 10,000 due invoices of
 * accounts with auto-pay and an active mandate, in this process against the NetCash simulator:
 * the invoices read and decided, the debits written, every bank account decrypted and the batch
 * file built, the file sent and NetCash's answer recorded. Then the settlement that collects them
 * on the action date (`settleDebitOrders`: the load report, then one transaction per debit with
 * its ledger move, allocation and receipt). Prints debits per second for each and statements per
 * debit. The data set gets mandates and bank details for the chosen accounts for the length of
 * the benchmark; everything it changed or wrote is put back afterwards.
 */
export const debitOrders: Benchmark = {
  name: 'debit-orders',
  description: `the debit-order run over ${DUE_INVOICES.toLocaleString('en-US')} due invoices (decide, write, decrypt, build, send) and their collection on the action date: debits per second`,
  async run(ctx) {
    const { log } = ctx
    const serviceKey = randomUUID()
    useBenchEnvironment(ctx, { NETCASH_ENABLED: 'true', NETCASH_DEBIT_ORDER_KEY: serviceKey, NETCASH_POSTBACK_SECRET: randomBytes(24).toString('hex') })
    const { startNetcashSimulator } = await import('../../../simulators/netcash/server')
    const sim = await startNetcashSimulator({ debitOrderKey: serviceKey })
    process.env.NETCASH_WS_URL = `${sim.url}/NIWS/niws_nif.svc`
    const { reloadConfig, getConfig } = await import('../../../src/lib/config')
    reloadConfig()
    const { isBusinessDay } = await import('../../../src/domain/businessDays')
    const { addDays } = await import('../../../src/domain/calendarDate')
    const { actionDateFor } = await import('../../../src/domain/debitOrders')
    let runDay = ctx.dataset.spec.asOf
    while (!isBusinessDay(runDay)) runDay = addDays(runDay, 1)
    const actionDate = actionDateFor(runDay, 'TwoDay')!
    const undo = await prepare(ctx, actionDate, getConfig().paymentDataKeys)
    try {
      const { default: config } = await import('../../../payload.config')
      const { getPayload } = await import('payload')
      const { closePayload } = await import('../../lib/payload')
      const { netcashClient } = await import('../../../src/integrations/netcash/client')
      const { runDebitOrders, settleDebitOrders } = await import('../../../src/services/netcash/debitOrders')
      const payload = await getPayload({ config, key: 'bench-debit-orders' })
      try {
        let uploadMs = 0
        const timedFetch: typeof fetch = async (input, init) => {
          const started = performance.now()
          try {
            return await fetch(input, init)
          } finally {
            if (String(init?.headers && (init.headers as Record<string, string>).SOAPAction).includes('BatchFileUpload')) uploadMs += performance.now() - started
          }
        }
        const client = netcashClient({ wsUrl: process.env.NETCASH_WS_URL!, debitOrderKey: serviceKey, timeoutMs: 120_000, fetch: timedFetch })
        const settings = { instruction: 'TwoDay' as const, retryWindowDays: 3650, clearingDays: 14, maxPresentations: 2 }
        const phases: Phase[] = []
        const memory: number[] = []

        log(`debit-orders: the run on ${runDay} (action date ${actionDate})`)
        if (ctx.db.available) await ctx.db.reset()
        let started = performance.now()
        const report = await runDebitOrders(payload, client, { asOf: runDay, now: () => new Date(), settings })
        const runMs = performance.now() - started
        const runStatements = ctx.db.available ? (await ctx.db.read())?.statements : undefined
        memory.push(process.memoryUsage().rss)
        phases.push({ label: 'run: decide, write, decrypt, build, send', count: report.submitted, ms: runMs, statements: runStatements })
        phases.push({ label: '  of which NetCash took the file', count: report.submitted, ms: uploadMs })
        log(`debit-orders: ${report.tally.summary} in ${(runMs / 1000).toFixed(1)} s`)

        log('debit-orders: a second run the same day (nothing left to debit)')
        started = performance.now()
        const again = await runDebitOrders(payload, client, { asOf: runDay, now: () => new Date(), settings })
        phases.push({ label: 'run again: each invoice checked, none due again', count: report.submitted, ms: performance.now() - started })
        log(`debit-orders: ${again.tally.summary}`)

        log(`debit-orders: settlement on the action date ${actionDate} (load report, then each collection)`)
        if (ctx.db.available) await ctx.db.reset()
        started = performance.now()
        const settled = await settleDebitOrders(payload, client, { asOf: actionDate, now: () => new Date(), settings })
        const settleMs = performance.now() - started
        const settleStatements = ctx.db.available ? (await ctx.db.read())?.statements : undefined
        memory.push(process.memoryUsage().rss)
        phases.push({ label: 'settlement: collect on the action date', count: settled.collected, ms: settleMs, statements: settleStatements })
        log(`debit-orders: ${settled.tally.summary} in ${(settleMs / 1000).toFixed(1)} s`)

        const rate = (p: Phase) => (p.ms === 0 ? '-' : (p.count / (p.ms / 1000)).toFixed(0))
        const perDebit = (p: Phase) => (p.statements === undefined || p.count === 0 ? '-' : p.statements / p.count < 0.1 ? `${(p.statements / p.count).toFixed(3)} (${p.statements} in all)` : (p.statements / p.count).toFixed(1))
        const [run, , , collect] = phases
        return {
          title: `debit-orders: ${report.submitted.toLocaleString('en-US')} due invoices with auto-pay and an active mandate, NetCash simulator in process`,
          table: formatTable(
            ['phase', 'debits', 'seconds', 'per second', 'statements per debit'],
            phases.map((p) => [p.label, String(p.count), (p.ms / 1000).toFixed(2), rate(p), perDebit(p)]),
          ),
          notes: [
            `One file of ${report.submitted.toLocaleString('en-US')} lines (R ${(report.totalCents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}); the run writes every debit in one statement and decrypts each bank account once, in memory.`,
            'The collection is one transaction per debit (account lock, row lock, ledger move, allocation, receipt queued), so one return or failure never holds up the rest.',
            `Process memory after the run ${(memory[0]! / 1e6).toFixed(0)} MB, after the settlement ${(memory[1]! / 1e6).toFixed(0)} MB.`,
            ctx.db.available ? 'Statements counted by pg_stat_statements.' : 'Statements not counted (pg_stat_statements not loaded).',
            'The mandates, bank details, debits, batches, allocations, balances, invoice statuses and queued receipts were put back afterwards.',
          ],
          headline: `debit-orders: run ${rate(run!)} debits/s (${report.submitted.toLocaleString('en-US')} in ${(run!.ms / 1000).toFixed(1)} s${run!.statements === undefined ? '' : `, ${perDebit(run!)} statements per debit`}), collection ${rate(collect!)} debits/s${collect!.statements === undefined ? '' : ` (${perDebit(collect!)} statements per debit)`}`,
        }
      } finally {
        await closePayload(payload)
      }
    } finally {
      await undo()
      await sim.stop()
    }
  },
}

/**
 * Makes exactly about 10,000 invoices due: accounts in id order, each contributing its open
 * invoices due by the action date, or, with none, its latest paid one re-opened (its allocations
 * set aside, so every invariant reconcile checks still holds), until 10,000 are due. Their primary
 * method becomes a debit order with an active mandate and encrypted bank details, auto-pay goes on
 * for them and off for everyone else. Returns the undo.
 */
async function prepare(ctx: BenchContext, actionDate: string, keys: import('../../../src/lib/crypto/fieldEncryption').KeyRing): Promise<() => Promise<void>> {
  const { pool, log } = ctx
  const { encryptField } = await import('../../../src/lib/crypto/fieldEncryption')
  const { associatedDataFor } = await import('../../../src/services/paymentMethods/paymentDetails')
  const { sastMidnight } = await import('../../../src/domain/calendarDate')
  const due = sastMidnight(actionDate)
  const marks = (await pool.query<{ jobs: number; tx: number; batches: number }>(
    `SELECT (SELECT coalesce(max(id), 0) FROM payload_jobs)::int AS jobs, (SELECT coalesce(max(id), 0) FROM payment_transactions)::int AS tx, (SELECT coalesce(max(id), 0) FROM debit_order_batches)::int AS batches`,
  )).rows[0]!
  const tables = 'bench_undo_accounts, bench_undo_methods, bench_undo_invoices, bench_undo_allocations, bench_debit_accounts'
  await pool.query(`DROP TABLE IF EXISTS ${tables}`)
  const open = `i.kind <> 'credit_note' AND i.invoice_number IS NOT NULL AND i.due_date <= $1::timestamptz`
  await pool.query(
    `CREATE TABLE bench_debit_accounts AS
       WITH a AS (
         SELECT b.customer_id, b.primary_payment_method_id AS method_id,
                (SELECT count(*) FROM invoices i WHERE i.customer_id = b.customer_id AND ${open} AND i.status IN ('unpaid', 'partially_paid', 'overdue') AND i.amount_due_cents > 0) AS open_n,
                (SELECT i.id FROM invoices i WHERE i.customer_id = b.customer_id AND ${open} AND i.status = 'paid' ORDER BY i.due_date DESC, i.id DESC LIMIT 1) AS reopen_id
           FROM billing_accounts b WHERE b.primary_payment_method_id IS NOT NULL
       ), w AS (
         SELECT a.*, CASE WHEN open_n > 0 THEN open_n WHEN reopen_id IS NOT NULL THEN 1 ELSE 0 END AS adds FROM a
       )
       SELECT customer_id, method_id, CASE WHEN open_n = 0 THEN reopen_id END AS reopen_id, adds, sum(adds) OVER (ORDER BY customer_id) AS running
         FROM w WHERE adds > 0`,
    [due],
  )
  await pool.query(`DELETE FROM bench_debit_accounts WHERE running - adds >= ${DUE_INVOICES}`)
  const chosen = (await pool.query<{ customer_id: number; method_id: number; account_number: string }>(
    `SELECT d.customer_id, d.method_id, c.account_number FROM bench_debit_accounts d JOIN customers c ON c.id = d.customer_id ORDER BY d.customer_id`,
  )).rows
  const total = (await pool.query<{ n: string }>(`SELECT coalesce(sum(adds), 0) AS n FROM bench_debit_accounts`)).rows[0]!.n
  log(`debit-orders: ${chosen.length.toLocaleString('en-US')} accounts with ${Number(total).toLocaleString('en-US')} invoices due by ${actionDate} get a debit-order mandate and bank details`)
  await pool.query(`CREATE TABLE bench_undo_accounts AS SELECT customer_id, balance_cents, auto_pay FROM billing_accounts`)
  await pool.query(
    `CREATE TABLE bench_undo_methods AS SELECT id, type, display_name, last_four, encrypted_details, mandate_reference, mandate_account_reference, mandate_amount_cents, mandate_status
       FROM payment_methods WHERE id IN (SELECT method_id FROM bench_debit_accounts)`,
  )
  await pool.query(`CREATE TABLE bench_undo_invoices AS SELECT i.id, i.status, i.amount_paid_cents FROM invoices i WHERE i.customer_id IN (SELECT customer_id FROM bench_debit_accounts)`)
  await pool.query(`CREATE TABLE bench_undo_allocations AS SELECT * FROM payment_allocations WHERE invoice_id IN (SELECT reopen_id FROM bench_debit_accounts WHERE reopen_id IS NOT NULL)`)
  const details = chosen.map((c, i) => {
    const bank = { bankCode: 'fnb', branchCode: '250655', accountType: 'cheque', accountNumber: `62${String(100_000_000 + i)}`, accountHolder: `Bench Holder ${c.customer_id}` }
    return encryptField(keys, JSON.stringify({ kind: 'bank', bank }), associatedDataFor(c.method_id, c.customer_id))
  })
  await inPgTransaction(pool, async (client) => {
    await client.query(
      `UPDATE payment_methods m SET type = 'debit_order', display_name = 'Debit Order - FNB ***' || right(v.ref, 4), encrypted_details = v.details, mandate_account_reference = v.ref,
              mandate_amount_cents = 100000000, mandate_status = 'active'
         FROM unnest($1::int[], $2::text[], $3::text[]) AS v(id, details, ref) WHERE m.id = v.id`,
      [chosen.map((c) => c.method_id), details, chosen.map((c) => `${c.account_number}-${c.method_id}`)],
    )
    await client.query(`UPDATE billing_accounts SET auto_pay = (customer_id IN (SELECT customer_id FROM bench_debit_accounts))`)
    await client.query(`DELETE FROM payment_allocations WHERE id IN (SELECT id FROM bench_undo_allocations)`)
    await client.query(
      `UPDATE invoices SET amount_paid_cents = 0, status = (CASE WHEN due_date < now() THEN 'overdue' ELSE 'unpaid' END)::enum_invoices_status
        WHERE id IN (SELECT reopen_id FROM bench_debit_accounts WHERE reopen_id IS NOT NULL)`,
    )
  }, { ledger: true })
  await pool.query(`ANALYZE invoices; ANALYZE payment_methods; ANALYZE billing_accounts`)
  return async () => {
    log('debit-orders: putting the data set back')
    await inPgTransaction(pool, async (undo) => {
      await undo.query(`DELETE FROM payment_allocations WHERE payment_id > $1`, [marks.tx])
      await undo.query(`DELETE FROM payment_transactions WHERE id > $1 AND debit_batch_id IS NOT NULL`, [marks.tx])
      await undo.query(`DELETE FROM debit_order_batches WHERE id > $1`, [marks.batches])
      await undo.query(`DELETE FROM payload_jobs WHERE id > $1`, [marks.jobs])
      await undo.query(`UPDATE invoices i SET status = u.status, amount_paid_cents = u.amount_paid_cents FROM bench_undo_invoices u WHERE u.id = i.id AND (i.status, i.amount_paid_cents) IS DISTINCT FROM (u.status, u.amount_paid_cents)`)
      await undo.query(`INSERT INTO payment_allocations SELECT * FROM bench_undo_allocations`)
      await undo.query(`UPDATE billing_accounts b SET balance_cents = u.balance_cents, auto_pay = u.auto_pay FROM bench_undo_accounts u WHERE u.customer_id = b.customer_id AND (b.balance_cents, b.auto_pay) IS DISTINCT FROM (u.balance_cents, u.auto_pay)`)
      await undo.query(
        `UPDATE payment_methods m SET type = u.type, display_name = u.display_name, last_four = u.last_four, encrypted_details = u.encrypted_details, mandate_reference = u.mandate_reference,
                mandate_account_reference = u.mandate_account_reference, mandate_amount_cents = u.mandate_amount_cents, mandate_status = u.mandate_status
           FROM bench_undo_methods u WHERE u.id = m.id`,
      )
      await undo.query(`DROP TABLE ${tables}`)
    }, { ledger: true })
  }
}
