import { describe, expect, it } from 'vitest'

import { AGEING_BUCKETS, ageingBucketOf, bucketHolds, daysPastDue } from '../../src/domain/ageing'
import type { AgeingReport } from '../../src/services/reports/ageing'
import { ageingCsv, randDecimal } from '../../src/services/reports/ageingCsv'

describe('days past due', () => {
  it.each([
    // due date, as of, days past due
    ['2026-11-30', '2026-11-30', 0], // due today
    ['2026-12-07', '2026-11-30', -7], // not yet due
    ['2026-11-29', '2026-11-30', 1],
    ['2026-10-31', '2026-11-30', 30],
    ['2026-10-30', '2026-11-30', 31],
    ['2026-08-02', '2026-11-30', 120],
    ['2026-08-01', '2026-11-30', 121],
    ['2028-02-28', '2028-03-01', 2], // through a leap day
    ['2026-12-31', '2027-01-01', 1], // across the year end
  ])('due %s, as of %s: %s days', (due, asOf, days) => {
    expect(daysPastDue(due, asOf)).toBe(days)
  })
})

describe('the ageing buckets', () => {
  it.each([
    [-400, 'current'],
    [-1, 'current'],
    [0, 'current'], // due today is current
    [1, 'days1to30'],
    [30, 'days1to30'], // 30 days past due is 1-30
    [31, 'days31to60'], // 31 is 31-60
    [60, 'days31to60'],
    [61, 'days61to90'],
    [90, 'days61to90'],
    [91, 'days91to120'],
    [120, 'days91to120'],
    [121, 'over120'], // 121 is 120+
    [5000, 'over120'],
  ])('%s days past due is %s', (days, bucket) => {
    expect(ageingBucketOf(days)).toBe(bucket)
  })

  it('every day past due falls in exactly one bucket, in order', () => {
    for (let days = -500; days <= 500; days++) {
      const holding = AGEING_BUCKETS.filter((b) => bucketHolds(b, days))
      expect(holding.map((b) => b.key)).toEqual([ageingBucketOf(days)])
    }
    const edges = AGEING_BUCKETS.flatMap((b) => [b.fromDays, b.toDays])
    // Each bucket starts the day after the one before it ends: no gaps, no overlaps.
    for (let i = 1; i < AGEING_BUCKETS.length; i++) expect(AGEING_BUCKETS[i].fromDays).toBe((AGEING_BUCKETS[i - 1].toDays ?? NaN) + 1)
    expect([edges[0], edges[edges.length - 1]]).toEqual([null, null])
  })

  it('reads as the report columns do', () => {
    expect(AGEING_BUCKETS.map((b) => b.label)).toEqual(['Current', '1-30 days', '31-60 days', '61-90 days', '91-120 days', '120+ days'])
  })
})

describe('the ageing CSV', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [42613, '426.13'],
    [123456789, '1234567.89'],
    [-5000, '-50.00'],
  ])('%s cents is %s', (cents, text) => {
    expect(randDecimal(cents)).toBe(text)
  })

  const buckets = (over: Partial<Record<string, number>> = {}) => ({ current: 0, days1to30: 0, days31to60: 0, days61to90: 0, days91to120: 0, over120: 0, ...over })
  const report: AgeingReport = {
    asOf: '2026-11-30',
    customers: [
      { customerId: 42, name: 'Thandi Nkosi', accountNumber: 'CT-2026-00042', buckets: buckets({ current: 11234, over120: 42613 }), totalCents: 53847, invoiceCount: 3 },
      { customerId: 7, name: 'Smith, "Bob" & Sons', accountNumber: 'CT-2026-00007', buckets: buckets({ days31to60: 79900 }), totalCents: 79900, invoiceCount: 1 },
      { customerId: 8, name: '=HYPERLINK("http://evil.example")', accountNumber: 'CT-2026-00008', buckets: buckets({ days1to30: 100 }), totalCents: 100, invoiceCount: 1 },
    ],
    totals: { buckets: buckets(), totalCents: 133847, invoiceCount: 5, customerCount: 3 },
  }

  it('is a header row and one row per customer, amounts in rand without a symbol, CRLF, with a BOM for Excel', () => {
    const csv = ageingCsv(report)
    expect(csv.startsWith('\uFEFF')).toBe(true)
    expect(csv.slice(1).split('\r\n')).toEqual([
      'Customer ID,Account number,Customer,Current,1-30 days,31-60 days,61-90 days,91-120 days,120+ days,Total',
      '42,CT-2026-00042,Thandi Nkosi,112.34,0.00,0.00,0.00,0.00,426.13,538.47',
      '7,CT-2026-00007,"Smith, ""Bob"" & Sons",0.00,0.00,799.00,0.00,0.00,0.00,799.00',
      `8,CT-2026-00008,"'=HYPERLINK(""http://evil.example"")",0.00,1.00,0.00,0.00,0.00,0.00,1.00`,
      '',
    ])
  })

  it('is just the header when nobody owes anything', () => {
    expect(ageingCsv({ ...report, customers: [] })).toBe('\uFEFFCustomer ID,Account number,Customer,Current,1-30 days,31-60 days,61-90 days,91-120 days,120+ days,Total\r\n')
  })
})
