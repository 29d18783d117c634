import { describe, expect, it } from 'vitest'

import { optionLabelOf } from '../../src/domain/optionLabels'

describe('select options read as words', () => {
  it.each([
    ['lte', 'LTE'],
    ['eft', 'EFT'],
    ['debit_order', 'Debit order'],
    ['card_terminal', 'Card terminal'],
    ['partially_paid', 'Partially paid'],
    ['non_payment', 'Non-payment'],
    ['sms', 'SMS'],
    ['fibre', 'Fibre'],
  ])('%s reads %s', (value, label) => expect(optionLabelOf(value)).toBe(label))
})

describe('mobiles read in local form', () => {
  it('shows 27821234567 as 082 123 4567, and leaves anything else alone', async () => {
    const { formatSaMobile } = await import('../../src/domain/mobileNumber')
    expect([formatSaMobile('27821234567'), formatSaMobile('27711234567'), formatSaMobile('12345')]).toEqual(['082 123 4567', '071 123 4567', '12345'])
  })
})
