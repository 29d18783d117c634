import { describe, expect, it } from 'vitest'

import { addBusinessDays, easterSunday, isBusinessDay, publicHolidays } from '../../src/domain/businessDays'
import { actionDateFor, debitDecision, type DebitCandidate, type DebitOrderSettings, type LastDebit } from '../../src/domain/debitOrders'
import { maskFile } from '../../src/services/netcash/debitOrders'

describe('South African banking days', () => {
  it('knows Easter, and the holidays that follow it', () => {
    expect(['2025', '2026', '2027'].map((y) => easterSunday(Number(y)))).toEqual(['2025-04-20', '2026-04-05', '2027-03-28'])
    const h2026 = publicHolidays(2026)
    expect(h2026.has('2026-04-03')).toBe(true) // Good Friday
    expect(h2026.has('2026-04-06')).toBe(true) // Family Day
    expect(h2026.has('2026-12-16')).toBe(true)
  })

  it('moves a Sunday holiday to the Monday, but not a Saturday one', () => {
    expect(isBusinessDay('2025-04-28')).toBe(false) // Freedom Day 2025 fell on a Sunday
    expect(isBusinessDay('2026-12-28')).toBe(true) // Day of Goodwill 2026 is a Saturday: not moved
    expect(isBusinessDay('2026-12-05')).toBe(false) // a Saturday
  })

  it('counts banking days over weekends and Christmas', () => {
    expect(addBusinessDays('2026-12-04', 2)).toBe('2026-12-08') // Friday + 2 = Tuesday
    expect(addBusinessDays('2026-12-24', 1)).toBe('2026-12-28')
    expect(addBusinessDays('2026-12-24', 2)).toBe('2026-12-29')
    expect(addBusinessDays('2026-12-15', 1)).toBe('2026-12-17') // over the Day of Reconciliation
  })

  it('gives the action date of a file sent on a banking day, and none on other days', () => {
    expect(actionDateFor('2026-12-04', 'TwoDay')).toBe('2026-12-08')
    expect(actionDateFor('2026-12-04', 'Sameday')).toBe('2026-12-04')
    expect(actionDateFor('2026-12-05', 'TwoDay')).toBeNull()
    expect(actionDateFor('2026-12-16', 'TwoDay')).toBeNull()
  })
})

describe('what the debit-order run debits', () => {
  const settings: DebitOrderSettings = { instruction: 'TwoDay', retryWindowDays: 10, clearingDays: 14, maxPresentations: 2 }
  const ctx = { asOf: '2026-12-04', actionDate: '2026-12-08' }
  const candidate = (over: Partial<DebitCandidate> = {}): DebitCandidate => ({ dueDate: '2026-12-08', amountDueCents: 115_000, mandateLimitCents: 500_000, last: null, ...over })
  const returned = (over: Partial<LastDebit> = {}): LastDebit => ({ id: 7, status: 'returned', returnedOn: '2026-12-02', representable: true, representRequested: false, followUp: false, presentations: 1, ...over })
  const decide = (c: DebitCandidate) => debitDecision(c, settings, ctx)

  it('debits an invoice due by the action date and within the retry window', () => {
    expect(decide(candidate())).toEqual({ debit: true, representOf: null })
    expect(decide(candidate({ dueDate: '2026-11-28' }))).toEqual({ debit: true, representOf: null })
    expect(decide(candidate({ dueDate: '2026-12-09' }))).toEqual({ debit: false, why: 'not due by the action date' })
    expect(decide(candidate({ dueDate: '2026-11-27' }))).toEqual({ debit: false, why: 'due before the retry window' })
  })

  it('never takes more than the mandate allows', () => {
    expect(decide(candidate({ amountDueCents: 500_001 }))).toEqual({ debit: false, why: 'more than the mandate allows' })
    expect(decide(candidate({ amountDueCents: 500_000 }))).toEqual({ debit: true, representOf: null })
  })

  it('leaves a debit in progress or collected alone', () => {
    for (const status of ['pending', 'submitted']) expect(decide(candidate({ last: returned({ status }) }))).toEqual({ debit: false, why: 'a debit is in progress' })
    expect(decide(candidate({ last: returned({ status: 'completed' }) }))).toEqual({ debit: false, why: 'already collected' })
  })

  it('presents a returned debit once more, for a reason worth trying, within the window of its return', () => {
    expect(decide(candidate({ last: returned() }))).toEqual({ debit: true, representOf: 7 })
    expect(decide(candidate({ last: returned({ representable: false }) }))).toMatchObject({ debit: false })
    expect(decide(candidate({ last: returned({ presentations: 2 }) }))).toEqual({ debit: false, why: 'presented as often as allowed' })
    expect(decide(candidate({ last: returned({ returnedOn: '2026-11-23' }) }))).toEqual({ debit: false, why: 'returned before the retry window' })
    expect(decide(candidate({ last: returned({ followUp: true }) }))).toEqual({ debit: false, why: 'marked for manual follow-up' })
  })

  it('presents again whatever the rules when staff ask, a rejected debit included', () => {
    expect(decide(candidate({ last: returned({ presentations: 5, representable: false, representRequested: true }) }))).toEqual({ debit: true, representOf: 7 })
    expect(decide(candidate({ last: returned({ status: 'failed', representRequested: true }) }))).toEqual({ debit: true, representOf: 7 })
    expect(decide(candidate({ last: returned({ status: 'failed' }) }))).toMatchObject({ debit: false })
    // A file NetCash refused whole never reached the customer's bank: presented again by itself.
    expect(decide(candidate({ last: returned({ status: 'failed', batchRefused: true }) }))).toEqual({ debit: true, representOf: 7 })
  })
})

describe('the stored copy of a batch file', () => {
  it('withholds the service key and masks every account number to its last four digits', () => {
    const file = 'H\t5e0f0a7e-51a1-4c0d-9d0e-0000000d0d0d\t1\tTwoDay\tDO-1\t20261208\t24ade73c-98cf-47b3-99be-cc7b867b3080\r\nK\t101\t102\t131\t132\t133\t134\t136\t161\t201\t202\r\nT\tREF-1\tINV-1\t1\tA Person\t1\t250655\t62812345678\t115000\ta@b.c\t62812345678\r\nF\t1\t115000\t9999\r\n'
    expect(maskFile(file)).toBe(file.replace('250655\t62812345678', '250655\t*******5678').replace('5e0f0a7e-51a1-4c0d-9d0e-0000000d0d0d', '(service key)'))
  })
})
