import { describe, expect, it } from 'vitest'

import { zodProblems } from '../../src/endpoints/http'
import { searchQuery } from '../../src/services/search/contract'
import {
  COMBINING_MARKS,
  documentNumberNeedle,
  escapeLike,
  foldForSearch,
  mobileNeedle,
  understandSearch,
} from '../../src/services/search/query'
import { localMobile, searchResultOf } from '../../src/services/search/titles'

describe('an SA mobile typed in any local form', () => {
  it.each([
    ['082 123 4567', { exact: '27821234567' }],
    ['0821234567', { exact: '27821234567' }],
    ['+27 82 123 4567', { exact: '27821234567' }],
    ['27821234567', { exact: '27821234567' }],
    ['0027 82 123 4567', { exact: '27821234567' }],
    ['(082) 123-4567', { exact: '27821234567' }],
    ['82 123 4567', { exact: '27821234567' }],
    ['082 123', { startsWithPattern: '2782123%' }],
    ['082', { startsWithPattern: '2782%' }],
    ['+27 82', { startsWithPattern: '2782%' }],
    ['27 72 55', { startsWithPattern: '277255%' }],
    ['082 123 456', { startsWithPattern: '2782123456%' }],
  ])('%s', (typed, needle) => {
    expect(mobileNeedle(typed)).toEqual(needle)
  })

  it.each([
    ['08', 'one digit after the 0 would match every 08x number'],
    ['012 345 6789', 'a landline'],
    ['0921234567', 'no SA mobile starts 09'],
    ['82123', 'a begun number needs its 0 or 27'],
    ['082 123 4567 8', 'too long'],
    ['Thandi', 'not digits'],
    ['2026', 'a year'],
  ])('%s is no mobile (%s)', (typed) => {
    expect(mobileNeedle(typed)).toBeNull()
  })
})

describe('account and invoice numbers however they are typed', () => {
  it.each([
    ['CT', 'CT-2026-00042', 'CT-2026-00042', 'CT-2026-00042%'],
    ['CT', 'ct 2026 42', 'CT-2026-00042', 'CT-2026-42%'],
    ['CT', 'ct-2026-42', 'CT-2026-00042', 'CT-2026-42%'],
    ['CT', 'CT202600042', 'CT-2026-00042', 'CT-2026-00042%'],
    ['CT', 'CT/2026/00042', 'CT-2026-00042', 'CT-2026-00042%'],
    ['CT', 'CT-2026-0004', 'CT-2026-00004', 'CT-2026-0004%'],
    ['CT', 'CT-2026-123456', 'CT-2026-123456', 'CT-2026-123456%'],
    ['CT', 'CT-2026', null, 'CT-2026-%'],
    ['CT', 'ct 2026 ', null, 'CT-2026-%'],
    ['CT', 'CT-20', null, 'CT-20%'],
    ['CT', 'CT-2026-0', null, 'CT-2026-0%'],
    ['INV', 'INV-2026-00042', 'INV-2026-00042', 'INV-2026-00042%'],
    ['INV', 'inv 2026 42', 'INV-2026-00042', 'INV-2026-42%'],
    ['INV', 'INV-2026', null, 'INV-2026-%'],
  ] as const)('%s: %s', (prefix, typed, exact, startsWithPattern) => {
    expect(documentNumberNeedle(prefix, typed)).toEqual({ exact, startsWithPattern })
  })

  it.each([
    ['CT', 'CT'],
    ['CT', 'Scott'],
    ['CT', 'CT-2026-00042-7'],
    ['CT', 'INV-2026-00042'],
    ['INV', 'CT-2026-00042'],
    ['INV', 'Invermark'],
  ] as const)('%s: %s is not one', (prefix, typed) => {
    expect(documentNumberNeedle(prefix, typed)).toBeNull()
  })
})

describe('free text', () => {
  it('folds case and accents, as the SQL does (NFD, combining marks dropped, lower case)', () => {
    expect(foldForSearch('Zoë Müller-Coetzée')).toBe('zoe muller-coetzee')
    expect(foldForSearch('ÉLNA')).toBe('elna')
    // Decomposed input (as some keyboards send it) folds the same as precomposed.
    expect(foldForSearch('Ane\u0301l')).toBe(foldForSearch('Anél'))
    expect(COMBINING_MARKS).toBe('[\\u0300-\\u036f]')
  })

  it('keeps % and _ literal inside LIKE patterns', () => {
    expect(escapeLike('50%_off\\')).toBe('50\\%\\_off\\\\')
    const q = understandSearch('thandi_n%')
    expect(q.wordPatterns).toEqual(['%thandi\\_n\\%%'])
    expect(q.startsWithPattern).toBe('thandi\\_n\\%%')
    expect(q.identifierStartsWithPattern).toBe('thandi\\_n\\%%')
  })

  it('looks for every word, in any order, and narrows by the longest', () => {
    const q = understandSearch('  Nkosi,   Thandi  ')
    expect(q.text).toBe('Nkosi, Thandi')
    expect(q.wordPatterns).toEqual(['%nkosi%', '%thandi%'])
    expect(q.longestWordPattern).toBe('%thandi%')
    expect(q.startsWithPattern).toBe('nkosi, thandi%')
  })

  it('leaves no word when only punctuation was typed, so nothing matches everything', () => {
    const q = understandSearch('()')
    expect(q.wordPatterns).toEqual([])
    expect(q.longestWordPattern).toBeNull()
  })

  it('matches identifiers whole, by their start, and (with a digit) anywhere', () => {
    const q = understandSearch('EFT-9931')
    expect(q.identifier).toBe('eft-9931')
    expect(q.identifierStartsWithPattern).toBe('eft-9931%')
    expect(q.identifierContainsPattern).toBe('%eft-9931%')
    expect(q.invoiceNumberContainsPattern).toBe('%EFT-9931%')
    expect(understandSearch('Thandi').identifierContainsPattern).toBeNull()
  })
})

describe('what a search looks for', () => {
  type Expect = Partial<{ account: string | null; invoice: string | null; mobile: unknown; invoicePiece: string | null; email: string }>
  it.each<[string, Expect]>([
    ['082 123 4567', { mobile: { exact: '27821234567' }, account: null, invoice: null, invoicePiece: null }],
    ['082 123', { mobile: { startsWithPattern: '2782123%' }, invoicePiece: null }],
    ['CT-2026-00042', { account: 'CT-2026-00042', invoice: null, mobile: null, invoicePiece: '%CT-2026-00042%' }],
    ['ct 2026 42', { account: 'CT-2026-00042', invoicePiece: null }],
    ['INV-2026-00042', { invoice: 'INV-2026-00042', account: null, invoicePiece: '%INV-2026-00042%' }],
    ['2026-0004', { invoicePiece: '%2026-0004%', account: null, invoice: null, mobile: null }],
    ['thandi@example', { email: 'thandi@example', invoicePiece: null, mobile: null, account: null }],
    ['Loop Street', { invoicePiece: null, mobile: null, account: null, invoice: null }],
    ['ISP-CONN-7731', { invoicePiece: '%ISP-CONN-7731%', mobile: null }],
  ])('%s', (typed, expected) => {
    const q = understandSearch(typed)
    if ('account' in expected) expect(q.accountNumber?.exact ?? null).toBe(expected.account)
    if ('invoice' in expected) expect(q.invoiceNumber?.exact ?? null).toBe(expected.invoice)
    if ('mobile' in expected) expect(q.mobile).toEqual(expected.mobile)
    if ('invoicePiece' in expected) expect(q.invoiceNumberContainsPattern).toBe(expected.invoicePiece)
    if ('email' in expected) expect(q.identifier).toBe(expected.email)
  })
})

describe('the q parameter', () => {
  const problemsOf = (query: Record<string, string>) => {
    const parsed = searchQuery.safeParse(query)
    return parsed.success ? [] : zodProblems(parsed.error).map((p) => [p.code, p.field])
  }

  it('is 2 to 100 characters after trimming', () => {
    expect(searchQuery.parse({ q: '  ab  ' })).toEqual({ q: 'ab' })
    expect(problemsOf({ q: 'a' })).toEqual([['VALIDATION_FAILED', 'q']])
    expect(problemsOf({ q: '   a   ' })).toEqual([['VALIDATION_FAILED', 'q']])
    expect(problemsOf({ q: 'x'.repeat(101) })).toEqual([['VALIDATION_FAILED', 'q']])
    expect(problemsOf({ q: ` ${'x'.repeat(100)} ` })).toEqual([])
    expect(problemsOf({})).toEqual([['VALIDATION_FAILED', 'q']])
  })

  it('comes alone: another parameter is a 400 naming it', () => {
    expect(problemsOf({ q: 'thandi', limit: '5' })).toEqual([['UNKNOWN_FIELD', 'limit']])
  })
})

describe('how results read', () => {
  const owner = { customerName: 'Thandi Nkosi', accountNumber: 'CT-2026-00042' }

  it('mobiles as people write them', () => {
    expect(localMobile('27821234567')).toBe('082 123 4567')
    expect(localMobile('not a mobile')).toBe('not a mobile')
  })

  it('a customer: name and account number; email, mobile, and a status only when not active', () => {
    expect(
      searchResultOf(
        { kind: 'customer', id: 42, detail: { displayName: 'Thandi Nkosi', accountNumber: 'CT-2026-00042', email: 't@example.co.za', mobile: '27821234567', status: 'active', city: 'Randburg' } },
        '/admin',
      ),
    ).toEqual({ kind: 'customer', id: 42, title: 'Thandi Nkosi · CT-2026-00042', subtitle: 't@example.co.za · 082 123 4567 · Randburg', href: '/admin/collections/customers/42' })
    const closed = searchResultOf({ kind: 'customer', id: 7, detail: { displayName: null, accountNumber: null, email: null, mobile: null, status: 'closed', city: null } }, '/admin')
    expect([closed.title, closed.subtitle]).toEqual(['Customer 7', 'Closed'])
  })

  it('a service: package and customer; status, connection id and address on one line', () => {
    const r = searchResultOf(
      { kind: 'service', id: 3, detail: { ...owner, packageName: 'Fibre 50/50', status: 'suspended', connectionId: 'ISP-7731', address: '12 Loop St\nCape Town' } },
      '/office',
    )
    expect(r).toMatchObject({ title: 'Fibre 50/50 · Thandi Nkosi', subtitle: 'Suspended · ISP-7731 · 12 Loop St, Cape Town', href: '/office/collections/services/3' })
  })

  it('an invoice: number, rand and status in words; what is due and when, in SAST days', () => {
    const invoice = { ...owner, invoiceNumber: 'INV-2026-00042', kind: 'recurring', totalCents: '79900', invoiceDate: '2026-11-30T22:00:00.000Z', dueDate: '2026-12-07T22:00:00+00:00' }
    expect(searchResultOf({ kind: 'invoice', id: 9, detail: { ...invoice, status: 'partially_paid', amountDueCents: 29900 } }, '/admin')).toMatchObject({
      title: 'INV-2026-00042 · R 799.00 · Partially paid',
      subtitle: 'Thandi Nkosi · CT-2026-00042 · Monthly invoice · R 299.00 due 8 Dec 2026',
      href: '/admin/collections/invoices/9',
    })
    expect(searchResultOf({ kind: 'invoice', id: 9, detail: { ...invoice, status: 'paid', amountDueCents: 0 } }, '/admin').subtitle).toBe(
      'Thandi Nkosi · CT-2026-00042 · Monthly invoice · Dated 1 Dec 2026',
    )
  })

  it('a credit note is never called paid', () => {
    const note = { ...owner, invoiceNumber: 'INV-2026-00043', kind: 'credit_note', totalCents: 10000, amountDueCents: 0, invoiceDate: '2026-12-01T22:00:00Z', dueDate: '2026-12-01T22:00:00Z' }
    expect(searchResultOf({ kind: 'invoice', id: 10, detail: { ...note, status: 'paid' } }, '/admin').title).toBe('INV-2026-00043 · R 100.00 · Credit note')
    expect(searchResultOf({ kind: 'invoice', id: 10, detail: { ...note, status: 'void' } }, '/admin').title).toBe('INV-2026-00043 · R 100.00 · Void credit note')
  })

  it('a payment: rand, SAST day and reference; customer and status', () => {
    const payment = { ...owner, transactionId: 'eft-123', amountCents: '123456', status: 'completed', paidAt: '2026-12-01T22:30:00Z' }
    expect(searchResultOf({ kind: 'payment', id: 5, detail: { ...payment, gatewayReference: 'CT-2026-00042 DEC' } }, '/admin')).toMatchObject({
      title: 'R 1 234.56 · 2 Dec 2026 · CT-2026-00042 DEC',
      subtitle: 'Thandi Nkosi · CT-2026-00042 · Paid · eft-123',
      href: '/admin/collections/payment-transactions/5',
    })
    expect(searchResultOf({ kind: 'payment', id: 5, detail: { ...payment, gatewayReference: null } }, '/admin').title).toBe('R 1 234.56 · 2 Dec 2026 · eft-123')
  })

  it('a refund says it is one', () => {
    const refund = { ...owner, transactionId: 'refund:FNB 991', kind: 'refund', amountCents: 5000, status: 'completed', paidAt: '2026-12-01T22:30:00Z', gatewayReference: null }
    expect(searchResultOf({ kind: 'payment', id: 6, detail: refund }, '/admin').title).toBe('Refund · R 50.00 · 2 Dec 2026 · refund:FNB 991')
  })
})
