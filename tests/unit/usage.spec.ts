import { describe, expect, it } from 'vitest'

import { BYTES_PER_GB, capBytesOf, cycleOf, percentUsed, recentCycles } from '../../src/domain/usage'

describe('usage units', () => {
  it('a GB is 10^9 bytes; no cap is null', () => {
    expect(capBytesOf(100)).toBe(100 * BYTES_PER_GB)
    expect(capBytesOf(null)).toBeNull()
    expect(capBytesOf(0)).toBeNull()
  })

  it.each([
    [0, 0],
    [79_990_000_000, 79.9],
    [79_999_999_999, 79.9],
    [80_000_000_000, 80],
    [94_999_999_999, 94.9],
    [95_000_000_000, 95],
    [100_000_000_000, 100],
    [250_000_000_000, 250],
    [9_000_000_000_000_000, 9_000_000],
  ])('%i bytes of 100 GB is %s%%, rounded down so no threshold shows early', (used, percent) => {
    expect(percentUsed(used, 100 * BYTES_PER_GB)).toBe(percent)
  })

  it('uncapped has no percent', () => {
    expect(percentUsed(123, null)).toBeNull()
  })
})

describe('billing cycles', () => {
  it.each([
    ['2026-12-02', 1, '2026-12-01', '2026-12-31'],
    ['2026-12-01', 1, '2026-12-01', '2026-12-31'],
    ['2026-12-02', 25, '2026-11-25', '2026-12-24'],
    ['2026-03-01', 30, '2026-02-28', '2026-03-29'],
    ['2026-01-10', 5, '2026-01-05', '2026-02-04'],
  ])('%s with billing day %i is the cycle %s to %s', (day, billingDay, start, end) => {
    expect(cycleOf(day, billingDay)).toEqual({ start, end })
  })

  it('the last 12 cycles are contiguous, newest first', () => {
    const cycles = recentCycles('2026-12-02', 30, 12)
    expect(cycles).toHaveLength(12)
    for (let i = 1; i < cycles.length; i++) {
      const dayAfter = new Date(Date.parse(`${cycles[i].end}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
      expect(dayAfter).toBe(cycles[i - 1].start)
    }
  })
})
