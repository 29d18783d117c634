import { headersWithCors, type Endpoint, type PayloadHandler, type PayloadRequest } from 'payload'
import { z } from 'zod'

import { AGEING_BUCKETS, type AgeingBucketKey } from '../../domain/ageing'
import { sastDateOf } from '../../domain/calendarDate'
import { DEBIT_BATCH_STATUSES } from '../../domain/catalogue'
import { STATEMENT_ENTRY_KINDS, statementRange } from '../../domain/statement'
import { getConfig } from '../../lib/config'
import { ageingReport } from '../../services/reports/ageing'
import { ageingCsv } from '../../services/reports/ageingCsv'
import { debitOrderRuns } from '../../services/reports/debitOrderRuns'
import { customerStatement } from '../../services/reports/statement'
import { renderStatementPdf } from '../../services/reports/statementPdf'
import { ok, problem, zodProblems, type ApiProblem } from '../http'
import { calendarDateInput, MAX_ID } from '../schemas'
import { idParam, requireStaff } from './staffAccess'

const id = z.number().int().positive()
const cents = z.number().int().describe('ZAR cents')
const calendarDate = z.string().describe('A SAST calendar date, YYYY-MM-DD')

/** `GET /api/admin/customers/:id/statement`'s query. */
export const statementQuery = z.strictObject({
  from: calendarDateInput.optional().describe('The first day, YYYY-MM-DD. Default: the first day of the month two months before `to`\'s (three calendar months)'),
  to: calendarDateInput.optional().describe('The last day, YYYY-MM-DD, inclusive. Default: today (SAST). At most 5 years after `from`'),
  format: z.enum(['json', 'pdf']).optional().describe('json (default) or pdf: the same statement as an A4 PDF download'),
})

/** `GET /api/admin/reports/ageing`'s query. */
export const ageingQuery = z.strictObject({
  asOf: calendarDateInput.optional().describe('The day days past due are counted to, YYYY-MM-DD. Default: today (SAST)'),
  customerId: z
    .string()
    .regex(/^[1-9]\d{0,9}$/, 'customerId must be a positive whole number')
    .transform(Number)
    .pipe(z.number().max(MAX_ID, 'No such customer'))
    .optional()
    .describe('Only this customer'),
  format: z.enum(['json', 'csv']).optional().describe('json (default) or csv: a spreadsheet download, amounts in rand (1234.56)'),
})

export const statementResponse = z.object({
  customer: z.object({ id, name: z.string(), accountNumber: z.string(), address: z.array(z.string()).describe('Postal address lines') }),
  from: calendarDate,
  to: calendarDate,
  openingBalanceCents: cents.describe('The balance at the start of `from`: everything dated before it. Positive: owed; negative: in credit'),
  lines: z
    .array(
      z.object({
        date: calendarDate,
        kind: z.enum(STATEMENT_ENTRY_KINDS),
        reference: z.string().describe('The invoice or credit note number, or the payment\'s transaction id'),
        description: z.string(),
        debitCents: cents.describe('Raises the balance: invoices, refunds, returned payments'),
        creditCents: cents.describe('Lowers it: payments, credit notes, voids'),
        balanceCents: cents.describe('The running balance after this line'),
        source: z.object({ collection: z.enum(['invoices', 'payment-transactions']), id }).describe('The document behind the line'),
      }),
    )
    .describe('Oldest first. A voided invoice is its invoice line and a void line on the day it was voided; a refunded payment its payment and a refund line'),
  totalDebitCents: cents,
  totalCreditCents: cents,
  closingBalanceCents: cents.describe('openingBalanceCents + debits - credits; for a range ending today, the account balance'),
})

const bucketShape = Object.fromEntries(
  AGEING_BUCKETS.map((b) => [b.key, cents.describe(b.key === 'current' ? 'Not yet past due' : `${b.label} past due`)]),
) as Record<AgeingBucketKey, typeof cents>
const bucketsSchema = z
  .object(bucketShape)
  .describe('Amount due by days past due on asOf: current (due today or later), 1-30, 31-60, 61-90, 91-120, more than 120')

export const ageingResponse = z.object({
  asOf: calendarDate,
  customers: z
    .array(z.object({ customerId: id, name: z.string(), accountNumber: z.string(), buckets: bucketsSchema, totalCents: cents, invoiceCount: z.number().int() }))
    .describe('Customers with anything open, largest total first'),
  totals: z.object({ buckets: bucketsSchema, totalCents: cents, invoiceCount: z.number().int(), customerCount: z.number().int() }),
})

/**
 * The query string against a strict schema: a repeated parameter, an unknown one or a bad value
 * is a 400 naming it.
 */
function parseQuery<S extends z.ZodType>(req: PayloadRequest, schema: S): { ok: true; data: z.output<S> } | { ok: false; response: Response } {
  const raw: Record<string, string> = {}
  const repeated: ApiProblem[] = []
  for (const [key, value] of req.searchParams ?? new URLSearchParams()) {
    if (Object.hasOwn(raw, key)) repeated.push({ code: 'VALIDATION_FAILED', field: key, message: `${key} is given more than once` })
    raw[key] = value
  }
  if (repeated.length) return { ok: false, response: problem(req, 400, repeated) }
  const parsed = schema.safeParse(raw)
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, response: problem(req, 400, zodProblems(parsed.error)) }
}

/** A file to save: a PDF or CSV, never cached (it is a customer's money). */
function download(req: PayloadRequest, body: BodyInit, type: string, filename: string): Response {
  const headers = new Headers({
    'Content-Type': type,
    'Content-Disposition': `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    'Cache-Control': 'private, no-store',
    'X-Content-Type-Options': 'nosniff',
  })
  return new Response(body, { status: 200, headers: headersWithCors({ headers, req }) })
}

/**
 * `GET /api/admin/customers/:id/statement?from=&to=&format=`: any staff member. The statement as
 * JSON, or with `format=pdf` as an A4 PDF download named for the account and range.
 */
const statement: PayloadHandler = async (req) => {
  const gate = requireStaff(req)
  if ('response' in gate) return gate.response
  const notFound = () => problem(req, 404, [{ code: 'CUSTOMER_NOT_FOUND', message: 'No such customer' }])
  const customerId = idParam(req, 'id')
  if (customerId === null) return notFound()
  const query = parseQuery(req, statementQuery)
  if (!query.ok) return query.response
  const today = sastDateOf(new Date())
  const range = statementRange(query.data, today)
  if (!range.ok) return problem(req, 400, [{ code: range.code, field: range.field, message: range.message }])

  const result = await customerStatement(req.payload, { customerId, from: range.from, to: range.to })
  if (!result.ok) return notFound()
  const s = result.value
  if (query.data.format === 'pdf') {
    const pdf = await renderStatementPdf({ company: getConfig().company, statement: s, asAt: today })
    return download(req, new Uint8Array(pdf), 'application/pdf', `statement-${s.customer.accountNumber}-${s.from}-${s.to}.pdf`)
  }
  return ok(req, {
    customer: s.customer,
    from: s.from,
    to: s.to,
    openingBalanceCents: s.openingBalanceCents,
    lines: s.lines,
    totalDebitCents: s.totalDebitCents,
    totalCreditCents: s.totalCreditCents,
    closingBalanceCents: s.closingBalanceCents,
  } satisfies z.input<typeof statementResponse>)
}

/**
 * `GET /api/admin/reports/ageing?asOf=&customerId=&format=`: any staff member. Debtors' ageing as
 * JSON, or with `format=csv` as a spreadsheet download.
 */
const ageing: PayloadHandler = async (req) => {
  const gate = requireStaff(req)
  if ('response' in gate) return gate.response
  const query = parseQuery(req, ageingQuery)
  if (!query.ok) return query.response
  const asOf = query.data.asOf ?? sastDateOf(new Date())
  const report = await ageingReport(req.payload, { asOf, customerId: query.data.customerId })
  if (query.data.format === 'csv') {
    const scope = query.data.customerId === undefined ? '' : `-customer-${query.data.customerId}`
    return download(req, ageingCsv(report), 'text/csv; charset=utf-8', `ageing-${asOf}${scope}.csv`)
  }
  return ok(req, report satisfies z.input<typeof ageingResponse>)
}

const figure = z.object({ count: z.number().int().min(0), cents: z.number().int().describe('ZAR cents') })

/** `GET /api/admin/reports/debit-orders?runs=`: the last runs, newest first (at most 50). */
export const debitOrderRunsQuery = z.strictObject({
  runs: z.coerce.number({ error: 'runs is a whole number' }).int('runs is a whole number').min(1, 'runs is at least 1').max(50, 'runs is at most 50').default(12),
})

export const debitOrderRunsResponse = z.object({
  runs: z.array(
    z.object({
      batchId: z.number().int(),
      batchName: z.string(),
      actionDate: z.string().describe('The SAST day the bank debits the accounts'),
      status: z.enum(DEBIT_BATCH_STATUSES),
      sentAt: z.string().nullable().describe('When NetCash took the file'),
      submitted: figure.describe('Every debit written for the file'),
      rejected: figure.describe('Refused by the load report, or before sending'),
      awaiting: figure.describe('At NetCash, before the action date'),
      collected: figure.describe('Collected and not returned (cleared ones included)'),
      cleared: figure.describe('Of the collected: past the clearing window without an unpaid'),
      returned: figure.describe('Came back unpaid'),
      successRate: z.number().min(0).max(1).nullable().describe('collected / (collected + returned + rejected); null while nothing is decided'),
    }),
  ),
})

/** Any staff member: the debit-order runs with their debits counted and summed by where they stand. */
const debitOrders: PayloadHandler = async (req) => {
  const gate = requireStaff(req)
  if ('response' in gate) return gate.response
  const query = parseQuery(req, debitOrderRunsQuery)
  if (!query.ok) return query.response
  const runs = await debitOrderRuns(req.payload, { runs: query.data.runs })
  return ok(req, { runs } satisfies z.input<typeof debitOrderRunsResponse>, { headers: new Headers({ 'Cache-Control': 'private, no-store' }) })
}

export const reportEndpoints: Endpoint[] = [
  { path: '/admin/reports/debit-orders', method: 'get', handler: debitOrders },
  { path: '/admin/customers/:id/statement', method: 'get', handler: statement },
  { path: '/admin/reports/ageing', method: 'get', handler: ageing },
]
