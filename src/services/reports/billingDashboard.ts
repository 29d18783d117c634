import type { Payload } from 'payload'

import { AGEING_BUCKETS, type AgeingBucketKey } from '../../domain/ageing'
import {
  adminListHref,
  ageingBucketList,
  CHART_MONTHS,
  collectedList,
  creditNotesList,
  DAILY_RUNS,
  failedNotificationsList,
  failedRunsList,
  invoicedList,
  ISSUED_INVOICE_STATUSES,
  jobRunsList,
  monthsEndingWith,
  outstandingList,
  overdueList,
  pendingActivationsList,
  perMonth,
  recentSince,
  startedOn,
  suspendedForNonPaymentList,
  type CountAndCents,
  type ListQuery,
  type SastMonth,
} from '../../domain/billingDashboard'
import { sastDateOf, sastMidnight, type CalendarDate } from '../../domain/calendarDate'
import type { JOB_RUN_STATUSES } from '../../domain/catalogue'
import { readPool } from '../dashboard/shapes'
import { ageingReport } from './ageing'

/** A count, and a sum where the figure is money, with the admin list that shows exactly those rows. */
export type ListedFigure = { count: number; href: string }
export type ListedAmount = CountAndCents & { href: string }

export type DailyRun = {
  jobName: string
  label: string
  /** When it is scheduled, SAST (`02:00`). */
  at: string
  href: string
  latest: {
    id: number
    status: (typeof JOB_RUN_STATUSES)[number]
    startedAt: string
    finishedAt: string | null
    durationMs: number | null
    summary: string | null
    recordsFailed: number
    href: string
  } | null
  /** Whether the latest run started today (SAST). */
  ranToday: boolean
}

export type DashboardMonth = { month: SastMonth; label: string; firstDay: CalendarDate; lastDay: CalendarDate; invoiced: ListedAmount; creditNotes: ListedAmount; collected: ListedAmount }

export type BillingDashboard = {
  /** Today, SAST: the day the figures are for. */
  asOf: CalendarDate
  generatedAt: string
  thisMonth: {
    month: SastMonth
    label: string
    firstDay: CalendarDate
    lastDay: CalendarDate
    /** Invoices (not credit notes) issued and not voided, VAT included. */
    invoiced: ListedAmount
    /** Credit notes issued this month, shown beside the invoices rather than netted into them. */
    creditNotes: ListedAmount
    /** invoiced - credit notes. */
    netInvoicedCents: number
    /** Completed payments (refunds are not collections). */
    collected: ListedAmount
  }
  /** What customers owe on open invoices, by days past due today (the debtors' ageing). */
  outstanding: ListedAmount & { buckets: Array<{ key: AgeingBucketKey; label: string; cents: number; href: string }> }
  /** Invoices marked overdue. */
  overdue: ListedAmount
  pendingActivations: ListedFigure
  suspendedForNonPayment: ListedFigure
  /** Since the first of the last seven SAST days. */
  recentSince: CalendarDate
  failedNotifications: ListedFigure
  failedRuns: ListedFigure
  dailyRuns: DailyRun[]
  /** The last 12 SAST months, oldest first, this month last (to date). */
  months: DashboardMonth[]
}

const ISSUED = ISSUED_INVOICE_STATUSES.map((s) => `'${s}'`).join(', ')
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v))

/**
 * The billing team's figures for today (SAST), read with a handful of aggregate statements run
 * side by side: invoices and payments per SAST month (twelve months; this month's headline
 * figures are the last of them), the debtors' ageing (the report's own query), the counts of
 * what needs attention, and the latest of each daily run. Each figure carries the admin list it is the count and sum of
 * (src/domain/billingDashboard.ts): the SQL below states the same conditions as those lists.
 *
 * The statements run on separate pool connections, so they are not one snapshot: a payment
 * landing mid-read can show in one figure and not yet in another, which the next load settles.
 */
export async function billingDashboard(payload: Payload, args: { now: Date }): Promise<BillingDashboard> {
  const today = sastDateOf(args.now)
  const months = monthsEndingWith(today, CHART_MONTHS)
  const span = { from: months[0].range.from, to: months[months.length - 1].range.to }
  // Each month's first instant and the end of the last: width_bucket numbers a row by the month
  // it falls in (1 = the first), comparing stored instants with the very bounds the lists use,
  // several times faster than converting each row's instant to a SAST month.
  const boundaries = [...months.map((m) => m.range.from), span.to]
  const since = recentSince(today)
  const pool = readPool(payload)
  const admin = payload.config.routes.admin
  const href = (list: ListQuery) => adminListHref(admin, list)

  const [invoiceRows, paymentRows, attention, runRows, ageing] = await Promise.all([
    pool.query(
      `SELECT width_bucket(invoice_date, $3::timestamptz[]) AS bucket, kind = 'credit_note' AS credit_note,
              count(*)::int AS count, coalesce(sum(total_cents), 0)::bigint AS cents
         FROM invoices
        WHERE status IN (${ISSUED}) AND invoice_date >= $1::timestamptz AND invoice_date < $2::timestamptz
        GROUP BY 1, 2`,
      [span.from, span.to, boundaries],
    ),
    pool.query(
      `SELECT width_bucket(completed_at, $3::timestamptz[]) AS bucket, count(*)::int AS count, coalesce(sum(amount_cents), 0)::bigint AS cents
         FROM payment_transactions
        WHERE kind = 'payment' AND status = 'completed' AND completed_at >= $1::timestamptz AND completed_at < $2::timestamptz
        GROUP BY 1`,
      [span.from, span.to, boundaries],
    ),
    pool.query(
      `SELECT o.count AS overdue_count, o.cents AS overdue_cents, p.count AS pending, s.count AS non_payment, n.count AS failed_notifications, r.count AS failed_runs
         FROM (SELECT count(*)::int AS count, coalesce(sum(amount_due_cents), 0)::bigint AS cents FROM invoices WHERE status = 'overdue') o,
              (SELECT count(*)::int AS count FROM services WHERE status = 'pending') p,
              (SELECT count(*)::int AS count FROM service_suspensions ss JOIN services sv ON sv.id = ss.service_id
                WHERE ss.suspension_type = 'non_payment' AND ss.reactivated_at IS NULL AND sv.status = 'suspended') s,
              (SELECT count(*)::int AS count FROM notifications WHERE status = 'failed' AND created_at >= $1::timestamptz) n,
              (SELECT count(*)::int AS count FROM job_runs WHERE status IN ('failed', 'partially_failed') AND started_at >= $1::timestamptz) r`,
      [sastMidnight(since)],
    ),
    pool.query(
      `SELECT DISTINCT ON (job_name) id, job_name, status, started_at, finished_at, duration_ms, summary, records_failed
         FROM job_runs WHERE job_name = ANY($1::text[])
        ORDER BY job_name, started_at DESC, id DESC`,
      [DAILY_RUNS.map((r) => r.jobName)],
    ),
    ageingReport(payload, { asOf: today }),
  ])

  const monthly = (rows: Record<string, unknown>[]) => rows.map((r) => ({ month: months[num(r.bucket) - 1]?.month ?? '', count: num(r.count), cents: num(r.cents) }))
  const invoicedByMonth = perMonth(months, monthly(invoiceRows.rows.filter((r) => !r.credit_note)))
  const creditsByMonth = perMonth(months, monthly(invoiceRows.rows.filter((r) => r.credit_note)))
  const collectedByMonth = perMonth(months, monthly(paymentRows.rows))
  const series: DashboardMonth[] = months.map((m) => ({
    month: m.month,
    label: m.label,
    firstDay: m.firstDay,
    lastDay: m.lastDay,
    invoiced: { ...invoicedByMonth.get(m.month)!, href: href(invoicedList(m.range)) },
    creditNotes: { ...creditsByMonth.get(m.month)!, href: href(creditNotesList(m.range)) },
    collected: { ...collectedByMonth.get(m.month)!, href: href(collectedList(m.range)) },
  }))
  const current = series[series.length - 1]

  const a = attention.rows[0]
  const runs = new Map(runRows.rows.map((r) => [String(r.job_name), r]))
  const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString())

  return {
    asOf: today,
    generatedAt: args.now.toISOString(),
    thisMonth: {
      month: current.month,
      label: current.label,
      firstDay: current.firstDay,
      lastDay: current.lastDay,
      invoiced: current.invoiced,
      creditNotes: current.creditNotes,
      netInvoicedCents: current.invoiced.cents - current.creditNotes.cents,
      collected: current.collected,
    },
    outstanding: {
      count: ageing.totals.invoiceCount,
      cents: ageing.totals.totalCents,
      href: href(outstandingList()),
      buckets: AGEING_BUCKETS.map((b) => ({ key: b.key, label: b.label, cents: ageing.totals.buckets[b.key], href: href(ageingBucketList(b, today)) })),
    },
    overdue: { count: num(a.overdue_count), cents: num(a.overdue_cents), href: href(overdueList()) },
    pendingActivations: { count: num(a.pending), href: href(pendingActivationsList()) },
    suspendedForNonPayment: { count: num(a.non_payment), href: href(suspendedForNonPaymentList()) },
    recentSince: since,
    failedNotifications: { count: num(a.failed_notifications), href: href(failedNotificationsList(since)) },
    failedRuns: { count: num(a.failed_runs), href: href(failedRunsList(since)) },
    dailyRuns: DAILY_RUNS.map((job) => {
      const r = runs.get(job.jobName)
      const latest = r
        ? {
            id: num(r.id),
            status: r.status as (typeof JOB_RUN_STATUSES)[number],
            startedAt: iso(r.started_at)!,
            finishedAt: iso(r.finished_at),
            durationMs: r.duration_ms === null ? null : num(r.duration_ms),
            summary: (r.summary as string | null) ?? null,
            recordsFailed: num(r.records_failed),
            href: `${admin.replace(/\/$/, '')}/collections/job-runs/${num(r.id)}`,
          }
        : null
      return { jobName: job.jobName, label: job.label, at: job.at, href: href(jobRunsList(job.jobName)), latest, ranToday: latest !== null && startedOn(latest.startedAt, today) }
    }),
    months: series,
  }
}
