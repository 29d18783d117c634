import { addDays, type CalendarDate } from './calendarDate'
import { periodContaining } from './billingPeriod'

/**
 * Usage units, decided once: a GB is 10^9 bytes (decimal, as ISPs sell caps and Interstellio
 * reports kB of 1,000 bytes), so a 100 GB cap is 100,000,000,000 bytes.
 */
export const BYTES_PER_GB = 1_000_000_000

/**
 * Interstellio's telemetry reports `download_kb` and `upload_kb`. Decided: a kB is 1,000 bytes
 * (decimal, like the GB above), so a reported `1536.25` is 1,536,250 bytes. The vendor's docs
 * leave 1000 versus 1024 open; this is the one place to change if its sandbox says otherwise.
 * Fractions are kept to the byte (rounded half up), never dropped.
 */
export const BYTES_PER_KB = 1_000

export function kbToBytes(kb: number): number {
  return Math.round(kb * BYTES_PER_KB)
}

export function capBytesOf(dataCapGb: number | null | undefined): number | null {
  return dataCapGb && dataCapGb > 0 ? Math.round(dataCapGb * BYTES_PER_GB) : null
}

/**
 * Percent of the cap used, rounded down to one decimal, so a figure never shows a threshold (80,
 * 95) before it is reached: 79.99% reads 79.9. Exact in integers whatever the byte counts.
 */
export function percentUsed(usedBytes: number, capBytes: number | null): number | null {
  if (capBytes === null || capBytes <= 0) return null
  return Number((BigInt(Math.max(0, Math.trunc(usedBytes))) * 1000n) / BigInt(capBytes)) / 10
}

/** The billing cycle a day falls in, by the service's billing day: its first and last (inclusive) day. */
export function cycleOf(date: CalendarDate, billingDay: number): { start: CalendarDate; end: CalendarDate } {
  const period = periodContaining(date, billingDay)
  return { start: period.start, end: addDays(period.endExclusive, -1) }
}

/** The `count` cycles up to the one holding `date`, newest first. */
export function recentCycles(date: CalendarDate, billingDay: number, count: number): Array<{ start: CalendarDate; end: CalendarDate }> {
  const cycles: Array<{ start: CalendarDate; end: CalendarDate }> = []
  let day = date
  for (let i = 0; i < count; i++) {
    const cycle = cycleOf(day, billingDay)
    cycles.push(cycle)
    day = addDays(cycle.start, -1)
  }
  return cycles
}
