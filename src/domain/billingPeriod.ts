import { billingDateIn, daysBetween, nextMonth, type CalendarDate } from './calendarDate'

/**
 * A billing period runs from one billing date (inclusive) to the next (exclusive). Its length is
 * the real number of days between them, 28 to 31. On the 30th, February's period starts on its
 * last day (28th or 29th).
 */
export type BillingPeriod = { start: CalendarDate; endExclusive: CalendarDate; days: number }

const previousMonth = (year: number, month: number) => (month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 })

/** The period that contains `date`. */
export function periodContaining(date: CalendarDate, billingDay: number): BillingPeriod {
  const [y, m] = date.split('-').map(Number)
  let start = billingDateIn(y, m, billingDay)
  if (start > date) {
    const p = previousMonth(y, m)
    start = billingDateIn(p.year, p.month, billingDay)
  }
  return periodStartingOn(start, billingDay)
}

/** The period that starts on a billing date. */
export function periodStartingOn(start: CalendarDate, billingDay: number): BillingPeriod {
  const [y, m] = start.split('-').map(Number)
  const n = nextMonth(y, m)
  const endExclusive = billingDateIn(n.year, n.month, billingDay)
  return { start, endExclusive, days: daysBetween(start, endExclusive) }
}

/** The first billing date strictly after `date`: where a service activated on `date` is next billed. */
export function nextBillingDate(date: CalendarDate, billingDay: number): CalendarDate {
  return periodContaining(date, billingDay).endExclusive
}
