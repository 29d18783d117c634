import { dashboardQuery, dashboardResponse } from '../admin/dashboard'
import { MAX_STATEMENT_YEARS } from '../../domain/statement'
import { ageingQuery, ageingResponse, debitOrderRunsQuery, debitOrderRunsResponse, statementQuery, statementResponse } from '../admin/reports'
import { json, rowIdParam, STAFF, type ApiOperation, type ApiResponse } from './operation'

export const STAFF_REPORTS_TAG = 'Staff: reports'

/** The gate of every staff endpoint (src/endpoints/admin/staffAccess.ts): any staff role may read reports. */
const staffGate: Record<number, ApiResponse> = {
  401: { description: 'Not signed in (NOT_AUTHENTICATED)' },
  403: { description: 'Not staff: customers cannot read reports (FORBIDDEN)' },
}

const badQuery = 'A query parameter is unknown (UNKNOWN_FIELD), repeated or not valid (VALIDATION_FAILED), each naming the parameter in `field`'

const downloadHeaders = (example: string) => ({
  'Content-Disposition': `With a format other than json: attachment, named like \`${example}\``,
  'Cache-Control': 'With a format other than json: private, no-store',
})

/** src/endpoints/admin/reports.ts, mounted on the config under /api/admin. */
export const reportOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/admin/customers/:id/statement',
    tag: STAFF_REPORTS_TAG,
    summary: "A customer's statement for a range of days (JSON or PDF)",
    description:
      'The opening balance (everything dated before `from`), every invoice, credit note, payment, refund and void dated `from` to `to` (SAST days, inclusive) with the running balance, and the closing balance. ' +
      'A voided invoice shows as the invoice and its reversal on the day it was voided; voided before the range, both are in the opening balance and it is left out. ' +
      'A refunded or returned payment shows as the payment and the money going back. For a range ending today the closing balance is the account balance. ' +
      `Default range: the first day of the month two months before \`to\` (three calendar months) to today; at most ${MAX_STATEMENT_YEARS} years. ` +
      'With `format=pdf` the answer is the same statement as an A4 PDF (`application/pdf`), in the invoice\'s look, downloaded as `statement-<account number>-<from>-<to>.pdf`.',
    security: STAFF,
    pathParams: { id: { ...rowIdParam, description: "The customer's id" } },
    query: statementQuery,
    responses: {
      200: {
        description: 'The statement: JSON as below, or with format=pdf the PDF file (application/pdf)',
        content: json(statementResponse),
        headers: downloadHeaders('statement-CT-2026-00042-2026-09-01-2026-11-30.pdf'),
      },
      400: { description: `${badQuery}; from is after to (INVALID_RANGE, field from); the range is longer than ${MAX_STATEMENT_YEARS} years (RANGE_TOO_LONG, field to)` },
      ...staffGate,
      404: { description: 'No such customer (CUSTOMER_NOT_FOUND)' },
    },
  },
  {
    method: 'get',
    path: '/admin/reports/ageing',
    tag: STAFF_REPORTS_TAG,
    summary: "Debtors' ageing: what is owed, by days past due (JSON or CSV)",
    description:
      'Every open invoice\'s amount due (unpaid, partially paid, overdue) in the bucket of its days past due on `asOf`: current (due on or after asOf), 1-30, 31-60, 61-90, 91-120, 120+ days; ' +
      'per customer, largest total first, and in total. The amounts are what is open now; asOf only sets the day they are aged to. ' +
      'With `format=csv` the answer is a spreadsheet (`text/csv`, UTF-8 with a byte order mark): a header row, then one row per customer with amounts in rand with two decimals and no currency symbol (`1234.56`).',
    security: STAFF,
    query: ageingQuery,
    responses: {
      200: {
        description: 'The report: JSON as below, or with format=csv the CSV file (text/csv)',
        content: json(ageingResponse),
        headers: downloadHeaders('ageing-2026-11-30.csv'),
      },
      400: { description: badQuery },
      ...staffGate,
    },
  },
  {
    method: 'get',
    path: '/admin/reports/dashboard',
    tag: STAFF_REPORTS_TAG,
    summary: "The billing dashboard's figures for today (SAST)",
    description:
      'This SAST month: invoiced (issued, not void, not credit notes, incl. VAT), credit notes, completed payments (refunds excluded); ' +
      "outstanding with the debtors' ageing buckets; overdue; pending activations; services suspended for non-payment; notifications and job runs failed in the last 7 SAST days; " +
      'the latest overdue marking and invoice run; the same per month for the last 12 months. Each figure carries the admin list URL whose rows it counts and sums. No parameters; Cache-Control: private, no-store.',
    security: STAFF,
    query: dashboardQuery,
    responses: { 200: { description: 'The figures', content: json(dashboardResponse) }, 400: { description: 'Any query parameter (UNKNOWN_FIELD): the dashboard takes none' }, ...staffGate },
  },
  {
    method: 'get',
    path: '/admin/reports/debit-orders',
    tag: STAFF_REPORTS_TAG,
    summary: 'The debit-order runs: what each file took, and what came back',
    description:
      'The last `runs` debit-order batches (default 12, at most 50), newest first: each with its debits counted and summed (cents) by where they stand (rejected, awaiting the action date, collected, cleared, returned) and the share collected of those decided. ' +
      'Read live from the debits. Cache-Control: private, no-store.',
    security: STAFF,
    query: debitOrderRunsQuery,
    responses: { 200: { description: 'The runs', content: json(debitOrderRunsResponse) }, 400: { description: badQuery }, ...staffGate },
  },
]
