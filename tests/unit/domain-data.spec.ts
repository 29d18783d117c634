import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { addDays, billingDateIn, isCalendarDate, normaliseToSastMidnight, sastDateOf, sastMidnight } from '../../src/domain/calendarDate'
import { formatDocumentNumber, parseDocumentNumber } from '../../src/domain/documentNumbers'
import { normaliseSaMobile } from '../../src/domain/mobileNumber'
import { divideRoundHalfUp, formatRand, splitExclusive, splitInclusive } from '../../src/domain/money'
import { canTransition } from '../../src/domain/serviceLifecycle'

describe('calendar dates in SAST', () => {
  it.each([
    ['2026-11-15', '2026-11-14T22:00:00.000Z'],
    ['2026-01-01', '2025-12-31T22:00:00.000Z'],
  ])('%s begins at %s', (date, instant) => {
    expect(sastMidnight(date)).toBe(instant)
    expect(sastDateOf(instant)).toBe(date)
  })

  it.each([
    ['2026-11-15', '2026-11-14T22:00:00.000Z'],
    ['2026-11-15T12:00:00.000Z', '2026-11-14T22:00:00.000Z'], // the admin date picker's noon
    ['2026-11-14T22:30:00.000Z', '2026-11-14T22:00:00.000Z'], // 00:30 SAST on the 15th
    ['2026-11-14T21:59:59.000Z', '2026-11-13T22:00:00.000Z'], // 23:59 SAST on the 14th
  ])('normalises %s to %s', (input, stored) => {
    expect(normaliseToSastMidnight(input)).toBe(stored)
  })

  it('rejects impossible dates', () => {
    expect(isCalendarDate('2026-02-29')).toBe(false)
    expect(isCalendarDate('2028-02-29')).toBe(true)
    expect(() => sastMidnight('2026-13-01')).toThrow()
  })

  it.each([
    [2026, 2, 30, '2026-02-28'],
    [2028, 2, 30, '2028-02-29'],
    [2026, 1, 30, '2026-01-30'],
    [2026, 3, 30, '2026-03-30'],
    [2026, 4, 1, '2026-04-01'],
  ])('the billing date of %s-%s for day %s is %s', (y, m, d, expected) => {
    expect(billingDateIn(y, m, d)).toBe(expected)
  })

  it('adds days across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29')
  })
})

describe('document numbers', () => {
  it.each([
    ['CT', 2025, 42, 'CT-2025-00042'],
    ['INV', 2026, 1, 'INV-2026-00001'],
    ['CT', 2026, 99999, 'CT-2026-99999'],
    ['CT', 2031, 100000, 'CT-2031-100000'],
  ] as const)('%s %s #%s is %s', (prefix, year, counter, expected) => {
    expect(formatDocumentNumber(prefix, year, counter)).toBe(expected)
    expect(parseDocumentNumber(expected)).toEqual({ prefix, year, counter })
  })
})

describe('SA mobile numbers', () => {
  it.each([
    ['082 123 4567', '27821234567'],
    ['+27 82 123 4567', '27821234567'],
    ['0027821234567', '27821234567'],
    ['27-82-123-4567', '27821234567'],
    ['(072) 555-0100', '27725550100'],
  ])('%s becomes %s', (input, expected) => {
    expect(normaliseSaMobile(input)).toBe(expected)
  })

  it.each(['012 345 6789', '0821234', '+44 7700 900123', 'call me', '27121234567'])('%s is refused', (input) => {
    expect(normaliseSaMobile(input)).toBeNull()
  })
})

describe('money', () => {
  it.each([
    [5n, 2n, 3n],
    [-5n, 2n, -3n],
    [4n, 2n, 2n],
    [1n, 3n, 0n],
    [2n, 3n, 1n],
  ])('%s / %s rounds half-up to %s', (n, d, q) => {
    expect(divideRoundHalfUp(n, d)).toBe(q)
  })

  it.each([
    [79900, 69478, 10422], // R 799.00 incl.: VAT = 10421.74 -> 10422
    [42613, 37055, 5558],
    [100, 87, 13],
    [0, 0, 0],
  ])('splits %s incl. VAT into %s + %s', (incl, excl, vat) => {
    expect(splitInclusive(incl, 1500)).toEqual({ exclVatCents: excl, vatCents: vat, inclVatCents: incl, vatRateBasisPoints: 1500 })
  })

  it('adds VAT to exclusive (business) prices, half-up', () => {
    expect(splitExclusive(119900, 1500)).toEqual({ exclVatCents: 119900, vatCents: 17985, inclVatCents: 137885, vatRateBasisPoints: 1500 })
    expect(splitExclusive(10, 1500).vatCents).toBe(2) // 1.5 -> 2
  })

  it('excl. + VAT = incl. for every amount (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), fc.integer({ min: 0, max: 10000 }), (amount, rate) => {
        const a = splitInclusive(amount, rate)
        const b = splitExclusive(amount, rate)
        return a.exclVatCents + a.vatCents === a.inclVatCents && b.exclVatCents + b.vatCents === b.inclVatCents && a.vatCents >= 0 && a.vatCents <= amount
      }),
    )
  })

  it('refuses fractional cents', () => {
    expect(() => splitInclusive(10.5, 1500)).toThrow(/whole number/)
  })

  it.each([
    [123456, 'R 1 234.56'],
    [5, 'R 0.05'],
    [-79900, '-R 799.00'],
    [100000000, 'R 1 000 000.00'],
  ])('formats %s as %s', (cents, text) => {
    expect(formatRand(cents)).toBe(text)
  })
})

describe('the service lifecycle', () => {
  it.each([
    ['pending', 'active', true],
    ['pending', 'cancelled', true],
    ['pending', 'suspended', false],
    ['active', 'suspended', true],
    ['active', 'cancelled', true],
    ['active', 'pending', false],
    ['suspended', 'active', true],
    ['suspended', 'cancelled', true],
    ['cancelled', 'active', false],
    ['cancelled', 'suspended', false],
  ] as const)('%s -> %s: %s', (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed)
  })
})
