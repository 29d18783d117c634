import type { Metadata } from 'next'
import Link from 'next/link'
import React from 'react'

import { formatRand, statusBadge } from '../../../../../domain/display'
import { INVOICE_LIST_STATUSES } from '../../../../../services/dashboard/contract'
import { listInvoices } from '../../../../../services/dashboard/reads'
import { InvoiceTable } from '../../_components/InvoiceTable'
import { EmptyState, PageTitle } from '../../_components/ui'
import { requireSession } from '../../_lib/session'
import { pageTitle } from '../../_lib/title'

export const dynamic = 'force-dynamic'
export const metadata: Metadata = { title: pageTitle('Invoices') }

const PAGE_SIZE = 10
type Status = (typeof INVOICE_LIST_STATUSES)[number]
const SHOWN: Status[] = ['unpaid', 'partially_paid', 'overdue', 'paid']

export default async function InvoicesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { req } = await requireSession()
  const q = await searchParams
  const asked = typeof q.status === 'string' ? q.status : undefined
  const status = asked && (INVOICE_LIST_STATUSES as readonly string[]).includes(asked) ? (asked as Status) : undefined
  const page = Math.max(1, Math.min(100_000, Number.parseInt(typeof q.page === 'string' ? q.page : '1', 10) || 1))
  const result = await listInvoices(req, { status, page, limit: PAGE_SIZE })
  const href = (p: number) => `/portal/invoices?${new URLSearchParams({ ...(status ? { status } : {}), page: String(p) })}`
  const owed = result.summary.unpaid.amountDueCents + result.summary.partially_paid.amountDueCents + result.summary.overdue.amountDueCents
  // Back from NetCash Pay Now: what the customer did there (the invoice changes when NetCash confirms it).
  const payNow = q.paynow === 'paid' ? 'paid' : q.paynow === 'declined' ? 'declined' : null
  return (
    <>
      {payNow && (
        <p role="status" className={`notice tone-${payNow === 'paid' ? 'good' : 'warn'}`}>
          {payNow === 'paid'
            ? 'Thank you: your payment was taken. The invoice shows paid as soon as NetCash confirms it, usually within a minute.'
            : 'The payment was cancelled at NetCash: nothing was taken.'}
        </p>
      )}
      <PageTitle title="Invoices">
        <p className="muted" style={{ margin: 0 }}>
          Still to pay: <strong>{formatRand(owed)}</strong>
        </p>
      </PageTitle>
      <nav className="filters" aria-label="Filter by status">
        <Link href="/portal/invoices" aria-current={status ? undefined : 'true'}>
          All
        </Link>
        {SHOWN.map((s) => (
          <Link key={s} href={`/portal/invoices?status=${s}`} aria-current={status === s ? 'true' : undefined}>
            {statusBadge('invoice', s).label} ({result.summary[s].count})
          </Link>
        ))}
      </nav>
      <section className="card">
        {result.invoices.length ? <InvoiceTable invoices={result.invoices} /> : <EmptyState title={status ? `No ${statusBadge('invoice', status).label.toLowerCase()} invoices` : 'No invoices yet'} />}
        {result.totalPages > 1 && (
          <nav className="pager" aria-label="Pages">
            {page > 1 ? <Link href={href(page - 1)}>← Newer</Link> : <span />}
            <span className="muted">
              Page {result.page} of {result.totalPages}
            </span>
            {result.hasNextPage ? <Link href={href(page + 1)}>Older →</Link> : <span />}
          </nav>
        )}
      </section>
    </>
  )
}
