import { AGEING_BUCKETS } from '../../domain/ageing'
import type { AgeingReport } from './ageing'

/** `1234.56`: rand with two decimals and no symbol or grouping, which every spreadsheet reads as a number. */
export function randDecimal(cents: number): string {
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(cents)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/**
 * A text cell (RFC 4180): quoted when it holds a comma, quote or line break. A name starting with
 * `=`, `+`, `-`, `@` or a tab would run as a formula in a spreadsheet, so it is prefixed with `'`.
 */
function textCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

const HEADER = ['Customer ID', 'Account number', 'Customer', ...AGEING_BUCKETS.map((b) => b.label), 'Total']

/**
 * The ageing report as CSV for spreadsheets: a header row, then one row per customer in the
 * report's order (no total row, so the sheet sorts and sums cleanly). CRLF line ends, and a UTF-8
 * byte order mark so Excel reads names with accents correctly.
 */
export function ageingCsv(report: AgeingReport): string {
  const rows = report.customers.map((c) =>
    [String(c.customerId), textCell(c.accountNumber), textCell(c.name), ...AGEING_BUCKETS.map((b) => randDecimal(c.buckets[b.key])), randDecimal(c.totalCents)].join(','),
  )
  return `\uFEFF${[HEADER.join(','), ...rows].join('\r\n')}\r\n`
}
