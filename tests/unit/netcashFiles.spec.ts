import { describe, expect, it } from 'vitest'

import { buildDebitBatch, checkBatch, type DebitBatch } from '../../src/integrations/netcash/batchFile'
import { ACCOUNT_TYPE_CODES } from '../../src/integrations/netcash/fields'
import { parseLoadReport, parseUnpaids } from '../../src/integrations/netcash/reports'
import { loadReportFor, parseBatchFile } from '../../simulators/netcash/batch'

const KEY = '3f2504e0-4f89-41d3-9a0c-0305e82c3301'
const VENDOR = '24ade73c-98cf-47b3-99be-cc7b867b3080'

const batch = (over: Partial<DebitBatch> = {}): DebitBatch => ({
  serviceKey: KEY,
  vendorKey: VENDOR,
  instruction: 'TwoDay',
  batchName: 'DO-2026-12-07',
  actionDate: '2026-12-07',
  debits: [
    { accountReference: 'CT-2026-00001', accountName: 'INV-2026-00415', accountHolder: 'T Mokoena', accountType: 'cheque', branchCode: '250655', accountNumber: '62012345678', amountCents: 29_900, email: 'thandi@demo.test', mobile: '27821234567' },
    { accountReference: 'CT-2026-00002', accountName: 'INV-2026-00416', accountHolder: 'P\tvan der\r\nMerwe', accountType: 'savings', branchCode: '470010', accountNumber: '1234567890', amountCents: 138_885 },
  ],
  ...over,
})

describe('the debit-order batch file', () => {
  it('is written byte for byte: H, K, one T per debit, F with count and total in cents, CRLF', () => {
    const file = buildDebitBatch(batch())
    expect(file).toBe(
      [
        `H\t${KEY}\t1\tTwoDay\tDO-2026-12-07\t20261207\t${VENDOR}`,
        'K\t101\t102\t131\t132\t133\t134\t136\t161\t201\t202',
        'T\tCT-2026-00001\tINV-2026-00415\t1\tT Mokoena\t1\t250655\t62012345678\t29900\tthandi@demo.test\t27821234567',
        // Tabs and line breaks inside a name would break the record: they become spaces.
        'T\tCT-2026-00002\tINV-2026-00416\t1\tP van der Merwe\t2\t470010\t1234567890\t138885\t\t',
        'F\t2\t168785\t9999',
        '',
      ].join('\r\n'),
    )
  })

  it('account type codes come from the one table', () => {
    expect(Object.fromEntries(Object.entries(ACCOUNT_TYPE_CODES).map(([k, v]) => [k, v.sent]))).toEqual({ cheque: '1', savings: '2', transmission: '3' })
  })

  it('refuses what NetCash would: bad keys, references, branch codes, account numbers, amounts', () => {
    const bad = batch({
      serviceKey: 'not-a-guid',
      debits: [{ accountReference: 'A REFERENCE WITH SPACES', accountName: 'INV-1', accountHolder: 'X', accountType: 'cheque', branchCode: '25065', accountNumber: '12', amountCents: 10.5 }],
    })
    expect(checkBatch(bad).map((p) => p.field).sort()).toEqual(['101', '134', '136', '161', 'serviceKey'])
    expect(() => buildDebitBatch(bad)).toThrow(/batch not valid/)
    expect(checkBatch(batch({ debits: [] })).map((p) => p.field)).toEqual(['debits'])
  })

  it('reads back on the simulator exactly as written (its own parser), footer totals checked', () => {
    const parsed = parseBatchFile(buildDebitBatch(batch()))
    expect(parsed.errors).toEqual([])
    expect(parsed.rejected).toEqual([])
    expect(parsed.debits.map((d) => [d.accountName, d.amountCents, d.line])).toEqual([['INV-2026-00415', 29_900, 3], ['INV-2026-00416', 138_885, 4]])
    const wrongTotal = buildDebitBatch(batch()).replace('F\t2\t168785\t9999', 'F\t2\t168786\t9999')
    expect(parseBatchFile(wrongTotal).errors.join()).toMatch(/footer says 2 transactions for 168786 cents; the file holds 2 for 168785/)
  })
})

describe('NetCash reports', () => {
  it('a load report: successful, with rejected lines, and unsuccessful', () => {
    expect(parseLoadReport('###BEGIN\tDO-1\tSUCCESSFUL\t2026-12-07 06:00:01\r\n###END\t2026-12-07 06:00:01\r\n')).toEqual({ ok: true, value: { batchName: 'DO-1', outcome: 'SUCCESSFUL', rejected: [], errors: [] } })
    const withErrors = parseLoadReport('###BEGIN\tDO-1\tSUCCESSFUL WITH ERRORS\tt\r\nCT-2026-00002\tLine:4\tInvalid branch code\r\n###END\tt\r\n')
    expect(withErrors).toEqual({ ok: true, value: { batchName: 'DO-1', outcome: 'SUCCESSFUL WITH ERRORS', rejected: [{ accountReference: 'CT-2026-00002', line: 4, message: 'Invalid branch code' }], errors: [] } })
    const failed = parseLoadReport('###BEGIN\tDO-1\tUNSUCCESSFUL\tt\r\n###ERROR\tF: the footer is wrong\r\n###END\tt\r\n')
    expect(failed.ok && failed.value.errors).toEqual(['F: the footer is wrong'])
  })

  it('a load report cut off, or with a line it cannot read, is refused whole', () => {
    expect(parseLoadReport('###BEGIN\tDO-1\tSUCCESSFUL WITH ERRORS\tt\r\nCT-1\tLine:4\tInvalid\r\n').ok).toBe(false)
    expect(parseLoadReport('###BEGIN\tDO-1\tSUCCESSFUL WITH ERRORS\tt\r\nsomething odd\r\n###END\tt\r\n').ok).toBe(false)
    expect(parseLoadReport('<html>').ok).toBe(false)
    expect(parseLoadReport('###BEGIN\tDO-1\tSUCCESSFUL\tt\r\nCT-1\tLine:4\tInvalid\r\n###END\tt').ok).toBe(false)
  })

  it('the simulator writes the load report our parser reads', () => {
    const file = buildDebitBatch(batch()).replace('\t470010\t', '\t999999\t')
    const report = parseLoadReport(loadReportFor(parseBatchFile(file), new Date('2026-12-07T04:00:00Z')))
    expect(report.ok && report.value).toMatchObject({ outcome: 'SUCCESSFUL WITH ERRORS', rejected: [{ accountReference: 'CT-2026-00002', line: 4, message: 'Invalid branch code' }] })
  })

  it('unpaids: each return reason, a dispute, an unknown code kept and never re-presented', () => {
    const text = [
      'AccountReference\tAccountName\tActionDate\tAmount\tReasonCode\tReason',
      'CT-2026-00001\tINV-2026-00415\t20261207\t29900\t02\tNOT PROVIDED FOR',
      'CT-2026-00002\tINV-2026-00416\t20261207\t138885\t12\tACCOUNT CLOSED',
      'CT-2026-00003\tINV-2026-00417\t20261207\t44900\t30\tNO AUTHORITY TO DEBIT',
      'CT-2026-00004\tINV-2026-00418\t20261207\t44900\t99\tSOMETHING NEW',
      '',
    ].join('\r\n')
    const r = parseUnpaids(text)
    expect(r.ok && r.value.map((u) => [u.accountName, u.actionDate, u.amountCents, u.reasonCode, u.dispute, u.representable])).toEqual([
      ['INV-2026-00415', '2026-12-07', 29_900, '02', false, true],
      ['INV-2026-00416', '2026-12-07', 138_885, '12', false, false],
      ['INV-2026-00417', '2026-12-07', 44_900, '30', true, false],
      ['INV-2026-00418', '2026-12-07', 44_900, '99', false, false],
    ])
    expect(r.ok && r.value[3]!.reason).toBe('SOMETHING NEW')
    expect(parseUnpaids('AccountReference\tAccountName\tActionDate\tAmount\tReasonCode\tReason\r\n').ok && true).toBe(true)
    expect(parseUnpaids('CT-1\tINV\t2026\t1\t02\tX').ok).toBe(false)
    expect(parseUnpaids('AccountReference\r\nCT-1\tINV-1\t20261307\t100\t02\tX').ok).toBe(false)
  })
})

describe('Pay Now and postback fields', () => {
  it('rand to cents and back, exactly, and nothing else read as rand', async () => {
    const { centsToRand, randToCents } = await import('../../src/integrations/netcash/payNow')
    expect([centsToRand(29_900), centsToRand(5), centsToRand(138_885)]).toEqual(['299.00', '0.05', '1388.85'])
    expect([randToCents('299.00'), randToCents('299'), randToCents('0.5'), randToCents('1388.85')]).toEqual([29_900, 29_900, 50, 138_885])
    expect([randToCents('1,388.85'), randToCents('-1.00'), randToCents('1.005'), randToCents('')]).toEqual([null, null, null, null])
  })

  it('a notify and a mandate postback are read strictly', async () => {
    const { readMandatePostback, readPayNowNotify, payNowForm } = await import('../../src/integrations/netcash/payNow')
    expect(payNowForm({ payNowKey: 'k', vendorKey: 'v' }, { reference: 'INV-1-1', description: 'Invoice INV-1', amountCents: 29_900, email: 'a@b.test', extra1: 'invoice:1' })).toEqual({ m1: 'k', m2: 'v', p2: 'INV-1-1', p3: 'Invoice INV-1', p4: '299.00', m9: 'a@b.test', m4: 'invoice:1' })
    const ok = readPayNowNotify(new URLSearchParams({ TransactionAccepted: 'true', Reference: 'INV-1-1', Amount: '299.00', Extra1: 'invoice:1' }))
    expect(ok).toEqual({ ok: true, value: { accepted: true, reason: '', reference: 'INV-1-1', amountCents: 29_900, method: '', requestTrace: '', extra1: 'invoice:1' } })
    expect(readPayNowNotify({ TransactionAccepted: 'yes', Reference: 'X', Amount: '1.00' }).ok).toBe(false)
    expect(readPayNowNotify({ TransactionAccepted: 'true', Reference: 'X', Amount: 'R1' }).ok).toBe(false)
    const m = readMandatePostback({ MandateSuccessful: '1', IsDeclined: '0', AccountRef: 'CT-2026-00001', MandateReferenceNumber: 'MR1', DebitDay: '05', MandateAmount: '1500.00', BankAccountNo: '******7890' })
    expect(m).toEqual({ ok: true, value: { successful: true, reasonForDecline: '', accountReference: 'CT-2026-00001', mandateReference: 'MR1', debitDay: '05', mandateAmountCents: 150_000 } })
    expect(readMandatePostback({ MandateSuccessful: '1', IsDeclined: '1', AccountRef: 'A' }).ok && true).toBe(true)
    expect(readMandatePostback({ MandateSuccessful: '1', IsDeclined: '1', AccountRef: 'A' })).toMatchObject({ value: { successful: false } })
    expect(readMandatePostback({ AccountRef: 'A' }).ok).toBe(false)
  })
})

describe('the mandate limit', () => {
  it('is twice the monthly services, rounded up to R 100, at least R 500', async () => {
    const { mandateLimitCents } = await import('../../src/domain/mandates')
    expect([mandateLimitCents(0), mandateLimitCents(24_900), mandateLimitCents(44_900), mandateLimitCents(100_000), mandateLimitCents(100_001)]).toEqual([50_000, 50_000, 90_000, 200_000, 210_000])
  })
})
