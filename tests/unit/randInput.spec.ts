import { describe, expect, it } from 'vitest'

import { parseRand, randForInput } from '../../src/domain/randInput'

describe('rand as clerks type it', () => {
  it.each([
    ['1 234.56', 123456],
    ['1234.56', 123456],
    ['1234,56', 123456],
    ['1 234,56', 123456],
    ['R 12', 1200],
    ['R12.5', 1250],
    ['r 12.50', 1250],
    ['1 234', 123400],
    ['1\u00a0234.56', 123456],
    ['1\u2009234.56', 123456],
    ['123\u202f456', 12345600],
    ['  799.00  ', 79900],
    ['0.05', 5],
    ['.5', 50],
    ['12.', 1200],
    ['0', 0],
    ['R 1 000 000.00', 100_000_000],
  ])('%j is %i cents', (text, cents) => {
    expect(parseRand(text)).toEqual({ ok: true, cents })
  })

  it.each([
    ['12.345', 'At most two decimals (cents)'],
    ['', 'Enter an amount in rand'],
    ['   ', 'Enter an amount in rand'],
    ['12abc', 'Type the amount in digits, e.g. 1 234.56'],
    ['R', 'Type the amount in digits, e.g. 1 234.56'],
    ['ZAR 12', 'Type the amount in digits, e.g. 1 234.56'],
    ['1e3', 'Type the amount in digits, e.g. 1 234.56'],
    ['1.234.56', 'Use one decimal separator, and spaces between thousands'],
    ['1,234.56', 'Use one decimal separator, and spaces between thousands'],
    ['12 34', 'Put spaces only between groups of three digits'],
    ['-12', 'The amount cannot be negative'],
    ['-R 12', 'The amount cannot be negative'],
    ['R -12', 'The amount cannot be negative'],
    ['1 000 000.01', 'At most R 1 000 000.00'],
    ['99999999999999999999', 'At most R 1 000 000.00'],
  ])('%j is refused: %s', (text, message) => {
    expect(parseRand(text)).toEqual({ ok: false, message })
  })

  it.each([
    ['-12', -1200],
    ['-R 1 234.56', -123456],
    ['R -0.05', -5],
  ])('with allowNegative, %j is %i cents', (text, cents) => {
    expect(parseRand(text, { allowNegative: true })).toEqual({ ok: true, cents })
  })

  it('takes a lower maximum', () => {
    expect(parseRand('500.01', { maxCents: 50_000 })).toEqual({ ok: false, message: 'At most R 500.00' })
    expect(parseRand('500', { maxCents: 50_000 })).toEqual({ ok: true, cents: 50_000 })
  })

  it.each([
    [123456, '1 234.56'],
    [79900, '799.00'],
    [5, '0.05'],
    [0, '0.00'],
    [100_000_000, '1 000 000.00'],
    [-123456, '-1 234.56'],
  ])('%i cents goes back into an input as %j', (cents, text) => {
    expect(randForInput(cents)).toBe(text)
  })

  it('reads back what it writes', () => {
    for (const cents of [0, 1, 99, 100, 123456, 99_999_999]) expect(parseRand(randForInput(cents))).toEqual({ ok: true, cents })
  })
})
