import { randomBytes } from 'node:crypto'

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { maskedDebitOrderName, SA_BANKS, validateBankDetails } from '../../src/domain/bankAccounts'
import { decryptField, DecryptionError, encryptField, keyVersionOf, parseKeyRing } from '../../src/lib/crypto/fieldEncryption'

const key = () => randomBytes(32).toString('base64')

describe('field encryption (AES-256-GCM)', () => {
  const ring = parseKeyRing(`v1:${key()}`)

  it('round-trips any text, and never produces the same ciphertext twice (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (text, aad) => {
        const a = encryptField(ring, text, aad)
        const b = encryptField(ring, text, aad)
        return a !== b && decryptField(ring, a, aad) === text && !a.includes(text.length > 3 ? text : '\u0000')
      }),
    )
  })

  it('refuses a ciphertext moved to another record (associated data) or tampered with', () => {
    const c = encryptField(ring, '{"accountNumber":"62812345678"}', 'payment-methods:1:customer:7')
    expect(() => decryptField(ring, c, 'payment-methods:2:customer:7')).toThrow(DecryptionError)
    const parts = c.split('.')
    const flipped = parts[3].startsWith('A') ? `B${parts[3].slice(1)}` : `A${parts[3].slice(1)}`
    expect(() => decryptField(ring, [parts[0], parts[1], parts[2], flipped].join('.'), 'payment-methods:1:customer:7')).toThrow(DecryptionError)
  })

  it('keeps old keys readable and writes with the newest', () => {
    const k1 = key()
    const old = parseKeyRing(`v1:${k1}`)
    const rotated = parseKeyRing(`v1:${k1},v2:${key()}`)
    const c1 = encryptField(old, 'secret', 'aad')
    expect(keyVersionOf(c1)).toBe(1)
    expect(decryptField(rotated, c1, 'aad')).toBe('secret')
    expect(keyVersionOf(encryptField(rotated, 'secret', 'aad'))).toBe(2)
    expect(() => decryptField(parseKeyRing(`v2:${key()}`), c1, 'aad')).toThrow(/key v1 is not configured/)
  })

  it('refuses keys that are not 32 bytes, and says nothing about their value', () => {
    expect(() => parseKeyRing('v1:c2hvcnQ=')).toThrow(/needs 32/)
    try {
      parseKeyRing('v1:c2hvcnQ=')
    } catch (err) {
      expect(String(err)).not.toContain('c2hvcnQ')
    }
  })
})

describe('South African bank details', () => {
  it.each(SA_BANKS.map((b) => [b.shortName, b.code, b.universalBranchCode, '1'.repeat(b.accountNumberLength[0])]))(
    '%s accepts its universal branch code',
    (_name, bankCode, branchCode, accountNumber) => {
      expect(validateBankDetails({ bankCode, branchCode, accountType: 'cheque', accountNumber, accountHolder: 'T Nkosi' }).ok).toBe(true)
    },
  )

  it.each([
    [{ bankCode: 'bank_of_nowhere' }, 'bankCode'],
    [{ branchCode: '123456' }, 'branchCode'],
    [{ accountNumber: '62812A45678' }, 'accountNumber'],
    [{ accountNumber: '12345' }, 'accountNumber'],
    [{ accountType: 'bond' }, 'accountType'],
    [{ accountHolder: ' ' }, 'accountHolder'],
  ])('refuses %o, naming %s', (change, field) => {
    const result = validateBankDetails({ bankCode: 'fnb', branchCode: '250655', accountType: 'cheque', accountNumber: '62812345678', accountHolder: 'T Nkosi', ...change } as never)
    expect(result.ok).toBe(false)
    expect(!result.ok && result.problems.map((p) => p.field)).toContain(field)
  })

  it('normalises spaces and dashes, and masks to the last four digits', () => {
    const result = validateBankDetails({ bankCode: 'fnb', branchCode: '250 655', accountType: 'cheque', accountNumber: '628-1234 5678', accountHolder: ' T Nkosi ' })
    expect(result.ok && result.value).toEqual({ bankCode: 'fnb', branchCode: '250655', accountType: 'cheque', accountNumber: '62812345678', accountHolder: 'T Nkosi' })
    expect(result.ok && maskedDebitOrderName(result.bank, result.value.accountNumber)).toBe('Debit Order - FNB ***5678')
  })
})
