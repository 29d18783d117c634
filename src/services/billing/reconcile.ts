import type { Payload } from 'payload'
import { sql } from 'drizzle-orm'

import { transactionSql } from '../transactionSql'
import { withTransaction } from '../withTransaction'

export type Discrepancy = { check: string; subject: string; expected: string; actual: string }

/**
 * Proves the ledger, from the database's own rows (one snapshot, one read-only transaction):
 *  - every balance = issued invoices - credit notes - completed payments + completed refunds;
 *  - every invoice's amount paid = the allocations to it; a credit note's allocations and a
 *    payment's allocations never exceed its amount, counting the refunds drawn on either;
 *  - every invoice's lines sum to its subtotal, VAT and total;
 *  - every invoice's status agrees with its amounts (a `paid` invoice owes nothing, an `unpaid`
 *    one has had nothing paid, an issued one has a number, ...);
 *  - every issued credit note credits an invoice of the same customer;
 *  - every account's primary payment method is the one active method flagged primary, and the
 *    other way round.
 */
export async function reconcile(payload: Payload, opts: { customerIds?: number[] } = {}): Promise<Discrepancy[]> {
  return withTransaction(payload, async (req) => {
    const db = await transactionSql(req)
    await db.execute(sql`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`)
    const found: Discrepancy[] = []
    // Everything, or only the named customers' documents (a test that tampers with others' rows).
    const ids = opts.customerIds
    const scope = (column: string) => (ids ? sql`${sql.raw(column)} = ANY(${`{${ids.join(',')}}`}::int[])` : sql`true`)
    const run = async (check: string, query: ReturnType<typeof sql>) => {
      const { rows } = await db.execute(query)
      for (const r of rows) found.push({ check, subject: String(r.subject), expected: String(r.expected), actual: String(r.actual) })
    }
    await run(
      'balance = invoices - credit notes - payments',
      sql`SELECT c.account_number AS subject, b.balance_cents::bigint AS actual,
            (coalesce(i.charged, 0) - coalesce(i.credited, 0) - coalesce(p.paid, 0))::bigint AS expected
          FROM billing_accounts b JOIN customers c ON c.id = b.customer_id
          LEFT JOIN (SELECT customer_id,
                       sum(total_cents) FILTER (WHERE kind <> 'credit_note') AS charged,
                       sum(total_cents) FILTER (WHERE kind = 'credit_note') AS credited
                     FROM invoices WHERE status NOT IN ('void', 'draft') GROUP BY customer_id) i ON i.customer_id = b.customer_id
          LEFT JOIN (SELECT customer_id, sum(CASE WHEN kind = 'refund' THEN -amount_cents ELSE amount_cents END) AS paid
                       FROM payment_transactions WHERE status = 'completed' GROUP BY customer_id) p
            ON p.customer_id = b.customer_id
          WHERE ${scope('b.customer_id')} AND b.balance_cents <> coalesce(i.charged, 0) - coalesce(i.credited, 0) - coalesce(p.paid, 0)`,
    )
    await run(
      'invoice amount paid = its allocations',
      sql`SELECT coalesce(i.invoice_number, i.id::text) AS subject, i.amount_paid_cents::bigint AS actual, coalesce(sum(a.amount_cents), 0)::bigint AS expected
          FROM invoices i LEFT JOIN payment_allocations a ON a.invoice_id = i.id
          WHERE ${scope('i.customer_id')} AND i.kind <> 'credit_note' GROUP BY i.id HAVING i.amount_paid_cents <> coalesce(sum(a.amount_cents), 0)`,
    )
    await run(
      'credit note applied within its amount',
      sql`SELECT coalesce(n.invoice_number, n.id::text) AS subject, u.used::bigint AS actual, n.total_cents::bigint AS expected
          FROM invoices n
          JOIN (SELECT credit_note_id AS id, sum(amount_cents) AS used FROM (
                  SELECT credit_note_id, amount_cents FROM payment_allocations WHERE credit_note_id IS NOT NULL
                  UNION ALL
                  SELECT refund_of_credit_note_id, amount_cents FROM payment_transactions
                   WHERE kind = 'refund' AND status = 'completed' AND refund_of_credit_note_id IS NOT NULL) x GROUP BY credit_note_id) u ON u.id = n.id
          WHERE ${scope('n.customer_id')} AND u.used > n.total_cents`,
    )
    await run(
      'payment allocated within its amount',
      sql`SELECT t.transaction_id AS subject, u.used::bigint AS actual, t.amount_cents::bigint AS expected
          FROM payment_transactions t
          JOIN (SELECT payment_id AS id, sum(amount_cents) AS used FROM (
                  SELECT payment_id, amount_cents FROM payment_allocations WHERE payment_id IS NOT NULL
                  UNION ALL
                  SELECT refund_of_id, amount_cents FROM payment_transactions
                   WHERE kind = 'refund' AND status = 'completed' AND refund_of_id IS NOT NULL) x GROUP BY payment_id) u ON u.id = t.id
          WHERE ${scope('t.customer_id')} AND u.used > t.amount_cents`,
    )
    await run(
      'invoice lines sum to its totals',
      sql`SELECT coalesce(i.invoice_number, i.id::text) AS subject,
            concat_ws(' / ', i.subtotal_cents::bigint, i.vat_cents::bigint, i.total_cents::bigint) AS actual,
            concat_ws(' / ', coalesce(sum(l.excl_vat_cents), 0)::bigint, coalesce(sum(l.vat_cents), 0)::bigint, coalesce(sum(l.incl_vat_cents), 0)::bigint) AS expected
          FROM invoices i LEFT JOIN invoices_lines l ON l._parent_id = i.id
          WHERE ${scope('i.customer_id')} GROUP BY i.id
          HAVING i.subtotal_cents <> coalesce(sum(l.excl_vat_cents), 0) OR i.vat_cents <> coalesce(sum(l.vat_cents), 0)
              OR i.total_cents <> coalesce(sum(l.incl_vat_cents), 0)`,
    )
    await run(
      'invoice status agrees with its amounts',
      sql`SELECT coalesce(i.invoice_number, i.id::text) AS subject, i.status::text AS actual,
            concat_ws(' ', 'paid', i.amount_paid_cents::bigint, 'due', i.amount_due_cents::bigint, 'number', coalesce(i.invoice_number, 'none')) AS expected
          FROM invoices i
          WHERE ${scope('i.customer_id')} AND NOT CASE i.status::text
            WHEN 'draft' THEN i.invoice_number IS NULL AND i.amount_paid_cents = 0
            WHEN 'unpaid' THEN i.invoice_number IS NOT NULL AND i.amount_paid_cents = 0 AND i.amount_due_cents > 0
            WHEN 'partially_paid' THEN i.invoice_number IS NOT NULL AND i.amount_paid_cents > 0 AND i.amount_due_cents > 0
            WHEN 'overdue' THEN i.invoice_number IS NOT NULL AND i.amount_due_cents > 0 AND i.due_date < now()
            WHEN 'paid' THEN i.invoice_number IS NOT NULL AND i.amount_due_cents = 0
            WHEN 'void' THEN i.amount_paid_cents = 0
            ELSE false END`,
    )
    await run(
      'credit note credits an invoice',
      sql`SELECT coalesce(n.invoice_number, n.id::text) AS subject, coalesce(c.invoice_number, c.id::text, 'nothing') AS actual,
            'an invoice of the same customer' AS expected
          FROM invoices n LEFT JOIN invoices c ON c.id = n.credited_invoice_id
          WHERE ${scope('n.customer_id')} AND n.kind = 'credit_note' AND n.status::text <> 'draft'
            AND (c.id IS NULL OR c.customer_id <> n.customer_id OR c.kind = 'credit_note')`,
    )
    await run(
      "account's primary payment method is its primary",
      sql`SELECT c.account_number AS subject, coalesce(b.primary_payment_method_id::text, 'none') AS actual,
            coalesce(string_agg(m.id::text, ', ' ORDER BY m.id), 'none') AS expected
          FROM billing_accounts b JOIN customers c ON c.id = b.customer_id
          LEFT JOIN payment_methods m ON m.customer_id = b.customer_id AND m.is_primary AND m.is_active
          WHERE ${scope('b.customer_id')}
          GROUP BY c.account_number, b.primary_payment_method_id
          HAVING count(m.id) > 1 OR coalesce(b.primary_payment_method_id, -1) <> coalesce(min(m.id), -1)`,
    )
    return found
  })
}
