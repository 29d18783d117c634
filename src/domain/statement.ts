import { addDays, sastDateOf, type CalendarDate } from './calendarDate'
import type { Cents } from './money'

/**
 * A customer statement: the opening balance, every movement of the balance in a range of SAST days
 * with the running balance after each, and the closing balance.
 *
 * The movements follow the ledger (src/hooks/moveLedger.ts, checked by reconcile): an issued invoice
 * raises the balance by its total, a credit note lowers it, a completed payment lowers it by its
 * amount; drafts, and payments that never completed, move nothing. A document that stops counting
 * (an invoice voided, a payment refunded or returned) moved the balance twice, so the statement
 * shows both movements, each on its own day:
 *  - a voided invoice (or credit note) is the document on its invoice date and its reversal on the
 *    day it was voided. Voided within the range, the customer sees both lines; voided before the
 *    range, both sit in the opening balance and cancel, so the invoice is left out entirely. (A
 *    draft voided before it was ever issued is numbered on voiding, and the rows cannot tell it from
 *    an issued one: it shows the same way, its two lines cancelling.)
 *  - a refunded or returned payment is the payment on the day it completed and the money going
 *    back (a debit) on the day it was refunded or returned.
 * A reversal is never dated before its document (a future-dated invoice voided today is reversed
 * on its own invoice date), so no statement shows an undoing without the thing undone.
 * Summing every movement dated up to today gives the account balance, as reconcile defines it.
 */

export const STATEMENT_ENTRY_KINDS = ['invoice', 'credit_note', 'payment', 'refund', 'payment_returned', 'void'] as const
export type StatementEntryKind = (typeof STATEMENT_ENTRY_KINDS)[number]

/** One movement of the balance: positive raises what the customer owes (a debit), negative lowers it (a credit). */
export type StatementEntry = {
  date: CalendarDate
  kind: StatementEntryKind
  /** What the customer can look up: the invoice number, the payment's transaction id. */
  reference: string
  description: string
  amountCents: Cents
  /** The instant it was recorded: orders the movements of one day. */
  at: string
  source: { collection: 'invoices' | 'payment-transactions'; id: number }
}

/** An issued invoice or credit note as the statement reads it (instants as ISO strings). */
export type StatementInvoice = {
  id: number
  number: string
  kind: string
  status: string
  invoiceDate: CalendarDate
  totalCents: Cents
  /** A credit note: the number of the invoice it credits. */
  creditedNumber: string | null
  voidedAt: string | null
  createdAt: string
  updatedAt: string
}

export type StatementPayment = {
  id: number
  transactionId: string
  /** payment (money in) or refund (account credit paid back out). */
  kind: string
  status: string
  amountCents: Cents
  /** debit_order, card, eft: how it was paid, when known. */
  methodType: string | null
  completedAt: string | null
  refundedAt: string | null
  returnedAt: string | null
  createdAt: string
  updatedAt: string
}

const INVOICE_LABELS: Record<string, string> = {
  recurring: 'Invoice',
  adhoc: 'Invoice',
  pro_rata: 'Pro-rata invoice',
  installation: 'Installation invoice',
  final: 'Final invoice',
  credit_note: 'Credit note',
}

const PAYMENT_LABELS: Record<string, string> = { debit_order: 'Debit order payment', card: 'Card payment', eft: 'EFT payment' }

const later = (a: CalendarDate, b: CalendarDate) => (a > b ? a : b)

/** The balance movements of one invoice or credit note: none for a draft, two for a voided one. */
export function invoiceEntries(invoice: StatementInvoice): StatementEntry[] {
  if (invoice.status === 'draft') return []
  const creditNote = invoice.kind === 'credit_note'
  const label = INVOICE_LABELS[invoice.kind] ?? 'Invoice'
  const source = { collection: 'invoices' as const, id: invoice.id }
  const issued: StatementEntry = {
    date: invoice.invoiceDate,
    kind: creditNote ? 'credit_note' : 'invoice',
    reference: invoice.number,
    description: creditNote && invoice.creditedNumber ? `${label} ${invoice.number} against ${invoice.creditedNumber}` : `${label} ${invoice.number}`,
    amountCents: creditNote ? -invoice.totalCents : invoice.totalCents,
    at: invoice.createdAt,
    source,
  }
  if (invoice.status !== 'void') return [issued]
  const voidedAt = invoice.voidedAt ?? invoice.updatedAt
  return [
    issued,
    {
      date: later(sastDateOf(voidedAt), invoice.invoiceDate),
      kind: 'void',
      reference: invoice.number,
      description: `${label} ${invoice.number} voided`,
      amountCents: -issued.amountCents,
      at: voidedAt,
      source,
    },
  ]
}

/**
 * When a payment's movement became known, which orders it within its day: the later of when it
 * was recorded and when it completed. A clerk's EFT or refund is dated by its day (SAST midnight,
 * before anything else that day) but recorded later, after the invoice it pays; a gateway payment
 * recorded pending days ago counts from when it completed.
 */
function knownAt(payment: { createdAt: string; completedAt: string | null }): string {
  if (!payment.completedAt) return payment.createdAt
  return Date.parse(payment.completedAt) > Date.parse(payment.createdAt) ? payment.completedAt : payment.createdAt
}

/** The balance movements of one payment: none unless it completed; two when it was later refunded or returned. */
export function paymentEntries(payment: StatementPayment): StatementEntry[] {
  const source = { collection: 'payment-transactions' as const, id: payment.id }
  if (payment.kind === 'refund') {
    if (payment.status !== 'completed') return []
    // Dated the day it was paid out; ordered within that day by when it became known (see knownAt).
    const on = payment.completedAt ?? payment.createdAt
    return [{ date: sastDateOf(on), kind: 'refund', reference: payment.transactionId, description: `Refund ${payment.transactionId}`, amountCents: payment.amountCents, at: knownAt(payment), source }]
  }
  const paid = (on: string): StatementEntry => ({
    date: sastDateOf(on),
    kind: 'payment',
    reference: payment.transactionId,
    description: `${PAYMENT_LABELS[payment.methodType ?? ''] ?? 'Payment'} ${payment.transactionId}`,
    amountCents: -payment.amountCents,
    at: knownAt(payment),
    source,
  })
  if (payment.status === 'completed') return [paid(payment.completedAt ?? payment.createdAt)]
  // Refunded or returned money lowered the balance only if it completed first.
  if (!payment.completedAt || (payment.status !== 'refunded' && payment.status !== 'returned')) return []
  const completed = paid(payment.completedAt)
  const refunded = payment.status === 'refunded'
  const at = (refunded ? payment.refundedAt : payment.returnedAt) ?? payment.updatedAt
  return [
    completed,
    {
      date: later(sastDateOf(at), completed.date),
      kind: refunded ? 'refund' : 'payment_returned',
      reference: payment.transactionId,
      description: refunded ? `Refund of payment ${payment.transactionId}` : `Payment ${payment.transactionId} returned unpaid`,
      amountCents: payment.amountCents,
      at,
      source,
    },
  ]
}

export type StatementLine = Omit<StatementEntry, 'amountCents' | 'at'> & { debitCents: Cents; creditCents: Cents; balanceCents: Cents }

export type Statement = {
  from: CalendarDate
  to: CalendarDate
  openingBalanceCents: Cents
  lines: StatementLine[]
  totalDebitCents: Cents
  totalCreditCents: Cents
  closingBalanceCents: Cents
}

const kindRank = (kind: StatementEntryKind) => STATEMENT_ENTRY_KINDS.indexOf(kind)

/** Day, then the instant recorded, then documents before payments and reversals, then the row. */
function byOccurrence(a: StatementEntry, b: StatementEntry): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1
  const at = Date.parse(a.at) - Date.parse(b.at)
  if (at !== 0) return at
  return kindRank(a.kind) - kindRank(b.kind) || a.source.collection.localeCompare(b.source.collection) || a.source.id - b.source.id
}

/**
 * The statement for `from`..`to` (inclusive) from every movement of the customer's balance: those
 * dated before `from` make the opening balance, those after `to` are not on it.
 */
export function buildStatement(args: { from: CalendarDate; to: CalendarDate; entries: StatementEntry[] }): Statement {
  const sorted = [...args.entries].sort(byOccurrence)
  let balance = 0
  for (const e of sorted) if (e.date < args.from) balance += e.amountCents
  const openingBalanceCents = balance
  let totalDebitCents = 0
  let totalCreditCents = 0
  const lines: StatementLine[] = []
  for (const e of sorted) {
    if (e.date < args.from || e.date > args.to) continue
    balance += e.amountCents
    const debitCents = Math.max(e.amountCents, 0)
    const creditCents = Math.max(-e.amountCents, 0)
    totalDebitCents += debitCents
    totalCreditCents += creditCents
    lines.push({ date: e.date, kind: e.kind, reference: e.reference, description: e.description, source: e.source, debitCents, creditCents, balanceCents: balance })
  }
  return { from: args.from, to: args.to, openingBalanceCents, lines, totalDebitCents, totalCreditCents, closingBalanceCents: balance }
}

/** The longest range one statement covers. */
export const MAX_STATEMENT_YEARS = 5

export type StatementRange = { ok: true; from: CalendarDate; to: CalendarDate } | { ok: false; code: 'INVALID_RANGE' | 'RANGE_TOO_LONG'; field: 'from' | 'to'; message: string }

/** The default first day of a statement ending on `to`: three calendar months, the first of the month two before. */
export function defaultStatementFrom(to: CalendarDate): CalendarDate {
  return firstOfMonthBefore(to, 2)
}

/** The first day of the month `months` months before the month of `date`. */
export function firstOfMonthBefore(date: CalendarDate, months: number): CalendarDate {
  const [y, m] = date.split('-').map(Number)
  const index = y * 12 + (m - 1) - months
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`
}

/**
 * The range a statement request asks for. `to` defaults to today; `from` to the first day of the
 * month two months before `to`'s, so the default is this month to date and the two before it
 * (on 2 Dec 2026: 1 Oct to 2 Dec). `from` may not be after `to`, and `to` must fall before the same
 * day five years after `from` (from 1 Jan 2021, to 31 Dec 2025 at the latest).
 */
export function statementRange(asked: { from?: CalendarDate; to?: CalendarDate }, today: CalendarDate): StatementRange {
  const to = asked.to ?? today
  const from = asked.from ?? defaultStatementFrom(to)
  if (from > to) {
    return { ok: false, code: 'INVALID_RANGE', field: 'from', message: `from (${from}) is after to (${to})` }
  }
  // The same day five years on (29 Feb: 1 Mar, the day after the 28th).
  const year = Number(from.slice(0, 4)) + MAX_STATEMENT_YEARS
  const limit = from.endsWith('-02-29') ? `${year}-03-01` : `${year}${from.slice(4)}`
  if (to >= limit) {
    return { ok: false, code: 'RANGE_TOO_LONG', field: 'to', message: `A statement covers at most ${MAX_STATEMENT_YEARS} years: from ${from}, to may be ${addDays(limit, -1)} at the latest` }
  }
  return { ok: true, from, to }
}
