import type { Payload } from 'payload'

import { addDays, sastDateOf, sastMidnight, type CalendarDate } from '../../domain/calendarDate'
import { buildStatement, invoiceEntries, paymentEntries, type Statement, type StatementInvoice, type StatementPayment } from '../../domain/statement'
import { instantOf, readPool } from '../dashboard/shapes'
import { ok, refuse, type Result } from '../result'

export type StatementCustomer = { id: number; name: string; accountNumber: string; address: string[] }

export type CustomerStatement = Statement & { customer: StatementCustomer }

type Row = Record<string, unknown>

const text = (v: unknown) => (v === null || v === undefined ? null : String(v))

/**
 * A customer's statement for `from`..`to` (SAST days, inclusive), in one SQL round trip (one
 * snapshot): the customer, and every issued invoice, credit note and payment that moved their
 * balance up to `to`. Which movement lands on which day (voids, refunds, returns) is decided by
 * the pure rules in src/domain/statement.ts, the opening balance included, so the opening balance
 * and the lines cannot follow different rules. A customer's whole history is a few hundred rows,
 * read by the customer indexes.
 */
export async function customerStatement(
  payload: Payload,
  args: { customerId: number; from: CalendarDate; to: CalendarDate },
): Promise<Result<CustomerStatement, 'CUSTOMER_NOT_FOUND'>> {
  const before = sastMidnight(addDays(args.to, 1))
  const { rows } = await readPool(payload).query(
    `SELECT
      (SELECT row_to_json(c) FROM (
         SELECT id, account_number, display_name, first_name, last_name, postal_address_line1, postal_address_line2,
                postal_address_suburb, postal_address_city, postal_address_postal_code, postal_address_province
           FROM customers WHERE id = $1) c) AS customer,
      (SELECT coalesce(json_agg(i), '[]') FROM (
         SELECT i.id, i.invoice_number, i.kind, i.status, i.invoice_date, i.total_cents, i.voided_at, i.created_at, i.updated_at,
                credited.invoice_number AS credited_number
           FROM invoices i LEFT JOIN invoices credited ON credited.id = i.credited_invoice_id
          WHERE i.customer_id = $1 AND i.status <> 'draft' AND i.invoice_date < $2::timestamptz) i) AS invoices,
      (SELECT coalesce(json_agg(t), '[]') FROM (
         SELECT t.id, t.transaction_id, t.kind, t.status, t.amount_cents, m.type AS method_type,
                t.completed_at, t.refunded_at, t.returned_at, t.created_at, t.updated_at
           FROM payment_transactions t LEFT JOIN payment_methods m ON m.id = t.payment_method_id
          WHERE t.customer_id = $1 AND t.status IN ('completed', 'refunded', 'returned')
            AND coalesce(t.completed_at, t.created_at) < $2::timestamptz) t) AS payments`,
    [args.customerId, before],
  )
  const row = rows[0]
  const customer = row.customer as Row | null
  if (!customer) return refuse('CUSTOMER_NOT_FOUND', 'No such customer')
  const entries = [
    ...(row.invoices as Row[]).map(invoiceOf).flatMap(invoiceEntries),
    ...(row.payments as Row[]).map(paymentOf).flatMap(paymentEntries),
  ]
  return ok({ customer: customerOf(customer), ...buildStatement({ from: args.from, to: args.to, entries }) })
}

function customerOf(c: Row): StatementCustomer {
  const cityLine = [text(c.postal_address_city), text(c.postal_address_postal_code)].filter(Boolean).join(' ')
  const address = [c.postal_address_line1, c.postal_address_line2, c.postal_address_suburb, cityLine, c.postal_address_province]
    .map(text)
    .filter((l): l is string => Boolean(l && l.trim()))
  return {
    id: Number(c.id),
    name: text(c.display_name) || [c.first_name, c.last_name].map(text).filter(Boolean).join(' '),
    accountNumber: text(c.account_number) ?? '',
    address,
  }
}

function invoiceOf(i: Row): StatementInvoice {
  return {
    id: Number(i.id),
    number: String(i.invoice_number),
    kind: String(i.kind),
    status: String(i.status),
    invoiceDate: sastDateOf(String(i.invoice_date)),
    totalCents: Number(i.total_cents),
    creditedNumber: text(i.credited_number),
    voidedAt: i.voided_at ? instantOf(i.voided_at) : null,
    createdAt: instantOf(i.created_at),
    updatedAt: instantOf(i.updated_at),
  }
}

function paymentOf(t: Row): StatementPayment {
  const instant = (v: unknown) => (v ? instantOf(v) : null)
  return {
    id: Number(t.id),
    transactionId: String(t.transaction_id),
    kind: String(t.kind),
    status: String(t.status),
    amountCents: Number(t.amount_cents),
    methodType: text(t.method_type),
    completedAt: instant(t.completed_at),
    refundedAt: instant(t.refunded_at),
    returnedAt: instant(t.returned_at),
    createdAt: instantOf(t.created_at),
    updatedAt: instantOf(t.updated_at),
  }
}
