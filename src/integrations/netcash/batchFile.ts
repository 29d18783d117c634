import { isCalendarDate, type CalendarDate } from '../../domain/calendarDate'
import type { BankAccountType } from '../../domain/bankAccounts'
import { ACCOUNT_REFERENCE, ACCOUNT_TYPE_CODES, DEBIT_FIELDS, DETAIL_TYPE_BANK, MAX_NAME_LENGTH } from './fields'

/** One debit in a batch: the bank details only here, decrypted by the caller for this file alone. */
export type BatchDebit = {
  accountReference: string
  /** What the customer's statement and our unpaid statement name the debit by: our invoice number. */
  accountName: string
  accountHolder: string
  accountType: BankAccountType
  branchCode: string
  accountNumber: string
  amountCents: number
  email?: string | null
  mobile?: string | null
}

export type DebitBatch = {
  serviceKey: string
  vendorKey: string
  /** TwoDay: dated debit orders (Monday to Friday); Sameday (Monday to Saturday). */
  instruction: 'TwoDay' | 'Sameday'
  batchName: string
  actionDate: CalendarDate
  debits: BatchDebit[]
}

export type BatchProblem = { line: number | null; field: string; message: string }

/** The file's line ending: NetCash's files are Windows text. */
export const EOL = '\r\n'

/** Tabs and line breaks would break the record; other control characters have no place in a name. */
const clean = (text: string) => text.replace(/[\t\r\n\u0000-\u001f\u007f]+/g, ' ').trim()

/** What would make NetCash refuse a line, found before the file is sent. */
export function checkBatch(batch: DebitBatch): BatchProblem[] {
  const problems: BatchProblem[] = []
  if (!/^[0-9a-f-]{36}$/i.test(batch.serviceKey)) problems.push({ line: null, field: 'serviceKey', message: 'The debit order service key is not a GUID' })
  if (!/^[0-9a-f-]{36}$/i.test(batch.vendorKey)) problems.push({ line: null, field: 'vendorKey', message: 'The software vendor key is not a GUID' })
  if (!isCalendarDate(batch.actionDate)) problems.push({ line: null, field: 'actionDate', message: 'The action date is not a day' })
  if (!/^[A-Za-z0-9 _-]{1,50}$/.test(batch.batchName)) problems.push({ line: null, field: 'batchName', message: 'The batch name is 1 to 50 letters, digits, spaces, _ or -' })
  if (batch.debits.length === 0) problems.push({ line: null, field: 'debits', message: 'A batch holds at least one debit' })
  batch.debits.forEach((d, i) => {
    const line = i + 3 // H and K come first
    if (!ACCOUNT_REFERENCE.pattern.test(d.accountReference)) problems.push({ line, field: '101', message: `Account reference must be 1 to ${ACCOUNT_REFERENCE.sent} letters, digits or dashes` })
    if (clean(d.accountName) === '') problems.push({ line, field: '102', message: 'Account name is empty' })
    if (clean(d.accountHolder) === '') problems.push({ line, field: '132', message: 'Account holder is empty' })
    if (!(d.accountType in ACCOUNT_TYPE_CODES)) problems.push({ line, field: '133', message: `Unknown account type ${String(d.accountType)}` })
    if (!/^\d{6}$/.test(d.branchCode)) problems.push({ line, field: '134', message: 'Branch code is six digits' })
    if (!/^\d{6,13}$/.test(d.accountNumber)) problems.push({ line, field: '136', message: 'Account number is 6 to 13 digits' })
    if (!Number.isSafeInteger(d.amountCents) || d.amountCents <= 0) problems.push({ line, field: '161', message: 'Amount is a positive whole number of cents' })
  })
  return problems
}

/**
 * The batch file NetCash's `BatchFileUpload` takes: tab-delimited H (header), K (the field ids of
 * every T), one T per debit, F (footer: count, sum of amounts in cents, 9999), CRLF line endings
 * and a final CRLF. Amounts are whole cents. Refuses (throws) a batch `checkBatch` finds fault
 * with: the caller checks first and reports the problems.
 */
export function buildDebitBatch(batch: DebitBatch): string {
  const problems = checkBatch(batch)
  if (problems.length > 0) throw new Error(`batch not valid: ${problems.map((p) => `${p.line ?? 'header'} ${p.field}: ${p.message}`).join('; ')}`)
  const header = ['H', batch.serviceKey, '1', batch.instruction, batch.batchName, batch.actionDate.replaceAll('-', ''), batch.vendorKey]
  const key = ['K', ...DEBIT_FIELDS.map((f) => String(f.id))]
  const lines = batch.debits.map((d) => [
    'T',
    d.accountReference,
    clean(d.accountName).slice(0, MAX_NAME_LENGTH),
    DETAIL_TYPE_BANK,
    clean(d.accountHolder).slice(0, MAX_NAME_LENGTH),
    ACCOUNT_TYPE_CODES[d.accountType].sent,
    d.branchCode,
    d.accountNumber,
    String(d.amountCents),
    clean(d.email ?? ''),
    clean(d.mobile ?? ''),
  ])
  const total = batch.debits.reduce((sum, d) => sum + d.amountCents, 0)
  const footer = ['F', String(batch.debits.length), String(total), '9999']
  return [header, key, ...lines, footer].map((cells) => cells.join('\t')).join(EOL) + EOL
}
