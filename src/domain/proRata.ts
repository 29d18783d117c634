import { addDays, daysBetween, formatShortDate, type CalendarDate } from './calendarDate'
import { periodContaining, type BillingPeriod } from './billingPeriod'
import { divideRoundHalfUp, formatRand, type Cents } from './money'

/**
 * Pro-rata charges: monthly price x days used / days in that billing period, computed exactly and
 * rounded half-up once. Activation and reactivation pay from the date (inclusive) to the next
 * billing date (exclusive); cancellation pays from the period start to the cancellation date
 * (inclusive). A full period costs exactly the monthly price.
 */
export type ProRataKind = 'activation' | 'reactivation' | 'cancellation'

export type ProRata = {
  kind: ProRataKind
  period: BillingPeriod
  /** First and last day charged, inclusive. */
  from: CalendarDate
  to: CalendarDate
  daysUsed: number
  monthlyPriceCents: Cents
  amountCents: Cents
  explanation: string
}

export function proRataCents(monthlyPriceCents: Cents, daysUsed: number, daysInPeriod: number): Cents {
  if (!Number.isSafeInteger(monthlyPriceCents) || monthlyPriceCents < 0) throw new RangeError('monthly price must be whole, non-negative cents')
  if (!Number.isInteger(daysUsed) || daysUsed < 0 || daysUsed > daysInPeriod) throw new RangeError(`days used must be 0..${daysInPeriod}`)
  return Number(divideRoundHalfUp(BigInt(monthlyPriceCents) * BigInt(daysUsed), BigInt(daysInPeriod)))
}

export function proRata(args: {
  kind: ProRataKind
  date: CalendarDate
  billingDay: number
  monthlyPriceCents: Cents
  /** "incl. VAT" or "excl. VAT": how the monthly price is quoted, for the explanation. */
  priceBasis: 'incl. VAT' | 'excl. VAT'
}): ProRata {
  const period = periodContaining(args.date, args.billingDay)
  const [from, to] =
    args.kind === 'cancellation' ? [period.start, args.date] : [args.date, addDays(period.endExclusive, -1)]
  const daysUsed = daysBetween(from, to) + 1
  const amountCents = proRataCents(args.monthlyPriceCents, daysUsed, period.days)
  const explanation = `${daysUsed} of ${period.days} days (${formatShortDate(from)} to ${formatShortDate(to)}) of ${formatRand(args.monthlyPriceCents)} = ${formatRand(amountCents)} ${args.priceBasis}`
  return { kind: args.kind, period, from, to, daysUsed, monthlyPriceCents: args.monthlyPriceCents, amountCents, explanation }
}
