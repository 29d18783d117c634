import { CreditCard, Download, Gauge } from 'lucide-react'
import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import React from 'react'

import { balanceTone, formatDate, formatGb, formatRand, plural } from '../../../../domain/display'
import { dashboardSummary } from '../../../../services/dashboard/summary'
import { ServiceList } from '../_components/ServiceList'
import { InvoiceTable } from '../_components/InvoiceTable'
import { EmptyState, StatCard, StatusBadge } from '../_components/ui'
import { requireSession } from '../_lib/session'
import { pageTitle } from '../_lib/title'

export const dynamic = 'force-dynamic'
export const metadata: Metadata = { title: pageTitle('My account') }

export default async function PortalHome() {
  const { payload, customer } = await requireSession()
  const summary = await dashboardSummary(payload, customer.id)
  if (!summary) notFound()
  const { account, billing, stats } = summary
  const balance = balanceTone(billing.balanceCents)
  const latest = summary.recentInvoices[0]
  return (
    <>
      <section className="card" aria-labelledby="account-heading">
        <div className="card-head">
          <div>
            <h1 id="account-heading">Hello, {customer.firstName}</h1>
            <p className="muted">
              Account <span className="account-number">{account.accountNumber}</span> · customer since {formatDate(account.customerSince)}
            </p>
          </div>
          <StatusBadge kind="account" status={account.status} />
        </div>
        <div className="actions">
          {latest && (
            <a className="button secondary" href={latest.pdfUrl} download>
              <Download aria-hidden="true" size={18} /> Latest invoice ({latest.invoiceNumber})
            </a>
          )}
          <Link className="button" href={billing.primaryPaymentMethod ? '/portal/billing' : '/portal/payment-methods'}>
            <CreditCard aria-hidden="true" size={18} /> {billing.primaryPaymentMethod ? 'Pay and billing' : 'Add a payment method'}
          </Link>
          <Link className="button secondary" href="/portal/usage">
            <Gauge aria-hidden="true" size={18} /> See usage
          </Link>
        </div>
      </section>

      <div className="grid stats">
        <StatCard label="Active services" value={stats.activeServices} detail={plural(summary.services.length, 'service')} />
        <StatCard label="Balance" value={formatRand(Math.abs(billing.balanceCents))} detail={balance.label} tone={balance.tone} />
        <StatCard
          label="Next bill"
          value={billing.nextBillingDate ? formatDate(billing.nextBillingDate) : '—'}
          detail={billing.nextBillingDate ? formatRand(billing.nextBillingAmountCents) : 'Nothing scheduled'}
        />
        <StatCard label="Data this cycle" value={formatGb(stats.usedBytesThisCycle)} detail="all services" />
      </div>

      {stats.overdueInvoices > 0 && (
        <div className="banner tone-bad" role="alert">
          <p className="banner-title">
            {plural(stats.overdueInvoices, 'invoice')} overdue: {formatRand(stats.overdueTotalCents)}
          </p>
          <p>
            <Link href="/portal/invoices?status=overdue">See what is overdue</Link>
          </p>
        </div>
      )}

      <div className="grid two-col">
        <section className="card" aria-labelledby="services-heading">
          <div className="card-head">
            <h2 id="services-heading">Your services</h2>
            <Link href="/portal/services">All services</Link>
          </div>
          {summary.services.length ? <ServiceList services={summary.services} /> : <EmptyState title="No services yet" />}
        </section>
        <section className="card" aria-labelledby="invoices-heading">
          <div className="card-head">
            <h2 id="invoices-heading">Recent invoices</h2>
            <Link href="/portal/invoices">All invoices</Link>
          </div>
          {summary.recentInvoices.length ? <InvoiceTable invoices={summary.recentInvoices} compact /> : <EmptyState title="No invoices yet" />}
        </section>
      </div>

      {summary.recentOrders.length > 0 && (
        <section className="card" aria-labelledby="orders-heading">
          <h2 id="orders-heading">Your orders</h2>
          <ul className="list">
            {summary.recentOrders.map((o) => (
              <li key={o.id}>
                <span className="title">{o.orderNumber}</span>
                <StatusBadge kind="order" status={o.status} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  )
}
