import { describe, expect, it } from 'vitest'

import { latestSlot, SCHEDULES, slotsBetween } from '../../src/jobs/schedules'
import { backoffDelay, retryAfterMs } from '../../src/integrations/http/retry'

describe('schedules read in SAST whatever the server zone', () => {
  it.each([
    ['0 2 * * *', '2026-12-02T00:00:00Z', '2026-12-02T00:00:00.000Z'],
    ['0 2 * * *', '2026-12-02T00:00:59Z', '2026-12-02T00:00:00.000Z'],
    ['0 2 * * *', '2026-12-01T23:59:00Z', null],
    ['30 0 * * *', '2026-12-01T22:30:00Z', '2026-12-01T22:30:00.000Z'],
    ['30 0 * * *', '2026-12-01T22:29:00Z', null],
  ])('%s at %s → %s', (cron, now, expected) => {
    expect(latestSlot(cron, new Date(now), 0)?.toISOString() ?? null).toBe(expected)
  })

  it('a runner down at 02:00 runs the missed slot when it comes back, within the catch-up window', () => {
    expect(latestSlot('0 2 * * *', new Date('2026-12-02T05:00:00Z'), 22 * 60)?.toISOString()).toBe('2026-12-02T00:00:00.000Z')
    expect(latestSlot('0 2 * * *', new Date('2026-12-02T23:30:00Z'), 22 * 60)).toBeNull()
  })

  it('one invoice run a day at 02:00 SAST, one overdue marking at 00:30 SAST', () => {
    const byName = Object.fromEntries(SCHEDULES.map((s) => [s.name, s]))
    const week = [new Date('2026-11-30T22:00:00Z'), new Date('2026-12-07T22:00:00Z')] as const
    const runs = slotsBetween(byName['invoice-run'].cron, ...week).map((d) => d.toISOString())
    expect(runs).toHaveLength(7)
    expect(runs.every((iso) => iso.endsWith('T00:00:00.000Z'))).toBe(true)
    const marking = slotsBetween(byName['overdue-marking'].cron, ...week).map((d) => d.toISOString())
    expect(marking.every((iso) => iso.endsWith('T22:30:00.000Z'))).toBe(true)
  })

  it('refuses a pattern that is not five fields', () => {
    expect(() => latestSlot('0 0 2 * * *', new Date(), 0)).toThrow(/five-field/)
  })
})

describe('retries', () => {
  it('back off exponentially with full jitter, capped, and honour Retry-After', () => {
    const policy = { baseDelayMs: 500, maxDelayMs: 8000, random: () => 0.999 }
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, policy))).toEqual([499, 999, 1998, 3996, 7992, 7992])
    expect(backoffDelay(1, { ...policy, random: () => 0 })).toBe(0)
    expect(backoffDelay(1, { ...policy, random: () => 0 }, 3000)).toBe(3000)
    expect(backoffDelay(1, policy, 60_000)).toBe(8000)
  })

  it('read Retry-After as seconds or a date', () => {
    const now = new Date('2026-12-02T10:00:00Z')
    expect(retryAfterMs('2', now)).toBe(2000)
    expect(retryAfterMs('Wed, 02 Dec 2026 10:00:05 GMT', now)).toBe(5000)
    expect(retryAfterMs('soon', now)).toBeUndefined()
    expect(retryAfterMs(null, now)).toBeUndefined()
  })
})
