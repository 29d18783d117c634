/**
 * Account and invoice numbers: `CT-YYYY-NNNNN`, `INV-YYYY-NNNNN`. YYYY is the SAST year the account
 * was opened or the invoice dated; NNNNN one counter that never resets, zero-padded to five digits
 * and wider past 99999 (it never fails). The database assigns them (see the numbering migration,
 * which implements exactly this format); this module is the specification the tests hold it to.
 */

export function formatDocumentNumber(prefix: 'CT' | 'INV', year: number, counter: number): string {
  if (!Number.isInteger(counter) || counter < 1) throw new RangeError(`counter must be a positive integer: ${counter}`)
  return `${prefix}-${year}-${String(counter).padStart(5, '0')}`
}

export const ACCOUNT_NUMBER_PATTERN = /^CT-\d{4}-\d{5,}$/
export const INVOICE_NUMBER_PATTERN = /^INV-\d{4}-\d{5,}$/

export function parseDocumentNumber(value: string): { prefix: string; year: number; counter: number } | null {
  const m = /^(CT|INV)-(\d{4})-(\d{5,})$/.exec(value)
  return m ? { prefix: m[1], year: Number(m[2]), counter: Number(m[3]) } : null
}
