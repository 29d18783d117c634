import { sastDateOf } from '../../domain/calendarDate'
import { formatDate, formatRand, statusBadge } from '../../domain/display'
import { SA_MOBILE_PATTERN } from '../../domain/mobileNumber'
import type { SearchKind, SearchResult } from './contract'

/**
 * How each kind of search hit reads: titles and subtitles as a clerk would say them (names and
 * numbers, rand, `2 Dec 2026`, statuses in words), and the admin URL of the record. Pure: the
 * rows the search SQL returns in, results out.
 */

type Owner = { customerName: string | null; accountNumber: string | null }

export type CustomerHit = { displayName: string | null; accountNumber: string | null; email: string | null; mobile: string | null; status: string; city: string | null }
export type ServiceHit = Owner & { packageName: string; status: string; connectionId: string | null; address: string | null }
export type InvoiceHit = Owner & { invoiceNumber: string; kind: string; status: string; totalCents: number | string | null; amountDueCents: number | string | null; invoiceDate: string; dueDate: string }
export type PaymentHit = Owner & { transactionId: string; kind?: string; gatewayReference: string | null; amountCents: number | string; status: string; paidAt: string }

export type SearchHit =
  | { kind: 'customer'; id: number; detail: CustomerHit }
  | { kind: 'service'; id: number; detail: ServiceHit }
  | { kind: 'invoice'; id: number; detail: InvoiceHit }
  | { kind: 'payment'; id: number; detail: PaymentHit }

const COLLECTIONS: Record<SearchKind, string> = {
  customer: 'customers',
  service: 'services',
  invoice: 'invoices',
  payment: 'payment-transactions',
}

const INVOICE_KIND_LABELS: Record<string, string> = {
  pro_rata: 'Pro-rata invoice',
  recurring: 'Monthly invoice',
  installation: 'Installation invoice',
  final: 'Final invoice',
  adhoc: 'Ad hoc invoice',
  credit_note: 'Credit note',
}

const OPEN_STATUSES = new Set(['unpaid', 'partially_paid', 'overdue'])

const joined = (parts: (string | null | undefined | false)[]) => parts.filter(Boolean).join(' · ')

/** `27821234567` as people write it: `082 123 4567`. */
export function localMobile(stored: string): string {
  if (!SA_MOBILE_PATTERN.test(stored)) return stored
  const national = `0${stored.slice(2)}`
  return `${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6)}`
}

/** Cents from a numeric column (Postgres sends `numeric` as text), as rand; `—` when there is none. */
function rand(cents: number | string | null): string {
  const value = cents === null ? NaN : Number(cents)
  return Number.isSafeInteger(value) ? formatRand(value) : '—'
}

const day = (instant: string) => formatDate(sastDateOf(instant))

const owner = ({ customerName, accountNumber }: Owner) => joined([customerName, accountNumber])

/** The one line of an address: a textarea's lines joined with commas. */
const oneLine = (address: string | null) => address?.split(/\s*\n\s*/).filter(Boolean).join(', ') ?? null

function customerText(c: CustomerHit, id: number) {
  return {
    title: joined([c.displayName || `Customer ${id}`, c.accountNumber]),
    subtitle: joined([c.email, c.mobile && localMobile(c.mobile), c.status !== 'active' && statusBadge('account', c.status).label, c.city]),
  }
}

function serviceText(s: ServiceHit) {
  return {
    title: joined([s.packageName, s.customerName]),
    subtitle: joined([statusBadge('service', s.status).label, s.connectionId, oneLine(s.address)]),
  }
}

function invoiceText(i: InvoiceHit) {
  const creditNote = i.kind === 'credit_note'
  // A credit note is settled the moment it is issued; "Paid" would misread it.
  const status = creditNote ? (i.status === 'void' ? 'Void credit note' : 'Credit note') : statusBadge('invoice', i.status).label
  const when = OPEN_STATUSES.has(i.status) && !creditNote ? `${rand(i.amountDueCents)} due ${day(i.dueDate)}` : `Dated ${day(i.invoiceDate)}`
  return {
    title: joined([i.invoiceNumber, rand(i.totalCents), status]),
    subtitle: joined([owner(i), !creditNote && INVOICE_KIND_LABELS[i.kind], when]),
  }
}

function paymentText(p: PaymentHit) {
  const reference = p.gatewayReference || p.transactionId
  // A refund is money going back to the customer: it says so before anything else.
  return {
    title: joined([p.kind === 'refund' && 'Refund', rand(p.amountCents), day(p.paidAt), reference]),
    subtitle: joined([owner(p), statusBadge('transaction', p.status).label, reference !== p.transactionId && p.transactionId]),
  }
}

/** One hit as the search box shows it, linking to its record under the admin route (`/admin`). */
export function searchResultOf(hit: SearchHit, adminRoute: string): SearchResult {
  const text =
    hit.kind === 'customer'
      ? customerText(hit.detail, hit.id)
      : hit.kind === 'service'
        ? serviceText(hit.detail)
        : hit.kind === 'invoice'
          ? invoiceText(hit.detail)
          : paymentText(hit.detail)
  return { kind: hit.kind, id: hit.id, ...text, href: `${adminRoute}/collections/${COLLECTIONS[hit.kind]}/${hit.id}` }
}
