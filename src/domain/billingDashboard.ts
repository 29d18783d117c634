import type { AgeingBucket } from './ageing'
import { addDays, daysInMonth, nextMonth, sastMidnight, type CalendarDate } from './calendarDate'
import { OPEN_INVOICE_STATUSES } from './catalogue'

/**
 * The billing team's dashboard, the pure half: which instants bound a SAST month or the last
 * seven days, and which filter of a Payload admin list each figure is the count or sum of. The
 * service's SQL and the link under every number are built from the same definitions, so a figure
 * and the list it opens agree (the integration test holds them to it).
 *
 * Every range is half-open, [from, to), on the stored instants: a calendar date is stored as the
 * instant its SAST day begins, so a month of invoice dates is `invoiceDate >= <1st 00:00 SAST>`
 * and `invoiceDate < <1st of the next month 00:00 SAST>`, which the list's filter expresses
 * exactly (greater_than_equal / less_than).
 */

/** A SAST month, `YYYY-MM`. */
export type SastMonth = string

/** From (inclusive) to (exclusive), as ISO instants. */
export type InstantRange = { from: string; to: string }

export type MonthPeriod = {
  month: SastMonth
  /** `Dec 2026`. */
  label: string
  firstDay: CalendarDate
  lastDay: CalendarDate
  range: InstantRange
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/

const monthKey = (year: number, month: number): SastMonth => `${year}-${String(month).padStart(2, '0')}`

function parseMonth(month: SastMonth): { year: number; month: number } {
  const m = MONTH_RE.exec(month)
  if (!m) throw new RangeError(`not a month: ${month}`)
  return { year: Number(m[1]), month: Number(m[2]) }
}

/** The month a calendar date falls in. */
export function monthOf(date: CalendarDate): SastMonth {
  return date.slice(0, 7)
}

/** `2026-12` -> `Dec 2026`. */
export function monthLabel(month: SastMonth): string {
  const { year, month: m } = parseMonth(month)
  return `${MONTH_NAMES[m - 1]} ${year}`
}

/** A SAST month: its first and last day and the instants it runs between. */
export function monthPeriod(month: SastMonth): MonthPeriod {
  const { year, month: m } = parseMonth(month)
  const next = nextMonth(year, m)
  const firstDay = `${monthKey(year, m)}-01`
  return {
    month,
    label: monthLabel(month),
    firstDay,
    lastDay: `${monthKey(year, m)}-${String(daysInMonth(year, m)).padStart(2, '0')}`,
    range: { from: sastMidnight(firstDay), to: sastMidnight(`${monthKey(next.year, next.month)}-01`) },
  }
}

/** The `count` SAST months ending with today's, oldest first. */
export function monthsEndingWith(today: CalendarDate, count: number): MonthPeriod[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a whole number from 1 (got ${count})`)
  const { year, month } = parseMonth(monthOf(today))
  return Array.from({ length: count }, (_, i) => {
    const back = count - 1 - i
    const index = year * 12 + (month - 1) - back
    return monthPeriod(monthKey(Math.floor(index / 12), (index % 12) + 1))
  })
}

/** How far back "recent" failures go: today and the six SAST days before it. */
export const RECENT_DAYS = 7

/** The first day of the recent window ending today. */
export function recentSince(today: CalendarDate, days = RECENT_DAYS): CalendarDate {
  return addDays(today, -(days - 1))
}

/** Months the revenue and collections charts show, this one included. */
export const CHART_MONTHS = 12

/**
 * The daily runs staff look at first in the morning (src/jobs/schedules.ts runs them at 00:30 and
 * 02:00 SAST; the job-runs collection names them so).
 */
export const DAILY_RUNS = [
  { jobName: 'mark-overdue', label: 'Overdue marking', at: '00:30' },
  { jobName: 'generate-invoices', label: 'Invoice run', at: '02:00' },
] as const

// ---------------------------------------------------------------------------------------------
// The lists behind the figures
// ---------------------------------------------------------------------------------------------

/** One condition of a Payload list filter: `{ invoiceDate: { less_than: '2026-11-30T22:00:00.000Z' } }`. */
export type ListCondition = Record<string, Record<string, string | number | boolean | readonly string[]>>

/** The list a figure counts or sums: a collection and the conditions, all of which must hold. */
export type ListQuery = { collection: string; where: ListCondition[] }

/** Issued and not voided: left draft, and still stands (paid or not). */
export const ISSUED_INVOICE_STATUSES = ['unpaid', 'partially_paid', 'paid', 'overdue'] as const

const during = (field: string, range: InstantRange): ListCondition[] => [
  { [field]: { greater_than_equal: range.from } },
  { [field]: { less_than: range.to } },
]

/** Invoices (not credit notes) issued and not voided, dated in the range. Summed: their totals. */
export function invoicedList(range: InstantRange): ListQuery {
  return {
    collection: 'invoices',
    where: [{ kind: { not_equals: 'credit_note' } }, { status: { in: ISSUED_INVOICE_STATUSES } }, ...during('invoiceDate', range)],
  }
}

/** Credit notes issued (not voided), dated in the range. Summed: their totals. */
export function creditNotesList(range: InstantRange): ListQuery {
  return {
    collection: 'invoices',
    where: [{ kind: { equals: 'credit_note' } }, { status: { in: ISSUED_INVOICE_STATUSES } }, ...during('invoiceDate', range)],
  }
}

/** Payments (not refunds) completed in the range. Summed: their amounts. */
export function collectedList(range: InstantRange): ListQuery {
  return {
    collection: 'payment-transactions',
    where: [{ kind: { equals: 'payment' } }, { status: { equals: 'completed' } }, ...during('completedAt', range)],
  }
}

/** What the debtors' ageing counts (src/services/reports/ageing.ts): open invoices with something due. Summed: amount due. */
export function outstandingList(): ListQuery {
  return {
    collection: 'invoices',
    where: [{ status: { in: OPEN_INVOICE_STATUSES } }, { kind: { not_equals: 'credit_note' } }, { amountDueCents: { greater_than: 0 } }],
  }
}

/** One customer's outstanding invoices (their row of the ageing). */
export function customerOutstandingList(customerId: number): ListQuery {
  const outstanding = outstandingList()
  return { ...outstanding, where: [...outstanding.where, { customer: { equals: customerId } }] }
}

/**
 * The outstanding invoices of one ageing bucket on `asOf`, as a range of due dates: d days past
 * due is a due date d days before asOf, so a bucket of fromDays..toDays (both included) is
 * `dueDate >= asOf - toDays` and `dueDate < asOf - fromDays + 1`.
 */
export function ageingBucketList(bucket: AgeingBucket, asOf: CalendarDate): ListQuery {
  const edges: ListCondition[] = []
  if (bucket.toDays !== null) edges.push({ dueDate: { greater_than_equal: sastMidnight(addDays(asOf, -bucket.toDays)) } })
  if (bucket.fromDays !== null) edges.push({ dueDate: { less_than: sastMidnight(addDays(asOf, -bucket.fromDays + 1)) } })
  const outstanding = outstandingList()
  return { ...outstanding, where: [...outstanding.where, ...edges] }
}

/** Invoices marked overdue (by the 00:30 run). Summed: amount due. */
export function overdueList(): ListQuery {
  return { collection: 'invoices', where: [{ status: { equals: 'overdue' } }] }
}

/** Services waiting to be activated. */
export function pendingActivationsList(): ListQuery {
  return { collection: 'services', where: [{ status: { equals: 'pending' } }] }
}

/**
 * Services suspended for non-payment, as their open suspensions (one per service, by a partial
 * unique index): still open, of type non-payment, on a service that is suspended now (a service
 * cancelled while suspended keeps its suspension open, and is not counted).
 */
export function suspendedForNonPaymentList(): ListQuery {
  return {
    collection: 'service-suspensions',
    where: [{ suspensionType: { equals: 'non_payment' } }, { reactivatedAt: { exists: false } }, { 'service.status': { equals: 'suspended' } }],
  }
}

/** Messages that failed, created since the first of the recent days. */
export function failedNotificationsList(since: CalendarDate): ListQuery {
  return { collection: 'notifications', where: [{ status: { equals: 'failed' } }, { createdAt: { greater_than_equal: sastMidnight(since) } }] }
}

/** Job runs that failed in whole or in part, started since the first of the recent days. */
export function failedRunsList(since: CalendarDate): ListQuery {
  return { collection: 'job-runs', where: [{ status: { in: ['failed', 'partially_failed'] } }, { startedAt: { greater_than_equal: sastMidnight(since) } }] }
}

/** Every run of one job, newest first (the list's default sort). */
export function jobRunsList(jobName: string): ListQuery {
  return { collection: 'job-runs', where: [{ jobName: { equals: jobName } }] }
}

/**
 * A filter as a query string, in the shape the admin list's filter controls read back
 * (`where[or][0][and][i][field][operator]=value`, a list as `[in][0]=a&[in][1]=b`), so the list
 * opens with its filters shown. Payload's REST API reads the same string.
 */
export function whereQueryString(where: readonly ListCondition[]): string {
  const parts: string[] = []
  where.forEach((condition, i) => {
    for (const [field, operators] of Object.entries(condition)) {
      for (const [operator, value] of Object.entries(operators)) {
        const key = `where[or][0][and][${i}][${field}][${operator}]`
        if (Array.isArray(value)) value.forEach((v, j) => parts.push(`${key}[${j}]=${encodeURIComponent(String(v))}`))
        else parts.push(`${key}=${encodeURIComponent(String(value))}`)
      }
    }
  })
  return parts.join('&')
}

/** The admin panel's list for a query: `/admin/collections/invoices?where[or][0][and][0]...`. */
export function adminListHref(adminRoute: string, list: ListQuery): string {
  const query = whereQueryString(list.where)
  return `${adminRoute.replace(/\/$/, '')}/collections/${list.collection}${query ? `?${query}` : ''}`
}

// ---------------------------------------------------------------------------------------------
// Shaping the rows
// ---------------------------------------------------------------------------------------------

export type CountAndCents = { count: number; cents: number }

/** Grouped rows (month, count, cents) as one entry per month asked for, zeros where nothing was grouped. */
export function perMonth(months: readonly MonthPeriod[], rows: readonly ({ month: SastMonth } & CountAndCents)[]): Map<SastMonth, CountAndCents> {
  const byMonth = new Map<SastMonth, CountAndCents>(months.map((m) => [m.month, { count: 0, cents: 0 }]))
  for (const row of rows) {
    const entry = byMonth.get(row.month)
    if (entry) byMonth.set(row.month, { count: entry.count + row.count, cents: entry.cents + row.cents })
  }
  return byMonth
}

/** Whether a run started on or after the SAST day began (`today`'s run has happened). */
export function startedOn(startedAt: string, day: CalendarDate): boolean {
  return Date.parse(startedAt) >= Date.parse(sastMidnight(day)) && Date.parse(startedAt) < Date.parse(sastMidnight(addDays(day, 1)))
}

/** A chart axis's short rand: `R 0`, `R 950`, `R 12k`, `R 1.2m` (whole rand, rounded; the table has the cents). */
export function compactRand(cents: number): string {
  const sign = cents < 0 ? '-' : ''
  const rand = Math.abs(cents) / 100
  const short = (value: number, unit: string) => `${sign}R ${Number(value.toFixed(value < 10 ? 1 : 0))}${unit}`
  if (rand >= 999_500) return short(rand / 1_000_000, 'm')
  if (rand >= 999.5) return short(rand / 1_000, 'k')
  return `${sign}R ${Math.round(rand)}`
}
