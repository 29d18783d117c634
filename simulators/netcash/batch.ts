/**
 * The debit-order batch file as NetCash reads it, written for the simulator on its own (not
 * shared with our client), so a mistake in our file builder is caught here rather than repeated.
 */

/** Universal branch codes the simulated banks accept. */
export const KNOWN_BRANCH_CODES = new Set(['632005', '470010', '250655', '198765', '051001', '580105', '678910', '679000', '430000'])
const ACCOUNT_TYPES = new Set(['1', '2', '3'])
const REQUIRED_FIELDS = ['101', '102', '131', '132', '133', '134', '136', '161']

export type ParsedDebit = {
  line: number
  accountReference: string
  accountName: string
  accountHolder: string
  accountType: string
  branchCode: string
  accountNumber: string
  amountCents: number
  email: string
  mobile: string
}

export type ParsedBatch = {
  serviceKey: string
  instruction: string
  batchName: string
  /** YYYY-MM-DD. */
  actionDate: string
  vendorKey: string
  debits: ParsedDebit[]
  /** Lines refused (the rest load): account reference, line, message. */
  rejected: Array<{ accountReference: string; line: number; message: string }>
  /** Problems with the whole file: nothing loads. */
  errors: string[]
}

export function parseBatchFile(text: string): ParsedBatch {
  const batch: ParsedBatch = { serviceKey: '', instruction: '', batchName: '', actionDate: '', vendorKey: '', debits: [], rejected: [], errors: [] }
  if (!text.endsWith('\r\n')) batch.errors.push('The file must end with CRLF')
  const lines = text.split('\r\n')
  if (lines.at(-1) === '') lines.pop()
  const header = lines[0]?.split('\t') ?? []
  if (header[0] !== 'H' || header.length !== 7) {
    batch.errors.push('Line 1 must be the H record with 7 fields')
    return batch
  }
  ;[, batch.serviceKey, , batch.instruction, batch.batchName] = header
  batch.vendorKey = header[6]!
  if (header[2] !== '1') batch.errors.push('H: the version must be 1')
  if (batch.instruction !== 'TwoDay' && batch.instruction !== 'Sameday') batch.errors.push(`H: unknown instruction ${batch.instruction}`)
  const d = header[5] ?? ''
  if (!/^\d{8}$/.test(d)) batch.errors.push('H: the action date must be CCYYMMDD')
  else batch.actionDate = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`
  const key = lines[1]?.split('\t') ?? []
  if (key[0] !== 'K') {
    batch.errors.push('Line 2 must be the K record')
    return batch
  }
  const fields = key.slice(1)
  for (const f of REQUIRED_FIELDS) if (!fields.includes(f)) batch.errors.push(`K: field ${f} is missing`)
  const footer = lines.at(-1)?.split('\t') ?? []
  if (footer[0] !== 'F' || footer.length !== 4 || footer[3] !== '9999') batch.errors.push('The last line must be the F record: F, count, total, 9999')
  const body = lines.slice(2, -1)
  let count = 0
  let total = 0
  body.forEach((raw, i) => {
    const line = i + 3
    const cells = raw.split('\t')
    if (cells[0] !== 'T') {
      batch.errors.push(`Line ${line}: only T records may stand between K and F`)
      return
    }
    if (cells.length !== fields.length + 1) {
      batch.rejected.push({ accountReference: cells[1] ?? '', line, message: `Expected ${fields.length} fields, found ${cells.length - 1}` })
      return
    }
    const v = (id: string) => cells[fields.indexOf(id) + 1] ?? ''
    const amount = v('161')
    count++
    if (/^\d+$/.test(amount)) total += Number(amount)
    const debit: ParsedDebit = {
      line,
      accountReference: v('101'),
      accountName: v('102'),
      accountHolder: v('132'),
      accountType: v('133'),
      branchCode: v('134'),
      accountNumber: v('136'),
      amountCents: Number(amount),
      email: v('201'),
      mobile: v('202'),
    }
    const problem =
      !/^[A-Za-z0-9-]{1,22}$/.test(debit.accountReference) ? 'Invalid account reference' :
      v('131') !== '1' ? 'Only bank account debits are accepted (131 = 1)' :
      !ACCOUNT_TYPES.has(debit.accountType) ? 'Invalid bank account type' :
      !KNOWN_BRANCH_CODES.has(debit.branchCode) ? 'Invalid branch code' :
      !/^\d{6,13}$/.test(debit.accountNumber) || /^0+$/.test(debit.accountNumber) ? 'Invalid account number' :
      !/^\d+$/.test(amount) || Number(amount) <= 0 ? 'Invalid amount' :
      debit.accountHolder.trim() === '' ? 'Account holder name is required' :
      null
    if (problem) batch.rejected.push({ accountReference: debit.accountReference, line, message: problem })
    else batch.debits.push(debit)
  })
  if (footer[0] === 'F' && (Number(footer[1]) !== count || Number(footer[2]) !== total)) {
    batch.errors.push(`F: the footer says ${footer[1]} transactions for ${footer[2]} cents; the file holds ${count} for ${total}`)
  }
  return batch
}

/** The load report NetCash writes for a parsed batch. */
export function loadReportFor(batch: ParsedBatch, at: Date): string {
  const time = at.toISOString().replace('T', ' ').slice(0, 19)
  const outcome = batch.errors.length > 0 ? 'UNSUCCESSFUL' : batch.rejected.length > 0 ? 'SUCCESSFUL WITH ERRORS' : 'SUCCESSFUL'
  const lines = [
    ['###BEGIN', batch.batchName || '(unnamed)', outcome, time].join('\t'),
    ...batch.errors.map((e) => ['###ERROR', e].join('\t')),
    ...batch.rejected.map((r) => [r.accountReference, `Line:${r.line}`, r.message].join('\t')),
    ['###END', time].join('\t'),
  ]
  return lines.join('\r\n') + '\r\n'
}
