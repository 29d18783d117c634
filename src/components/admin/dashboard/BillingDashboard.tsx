import type { DashboardViewServerProps } from '@payloadcms/next/views'
import { getTranslation } from '@payloadcms/translations'
import { Gutter } from '@payloadcms/ui'
import Link from 'next/link'
import type React from 'react'

import { formatDate, formatSastTime, plural } from '../../../domain/display'
import { formatRand } from '../../../domain/money'
import { billingDashboard, type BillingDashboard as Figures, type DailyRun } from '../../../services/reports/billingDashboard'
import { formatDuration, runDateTime } from '../jobRuns/format'
import { RunStatusBadge } from '../jobRuns/RunStatusBadge'
import styles from './dashboard.module.css'
import { MonthlyChart } from './MonthlyChart'

/**
 * The admin panel's home page (`admin.components.views.dashboard`): the billing team's figures
 * for today (SAST), read on the server straight from the service behind
 * `GET /api/admin/reports/dashboard`. Every number is a link to the admin list it counts or sums.
 */
export async function BillingDashboard(props: DashboardViewServerProps) {
  const { payload, user, navGroups, i18n } = props
  const isStaff = (user as { collection?: string } | null)?.collection === 'users'
  const now = new Date()
  const figures = isStaff ? await billingDashboard(payload, { now }) : null

  return (
    <Gutter className={styles.root}>
      <header className={styles.header}>
        <h1>Billing dashboard</h1>
        {figures && (
          <p className={styles.muted}>
            Figures for today, {formatDate(figures.asOf)}, as at {formatSastTime(now)} SAST. Select a figure to open the list behind it.
          </p>
        )}
      </header>

      {figures && (
        <>
          <ThisMonth figures={figures} />
          <Owed figures={figures} adminRoute={payload.config.routes.admin} />
          <Attention figures={figures} />
          <DailyRuns runs={figures.dailyRuns} jobRunsHref={`${payload.config.routes.admin}/collections/job-runs`} />
          <Months figures={figures} />
        </>
      )}

      {navGroups && navGroups.length > 0 && (
        <section className={styles.section} aria-labelledby="dashboard-collections">
          <h2 id="dashboard-collections">Collections</h2>
          <nav className={styles.nav} aria-labelledby="dashboard-collections">
            {navGroups.map((group) => (
              <div key={group.label}>
                <h3>{group.label}</h3>
                <ul>
                  {group.entities.map((entity) => (
                    <li key={entity.slug}>
                      <Link className={styles.tableLink} href={`${payload.config.routes.admin}/${entity.type}/${entity.slug}`}>
                        {getTranslation(entity.label, i18n)}
                      </Link>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </nav>
        </section>
      )}
    </Gutter>
  )
}

/** One figure: a card that is one link, so its name reads as the whole card ("Overdue R 1 234.56 3 invoices"). */
function Figure(props: { label: string; value: string; detail?: string; href: string; attention?: boolean }) {
  return (
    <li>
      <Link href={props.href} className={`${styles.figure} ${props.attention ? styles.attention : ''}`}>
        <span className={styles.figureLabel}>
          {props.attention && (
            <span className={styles.attentionMark} aria-hidden="true">
              !
            </span>
          )}
          {props.label}
        </span>
        <span className={styles.value}>{props.value}</span>
        {props.detail && <span className={styles.detail}>{props.detail}</span>}
        {props.attention && <span className={styles.visuallyHidden}>, needs attention</span>}
      </Link>
    </li>
  )
}

function Section({ id, title, note, children }: { id: string; title: string; note?: string; children: React.ReactNode }) {
  return (
    <section className={styles.section} aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {note && <p className={styles.sectionNote}>{note}</p>}
      {children}
    </section>
  )
}

function ThisMonth({ figures }: { figures: Figures }) {
  const m = figures.thisMonth
  return (
    <Section
      id="dashboard-month"
      title={`This month: ${m.label}`}
      note={`${formatDate(m.firstDay)} to today. Invoiced counts issued invoices that are not void, VAT included, by invoice date; credit notes are shown on their own, not taken off. Collected counts completed payments by the time they cleared; refunds are not collections.`}
    >
      <ul className={styles.figures}>
        <Figure label="Invoiced" value={formatRand(m.invoiced.cents)} detail={plural(m.invoiced.count, 'invoice')} href={m.invoiced.href} />
        <Figure label="Credit notes" value={formatRand(m.creditNotes.cents)} detail={`${plural(m.creditNotes.count, 'credit note')}; net invoiced ${formatRand(m.netInvoicedCents)}`} href={m.creditNotes.href} />
        <Figure label="Collected" value={formatRand(m.collected.cents)} detail={plural(m.collected.count, 'payment')} href={m.collected.href} />
      </ul>
    </Section>
  )
}

function Owed({ figures, adminRoute }: { figures: Figures; adminRoute: string }) {
  const { outstanding, overdue } = figures
  return (
    <Section id="dashboard-owed" title="Owed to us" note={`Open invoices with something still due, aged by days past their due date as of ${formatDate(figures.asOf)}.`}>
      <div className={styles.twoColumns}>
        <ul className={styles.figures}>
          <Figure label="Outstanding" value={formatRand(outstanding.cents)} detail={plural(outstanding.count, 'open invoice')} href={outstanding.href} />
          <Figure label="Overdue" value={formatRand(overdue.cents)} detail={`${plural(overdue.count, 'invoice')} marked overdue`} href={overdue.href} attention={overdue.count > 0} />
        </ul>
        <div className={`${styles.panel} ${styles.tableRegion}`} role="region" aria-labelledby="dashboard-ageing" tabIndex={0}>
          <table className={styles.table}>
            <caption id="dashboard-ageing">Ageing of what is outstanding</caption>
            <thead>
              <tr>
                <th scope="col">Days past due</th>
                <th scope="col">Amount due</th>
              </tr>
            </thead>
            <tbody>
              {outstanding.buckets.map((b) => (
                <tr key={b.key}>
                  <th scope="row">{b.key === 'current' ? 'Current (not yet due)' : b.label}</th>
                  <td>
                    <Link className={styles.tableLink} href={b.href}>
                      {formatRand(b.cents)}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className={styles.sectionNote} style={{ margin: 'calc(var(--base) * 0.5) 0 0' }}>
            <Link className={styles.tableLink} href={`${adminRoute.replace(/\/$/, '')}/reports/ageing`}>
              Ageing by customer, for any day, with a CSV download
            </Link>
          </p>
        </div>
      </div>
    </Section>
  )
}

function Attention({ figures }: { figures: Figures }) {
  const since = formatDate(figures.recentSince)
  return (
    <Section id="dashboard-attention" title="Needs attention">
      <ul className={styles.figures}>
        <Figure label="Pending activations" value={String(figures.pendingActivations.count)} detail={`${plural(figures.pendingActivations.count, 'service')} waiting`} href={figures.pendingActivations.href} />
        <Figure
          label="Suspended for non-payment"
          value={String(figures.suspendedForNonPayment.count)}
          detail={`${plural(figures.suspendedForNonPayment.count, 'service')} suspended`}
          href={figures.suspendedForNonPayment.href}
        />
        <Figure
          label="Failed notifications"
          value={String(figures.failedNotifications.count)}
          detail={`SMS and email since ${since}`}
          href={figures.failedNotifications.href}
          attention={figures.failedNotifications.count > 0}
        />
        <Figure label="Failed job runs" value={String(figures.failedRuns.count)} detail={`Failed or partly failed since ${since}`} href={figures.failedRuns.href} attention={figures.failedRuns.count > 0} />
      </ul>
    </Section>
  )
}

function DailyRuns({ runs, jobRunsHref }: { runs: DailyRun[]; jobRunsHref: string }) {
  return (
    <Section id="dashboard-runs" title="Last night's runs">
      <ul className={styles.runs}>
        {runs.map((run) => (
          <li key={run.jobName} className={`${styles.panel} ${styles.run}`}>
            <h3>
              {run.label} <span className={styles.muted}>(daily at {run.at} SAST)</span>
            </h3>
            {!run.ranToday && <p className={styles.warning}>{run.latest ? 'No run yet today.' : 'It has never run.'}</p>}
            {run.latest && (
              <dl className={styles.facts}>
                <dt>Status</dt>
                <dd>
                  <RunStatusBadge status={run.latest.status} />
                </dd>
                <dt>Started</dt>
                <dd>{runDateTime(run.latest.startedAt)}</dd>
                <dt>Took</dt>
                <dd>{run.latest.status === 'running' ? 'Still running' : formatDuration(run.latest.durationMs)}</dd>
                <dt>Failed</dt>
                <dd>{plural(run.latest.recordsFailed, 'record')}</dd>
                {run.latest.summary && (
                  <>
                    <dt>Summary</dt>
                    <dd>{run.latest.summary}</dd>
                  </>
                )}
              </dl>
            )}
            <ul className={styles.links}>
              {run.latest && (
                <li>
                  <Link href={run.latest.href}>
                    This run<span className={styles.visuallyHidden}> of the {run.label.toLowerCase()}</span>
                  </Link>
                </li>
              )}
              <li>
                <Link href={run.href}>
                  Every {run.label.toLowerCase()}
                  <span className={styles.visuallyHidden}> run</span>
                </Link>
              </li>
            </ul>
          </li>
        ))}
      </ul>
      <p className={styles.sectionNote} style={{ marginTop: 'calc(var(--base) * 0.5)' }}>
        <Link className={styles.tableLink} href={jobRunsHref}>
          All job runs, with a chart of the last 30
        </Link>
      </p>
    </Section>
  )
}

function Months({ figures }: { figures: Figures }) {
  const months = figures.months
  const first = months[0]
  const last = months[months.length - 1]
  const total = (pick: (m: Figures['months'][number]) => number) => months.reduce((n, m) => n + pick(m), 0)
  const description = `From ${first.label} to ${last.label} (to date): ${formatRand(total((m) => m.invoiced.cents))} invoiced and ${formatRand(total((m) => m.collected.cents))} collected. The table after the chart lists every month.`
  return (
    <Section id="dashboard-months" title="Invoiced and collected, last 12 months" note="Bars per SAST month; this month is to date. Credit notes are in the table.">
      <div className={styles.panel}>
        <MonthlyChart
          description={description}
          months={months.map((m) => ({ month: m.month, label: m.label, invoicedCents: m.invoiced.cents, creditNotesCents: m.creditNotes.cents, collectedCents: m.collected.cents }))}
        />
        <div className={styles.tableRegion} role="region" aria-labelledby="dashboard-months-table" tabIndex={0}>
          <table className={styles.table}>
            <caption id="dashboard-months-table">Invoiced, credit notes and collected per month</caption>
            <thead>
              <tr>
                <th scope="col">Month</th>
                <th scope="col">Invoiced</th>
                <th scope="col">Credit notes</th>
                <th scope="col">Collected</th>
              </tr>
            </thead>
            <tbody>
              {[...months].reverse().map((m) => (
                <tr key={m.month}>
                  <th scope="row">{m === last ? `${m.label} (to date)` : m.label}</th>
                  {[m.invoiced, m.creditNotes, m.collected].map((figure, i) => (
                    <td key={i}>
                      <Link className={styles.tableLink} href={figure.href}>
                        {formatRand(figure.cents)}
                      </Link>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </Section>
  )
}
