import { DefaultTemplate } from '@payloadcms/next/templates'
import { Gutter } from '@payloadcms/ui'
import Link from 'next/link'
import type { AdminViewServerProps } from 'payload'

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
  const isStaff = (user as { collection?: string } | null)?.collection === 'users'
  const admin = payload.config.routes.admin
  const api = payload.config.routes.api

  const today = sastDateOf(new Date())
  const asked = typeof searchParams?.asOf === 'string' ? searchParams.asOf : undefined
  const askedIsDay = asked === undefined || isCalendarDate(asked)
  const asOf = asked && isCalendarDate(asked) ? asked : today
  const report = isStaff ? await ageingReport(payload, { asOf }) : null
  const shown = report ? report.customers.slice(0, AGEING_PAGE_ROWS) : []

  return (
    <DefaultTemplate
      i18n={req.i18n}
      locale={locale}
      params={params}
      payload={payload}
      permissions={permissions}
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

        {!report && <p>Only billing staff can read the ageing.</p>}

        {report && (
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
                {askedIsDay ? `A SAST calendar day. Today is ${formatDate(today)}.` : `"${asked}" is not a day; showing today, ${formatDate(today)}.`}
              </p>
            </form>

            <section className={styles.section} aria-labelledby="ageing-totals">
              <h2 id="ageing-totals">Totals</h2>
              <p className={styles.sectionNote}>
                {formatRand(report.totals.totalCents)} due on {plural(report.totals.invoiceCount, 'open invoice')} from {plural(report.totals.customerCount, 'customer')}. Select an amount to open its invoices.
              </p>
              <div className={`${styles.panel} ${styles.tableRegion}`} role="region" aria-labelledby="ageing-totals-caption" tabIndex={0}>
                <table className={styles.table}>
                  <caption id="ageing-totals-caption">Amount due by days past due</caption>
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
                </table>
              </div>
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
                <div className={`${styles.panel} ${styles.tableRegion}`} role="region" aria-labelledby="ageing-customers-caption" tabIndex={0}>
                  <table className={styles.table}>
                    <caption id="ageing-customers-caption">Amount due per customer as of {formatDate(asOf)}</caption>
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
                  </table>
                </div>
              )}
            </section>
          </>
        )}
      </Gutter>
    </DefaultTemplate>
  )
}
