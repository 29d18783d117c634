import { describe, expect, it } from 'vitest'

import { balanceTone, formatDate, formatGb, formatRand, formatSastDateTime, freshness, statusBadge, usageWarning } from '../../src/domain/display'
import { addPaymentMethodBody } from '../../src/services/dashboard/contract'

describe('what people read', () => {
  it('rand with a space between thousands and two decimals', () => {
    expect(formatRand(123456)).toBe('R 1 234.56')
    expect(formatRand(-5)).toBe('-R 0.05')
  })

  it('dates as 2 Dec 2026, times in SAST whatever the machine zone', () => {
    expect(formatDate('2026-12-02')).toBe('2 Dec 2026')
    expect(formatDate(null)).toBe('—')
    // 22:30 UTC on 1 Dec is 00:30 on 2 Dec in Johannesburg.
    expect(formatSastDateTime('2026-12-01T22:30:00Z')).toBe('2 Dec 2026, 00:30')
  })

  it('how fresh a figure is', () => {
    const now = new Date('2026-12-02T12:00:00Z') // 14:00 SAST
    expect(freshness('2026-12-02T12:00:00Z', now)).toBe('as of 14:00 today')
    expect(freshness('2026-12-01T10:00:00Z', now)).toBe('as of 12:00 yesterday')
    expect(freshness('2026-11-28T10:00:00Z', now)).toBe('as of 28 Nov 2026, 12:00')
    expect(freshness(null, now)).toBe('not synced yet')
  })

  it.each([
    [0, '0 GB'],
    [400_000_000, '0.4 GB'],
    [12_345_678_901, '12.3 GB'],
    [1_234_500_000_000, '1 234.5 GB'],
    [79_999_999_999, '79.9 GB'],
  ])('%i bytes read %s', (bytes, text) => {
    expect(formatGb(bytes)).toBe(text)
  })

  it('a balance is red when owed, green in credit', () => {
    expect(balanceTone(10_000)).toEqual({ tone: 'bad', label: 'R 100.00 owed' })
    expect(balanceTone(-2_550)).toEqual({ tone: 'good', label: 'R 25.50 in credit' })
    expect(balanceTone(0)).toEqual({ tone: 'neutral', label: 'Settled' })
  })

  it('each status has one fixed badge', () => {
    expect(statusBadge('service', 'active')).toEqual({ label: 'Active', tone: 'good' })
    expect(statusBadge('service', 'suspended')).toEqual({ label: 'Suspended', tone: 'warn' })
    expect(statusBadge('invoice', 'overdue')).toEqual({ label: 'Overdue', tone: 'bad' })
    expect(statusBadge('invoice', 'partially_paid')).toEqual({ label: 'Partially paid', tone: 'warn' })
    expect(statusBadge('mandate', 'pending')).toEqual({ label: 'Mandate pending', tone: 'warn' })
    expect(statusBadge('invoice', 'unknown')).toEqual({ label: 'unknown', tone: 'neutral' })
  })

  it.each([
    [null, null],
    [0, null],
    [79.9, null],
    [80, 80],
    [94.9, 80],
    [95, 95],
    [100, 100],
    [123.4, 100],
  ])('%s%% of the cap warns at the %s threshold', (percent, threshold) => {
    expect(usageWarning(percent)?.threshold ?? null).toBe(threshold)
  })
})

describe('the add-payment-method form and the server share one schema', () => {
  const debitOrder = { type: 'debit_order', bankCode: 'fnb', branchCode: '250655', accountType: 'cheque', accountNumber: '6212345678', accountHolder: 'T Nkosi' }

  it('accepts good bank details, spaces in the account number included', () => {
    expect(addPaymentMethodBody.safeParse(debitOrder).success).toBe(true)
    expect(addPaymentMethodBody.safeParse({ ...debitOrder, accountNumber: '62 1234 5678' }).success).toBe(true)
  })

  it.each([
    ['a branch code that is not the bank\'s universal one', { branchCode: '123456' }, 'branchCode'],
    ['an account number too short for the bank', { accountNumber: '123456' }, 'accountNumber'],
    ['letters in the account number', { accountNumber: '62AB345678' }, 'accountNumber'],
    ['an unknown bank', { bankCode: 'mattress' }, 'bankCode'],
    ['no holder', { accountHolder: '' }, 'accountHolder'],
    ['an unknown account type', { accountType: 'bond' }, 'accountType'],
  ])('refuses %s, naming the field', (_why, change, field) => {
    const result = addPaymentMethodBody.safeParse({ ...debitOrder, ...change })
    expect(result.success).toBe(false)
    expect(result.error!.issues.map((i) => i.path.join('.'))).toContain(field)
  })
})
