import type { PayloadRequest } from 'payload'
import { sql } from 'drizzle-orm'

import type { CalendarDate } from '../../domain/calendarDate'
import { transactionSql } from '../transactionSql'
import { declareLedgerWrite } from './ledger'

export type Allocation = { invoiceId: number; amountCents: number }

/**
 * Applies money to a customer's open invoices: the named invoice first when there is one, then the
 * oldest due first. Open invoices are locked (FOR UPDATE) in a fixed order, so concurrent payments
 * for one customer queue behind each other and every cent lands exactly once. Returns what was
 * applied where; the rest is account credit.
 */
export async function allocateToOpenInvoices(
  req: PayloadRequest,
  args: { customerId: number; amountCents: number; invoiceId?: number; source: { paymentId: number } | { creditNoteId: number }; asOf: CalendarDate },
): Promise<{ allocations: Allocation[]; unallocatedCents: number }> {
  await declareLedgerWrite(req)
  const db = await transactionSql(req)
  const { rows } = await db.execute(sql`
    SELECT id, amount_due_cents::bigint AS due FROM invoices
    WHERE customer_id = ${args.customerId} AND kind <> 'credit_note' AND status IN ('unpaid', 'partially_paid', 'overdue')
    ORDER BY (id = ${args.invoiceId ?? -1}) DESC, due_date, id
    FOR UPDATE`)
  let remaining = args.amountCents
  const allocations: Allocation[] = []
  for (const row of rows) {
    if (remaining === 0) break
    const due = Number(row.due)
    const amount = Math.min(due, remaining)
    if (amount <= 0) continue
    const invoiceId = Number(row.id)
    const source = 'paymentId' in args.source ? sql`${args.source.paymentId}::int, NULL::int` : sql`NULL::int, ${args.source.creditNoteId}::int`
    // The invoice and its allocation in one statement (one round trip per invoice paid).
    await db.execute(sql`
      WITH paid AS (
        UPDATE invoices SET amount_paid_cents = amount_paid_cents + ${amount}::numeric,
          status = CASE WHEN amount_paid_cents + ${amount}::numeric >= total_cents THEN 'paid'::enum_invoices_status
                        WHEN due_date < ${args.asOf}::date::timestamp AT TIME ZONE 'Africa/Johannesburg' THEN 'overdue'::enum_invoices_status
                        ELSE 'partially_paid'::enum_invoices_status END,
          updated_at = now()
        WHERE id = ${invoiceId}::int RETURNING id)
      INSERT INTO payment_allocations (customer_id, invoice_id, amount_cents, payment_id, credit_note_id, updated_at, created_at)
      SELECT ${args.customerId}::int, paid.id, ${amount}::numeric, ${source}, now(), now() FROM paid`)
    allocations.push({ invoiceId, amountCents: amount })
    remaining -= amount
  }
  return { allocations, unallocatedCents: remaining }
}

/**
 * Takes back everything a payment settled (it came back unpaid): each of its allocations removed
 * and the invoice it paid back to unpaid, partly paid or overdue as of `asOf`. Invoices are locked
 * in the same order as `allocateToOpenInvoices`; the caller holds the account lock and moves the
 * balance. Returns what was taken back where.
 */
export async function reverseAllocations(req: PayloadRequest, args: { paymentId: number; asOf: CalendarDate }): Promise<Allocation[]> {
  await declareLedgerWrite(req)
  const db = await transactionSql(req)
  const { rows } = await db.execute(sql`
    SELECT a.id, a.invoice_id, a.amount_cents::bigint AS amount FROM payment_allocations a JOIN invoices i ON i.id = a.invoice_id
     WHERE a.payment_id = ${args.paymentId} ORDER BY i.due_date, i.id FOR UPDATE OF a, i`)
  const reversed: Allocation[] = []
  for (const row of rows) {
    const amount = Number(row.amount)
    await db.execute(sql`
      UPDATE invoices SET amount_paid_cents = amount_paid_cents - ${amount},
        status = CASE WHEN due_date < ${args.asOf}::date::timestamp AT TIME ZONE 'Africa/Johannesburg' THEN 'overdue'::enum_invoices_status
                      WHEN amount_paid_cents - ${amount} = 0 THEN 'unpaid'::enum_invoices_status
                      ELSE 'partially_paid'::enum_invoices_status END,
        updated_at = now()
      WHERE id = ${Number(row.invoice_id)}`)
    await db.execute(sql`DELETE FROM payment_allocations WHERE id = ${Number(row.id)}`)
    reversed.push({ invoiceId: Number(row.invoice_id), amountCents: amount })
  }
  return reversed
}

/**
 * Applies a customer's account credit (money from completed payments and credit notes not yet
 * allocated to any invoice) to their open invoices, oldest money first, oldest invoice first. Run
 * after an invoice is issued, so a customer in credit sees the new invoice paid from that credit
 * rather than owing it while the account is in credit. The caller holds the account lock.
 * Allocations move no balance: the money already did when it arrived.
 */
export async function applyAccountCredit(req: PayloadRequest, args: { customerId: number; asOf: CalendarDate }): Promise<Allocation[]> {
  const rows = await creditSources(req, args.customerId)
  const applied: Allocation[] = []
  for (const row of rows) {
    const { free, id } = row
    if (free <= 0) continue
    const { allocations, unallocatedCents } = await allocateToOpenInvoices(req, {
      customerId: args.customerId,
      amountCents: free,
      source: row.source === 'payment' ? { paymentId: id } : { creditNoteId: id },
      asOf: args.asOf,
    })
    applied.push(...allocations)
    // Nothing left open to pay: the rest of the credit stays on the account.
    if (unallocatedCents > 0) break
  }
  return applied
}

export type CreditSource = { source: 'payment' | 'credit_note'; id: number; reference: string; createdAt: string; amountCents: number; free: number }

/**
 * Where a customer's account credit sits, oldest first: each completed payment and each issued
 * credit note with what is left of it after its allocations to invoices and the refunds drawn on
 * it. Their sum is the account's credit (when nothing is owed). Read on the caller's transaction.
 */
export async function creditSources(req: PayloadRequest, customerId: number): Promise<CreditSource[]> {
  const db = await transactionSql(req)
  const { rows } = await db.execute(sql`
    SELECT 'payment' AS source, t.id, t.transaction_id AS reference, t.created_at, t.amount_cents,
           t.amount_cents
             - coalesce((SELECT sum(a.amount_cents) FROM payment_allocations a WHERE a.payment_id = t.id), 0)
             - coalesce((SELECT sum(r.amount_cents) FROM payment_transactions r
                          WHERE r.refund_of_id = t.id AND r.kind = 'refund' AND r.status = 'completed'), 0) AS free
      FROM payment_transactions t
     WHERE t.customer_id = ${customerId} AND t.kind = 'payment' AND t.status = 'completed'
    UNION ALL
    SELECT 'credit_note' AS source, n.id, n.invoice_number AS reference, n.created_at, n.total_cents,
           n.total_cents
             - coalesce((SELECT sum(a.amount_cents) FROM payment_allocations a WHERE a.credit_note_id = n.id), 0)
             - coalesce((SELECT sum(r.amount_cents) FROM payment_transactions r
                          WHERE r.refund_of_credit_note_id = n.id AND r.kind = 'refund' AND r.status = 'completed'), 0) AS free
      FROM invoices n
     WHERE n.customer_id = ${customerId} AND n.kind = 'credit_note' AND n.status NOT IN ('void', 'draft')
    ORDER BY created_at, source, id`)
  return rows.map((r) => ({
    source: r.source as 'payment' | 'credit_note',
    id: Number(r.id),
    reference: String(r.reference ?? r.id),
    createdAt: new Date(r.created_at as string).toISOString(),
    amountCents: Number(r.amount_cents),
    free: Number(r.free),
  }))
}
