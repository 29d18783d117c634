/**
 * NetCash's answers as text: the load report of an uploaded batch (`RequestFileUploadReport`) and
 * the daily statement of unpaids (returned debits). Both are tab-delimited; both are read whole
 * or refused, never half-read.
 */
import { isCalendarDate, type CalendarDate } from '../../domain/calendarDate'
import { RETURN_REASONS } from './fields'

export type LoadReport = {
  batchName: string
  outcome: 'SUCCESSFUL' | 'UNSUCCESSFUL' | 'SUCCESSFUL WITH ERRORS'
  /** Rejected T lines: the account reference and line number (1-based, the whole file's) NetCash names. */
  rejected: Array<{ accountReference: string; line: number; message: string }>
  /** Errors about the whole file. */
  errors: string[]
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string }

const OUTCOMES = ['SUCCESSFUL', 'UNSUCCESSFUL', 'SUCCESSFUL WITH ERRORS'] as const

/**
 * `###BEGIN <batch> <outcome> <time>`, then per problem `<account ref> Line:<n> <message>` or
 * `###ERROR <message>`, then `###END <time>`. A report without its END (cut off), or a line we
 * cannot read, is refused: the caller asks again later.
 */
export function parseLoadReport(text: string): ParseResult<LoadReport> {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '')
  const begin = lines[0]?.split('\t')
  if (!begin || begin[0] !== '###BEGIN' || begin.length < 3) return { ok: false, error: 'The load report does not start with ###BEGIN' }
  const outcome = begin[2] as LoadReport['outcome']
  if (!OUTCOMES.includes(outcome)) return { ok: false, error: `Unknown load report outcome ${JSON.stringify(begin[2])}` }
  if (!lines.at(-1)?.startsWith('###END')) return { ok: false, error: 'The load report has no ###END: it is incomplete' }
  const report: LoadReport = { batchName: begin[1]!, outcome, rejected: [], errors: [] }
  for (const line of lines.slice(1, -1)) {
    const cells = line.split('\t')
    if (cells[0] === '###ERROR') {
      report.errors.push(cells.slice(1).join(' ').trim())
      continue
    }
    const at = /^Line:(\d+)$/.exec(cells[1] ?? '')
    if (cells.length < 3 || !at) return { ok: false, error: `A load report line we cannot read: ${JSON.stringify(line.slice(0, 80))}` }
    report.rejected.push({ accountReference: cells[0]!, line: Number(at[1]), message: cells.slice(2).join(' ').trim() })
  }
  if (outcome === 'SUCCESSFUL' && (report.rejected.length > 0 || report.errors.length > 0)) return { ok: false, error: 'A SUCCESSFUL load report lists problems' }
  return { ok: true, value: report }
}

export type Unpaid = {
  accountReference: string
  /** The T line's account name: our invoice number. */
  accountName: string
  actionDate: CalendarDate
  amountCents: number
  reasonCode: string
  reason: string
  dispute: boolean
  representable: boolean
}

/**
 * The unpaid statement, one returned debit per line after a header line:
 * `<account ref> <account name> <action date CCYYMMDD> <amount cents> <reason code> <description>`.
 * An unknown reason code is kept (described as the bank wrote it) and never re-presented.
 */
export function parseUnpaids(text: string): ParseResult<Unpaid[]> {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '')
  if (lines.length === 0 || !lines[0]!.startsWith('AccountReference')) return { ok: false, error: 'The unpaid statement has no header line' }
  const unpaids: Unpaid[] = []
  for (const line of lines.slice(1)) {
    const [accountReference, accountName, date, amount, code, ...description] = line.split('\t')
    const actionDate = /^\d{8}$/.test(date ?? '') ? `${date!.slice(0, 4)}-${date!.slice(4, 6)}-${date!.slice(6, 8)}` : ''
    if (!accountReference || !accountName || !isCalendarDate(actionDate) || !/^\d+$/.test(amount ?? '') || !/^\d{2}$/.test(code ?? '')) {
      return { ok: false, error: `An unpaid line we cannot read: ${JSON.stringify(line.slice(0, 80))}` }
    }
    const known = RETURN_REASONS[code!]
    unpaids.push({
      accountReference,
      accountName,
      actionDate,
      amountCents: Number(amount),
      reasonCode: code!,
      reason: known?.description ?? (description.join(' ').trim() || `Return code ${code}`),
      dispute: known?.dispute ?? false,
      representable: known?.representable ?? false,
    })
  }
  return { ok: true, value: unpaids }
}
