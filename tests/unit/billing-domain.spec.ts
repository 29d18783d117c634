import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { addDays } from '../../src/domain/calendarDate'
import { nextBillingDate, periodContaining } from '../../src/domain/billingPeriod'
import { cancellationSettlement } from '../../src/domain/cancellation'
import { buildLine, totalsOf } from '../../src/domain/invoiceLines'
import { proRata, proRataCents } from '../../src/domain/proRata'
import { vatRateOn } from '../../src/domain/vat'

/** Worked cases, each checked by hand (the arithmetic is in the comment). */
describe('billing periods', () => {
  it.each([
    // date, billing day, period start, next billing date, days
    ['2026-11-15', 1, '2026-11-01', '2026-12-01', 30],
    ['2026-11-01', 1, '2026-11-01', '2026-12-01', 30], // on the billing day: that day starts a period
    ['2026-01-31', 30, '2026-01-30', '2026-02-28', 29], // Jan 30 -> Feb 28 (the 30th in Feb is its last day)
    ['2026-02-28', 30, '2026-02-28', '2026-03-30', 30], // Feb 28 -> Mar 30
    ['2028-02-29', 30, '2028-02-29', '2028-03-30', 30], // leap year: Feb 29 -> Mar 30
    ['2028-02-10', 30, '2028-01-30', '2028-02-29', 30], // Jan 30 -> Feb 29
    ['2026-03-31', 30, '2026-03-30', '2026-04-30', 31], // Mar 30 -> Apr 30
    ['2026-12-31', 25, '2026-12-25', '2027-01-25', 31], // across the year end
    ['2027-01-10', 25, '2026-12-25', '2027-01-25', 31],
    ['2026-06-04', 5, '2026-05-05', '2026-06-05', 31],
  ])('%s with billing day %s is in the period %s to %s (%s days)', (date, day, start, end, days) => {
    expect(periodContaining(date, day)).toEqual({ start, endExclusive: end, days })
    expect(nextBillingDate(date, day)).toBe(end)
  })
})

describe('pro-rata', () => {
  it.each([
    // R 799.00, billing day 1, activated 15 Nov: 16 of 30 days; 79900 x 16 / 30 = 42613.33 -> R 426.13
    ['activation', '2026-11-15', 1, 79900, 42613, '16 of 30 days (15 Nov to 30 Nov) of R 799.00 = R 426.13 incl. VAT'],
    // Activated on the billing day: the whole period, exactly the monthly price
    ['activation', '2026-11-01', 1, 79900, 79900, '30 of 30 days (1 Nov to 30 Nov) of R 799.00 = R 799.00 incl. VAT'],
    // Day 30, activated 10 Feb 2026: Jan 30 -> Feb 28 is 29 days; 10..27 Feb is 18 days; 79900 x 18 / 29 = 49593.10 -> 49593
    ['activation', '2026-02-10', 30, 79900, 49593, '18 of 29 days (10 Feb to 27 Feb) of R 799.00 = R 495.93 incl. VAT'],
    // Leap year: Jan 30 -> Feb 29 2028 is 30 days; 10..28 Feb is 19 days; 79900 x 19 / 30 = 50603.33 -> 50603
    ['activation', '2028-02-10', 30, 79900, 50603, '19 of 30 days (10 Feb to 28 Feb) of R 799.00 = R 506.03 incl. VAT'],
    // Day 30, activated 15 Mar: Mar 30 is next; Feb 28 -> Mar 30 is 30 days; 15..29 Mar is 15 days; half = 39950
    ['activation', '2026-03-15', 30, 79900, 39950, '15 of 30 days (15 Mar to 29 Mar) of R 799.00 = R 399.50 incl. VAT'],
    // Day 25 across the year end: Dec 25 -> Jan 25 is 31 days; 28 Dec..24 Jan is 28 days; 99900 x 28 / 31 = 90232.26 -> 90232
    ['reactivation', '2026-12-28', 25, 99900, 90232, '28 of 31 days (28 Dec to 24 Jan) of R 999.00 = R 902.32 incl. VAT'],
    // Cancelled the day after a recurring period began (1 Dec): 2 of 31 days; 79900 x 2 / 31 = 5154.84 -> 5155
    ['cancellation', '2026-12-02', 1, 79900, 5155, '2 of 31 days (1 Dec to 2 Dec) of R 799.00 = R 51.55 incl. VAT'],
    // Half a cent rounds up: 15 x 1 / 30 = 0.5 -> 1
    ['cancellation', '2026-11-01', 1, 15, 1, '1 of 30 days (1 Nov to 1 Nov) of R 0.15 = R 0.01 incl. VAT'],
  ] as const)('%s on %s (day %s) of %s cents is %s cents', (kind, date, day, price, cents, explanation) => {
    const result = proRata({ kind, date, billingDay: day, monthlyPriceCents: price, priceBasis: 'incl. VAT' })
    expect(result.amountCents).toBe(cents)
    expect(result.explanation).toBe(explanation)
  })

  it('a full period costs exactly the monthly price (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), fc.integer({ min: 28, max: 31 }), (price, days) => proRataCents(price, days, days) === price),
    )
  })

  it('never exceeds the monthly price and grows with the days used (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), fc.integer({ min: 28, max: 31 }), fc.integer({ min: 0, max: 30 }), (price, days, used) => {
        const d = Math.min(used, days - 1)
        const a = proRataCents(price, d, days)
        const b = proRataCents(price, d + 1, days)
        return a <= b && b <= price && a >= 0
      }),
    )
  })

  it('activation pro-rata plus cancellation pro-rata on the day before cover one full period (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.constantFrom(1, 5, 25, 30),
        fc.integer({ min: 0, max: 3000 }),
        (price, day, offset) => {
          const date = addDays('2025-01-01', offset)
          const period = periodContaining(date, day)
          if (date === period.start) return true
          const act = proRata({ kind: 'activation', date, billingDay: day, monthlyPriceCents: price, priceBasis: 'incl. VAT' })
          const cancel = proRata({ kind: 'cancellation', date: addDays(date, -1), billingDay: day, monthlyPriceCents: price, priceBasis: 'incl. VAT' })
          // Each is rounded once, so together they are within a cent of the monthly price.
          return act.daysUsed + cancel.daysUsed === period.days && Math.abs(act.amountCents + cancel.amountCents - price) <= 1
        },
      ),
    )
  })
})

describe('VAT and invoice lines', () => {
  it('uses the rate in force on the invoice date', () => {
    expect(vatRateOn('2018-03-31')).toBe(1400)
    expect(vatRateOn('2018-04-01')).toBe(1500)
    expect(vatRateOn('2026-11-28')).toBe(1500)
    expect(vatRateOn('2026-11-28', [{ effectiveFrom: '2026-11-01', basisPoints: 1550 }, { effectiveFrom: '2018-04-01', basisPoints: 1500 }])).toBe(1550)
  })

  it.each([
    // Residential R 799.00 incl.: VAT = 79900 x 15/115 = 10421.74 -> 10422; excl. 69478
    ['residential', 79900, { exclVatCents: 69478, vatCents: 10422, inclVatCents: 79900 }],
    // Business R 1 199.00 excl.: VAT = 11990 x 15% = 17985; incl. 137885
    ['business', 119900, { exclVatCents: 119900, vatCents: 17985, inclVatCents: 137885 }],
    // Residential pro-rata R 426.13: VAT = 42613 x 15/115 = 5558.2 -> 5558; excl. 37055
    ['residential', 42613, { exclVatCents: 37055, vatCents: 5558, inclVatCents: 42613 }],
  ] as const)('a %s line of %s cents splits into %o', (accountType, price, split) => {
    const line = buildLine({ description: 'x', kind: 'service', unitPriceCents: price, accountType, invoiceDate: '2026-11-28' })
    expect(line).toMatchObject({ ...split, vatRateBasisPoints: 1500 })
  })

  it('lines always add up, and totals are the sums of the lines (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ price: fc.integer({ min: 0, max: 5_000_000 }), qty: fc.integer({ min: 1, max: 5 }) }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('residential', 'business') as fc.Arbitrary<'residential' | 'business'>,
        (items, accountType) => {
          const lines = items.map((i) => buildLine({ description: 'x', kind: 'other', unitPriceCents: i.price, quantity: i.qty, accountType, invoiceDate: '2026-11-28' }))
          const totals = totalsOf(lines)
          return (
            lines.every((l) => l.exclVatCents + l.vatCents === l.inclVatCents) &&
            totals.exclVatCents + totals.vatCents === totals.inclVatCents &&
            totals.inclVatCents === lines.reduce((s, l) => s + l.inclVatCents, 0)
          )
        },
      ),
    )
  })
})

describe('cancellation settlement', () => {
  const base = { billingDay: 1, monthlyPriceCents: 79900, priceBasis: 'incl. VAT' as const }

  it('the day after the December invoice was issued (25 Nov): November is used to the 25th, December is credited in full', () => {
    const lines = cancellationSettlement({
      ...base,
      cancellationDate: '2026-11-25',
      invoiced: [
        { periodStart: '2026-11-01', chargedFrom: '2026-11-01', amountCents: 79900 },
        { periodStart: '2026-12-01', chargedFrom: '2026-12-01', amountCents: 79900 },
      ],
    })
    // Used 25 of 30 days: 79900 x 25 / 30 = 66583.33 -> 66583; credit 79900 - 66583 = 13317
    expect(lines).toEqual([
      expect.objectContaining({ kind: 'credit', amountCents: 13317, from: '2026-11-26', to: '2026-11-30' }),
      expect.objectContaining({ kind: 'credit', amountCents: 79900, from: '2026-12-01', to: '2026-12-31' }),
    ])
  })

  it('a period not yet invoiced is charged for the days used', () => {
    const lines = cancellationSettlement({ ...base, cancellationDate: '2026-12-02', invoiced: [] })
    expect(lines).toEqual([expect.objectContaining({ kind: 'charge', amountCents: 5155, from: '2026-12-01', to: '2026-12-02' })])
  })

  it('after a pro-rata activation, only days after the activation count as used', () => {
    // Activated 15 Nov: charged 42613 for 16 days. Cancelled 20 Nov: used 6 of 30 days = 15980; credit 26633
    const lines = cancellationSettlement({
      ...base,
      cancellationDate: '2026-11-20',
      invoiced: [{ periodStart: '2026-11-01', chargedFrom: '2026-11-15', amountCents: 42613 }],
    })
    expect(lines).toEqual([expect.objectContaining({ kind: 'credit', amountCents: 26633 })])
  })

  it('never credits more than was invoiced, never charges twice (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 29 }), (price, offset) => {
        const cancellationDate = addDays('2026-11-01', offset)
        const lines = cancellationSettlement({
          billingDay: 1,
          monthlyPriceCents: price,
          priceBasis: 'incl. VAT',
          cancellationDate,
          invoiced: [{ periodStart: '2026-11-01', chargedFrom: '2026-11-01', amountCents: price }],
        })
        const credit = lines.reduce((s, l) => s + (l.kind === 'credit' ? l.amountCents : 0), 0)
        return credit <= price && lines.every((l) => l.kind === 'credit' && l.amountCents > 0)
      }),
    )
  })
})
