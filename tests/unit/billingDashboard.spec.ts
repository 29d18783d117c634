import * as qs from 'qs-esm'
import { describe, expect, it } from 'vitest'

import { AGEING_BUCKETS, ageingBucketOf, daysPastDue } from '../../src/domain/ageing'
import {
  adminListHref,
  ageingBucketList,
  collectedList,
  compactRand,
  creditNotesList,
  invoicedList,
  monthLabel,
  monthOf,
  monthPeriod,
  monthsEndingWith,
  outstandingList,
  overdueList,
  perMonth,
  recentSince,
  startedOn,
  suspendedForNonPaymentList,
  whereQueryString,
  type ListCondition,
} from '../../src/domain/billingDashboard'
import { addDays, sastDateOf, sastMidnight } from '../../src/domain/calendarDate'

/** How Payload reads a query string, REST and admin list alike (payload/dist/utilities/createPayloadRequest.js). */
const parseAsPayload = (query: string) => qs.parse(query, { allowEmptyArrays: true, arrayLimit: 1000, depth: 10, ignoreQueryPrefix: true })

/** Whether an instant passes a list's conditions on one field (the operators the dashboard uses on dates). */
function inRange(where: ListCondition[], field: string, instant: string): boolean {
  const t = Date.parse(instant)
  return where
    .filter((c) => field in c)
    .every((c) => {
      const [op, value] = Object.entries(c[field])[0]
      if (op === 'greater_than_equal') return t >= Date.parse(String(value))
      if (op === 'less_than') return t < Date.parse(String(value))
      throw new Error(`unexpected operator ${op}`)
    })
}

describe('SAST months', () => {
  it.each([
    ['2026-12', '2026-12-01', '2026-12-31', '2026-11-30T22:00:00.000Z', '2026-12-31T22:00:00.000Z', 'Dec 2026'],
    ['2026-01', '2026-01-01', '2026-01-31', '2025-12-31T22:00:00.000Z', '2026-01-31T22:00:00.000Z', 'Jan 2026'],
    ['2028-02', '2028-02-01', '2028-02-29', '2028-01-31T22:00:00.000Z', '2028-02-29T22:00:00.000Z', 'Feb 2028'], // leap year
    ['2027-02', '2027-02-01', '2027-02-28', '2027-01-31T22:00:00.000Z', '2027-02-28T22:00:00.000Z', 'Feb 2027'],
  ])('%s runs from %s to %s: [%s, %s)', (month, firstDay, lastDay, from, to, label) => {
    expect(monthPeriod(month)).toEqual({ month, label, firstDay, lastDay, range: { from, to } })
  })

  it('starts at midnight SAST, not UTC: 21:59:59.999Z on 30 Nov is November, 22:00Z is December', () => {
    const { range } = monthPeriod('2026-12')
    expect(monthOf(sastDateOf('2026-11-30T21:59:59.999Z'))).toBe('2026-11')
    expect(inRange(invoicedList(range).where, 'invoiceDate', '2026-11-30T21:59:59.999Z')).toBe(false)
    expect(inRange(invoicedList(range).where, 'invoiceDate', '2026-11-30T22:00:00.000Z')).toBe(true)
    expect(inRange(collectedList(range).where, 'completedAt', '2026-12-31T21:59:59.999Z')).toBe(true)
    expect(inRange(collectedList(range).where, 'completedAt', '2026-12-31T22:00:00.000Z')).toBe(false)
  })

  it('the last 12 months end with this one, oldest first, each starting where the one before ends', () => {
    const months = monthsEndingWith('2027-03-15', 12)
    expect(months.map((m) => m.month)).toEqual([
      '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12', '2027-01', '2027-02', '2027-03',
    ])
    months.slice(1).forEach((m, i) => expect(m.range.from).toBe(months[i].range.to))
    expect(monthsEndingWith('2026-12-02', 12)[0].month).toBe('2026-01')
    expect(monthsEndingWith('2026-12-31', 1).map((m) => m.month)).toEqual(['2026-12'])
  })

  it('refuses what is not a month or a count', () => {
    expect(() => monthPeriod('2026-13')).toThrow(RangeError)
    expect(() => monthLabel('26-12')).toThrow(RangeError)
    expect(() => monthsEndingWith('2026-12-02', 0)).toThrow(RangeError)
  })
})

describe('the recent days', () => {
  it('are today and the six days before, from SAST midnight', () => {
    expect(recentSince('2026-12-02')).toBe('2026-11-26')
    expect(recentSince('2027-01-03')).toBe('2026-12-28')
  })

  it.each([
    ['2026-12-02T00:00:00.000Z', '2026-12-02', true], // 02:00 SAST
    ['2026-12-01T22:00:00.000Z', '2026-12-02', true], // midnight SAST
    ['2026-12-01T21:59:59.999Z', '2026-12-02', false], // 23:59 SAST the day before
    ['2026-12-02T22:00:00.000Z', '2026-12-02', false], // the next SAST day
  ])('a run started %s started on %s: %s', (startedAt, day, expected) => {
    expect(startedOn(startedAt, day)).toBe(expected)
  })
})

describe('the lists behind the figures', () => {
  const december = monthPeriod('2026-12').range

  it('invoiced: not credit notes, issued and not void, by invoice date', () => {
    expect(invoicedList(december)).toEqual({
      collection: 'invoices',
      where: [
        { kind: { not_equals: 'credit_note' } },
        { status: { in: ['unpaid', 'partially_paid', 'paid', 'overdue'] } },
        { invoiceDate: { greater_than_equal: '2026-11-30T22:00:00.000Z' } },
        { invoiceDate: { less_than: '2026-12-31T22:00:00.000Z' } },
      ],
    })
    expect(creditNotesList(december).where[0]).toEqual({ kind: { equals: 'credit_note' } })
  })

  it('collected: completed payments, not refunds, by completion time', () => {
    expect(collectedList(december).where.slice(0, 2)).toEqual([{ kind: { equals: 'payment' } }, { status: { equals: 'completed' } }])
  })

  it("outstanding: what the ageing report counts, open invoices that still owe something", () => {
    expect(outstandingList().where).toEqual([
      { status: { in: ['unpaid', 'partially_paid', 'overdue'] } },
      { kind: { not_equals: 'credit_note' } },
      { amountDueCents: { greater_than: 0 } },
    ])
  })

  it('suspended for non-payment: open non-payment suspensions of services suspended now', () => {
    expect(suspendedForNonPaymentList()).toEqual({
      collection: 'service-suspensions',
      where: [{ suspensionType: { equals: 'non_payment' } }, { reactivatedAt: { exists: false } }, { 'service.status': { equals: 'suspended' } }],
    })
  })

  describe("an ageing bucket's due dates", () => {
    const asOf = '2026-11-30'

    it.each([
      ['current', '2026-11-29T22:00:00.000Z', null], // due 30 Nov or later
      ['days1to30', '2026-10-30T22:00:00.000Z', '2026-11-29T22:00:00.000Z'], // due 31 Oct to 29 Nov
      ['days31to60', '2026-09-30T22:00:00.000Z', '2026-10-30T22:00:00.000Z'],
      ['days61to90', '2026-08-31T22:00:00.000Z', '2026-09-30T22:00:00.000Z'],
      ['days91to120', '2026-08-01T22:00:00.000Z', '2026-08-31T22:00:00.000Z'], // due 2 Aug (120 days) to 31 Aug
      ['over120', null, '2026-08-01T22:00:00.000Z'], // due 1 Aug (121 days) or earlier
    ])('%s: due on or after %s and before %s', (key, from, to) => {
      const bucket = AGEING_BUCKETS.find((b) => b.key === key)!
      const edges = ageingBucketList(bucket, asOf).where.filter((c) => 'dueDate' in c)
      expect(edges).toEqual([...(from ? [{ dueDate: { greater_than_equal: from } }] : []), ...(to ? [{ dueDate: { less_than: to } }] : [])])
    })

    it('hold exactly the due dates the ageing report puts in that bucket, edges included', () => {
      for (let days = -40; days <= 400; days++) {
        const due = addDays(asOf, -days)
        const holding = AGEING_BUCKETS.filter((b) => inRange(ageingBucketList(b, asOf).where, 'dueDate', sastMidnight(due)))
        expect(holding.map((b) => b.key), `${days} days past due`).toEqual([ageingBucketOf(daysPastDue(due, asOf))])
      }
    })
  })
})

describe('a list as a link', () => {
  it('is the admin list with the filter in the shape its filter controls read back', () => {
    expect(adminListHref('/admin', overdueList())).toBe('/admin/collections/invoices?where[or][0][and][0][status][equals]=overdue')
    expect(adminListHref('/admin/', { collection: 'services', where: [] })).toBe('/admin/collections/services')
  })

  it('spells a list of values by index and encodes every value', () => {
    expect(whereQueryString([{ status: { in: ['failed', 'partially_failed'] } }, { startedAt: { greater_than_equal: '2026-11-25T22:00:00.000Z' } }])).toBe(
      'where[or][0][and][0][status][in][0]=failed&where[or][0][and][0][status][in][1]=partially_failed&where[or][0][and][1][startedAt][greater_than_equal]=2026-11-25T22%3A00%3A00.000Z',
    )
  })

  it.each([
    ['invoiced', invoicedList(monthPeriod('2026-12').range).where],
    ['an ageing bucket', ageingBucketList(AGEING_BUCKETS[2], '2026-11-30').where],
    ['suspended for non-payment', suspendedForNonPaymentList().where],
  ])('%s reads back, as Payload parses a query string, as the same filter', (_, where) => {
    const parsed = parseAsPayload(whereQueryString(where)) as { where: { or: { and: unknown[] }[] } }
    const asStrings = JSON.parse(JSON.stringify(where, (_k, v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v)))
    expect(parsed.where).toEqual({ or: [{ and: asStrings }] })
  })
})

describe('shaping', () => {
  it('gives every month asked for, zero where nothing was grouped, and ignores other months', () => {
    const months = monthsEndingWith('2026-12-02', 3)
    const rows = [
      { month: '2026-12', count: 2, cents: 1500 },
      { month: '2026-10', count: 1, cents: 99 },
      { month: '2026-12', count: 1, cents: 500 },
      { month: '2025-01', count: 9, cents: 9 },
    ]
    expect([...perMonth(months, rows)]).toEqual([
      ['2026-10', { count: 1, cents: 99 }],
      ['2026-11', { count: 0, cents: 0 }],
      ['2026-12', { count: 3, cents: 2000 }],
    ])
  })

  it.each([
    [0, 'R 0'],
    [95_000, 'R 950'],
    [99_949, 'R 999'],
    [99_950, 'R 1k'],
    [1_234_567, 'R 12k'],
    [123_456, 'R 1.2k'],
    [123_456_789, 'R 1.2m'],
    [99_960_000, 'R 1m'],
    [-250_000, '-R 2.5k'],
  ])('%s cents on a chart axis reads %s', (cents, text) => {
    expect(compactRand(cents)).toBe(text)
  })
})
