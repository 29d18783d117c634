import fc from 'fast-check'
import { extractText } from 'unpdf'
import { describe, expect, it } from 'vitest'

import { addDays } from '../../src/domain/calendarDate'
import {
  buildStatement,
  firstOfMonthBefore,
  invoiceEntries,
  paymentEntries,
  statementRange,
  type StatementEntry,
  type StatementInvoice,
  type StatementPayment,
} from '../../src/domain/statement'
import type { CompanyDetails } from '../../src/services/invoicePdfs/renderInvoicePdf'
import { renderStatementPdf } from '../../src/services/reports/statementPdf'
import type { CustomerStatement } from '../../src/services/reports/statement'

const invoice = (over: Partial<StatementInvoice> = {}): StatementInvoice => ({
  id: 1,
  number: 'INV-2026-00001',
  kind: 'recurring',
  status: 'unpaid',
  invoiceDate: '2026-09-01',
  totalCents: 79900,
  creditedNumber: null,
  voidedAt: null,
  createdAt: '2026-09-01T06:00:00.000Z',
  updatedAt: '2026-09-01T06:00:00.000Z',
  ...over,
})

const payment = (over: Partial<StatementPayment> = {}): StatementPayment => ({
  id: 7,
  transactionId: 'EFT-0007',
  kind: 'payment',
  status: 'completed',
  amountCents: 50000,
  methodType: 'eft',
  completedAt: '2026-09-20T08:00:00.000Z',
  refundedAt: null,
  returnedAt: null,
  createdAt: '2026-09-20T08:00:00.000Z',
  updatedAt: '2026-09-20T08:00:00.000Z',
  ...over,
})

/** What an entry says, without the bookkeeping fields. */
const brief = (e: StatementEntry) => [e.date, e.kind, e.amountCents, e.description]

describe('the movements of a document', () => {
  it.each([
    ['an issued invoice is a debit on its invoice date', invoice(), [['2026-09-01', 'invoice', 79900, 'Invoice INV-2026-00001']]],
    ['a paid invoice still is (payments are their own lines)', invoice({ status: 'paid' }), [['2026-09-01', 'invoice', 79900, 'Invoice INV-2026-00001']]],
    ['a draft moves nothing', invoice({ status: 'draft' }), []],
    ['a pro-rata invoice says so', invoice({ kind: 'pro_rata' }), [['2026-09-01', 'invoice', 79900, 'Pro-rata invoice INV-2026-00001']]],
    [
      'a credit note is a credit, naming what it credits',
      invoice({ kind: 'credit_note', status: 'paid', number: 'INV-2026-00009', totalCents: 20000, creditedNumber: 'INV-2026-00001' }),
      [['2026-09-01', 'credit_note', -20000, 'Credit note INV-2026-00009 against INV-2026-00001']],
    ],
    [
      // 31 Oct 22:30 UTC is 1 Nov 00:30 in SAST: voided on 1 Nov.
      'a voided invoice is the invoice, then its reversal on the SAST day it was voided',
      invoice({ status: 'void', voidedAt: '2026-10-31T22:30:00.000Z' }),
      [
        ['2026-09-01', 'invoice', 79900, 'Invoice INV-2026-00001'],
        ['2026-11-01', 'void', -79900, 'Invoice INV-2026-00001 voided'],
      ],
    ],
    [
      'a future-dated invoice voided before its date is reversed on its own date, never before it',
      invoice({ status: 'void', invoiceDate: '2026-12-10', voidedAt: '2026-12-02T10:00:00.000Z' }),
      [
        ['2026-12-10', 'invoice', 79900, 'Invoice INV-2026-00001'],
        ['2026-12-10', 'void', -79900, 'Invoice INV-2026-00001 voided'],
      ],
    ],
    [
      'a void without its instant (older rows) is dated by the last change',
      invoice({ status: 'void', voidedAt: null, updatedAt: '2026-09-05T09:00:00.000Z' }),
      [
        ['2026-09-01', 'invoice', 79900, 'Invoice INV-2026-00001'],
        ['2026-09-05', 'void', -79900, 'Invoice INV-2026-00001 voided'],
      ],
    ],
  ] as const)('%s', (_name, doc, expected) => {
    expect(invoiceEntries(doc).map(brief)).toEqual(expected)
  })

  it.each([
    ['a completed payment is a credit on its SAST day', payment(), [['2026-09-20', 'payment', -50000, 'EFT payment EFT-0007']]],
    // 19 Sep 23:00 UTC is 20 Sep 01:00 in SAST.
    ['late at night in UTC is the next day in SAST', payment({ completedAt: '2026-09-19T23:00:00.000Z', methodType: 'debit_order' }), [['2026-09-20', 'payment', -50000, 'Debit order payment EFT-0007']]],
    ['completed without a completion time: its creation', payment({ completedAt: null, createdAt: '2026-09-21T08:00:00.000Z', methodType: null }), [['2026-09-21', 'payment', -50000, 'Payment EFT-0007']]],
    [
      'a refunded payment is the payment, then the money going back (a debit)',
      payment({ status: 'refunded', refundedAt: '2026-10-02T08:00:00.000Z' }),
      [
        ['2026-09-20', 'payment', -50000, 'EFT payment EFT-0007'],
        ['2026-10-02', 'refund', 50000, 'Refund of payment EFT-0007'],
      ],
    ],
    [
      'a returned debit order likewise',
      payment({ status: 'returned', methodType: 'debit_order', returnedAt: '2026-09-23T08:00:00.000Z' }),
      [
        ['2026-09-20', 'payment', -50000, 'Debit order payment EFT-0007'],
        ['2026-09-23', 'payment_returned', 50000, 'Payment EFT-0007 returned unpaid'],
      ],
    ],
    ['a debit order returned before it ever completed moved nothing', payment({ status: 'returned', completedAt: null, returnedAt: '2026-09-23T08:00:00.000Z' }), []],
    ['pending money moves nothing', payment({ status: 'pending', completedAt: null }), []],
    ['submitted money moves nothing', payment({ status: 'submitted', completedAt: null }), []],
    ['failed money moves nothing', payment({ status: 'failed', completedAt: null }), []],
    [
      'a refund of account credit is a debit on the day it was paid out',
      payment({ kind: 'refund', transactionId: 'REFUND:EFT-9', completedAt: '2026-10-05T07:00:00.000Z' }),
      [['2026-10-05', 'refund', 50000, 'Refund REFUND:EFT-9']],
    ],
    ['a refund that did not complete moves nothing', payment({ kind: 'refund', status: 'failed', completedAt: null }), []],
  ] as const)('%s', (_name, doc, expected) => {
    expect(paymentEntries(doc).map(brief)).toEqual(expected)
  })
})

/**
 * The history the integration test builds (tests/int/reports.int.spec.ts), by hand:
 *  before September: invoice A R 799.00 paid in full; invoice V R 150.00 issued 15 Aug and voided
 *  20 Aug; an overpayment of R 50.00 on 25 Aug (credit), refunded on 2 Sep.
 *  September to November: invoices B R 799.00 (1 Sep) and C R 426.13 (10 Sep), a part payment of
 *  R 500.00 (20 Sep), invoice D R 799.00 (1 Oct), a credit note of R 200.00 against D (5 Oct),
 *  invoice W R 100.00 (15 Oct) voided on 3 Nov.
 */
function history(): StatementEntry[] {
  const at = (date: string) => `${addDays(date, -1)}T23:00:00.000Z` // 01:00 SAST on the day
  const inv = (id: number, date: string, cents: number, over: Partial<StatementInvoice> = {}) =>
    invoice({ id, number: `INV-2026-0000${id}`, invoiceDate: date, totalCents: cents, createdAt: at(date), updatedAt: at(date), ...over })
  const pay = (id: number, date: string, cents: number, over: Partial<StatementPayment> = {}) =>
    payment({ id, transactionId: `EFT-${id}`, amountCents: cents, completedAt: at(date), createdAt: at(date), updatedAt: at(date), ...over })
  return [
    ...invoiceEntries(inv(1, '2026-08-01', 79900, { status: 'paid' })),
    ...paymentEntries(pay(1, '2026-08-05', 79900)),
    ...invoiceEntries(inv(2, '2026-08-15', 15000, { status: 'void', voidedAt: at('2026-08-20') })),
    ...paymentEntries(pay(2, '2026-08-25', 5000, { status: 'refunded', refundedAt: at('2026-09-02') })),
    ...invoiceEntries(inv(3, '2026-09-01', 79900, { status: 'partially_paid' })),
    ...invoiceEntries(inv(4, '2026-09-10', 42613)),
    ...paymentEntries(pay(3, '2026-09-20', 50000)),
    ...invoiceEntries(inv(5, '2026-10-01', 79900, { status: 'partially_paid' })),
    ...invoiceEntries(inv(6, '2026-10-05', 20000, { kind: 'credit_note', status: 'paid', creditedNumber: 'INV-2026-00005' })),
    ...invoiceEntries(inv(7, '2026-10-15', 10000, { status: 'void', voidedAt: at('2026-11-03') })),
  ].reverse() // the order they arrive in does not matter
}

describe('a statement', () => {
  it('September to November: the opening balance, every movement with the running balance, the closing balance', () => {
    const s = buildStatement({ from: '2026-09-01', to: '2026-11-30', entries: history() })
    // Before 1 Sep: 79900 - 79900 + 15000 - 15000 - 5000 = -5000 (R 50.00 in credit); V is left out entirely.
    expect(s.openingBalanceCents).toBe(-5000)
    expect(s.lines.map((l) => [l.date, l.kind, l.reference, l.debitCents, l.creditCents, l.balanceCents])).toEqual([
      ['2026-09-01', 'invoice', 'INV-2026-00003', 79900, 0, 74900],
      ['2026-09-02', 'refund', 'EFT-2', 5000, 0, 79900],
      ['2026-09-10', 'invoice', 'INV-2026-00004', 42613, 0, 122513],
      ['2026-09-20', 'payment', 'EFT-3', 0, 50000, 72513],
      ['2026-10-01', 'invoice', 'INV-2026-00005', 79900, 0, 152413],
      ['2026-10-05', 'credit_note', 'INV-2026-00006', 0, 20000, 132413],
      ['2026-10-15', 'invoice', 'INV-2026-00007', 10000, 0, 142413],
      ['2026-11-03', 'void', 'INV-2026-00007', 0, 10000, 132413],
    ])
    expect(s).toMatchObject({ totalDebitCents: 217413, totalCreditCents: 80000, closingBalanceCents: 132413 })
  })

  it('an invoice voided after the range shows as issued, its void on a later statement', () => {
    const s = buildStatement({ from: '2026-10-01', to: '2026-10-31', entries: history() })
    // Opening: -5000 + 79900 + 5000 + 42613 - 50000 = 72513.
    expect(s.openingBalanceCents).toBe(72513)
    expect(s.lines.map((l) => l.reference)).toEqual(['INV-2026-00005', 'INV-2026-00006', 'INV-2026-00007'])
    expect(s.closingBalanceCents).toBe(142413)
    const november = buildStatement({ from: '2026-11-01', to: '2026-11-30', entries: history() })
    expect(november).toMatchObject({ openingBalanceCents: 142413, closingBalanceCents: 132413 })
    expect(november.lines.map((l) => [l.kind, l.reference])).toEqual([['void', 'INV-2026-00007']])
  })

  it('an invoice issued and voided before the range is left out entirely', () => {
    const s = buildStatement({ from: '2026-08-21', to: '2026-08-31', entries: history() })
    expect(s.lines.map((l) => l.reference)).toEqual(['EFT-2'])
    expect(s.openingBalanceCents).toBe(0)
  })

  it('an invoice issued and voided within the range shows both lines', () => {
    const s = buildStatement({ from: '2026-08-01', to: '2026-08-31', entries: history() })
    expect(s.lines.filter((l) => l.reference === 'INV-2026-00002').map((l) => [l.date, l.kind, l.debitCents, l.creditCents])).toEqual([
      ['2026-08-15', 'invoice', 15000, 0],
      ['2026-08-20', 'void', 0, 15000],
    ])
  })

  it('a range with nothing in it is its opening balance', () => {
    const s = buildStatement({ from: '2026-12-01', to: '2026-12-31', entries: history() })
    expect(s).toMatchObject({ openingBalanceCents: 132413, lines: [], totalDebitCents: 0, totalCreditCents: 0, closingBalanceCents: 132413 })
  })

  it('orders one day by the instant recorded, then documents before payments', () => {
    const morning = invoice({ id: 1, invoiceDate: '2026-09-01', createdAt: '2026-09-01T06:00:00.000Z' })
    const sameInstant = payment({ id: 2, completedAt: '2026-09-01T06:00:00.000Z', createdAt: '2026-09-01T06:00:00.000Z' })
    const earlier = payment({ id: 3, transactionId: 'EFT-EARLY', amountCents: 100, completedAt: '2026-08-31T22:30:00.000Z', createdAt: '2026-08-31T22:30:00.000Z' })
    const s = buildStatement({ from: '2026-09-01', to: '2026-09-01', entries: [...paymentEntries(sameInstant), ...invoiceEntries(morning), ...paymentEntries(earlier)] })
    expect(s.lines.map((l) => [l.kind, l.source.id, l.balanceCents])).toEqual([
      ['payment', 3, -100],
      ['invoice', 1, 79800],
      ['payment', 2, 29800],
    ])
  })

  it('a payment dated by its day (SAST midnight) comes after the invoice it pays, recorded before it', () => {
    const invoiceOfTheDay = invoice({ id: 1, invoiceDate: '2026-09-01', createdAt: '2026-09-01T07:00:00.000Z' })
    const eft = payment({ id: 2, completedAt: '2026-08-31T22:00:00.000Z', createdAt: '2026-09-01T09:15:00.000Z', amountCents: 79900 })
    const refund = payment({ id: 3, kind: 'refund', transactionId: 'refund:R1', amountCents: 100, completedAt: '2026-08-31T22:00:00.000Z', createdAt: '2026-09-01T09:30:00.000Z' })
    const s = buildStatement({ from: '2026-09-01', to: '2026-09-01', entries: [...paymentEntries(refund), ...paymentEntries(eft), ...invoiceEntries(invoiceOfTheDay)] })
    expect(s.lines.map((l) => [l.kind, l.source.id, l.balanceCents])).toEqual([
      ['invoice', 1, 79900],
      ['payment', 2, 0],
      ['refund', 3, 100],
    ])
  })

  it('a payment recorded pending days before it completed counts from when it completed', () => {
    const invoiceOfTheDay = invoice({ id: 1, invoiceDate: '2026-09-01', createdAt: '2026-09-01T00:30:00.000Z' })
    const debit = payment({ id: 2, methodType: 'debit_order', completedAt: '2026-09-01T12:00:00.000Z', createdAt: '2026-08-29T08:00:00.000Z', amountCents: 79900 })
    const s = buildStatement({ from: '2026-09-01', to: '2026-09-01', entries: [...paymentEntries(debit), ...invoiceEntries(invoiceOfTheDay)] })
    expect(s.lines.map((l) => [l.kind, l.source.id, l.balanceCents])).toEqual([
      ['invoice', 1, 79900],
      ['payment', 2, 0],
    ])
  })

  const entryArb = fc.record({
    date: fc.integer({ min: 0, max: 400 }).map((d) => addDays('2026-01-01', d)),
    amountCents: fc.integer({ min: -5_000_000, max: 5_000_000 }),
    id: fc.integer({ min: 1, max: 1_000_000 }),
  })
  const entriesOf = (raw: { date: string; amountCents: number; id: number }[]): StatementEntry[] =>
    raw.map((r) => ({
      date: r.date,
      kind: r.amountCents >= 0 ? 'invoice' : 'payment',
      reference: `R-${r.id}`,
      description: 'x',
      amountCents: r.amountCents,
      at: `${r.date}T10:00:00.000Z`,
      source: { collection: 'invoices', id: r.id },
    }))

  it('opening + debits - credits = closing, and every line carries the running balance (property)', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 60 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 400 }), (raw, a, b) => {
        const [from, to] = [addDays('2026-01-01', Math.min(a, b)), addDays('2026-01-01', Math.max(a, b))]
        const s = buildStatement({ from, to, entries: entriesOf(raw) })
        expect(s.closingBalanceCents).toBe(s.openingBalanceCents + s.totalDebitCents - s.totalCreditCents)
        let running = s.openingBalanceCents
        for (const l of s.lines) {
          running += l.debitCents - l.creditCents
          expect(l.balanceCents).toBe(running)
          expect(l.debitCents === 0 || l.creditCents === 0).toBe(true)
        }
        // Everything up to `to`, whatever the range: the balance as at `to`.
        expect(s.closingBalanceCents).toBe(raw.filter((r) => r.date <= to).reduce((n, r) => n + r.amountCents, 0))
      }),
    )
  })

  it('consecutive statements chain: one closes where the next opens (property)', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 60 }), fc.integer({ min: 0, max: 399 }), (raw, split) => {
        const entries = entriesOf(raw)
        const mid = addDays('2026-01-01', split)
        const first = buildStatement({ from: '2026-01-01', to: mid, entries })
        const second = buildStatement({ from: addDays(mid, 1), to: '2027-02-05', entries })
        expect(second.openingBalanceCents).toBe(first.closingBalanceCents)
        expect(first.lines.length + second.lines.length).toBe(entries.length)
      }),
    )
  })
})

describe('the range asked for', () => {
  it.each([
    // asked, today, from, to
    [{}, '2026-12-02', '2026-10-01', '2026-12-02'], // this month to date and the two before it
    [{}, '2026-01-15', '2025-11-01', '2026-01-15'], // across the year end
    [{}, '2026-03-01', '2026-01-01', '2026-03-01'],
    [{ to: '2026-11-30' }, '2026-12-02', '2026-09-01', '2026-11-30'], // three whole months
    [{ from: '2026-06-15' }, '2026-12-02', '2026-06-15', '2026-12-02'],
    [{ from: '2026-12-02', to: '2026-12-02' }, '2026-12-02', '2026-12-02', '2026-12-02'], // one day
    [{ from: '2021-01-01', to: '2025-12-31' }, '2026-12-02', '2021-01-01', '2025-12-31'], // five years exactly
    [{ from: '2024-02-29', to: '2029-02-28' }, '2026-12-02', '2024-02-29', '2029-02-28'], // from a leap day
    [{ from: '2027-01-01', to: '2027-01-31' }, '2026-12-02', '2027-01-01', '2027-01-31'], // the future is allowed (and empty)
  ])('%o on %s is %s to %s', (asked, today, from, to) => {
    expect(statementRange(asked, today)).toEqual({ ok: true, from, to })
  })

  it.each([
    [{ from: '2026-12-03', to: '2026-12-02' }, 'INVALID_RANGE', 'from'],
    [{ from: '2026-12-03' }, 'INVALID_RANGE', 'from'], // to defaults to today, before from
    [{ from: '2021-01-01', to: '2026-01-01' }, 'RANGE_TOO_LONG', 'to'], // five years and a day
    [{ from: '2024-02-29', to: '2029-03-01' }, 'RANGE_TOO_LONG', 'to'],
    [{ from: '2000-01-01', to: '2099-12-31' }, 'RANGE_TOO_LONG', 'to'],
  ])('%o is refused: %s naming %s', (asked, code, field) => {
    expect(statementRange(asked, '2026-12-02')).toMatchObject({ ok: false, code, field })
  })

  it.each([
    ['2026-12-02', 2, '2026-10-01'],
    ['2026-01-31', 2, '2025-11-01'],
    ['2026-02-28', 1, '2026-01-01'],
    ['2026-03-31', 0, '2026-03-01'],
    ['2026-03-31', 14, '2025-01-01'],
  ])('the first of the month %s less %s months is %s', (date, months, expected) => {
    expect(firstOfMonthBefore(date, months)).toBe(expected)
  })
})

const company: CompanyDetails = {
  name: 'Kloof Fibre (Pty) Ltd',
  shortName: 'Kloof Fibre',
  vatNumber: '4123456789',
  registrationNumber: '2019/123456/07',
  address: ['12 Loop Street', 'Cape Town', '8001'],
  email: 'accounts@kloof.test',
  phone: '021 555 0100',
  bank: { bankName: 'FNB', accountName: 'Kloof Fibre (Pty) Ltd', accountNumber: '62812345678', branchCode: '250655', accountType: 'Cheque' },
}

const customer = { id: 42, name: 'Thandi Nkosi', accountNumber: 'CT-2026-00042', address: ['14 Jacaranda Avenue', 'Menlo Park', 'Pretoria 0081'] }

const statementOf = (from: string, to: string, entries = history()): CustomerStatement => ({ customer, ...buildStatement({ from, to, entries }) })

const pdfPages = async (pdf: Buffer) => (await extractText(new Uint8Array(pdf), { mergePages: false })).text

describe('the statement PDF', () => {
  it('shows the company, the customer, the period, every line and the balances as people read them', async () => {
    const pdf = await renderStatementPdf({ company, statement: statementOf('2026-09-01', '2026-11-30'), asAt: '2026-12-02' })
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    // A long description wraps onto a second line of its cell.
    const text = (await pdfPages(pdf))[0].replace(/\s+/g, ' ')
    for (const expected of [
      'STATEMENT',
      'Kloof Fibre (Pty) Ltd',
      'VAT number: 4123456789',
      'Thandi Nkosi',
      '14 Jacaranda Avenue',
      'CT-2026-00042',
      '2 Dec 2026',
      '1 Sep 2026 to 30 Nov 2026',
      'Opening balance',
      '-R 50.00',
      'Invoice INV-2026-00003',
      'Refund of payment EFT-2',
      'EFT payment EFT-3',
      'Credit note INV-2026-00006 against INV-2026-00005',
      'Invoice INV-2026-00007 voided',
      'R 426.13',
      'R 1 524.13',
      'Closing balance',
      'R 1 324.13',
      'R 2 174.13',
      'Page 1 of 1',
    ]) {
      expect(text).toContain(expected)
    }
    expect(text).not.toContain('INV-2026-00002') // issued and voided before the range
  })

  it('is the same bytes for the same statement (no clock, no randomness)', async () => {
    const model = { company, statement: statementOf('2026-09-01', '2026-11-30'), asAt: '2026-12-02' }
    expect((await renderStatementPdf(model)).equals(await renderStatementPdf(model))).toBe(true)
  })

  it('runs a long statement over pages, repeating the table header and numbering each page', async () => {
    const entries: StatementEntry[] = Array.from({ length: 150 }, (_, i) => ({
      date: addDays('2026-01-01', i),
      kind: i % 2 ? 'payment' : 'invoice',
      reference: `REF-${i + 1}`,
      description: i % 2 ? `EFT payment REF-${i + 1}` : `Invoice REF-${i + 1}`,
      amountCents: i % 2 ? -50000 : 79900,
      at: `${addDays('2026-01-01', i)}T08:00:00.000Z`,
      source: { collection: i % 2 ? 'payment-transactions' : 'invoices', id: i + 1 },
    }))
    const pages = await pdfPages(await renderStatementPdf({ company, statement: statementOf('2026-01-01', '2026-12-31', entries), asAt: '2026-12-31' }))
    expect(pages.length).toBeGreaterThan(2)
    pages.forEach((page, i) => {
      expect(page).toContain(`Page ${i + 1} of ${pages.length}`)
      expect(page).toMatch(/Date\s*Description\s*Debit\s*Credit\s*Balance/)
    })
    pages.slice(1).forEach((page) => expect(page).toContain('continued'))
    const all = pages.join('\n')
    // 75 invoices of R 799.00 and 75 payments of R 500.00: 75 x 299.00 = R 22 425.00.
    expect(all).toContain('Invoice REF-1')
    expect(all).toContain('EFT payment REF-150')
    expect(all).toContain('R 22 425.00')
  })

  it('says so when nothing happened in the period', async () => {
    const [text] = await pdfPages(await renderStatementPdf({ company, statement: statementOf('2026-12-01', '2026-12-31'), asAt: '2026-12-02' }))
    expect(text).toContain('No transactions in this period')
    expect(text).toContain('R 1 324.13')
  })
})
