import type { Metadata } from 'next'
import Link from 'next/link'
import React from 'react'

import { balanceTone, formatDate, formatRand, formatSastDateTime } from '../../../../../domain/display'
import { billingDetails } from '../../../../../services/dashboard/reads'
import { PreferenceToggles } from '../../_components/Toggles'
import { EmptyState, PageTitle, StatCard, StatusBadge } from '../../_components/ui'
import { requireSession } from '../../_lib/session'
import { pageTitle } from '../../_lib/title'

export const dynamic = 'force-dynamic'
export const metadata: Metadata = { title: pageTitle('Billing') }

export default async function BillingPage() {
  const { req } = await requireSession()
  const { billing, transactions } = await billingDetails(req)
  const balance = balanceTone(billing.balanceCents)
  return (
    <>
      <PageTitle title="Billing" />
      <div className="grid stats">
        <StatCard label="Balance" value={formatRand(Math.abs(billing.balanceCents))} detail={balance.label} tone={balance.tone} />
        <StatCard label="Due now" value={formatRand(billing.amountDueCents)} detail={<Link href="/portal/invoices?status=unpaid">Unpaid invoices</Link>} />
        <StatCard label="Next bill" value={formatDate(billing.nextBillingDate)} detail={billing.nextBillingDate ? formatRand(billing.nextBillingAmountCents) : 'Nothing scheduled'} />
        <StatCard label="Credit limit" value={formatRand(billing.creditLimitCents)} />
      </div>
      <div className="grid two-col">
        <section className="card" aria-labelledby="pay-heading">
          <h2 id="pay-heading">How you pay</h2>
          {billing.primaryPaymentMethod ? (
            <p>
              <strong>{billing.primaryPaymentMethod.displayName}</strong>{' '}
              {billing.primaryPaymentMethod.mandateStatus && <StatusBadge kind="mandate" status={billing.primaryPaymentMethod.mandateStatus} />}
            </p>
          ) : (
            <p className="muted">No primary payment method yet.</p>
          )}
          <PreferenceToggles
            initial={{ autoPay: billing.autoPay, notifyBySms: billing.notifyBySms, notifyByEmail: billing.notifyByEmail }}
            keys={[{ key: 'autoPay', label: 'Auto-pay: collect each invoice on its due date', hint: 'Needs a primary card, or a debit order whose mandate you have approved.' }]}
          />
          <p>
            <Link href="/portal/payment-methods">Manage payment methods</Link>
          </p>
        </section>
        <section className="card" aria-labelledby="transactions-heading">
          <h2 id="transactions-heading">Recent payments</h2>
          {transactions.length === 0 ? (
            <EmptyState title="No payments yet" />
          ) : (
            <ul className="list">
              {transactions.map((t) => (
                <li key={t.id}>
                  <div>
                    <p className="title" style={{ margin: 0 }}>
                      {t.kind === 'refund' ? `Refund of ${formatRand(t.amountCents)} to you` : formatRand(t.amountCents)} {t.invoiceNumber ? `for ${t.invoiceNumber}` : ''}
                    </p>
                    <p className="muted" style={{ margin: '0.15rem 0 0' }}>
                      {formatSastDateTime(t.date)}
                      {t.paymentMethod ? ` · ${t.paymentMethod}` : ''}
                      {t.failureReason ? ` · ${t.failureReason}` : ''}
                    </p>
                  </div>
                  <StatusBadge kind="transaction" status={t.status} />
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  )
}
