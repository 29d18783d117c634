import type { Endpoint, PayloadHandler } from 'payload'
import { z } from 'zod'

import { AGEING_BUCKET_KEYS } from '../../domain/ageing'
import { billingDashboard } from '../../services/reports/billingDashboard'
import { ok, problem } from '../http'
import { requireStaff } from './staffAccess'

const cents = z.number().int().describe('ZAR cents')
const count = z.number().int().min(0)
const calendarDate = z.string().describe('A SAST calendar date, YYYY-MM-DD')
const month = z.string().describe('A SAST month, YYYY-MM')
const instant = z.string().describe('An instant, ISO 8601 UTC')
const href = z
  .string()
  .describe("The admin panel's list of exactly the rows counted, e.g. /admin/collections/invoices?where[or][0][and][0][status][equals]=overdue; the same query string filters the REST list /api/<collection>")

const listed = z.object({ count, href })
const amount = z.object({ count, cents, href })

/** `GET /api/admin/reports/dashboard` takes no parameters: the figures are always for today (SAST). */
export const dashboardQuery = z.strictObject({})

const monthFigures = z.object({
  month,
  label: z.string().describe('Dec 2026'),
  firstDay: calendarDate,
  lastDay: calendarDate,
  invoiced: amount.describe('Invoices (not credit notes) issued and not voided, dated in the month: count and total incl. VAT'),
  creditNotes: amount.describe('Credit notes issued (not voided), dated in the month'),
  collected: amount.describe('Payments (kind payment, not refunds) completed in the month'),
})

export const dashboardResponse = z.object({
  asOf: calendarDate.describe('Today in SAST: the day the figures are for'),
  generatedAt: instant,
  thisMonth: z.object({
    month,
    label: z.string(),
    firstDay: calendarDate,
    lastDay: calendarDate,
    invoiced: amount.describe('Invoices (not credit notes) issued and not voided with an invoice date this SAST month, incl. VAT'),
    creditNotes: amount.describe('Credit notes issued this SAST month: shown beside the invoices, not netted into them'),
    netInvoicedCents: cents.describe('invoiced minus credit notes'),
    collected: amount.describe('Completed payments (refunds excluded) by completion time this SAST month'),
  }),
  outstanding: amount
    .extend({
      buckets: z
        .array(z.object({ key: z.enum(AGEING_BUCKET_KEYS), label: z.string(), cents, href }))
        .describe("The debtors' ageing as of today: amount due by days past due (current, 1-30, 31-60, 61-90, 91-120, 120+)"),
    })
    .describe('Open invoices (unpaid, partially paid, overdue) with something due: count and amount due'),
  overdue: amount.describe('Invoices with status overdue: count and amount due'),
  pendingActivations: listed.describe('Services waiting to be activated'),
  suspendedForNonPayment: listed.describe('Suspended services whose open suspension is for non-payment (the list is of those suspensions)'),
  recentSince: calendarDate.describe('The first of the last seven SAST days, today included'),
  failedNotifications: listed.describe('Notifications that failed, created since recentSince'),
  failedRuns: listed.describe('Job runs that failed or partly failed, started since recentSince'),
  dailyRuns: z
    .array(
      z.object({
        jobName: z.string(),
        label: z.string(),
        at: z.string().describe('Scheduled time, SAST (HH:MM)'),
        href: href.describe('Every run of this job'),
        latest: z
          .object({
            id: z.number().int(),
            status: z.enum(['running', 'succeeded', 'partially_failed', 'failed']),
            startedAt: instant,
            finishedAt: instant.nullable(),
            durationMs: z.number().int().nullable(),
            summary: z.string().nullable(),
            recordsFailed: count,
            href: z.string().describe('The run in the admin panel'),
          })
          .nullable()
          .describe('The most recent run, or null when it never ran'),
        ranToday: z.boolean().describe('The latest run started today (SAST)'),
      }),
    )
    .describe('The daily runs: overdue marking (00:30) and the invoice run (02:00)'),
  months: z.array(monthFigures).length(12).describe('The last 12 SAST months, oldest first; the last is this month to date'),
})

/**
 * `GET /api/admin/reports/dashboard`: the billing dashboard's figures for today (SAST), any staff
 * member. Not cached: it is money, and it moves.
 */
const dashboard: PayloadHandler = async (req) => {
  const gate = requireStaff(req)
  if ('response' in gate) return gate.response
  const unknown = [...new Set((req.searchParams ?? new URLSearchParams()).keys())]
  if (unknown.length) return problem(req, 400, unknown.map((key) => ({ code: 'UNKNOWN_FIELD', field: key, message: `${key} is not a query parameter here: the dashboard takes none` })))
  const figures = await billingDashboard(req.payload, { now: new Date() })
  return ok(req, figures satisfies z.input<typeof dashboardResponse>, { headers: new Headers({ 'Cache-Control': 'private, no-store' }) })
}

export const dashboardEndpoint: Endpoint = { path: '/admin/reports/dashboard', method: 'get', handler: dashboard }
