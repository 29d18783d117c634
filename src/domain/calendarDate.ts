/**
 * Calendar dates in the business's time zone (Africa/Johannesburg, UTC+2 all year, no DST).
 *
 * Billing works in whole SAST days. Payload stores date fields as timestamptz, so a calendar date
 * is stored as the instant its SAST day begins (`2026-11-15` -> `2026-11-14T22:00:00.000Z`). Every
 * date field is normalised to that instant before it is written, and the database checks it, so a
 * "date" can never silently carry a time of day.
 */

export const SAST_OFFSET_MINUTES = 120

/** A `YYYY-MM-DD` SAST calendar date. */
export type CalendarDate = string

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/

export function isCalendarDate(value: unknown): value is CalendarDate {
  if (typeof value !== 'string') return false
  const m = DATE_RE.exec(value)
  if (!m) return false
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]))
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3]
}

/** The SAST calendar date an instant falls on. */
export function sastDateOf(instant: Date | string): CalendarDate {
  const t = typeof instant === 'string' ? new Date(instant) : instant
  if (Number.isNaN(t.getTime())) throw new RangeError(`not a date: ${String(instant)}`)
  return new Date(t.getTime() + SAST_OFFSET_MINUTES * 60_000).toISOString().slice(0, 10)
}

/** The instant a SAST calendar date begins, as stored in a date column. */
export function sastMidnight(date: CalendarDate): string {
  if (!isCalendarDate(date)) throw new RangeError(`not a calendar date: ${date}`)
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - SAST_OFFSET_MINUTES * 60_000).toISOString()
}

/**
 * What a date field stores for any input a person or integration might send: a calendar date
 * (`2026-11-15`) or an instant (the admin panel's date picker sends noon UTC of the chosen day).
 */
export function normaliseToSastMidnight(value: Date | string): string {
  if (typeof value === 'string' && isCalendarDate(value)) return sastMidnight(value)
  // `2025-02-30` is a typo, not 2 March: JavaScript's parser would roll it over.
  const text = typeof value === 'string' ? value : ''
  if (/^\d{4}-\d{2}-\d{2}/.test(text) && !isCalendarDate(text.slice(0, 10))) throw new RangeError(`not a calendar date: ${text.slice(0, 10)}`)
  return sastMidnight(sastDateOf(value))
}

export function sastYear(instant: Date | string): number {
  return Number(sastDateOf(instant).slice(0, 4))
}

const toUtc = (date: CalendarDate) => Date.parse(`${date}T00:00:00.000Z`)
const fromUtc = (ms: number): CalendarDate => new Date(ms).toISOString().slice(0, 10)

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromUtc(toUtc(date) + days * 86_400_000)
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((toUtc(to) - toUtc(from)) / 86_400_000)
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** The billing date of a month: the billing day, or the month's last day when it is shorter (the 30th in February). */
export function billingDateIn(year: number, month: number, billingDay: number): CalendarDate {
  const day = Math.min(billingDay, daysInMonth(year, month))
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** The month after (year, month). */
export function nextMonth(year: number, month: number): { year: number; month: number } {
  return month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** `15 Nov` (with the year when asked: `15 Nov 2026`). */
export function formatShortDate(date: CalendarDate, withYear = false): string {
  const [y, m, d] = date.split('-').map(Number)
  return `${d} ${MONTHS[m - 1]}${withYear ? ` ${y}` : ''}`
}
