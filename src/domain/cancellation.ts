import { addDays, daysBetween, formatShortDate, type CalendarDate } from './calendarDate'
import { periodContaining, periodStartingOn } from './billingPeriod'
import { formatRand, type Cents } from './money'
import { proRataCents } from './proRata'

/**
 * What a cancellation settles. Recurring invoices go out 7 days ahead, so a customer who cancels
 * has often paid for days they will not use. For the period containing the cancellation date:
 * if it was invoiced, the customer is credited what they paid beyond the days used (to the
 * cancellation date, inclusive); if not, they are charged for the days used. Any period invoiced
 * after the cancellation date is credited in full.
 */
export type InvoicedPeriod = {
  /** The billing date the charge's period starts on (for a pro-rata activation: that period's start). */
  periodStart: CalendarDate
  /** First day charged (the activation date for a pro-rata activation, else the period start). */
  chargedFrom: CalendarDate
  amountCents: Cents
}

export type SettlementLine = { kind: 'charge' | 'credit'; amountCents: Cents; from: CalendarDate; to: CalendarDate; explanation: string }

export function cancellationSettlement(args: {
  cancellationDate: CalendarDate
  billingDay: number
  monthlyPriceCents: Cents
  invoiced: readonly InvoicedPeriod[]
  priceBasis: 'incl. VAT' | 'excl. VAT'
}): SettlementLine[] {
  const { cancellationDate, billingDay, monthlyPriceCents, priceBasis } = args
  const period = periodContaining(cancellationDate, billingDay)
  const lines: SettlementLine[] = []
  const current = args.invoiced.find((i) => i.periodStart === period.start)
  const usedFrom = current && current.chargedFrom > period.start ? current.chargedFrom : period.start
  const daysUsed = daysBetween(usedFrom, cancellationDate) + 1
  const usedCents = proRataCents(monthlyPriceCents, daysUsed, period.days)
  const usedText = `${daysUsed} of ${period.days} days (${formatShortDate(usedFrom)} to ${formatShortDate(cancellationDate)}) of ${formatRand(monthlyPriceCents)} = ${formatRand(usedCents)} ${priceBasis}`

  if (!current) {
    if (usedCents > 0) lines.push({ kind: 'charge', amountCents: usedCents, from: usedFrom, to: cancellationDate, explanation: usedText })
  } else if (current.amountCents > usedCents) {
    const credit = current.amountCents - usedCents
    lines.push({
      kind: 'credit',
      amountCents: credit,
      from: addDays(cancellationDate, 1),
      to: addDays(period.endExclusive, -1),
      explanation: `Unused days after cancellation: invoiced ${formatRand(current.amountCents)}, used ${usedText}; credit ${formatRand(credit)}`,
    })
  }

  for (const later of args.invoiced.filter((i) => i.periodStart > period.start)) {
    const p = periodStartingOn(later.periodStart, billingDay)
    lines.push({
      kind: 'credit',
      amountCents: later.amountCents,
      from: later.chargedFrom,
      to: addDays(p.endExclusive, -1),
      explanation: `Period ${formatShortDate(later.chargedFrom)} to ${formatShortDate(addDays(p.endExclusive, -1))} invoiced in advance and not used: credit ${formatRand(later.amountCents)}`,
    })
  }
  return lines
}
