import { formatShortDate, sastDateOf, SAST_OFFSET_MINUTES, type CalendarDate } from './calendarDate'
import { formatRand } from './money'
import { BYTES_PER_GB } from './usage'

/**
 * How people read the figures, in the portal (and anywhere else a person reads them): rand as
 * `R 1 234.56`, dates as `2 Dec 2026`, times in SAST whatever the browser's zone, data in GB.
 * Pure functions, so the pages and their tests agree.
 */

export { formatRand }

/** `2 Dec 2026`. */
export function formatDate(date: CalendarDate | null | undefined): string {
  return date ? formatShortDate(date, true) : '—'
}

/** `14:05`, in SAST. */
export function formatSastTime(instant: string | Date): string {
  const t = new Date(new Date(instant).getTime() + SAST_OFFSET_MINUTES * 60_000)
  return `${String(t.getUTCHours()).padStart(2, '0')}:${String(t.getUTCMinutes()).padStart(2, '0')}`
}

/** `2 Dec 2026, 14:05` in SAST. */
export function formatSastDateTime(instant: string | Date): string {
  return `${formatDate(sastDateOf(instant))}, ${formatSastTime(instant)}`
}

/** How fresh a figure is: `as of 14:00 today`, `as of 14:00 yesterday`, `as of 28 Nov 2026, 14:00`; null: never synced. */
export function freshness(instant: string | null, now = new Date()): string {
  if (!instant) return 'not synced yet'
  const day = sastDateOf(instant)
  const today = sastDateOf(now)
  const yesterday = sastDateOf(new Date(now.getTime() - 86_400_000))
  if (day === today) return `as of ${formatSastTime(instant)} today`
  if (day === yesterday) return `as of ${formatSastTime(instant)} yesterday`
  return `as of ${formatSastDateTime(instant)}`
}

/** Data as people read it: `0 GB`, `0.4 GB`, `12.3 GB`, `1 234.5 GB` (decimal GB, one decimal, rounded down). */
export function formatGb(bytes: number): string {
  const tenths = Math.floor((Math.max(0, bytes) * 10) / BYTES_PER_GB)
  const whole = Math.floor(tenths / 10)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ' ')
  return tenths % 10 === 0 ? `${whole} GB` : `${whole}.${tenths % 10} GB`
}

export type Tone = 'good' | 'info' | 'warn' | 'bad' | 'neutral'

/** A balance: red when owed, green in credit, plain when settled. */
export function balanceTone(balanceCents: number): { tone: Tone; label: string } {
  if (balanceCents > 0) return { tone: 'bad', label: `${formatRand(balanceCents)} owed` }
  if (balanceCents < 0) return { tone: 'good', label: `${formatRand(-balanceCents)} in credit` }
  return { tone: 'neutral', label: 'Settled' }
}

const BADGES = {
  service: {
    pending: ['Pending', 'info'],
    active: ['Active', 'good'],
    suspended: ['Suspended', 'warn'],
    cancelled: ['Cancelled', 'neutral'],
  },
  invoice: {
    draft: ['Draft', 'neutral'],
    unpaid: ['Unpaid', 'info'],
    partially_paid: ['Partially paid', 'warn'],
    paid: ['Paid', 'good'],
    overdue: ['Overdue', 'bad'],
    void: ['Void', 'neutral'],
  },
  mandate: {
    pending: ['Mandate pending', 'warn'],
    active: ['Mandate active', 'good'],
    declined: ['Mandate declined', 'bad'],
    cancelled: ['Mandate cancelled', 'neutral'],
  },
  account: {
    active: ['Active', 'good'],
    suspended: ['Suspended', 'warn'],
    closed: ['Closed', 'neutral'],
  },
  order: {
    pending: ['Received', 'info'],
    confirmed: ['Confirmed', 'info'],
    scheduled: ['Installation booked', 'warn'],
    installed: ['Installed', 'good'],
    cancelled: ['Cancelled', 'neutral'],
  },
  debitBatch: {
    preparing: ['Not sent yet', 'info'],
    uploaded: ['Sent', 'info'],
    uncertain: ['Check at NetCash', 'warn'],
    loaded: ['Loaded', 'good'],
    rejected: ['Refused', 'bad'],
  },
  transaction: {
    pending: ['Pending', 'info'],
    submitted: ['Submitted', 'info'],
    completed: ['Paid', 'good'],
    failed: ['Failed', 'bad'],
    returned: ['Returned', 'bad'],
    refunded: ['Refunded', 'neutral'],
  },
} as const satisfies Record<string, Record<string, readonly [string, Tone]>>

export type BadgeKind = keyof typeof BADGES

/** A status as a badge: a fixed label and colour per status. */
export function statusBadge(kind: BadgeKind, status: string): { label: string; tone: Tone } {
  const entry = (BADGES[kind] as Record<string, readonly [string, Tone]>)[status]
  return entry ? { label: entry[0], tone: entry[1] } : { label: status, tone: 'neutral' }
}

/**
 * An invoice's status as people read it. A credit note is money owed to the customer, so it is
 * never "paid": it is issued, part applied or applied (to invoices, or refunded).
 */
export function invoiceStatusLabel(kind: string | null | undefined, status: string): { label: string; tone: Tone } {
  if (kind === 'credit_note') {
    if (status === 'paid') return { label: 'Applied', tone: 'neutral' }
    if (status === 'partially_paid') return { label: 'Part applied', tone: 'info' }
    if (status === 'unpaid' || status === 'overdue') return { label: 'Issued', tone: 'info' }
  }
  return statusBadge('invoice', status)
}

export type UsageWarning = { level: 'warn' | 'bad'; threshold: 80 | 95 | 100; message: string }

/** The cap warning a usage figure calls for: from 80% amber, from 95% red, from 100% over the cap. */
export function usageWarning(percentUsed: number | null): UsageWarning | null {
  if (percentUsed === null) return null
  if (percentUsed >= 100) return { level: 'bad', threshold: 100, message: 'You have used all of your data for this cycle.' }
  if (percentUsed >= 95) return { level: 'bad', threshold: 95, message: `You have used ${percentUsed}% of your data for this cycle.` }
  if (percentUsed >= 80) return { level: 'warn', threshold: 80, message: `You have used ${percentUsed}% of your data for this cycle.` }
  return null
}

/** `Service`, `Services`: a count with its noun. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`
}
