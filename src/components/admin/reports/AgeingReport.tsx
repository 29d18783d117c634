import { DefaultTemplate } from '@payloadcms/next/templates'
import { Gutter } from '@payloadcms/ui'
import Link from 'next/link'
import { redirect } from 'next/navigation'
import type { AdminViewServerProps } from 'payload'
import type React from 'react'

import { staffOf } from '../../../access/identity'
import { AGEING_BUCKETS } from '../../../domain/ageing'
import { ageingBucketList, adminListHref, customerOutstandingList } from '../../../domain/billingDashboard'
import { isCalendarDate, sastDateOf } from '../../../domain/calendarDate'
import { formatDate, plural } from '../../../domain/display'
import { formatRand } from '../../../domain/money'
import { ageingReport } from '../../../services/reports/ageing'
import styles from '../dashboard/dashboard.module.css'
import { AsOfDay } from './AsOfDay'

/** How many customers the page lists; the CSV download has every one. */
export const AGEING_PAGE_ROWS = 100

const bucketHeading = (b: (typeof AGEING_BUCKETS)[number]) => (b.key === 'current' ? 'Current' : b.label)

/**
 * The debtors' ageing as a page of the admin panel (`/admin/reports/ageing`, a custom root view):
 * the totals per bucket and the customers who owe most, for any as-of day, with the whole report
 * as a CSV (GET /api/admin/reports/ageing?format=csv). A server component: the figures are read
 * straight from the service behind the endpoint, and the as-of form is a plain GET form.
 */
export async function AgeingReportView({ initPageResult, params, searchParams }: AdminViewServerProps) {
  const { req, permissions, visibleEntities, locale } = initPageResult
  const { payload, user } = req
  const admin = payload.config.routes.admin
  const api = payload.config.routes.api
  // Payload treats a custom root view as public: only staff read it; anyone else signs in first.
  if (!staffOf(req)) redirect(user ? `${admin}/unauthorized` : `${admin}/login?redirect=${encodeURIComponent(`${admin}/reports/ageing`)}`)

  const today = sastDateOf(new Date())
  const asked = typeof searchParams?.asOf === 'string' && searchParams.asOf !== '' ? searchParams.asOf : undefined
  const askedIsDay = asked === undefined || isCalendarDate(asked)
  const asOf = asked && isCalendarDate(asked) ? asked : today
  const report = await ageingReport(payload, { asOf })
  const shown = report.customers.slice(0, AGEING_PAGE_ROWS)

  return (
    <DefaultTemplate
      i18n={req.i18n}
      locale={locale}
      params={params}
      payload={payload}
      permissions={permissions}
      req={req}
      searchParams={searchParams}
      user={user ?? undefined}
      visibleEntities={visibleEntities}
    >
      <Gutter className={`${styles.root} ageing-report`}>
        <header className={styles.header}>
          <p className={styles.muted}>
            <Link className={styles.tableLink} href={admin}>
              Billing dashboard
            </Link>
          </p>
          <h1>Debtors&apos; ageing</h1>
          <p className={styles.muted}>
            What customers owe on open invoices, by days past the due date as of {formatDate(asOf)}. Amounts are what is open now; the as-of day moves how far past due they count.
          </p>
        </header>

        <>
            <form method="get" className={styles.asOfForm} aria-label="Ageing as of a day">
              <div>
                <label htmlFor="ageing-as-of">As of</label>
                <AsOfDay id="ageing-as-of" name="asOf" initial={asOf} describedBy="ageing-as-of-hint" invalid={!askedIsDay} />
              </div>
              <button type="submit" className="btn btn--style-secondary btn--size-small">
                Show ageing
              </button>
              <a className="btn btn--style-secondary btn--size-small" href={`${api}/admin/reports/ageing?asOf=${asOf}&format=csv`} download>
                Download CSV<span className={styles.visuallyHidden}> of every customer&apos;s ageing as of {formatDate(asOf)}</span>
              </a>
              <p id="ageing-as-of-hint" className={askedIsDay ? styles.muted : styles.warning}>
                {askedIsDay ? `A SAST calendar day. Today is ${formatDate(today)}.` : `That is not a day (YYYY-MM-DD); showing today, ${formatDate(today)}.`}
              </p>
            </form>

            <section className={styles.section} aria-labelledby="ageing-totals">
              <h2 id="ageing-totals">Totals</h2>
              <p className={styles.sectionNote}>
                {formatRand(report.totals.totalCents)} due on {plural(report.totals.invoiceCount, 'open invoice')} from {plural(report.totals.customerCount, 'customer')}. Select an amount to open its invoices.
              </p>
              <TableRegion captionId="ageing-totals-caption" caption="Amount due by days past due">
                  <thead>
                    <tr>
                      {AGEING_BUCKETS.map((b) => (
                        <th key={b.key} scope="col">
                          {bucketHeading(b)}
                        </th>
                      ))}
                      <th scope="col">Total</th>
                    </tr>
                  </thead>
                  <tbody>
                    <tr>
                      {AGEING_BUCKETS.map((b) => (
                        <td key={b.key}>
                          <Link className={styles.tableLink} href={adminListHref(admin, ageingBucketList(b, asOf))}>
                            {formatRand(report.totals.buckets[b.key])}
                            <span className={styles.visuallyHidden}> {b.key === 'current' ? 'not yet due' : `${b.label} past due`}</span>
                          </Link>
                        </td>
                      ))}
                      <td>
                        <strong>{formatRand(report.totals.totalCents)}</strong>
                      </td>
                    </tr>
                  </tbody>
              </TableRegion>
            </section>

            <section className={styles.section} aria-labelledby="ageing-customers">
              <h2 id="ageing-customers">By customer</h2>
              <p className={styles.sectionNote}>
                {report.customers.length > shown.length
                  ? `The ${shown.length} customers who owe most, of ${report.customers.length}; the CSV has every one.`
                  : report.customers.length === 0
                    ? 'Nobody owes anything.'
                    : `Every customer who owes something, largest total first.`}
              </p>
              {shown.length > 0 && (
                <TableRegion captionId="ageing-customers-caption" caption={`Amount due per customer as of ${formatDate(asOf)}`}>
                    <thead>
                      <tr>
                        <th scope="col">Customer</th>
                        {AGEING_BUCKETS.map((b) => (
                          <th key={b.key} scope="col">
                            {bucketHeading(b)}
                          </th>
                        ))}
                        <th scope="col">Total</th>
                        <th scope="col">Invoices</th>
                      </tr>
                    </thead>
                    <tbody>
                      {shown.map((row) => (
                        <tr key={row.customerId}>
                          <th scope="row">
                            <Link className={styles.tableLink} href={`${admin}/collections/customers/${row.customerId}`}>
                              {row.name}
                            </Link>{' '}
                            <span className={styles.muted}>{row.accountNumber}</span>
                          </th>
                          {AGEING_BUCKETS.map((b) => (
                            <td key={b.key}>{formatRand(row.buckets[b.key])}</td>
                          ))}
                          <td>
                            <strong>{formatRand(row.totalCents)}</strong>
                          </td>
                          <td>
                            <Link className={styles.tableLink} href={adminListHref(admin, customerOutstandingList(row.customerId))}>
                              {row.invoiceCount}
                              <span className={styles.visuallyHidden}> open {row.invoiceCount === 1 ? 'invoice' : 'invoices'} of {row.name}</span>
                            </Link>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                </TableRegion>
              )}
            </section>
        </>
      </Gutter>
    </DefaultTemplate>
  )
}

/** A table that scrolls sideways on a phone, as a focusable region named by its caption. */
function TableRegion({ captionId, caption, children }: { captionId: string; caption: string; children: React.ReactNode }) {
  return (
    <div className={`${styles.panel} ${styles.tableRegion}`} role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className={styles.table}>
        <caption id={captionId}>{caption}</caption>
        {children}
      </table>
    </div>
  )
}
