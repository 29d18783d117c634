import type { Payload } from 'payload'

import { AGEING_BUCKETS, type AgeingBucket, type AgeingBuckets } from '../../domain/ageing'
import type { CalendarDate } from '../../domain/calendarDate'
import { OPEN_INVOICE_STATUSES } from '../../domain/catalogue'
import { readPool } from '../dashboard/shapes'

export type AgeingRow = {
  customerId: number
  name: string
  accountNumber: string
  buckets: AgeingBuckets
  totalCents: number
  invoiceCount: number
}

export type AgeingReport = {
  asOf: CalendarDate
  customers: AgeingRow[]
  totals: { buckets: AgeingBuckets; totalCents: number; invoiceCount: number; customerCount: number }
}

/** A bucket's edges as SQL over `days` (whole numbers from the bucket table: nothing a client sends). */
function holdsSql(bucket: AgeingBucket): string {
  const edges = [bucket.fromDays === null ? null : `days >= ${bucket.fromDays}`, bucket.toDays === null ? null : `days <= ${bucket.toDays}`]
  return edges.filter(Boolean).join(' AND ')
}

const BUCKET_SUMS = AGEING_BUCKETS.map((b) => `coalesce(sum(due) FILTER (WHERE ${holdsSql(b)}), 0)::bigint AS "${b.key}"`).join(',\n           ')
const OPEN = OPEN_INVOICE_STATUSES.map((s) => `'${s}'`).join(', ')

/**
 * Debtors' ageing as of a SAST day: every open invoice's amount due (unpaid, partially paid,
 * overdue; what is still owed after payments and credit notes) in the bucket of its days past due
 * on that day, per customer and in total, largest total first. One grouped query (the total is
 * the ROLLUP's grand-total row), reading open invoices by their partial index.
 *
 * The amounts are what is open now: `asOf` says how far past due they are counted, it does not
 * rebuild what was owed on an earlier day. Account credit not yet applied to an invoice is not
 * netted off (the billing services apply credit to open invoices as soon as both exist).
 */
export async function ageingReport(payload: Payload, args: { asOf: CalendarDate; customerId?: number }): Promise<AgeingReport> {
  const { rows } = await readPool(payload).query(
    `WITH aged AS (
       SELECT customer_id, amount_due_cents AS due, $1::date - (due_date AT TIME ZONE 'Africa/Johannesburg')::date AS days
         FROM invoices
        WHERE status IN (${OPEN}) AND kind <> 'credit_note' AND amount_due_cents > 0
          AND ($2::int IS NULL OR customer_id = $2::int)
     ), grouped AS (
       SELECT customer_id, GROUPING(customer_id) = 1 AS grand_total,
           ${BUCKET_SUMS},
           coalesce(sum(due), 0)::bigint AS total, count(*)::int AS invoice_count
         FROM aged GROUP BY ROLLUP (customer_id)
     )
     SELECT g.*, c.account_number, c.display_name, c.first_name, c.last_name
       FROM grouped g LEFT JOIN customers c ON c.id = g.customer_id AND NOT g.grand_total
      ORDER BY g.grand_total DESC, g.total DESC, c.account_number, g.customer_id`,
    [args.asOf, args.customerId ?? null],
  )
  const bucketsOf = (r: Record<string, unknown>) => Object.fromEntries(AGEING_BUCKETS.map((b) => [b.key, Number(r[b.key])])) as AgeingBuckets
  const [grand, ...perCustomer] = rows
  const customers = perCustomer.map((r) => ({
    customerId: Number(r.customer_id),
    name: String(r.display_name ?? '') || [r.first_name, r.last_name].filter(Boolean).join(' '),
    accountNumber: String(r.account_number ?? ''),
    buckets: bucketsOf(r),
    totalCents: Number(r.total),
    invoiceCount: Number(r.invoice_count),
  }))
  return {
    asOf: args.asOf,
    customers,
    totals: { buckets: bucketsOf(grand), totalCents: Number(grand.total), invoiceCount: Number(grand.invoice_count), customerCount: customers.length },
  }
}
