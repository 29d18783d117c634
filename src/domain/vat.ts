import type { CalendarDate } from './calendarDate'

/**
 * South African VAT rates by the date they took effect. A charge uses the rate in force on the
 * date it is for (the invoice date), and each invoice line keeps the rate it was charged at, so a
 * future change never rewrites history. Basis points: 1500 = 15%.
 */
export type VatRate = { effectiveFrom: CalendarDate; basisPoints: number }

export const SA_VAT_RATES: readonly VatRate[] = [
  { effectiveFrom: '1993-04-07', basisPoints: 1400 },
  { effectiveFrom: '2018-04-01', basisPoints: 1500 },
]

export function vatRateOn(date: CalendarDate, rates: readonly VatRate[] = SA_VAT_RATES): number {
  let rate: VatRate | undefined
  for (const r of rates) if (r.effectiveFrom <= date && (!rate || r.effectiveFrom > rate.effectiveFrom)) rate = r
  if (!rate) throw new RangeError(`no VAT rate in force on ${date}`)
  return rate.basisPoints
}
