import { describe, expect, it } from 'vitest'

import { formatPercent, parsePercent, percentForInput } from '../../src/domain/percentInput'

describe('VAT rates as people type them', () => {
  it.each([
    ['15', 1500],
    ['15 %', 1500],
    ['15.5', 1550],
    ['15,25', 1525],
    ['0', 0],
    ['100', 10_000],
  ])('%s is %i basis points', (text, bp) => {
    expect(parsePercent(text)).toEqual({ ok: true, basisPoints: bp })
  })

  it.each(['', 'abc', '15.255', '101', '-1', '1e2'])('refuses %j', (text) => {
    expect(parsePercent(text).ok).toBe(false)
  })

  it('shows basis points as the rate', () => {
    expect([percentForInput(1500), percentForInput(1550), percentForInput(1525), formatPercent(1500)]).toEqual(['15', '15.5', '15.25', '15 %'])
    for (const bp of [0, 1, 10, 99, 1500, 1525, 10_000]) expect(parsePercent(percentForInput(bp))).toEqual({ ok: true, basisPoints: bp })
  })
})
