'use client'

import { useDocumentInfo } from '@payloadcms/ui'
import Link from 'next/link'
import type React from 'react'
import { useEffect, useState } from 'react'

import { apiFetch, dateTime, humanise, rand, shortDate, useRoutes } from './api'

/** A customer's billing at a glance: balance, services, recent invoices and payments, payment methods. */

type BillingOverview = {
  customer: { id: number; displayName: string; accountNumber: string; accountStatus: string; accountType: string }
  account: { balanceCents: number; creditLimitCents: number; autoPay: boolean } | null
  services: {
    id: number
    packageName: string
    type: string
    status: string
    monthlyPriceCents: number
    billingDay: number
    nextBillingDate: string | null
  }[]
  invoices: {
    id: number
    invoiceNumber: string | null
    kind: string
    status: string
    invoiceDate: string
    dueDate: string
    totalCents: number
    amountDueCents: number
  }[]
  transactions: { id: number; transactionId: string; kind?: string; amountCents: number; status: string; createdAt: string }[]
  paymentMethods: { id: number; type: string; displayName: string; isPrimary: boolean; mandateStatus: string | null }[]
}

type OverviewState = { state: 'loading' } | { state: 'ready'; data: BillingOverview } | { state: 'error'; message: string }

const muted: React.CSSProperties = { margin: 0, color: 'var(--theme-elevation-500)', fontSize: '0.9em' }
const th: React.CSSProperties = {
  padding: 'calc(var(--base) * 0.35) calc(var(--base) * 0.5)',
  textAlign: 'left',
  fontWeight: 600,
  whiteSpace: 'nowrap',
  borderBottom: '1px solid var(--theme-elevation-150)',
}
const td: React.CSSProperties = { padding: 'calc(var(--base) * 0.35) calc(var(--base) * 0.5)', borderBottom: '1px solid var(--theme-elevation-100)' }
const num: React.CSSProperties = { textAlign: 'right', whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }

function balanceLabel(cents: number): { label: string; colour: string } {
  if (cents > 0) return { label: 'Owes', colour: 'var(--theme-error-800)' }
  if (cents < 0) return { label: 'In credit', colour: 'var(--theme-success-800)' }
  return { label: 'Settled', colour: 'var(--theme-elevation-800)' }
}

export function CustomerBillingOverview() {
  const { id } = useDocumentInfo()
  const routes = useRoutes()
  const [overview, setOverview] = useState<OverviewState>({ state: 'loading' })

  useEffect(() => {
    if (id === undefined || id === null || id === '') return
    const controller = new AbortController()
    setOverview({ state: 'loading' })
    void apiFetch<BillingOverview>(`${routes.api}/admin/customers/${encodeURIComponent(String(id))}/billing`, {
      signal: controller.signal,
    }).then((res) => {
      if (controller.signal.aborted) return
      if (res.ok && res.body) setOverview({ state: 'ready', data: res.body })
      else setOverview({ state: 'error', message: res.ok ? 'Empty response.' : res.message })
    })
    return () => controller.abort()
  }, [routes.api, id])

  if (id === undefined || id === null || id === '') return null

  return (
    <div data-testid="billing-overview" className="field-type" style={{ marginBottom: 'calc(var(--base) * 1.5)' }}>
      <h3 style={{ margin: '0 0 calc(var(--base) * 0.75)' }}>Billing overview</h3>
      <div aria-live="polite" aria-busy={overview.state === 'loading'}>
        {overview.state === 'loading' && <p style={muted}>Loading…</p>}
        {overview.state === 'error' && (
          <p role="alert" style={{ ...muted, color: 'var(--theme-error-800)' }}>
            Could not load the billing overview: {overview.message}
          </p>
        )}
        {overview.state === 'ready' && <OverviewBody data={overview.data} admin={routes.admin} />}
      </div>
    </div>
  )
}

function OverviewBody({ data, admin }: { data: BillingOverview; admin: string }) {
  const services = data.services ?? []
  const invoices = data.invoices ?? []
  const transactions = data.transactions ?? []
  const paymentMethods = data.paymentMethods ?? []

  return (
    <>
      <AccountSummary account={data.account} />

      <Section title="Services">
        {services.length === 0 ? (
          <p style={muted}>No services.</p>
        ) : (
          <Table headings={['Package', 'Type', 'Status', 'Monthly price', 'Billing day', 'Next billing date']} numeric={[3, 4]}>
            {services.map((s) => (
              <tr key={s.id}>
                <td style={td}>
                  <Link href={`${admin}/collections/services/${s.id}`}>{s.packageName}</Link>
                </td>
                <td style={td}>{humanise(s.type)}</td>
                <td style={td}>{humanise(s.status)}</td>
                <td style={{ ...td, ...num }}>{rand(s.monthlyPriceCents)}</td>
                <td style={{ ...td, ...num }}>{s.billingDay}</td>
                <td style={{ ...td, whiteSpace: 'nowrap' }}>{shortDate(s.nextBillingDate)}</td>
              </tr>
            ))}
          </Table>
        )}
      </Section>

      <Section title="Recent invoices">
        {invoices.length === 0 ? (
          <p style={muted}>No invoices.</p>
        ) : (
          <Table headings={['Number', 'Kind', 'Status', 'Invoice date', 'Due date', 'Total', 'Amount due']} numeric={[5, 6]}>
            {invoices.map((inv) => (
              <tr key={inv.id}>
                <td style={{ ...td, whiteSpace: 'nowrap' }}>
                  <Link href={`${admin}/collections/invoices/${inv.id}`}>{inv.invoiceNumber || `Draft #${inv.id}`}</Link>
                </td>
                <td style={td}>{humanise(inv.kind)}</td>
                <td style={{ ...td, color: inv.status === 'overdue' ? 'var(--theme-error-800)' : undefined }}>{humanise(inv.status)}</td>
                <td style={{ ...td, whiteSpace: 'nowrap' }}>{shortDate(inv.invoiceDate)}</td>
                <td style={{ ...td, whiteSpace: 'nowrap' }}>{shortDate(inv.dueDate)}</td>
                <td style={{ ...td, ...num }}>{rand(inv.totalCents)}</td>
                <td style={{ ...td, ...num }}>{rand(inv.amountDueCents)}</td>
              </tr>
            ))}
          </Table>
        )}
      </Section>

      <Section title="Recent transactions">
        {transactions.length === 0 ? (
          <p style={muted}>No transactions.</p>
        ) : (
          <Table headings={['Transaction', 'Kind', 'Amount', 'Status', 'Date']} numeric={[2]}>
            {transactions.map((t) => (
              <tr key={t.id}>
                <td style={{ ...td, fontFamily: 'monospace' }}>
                  <Link href={`${admin}/collections/payment-transactions/${t.id}`}>{t.transactionId}</Link>
                </td>
                <td style={td}>{humanise(t.kind ?? 'payment')}</td>
                <td style={{ ...td, ...num }}>{rand(t.amountCents)}</td>
                <td style={{ ...td, color: t.status === 'failed' || t.status === 'returned' ? 'var(--theme-error-800)' : undefined }}>
                  {humanise(t.status)}
                </td>
                <td style={{ ...td, whiteSpace: 'nowrap' }}>{dateTime(t.createdAt)}</td>
              </tr>
            ))}
          </Table>
        )}
      </Section>

      <Section title="Payment methods">
        {paymentMethods.length === 0 ? (
          <p style={muted}>No active payment methods.</p>
        ) : (
          <Table headings={['Method', 'Type', 'Primary', 'Mandate']}>
            {paymentMethods.map((m) => (
              <tr key={m.id}>
                <td style={td}>{m.displayName}</td>
                <td style={td}>{humanise(m.type)}</td>
                <td style={td}>{m.isPrimary ? 'Yes' : 'No'}</td>
                <td style={td}>{m.mandateStatus ? humanise(m.mandateStatus) : '—'}</td>
              </tr>
            ))}
          </Table>
        )}
      </Section>
    </>
  )
}

function AccountSummary({ account }: { account: BillingOverview['account'] }) {
  if (!account) return <p style={{ ...muted, marginBottom: 'var(--base)' }}>No billing account.</p>
  const balance = balanceLabel(account.balanceCents)
  const tile: React.CSSProperties = {
    flex: '1 1 10rem',
    padding: 'calc(var(--base) * 0.6) calc(var(--base) * 0.8)',
    borderRadius: 'var(--style-radius-s)',
    background: 'var(--theme-elevation-50)',
    border: '1px solid var(--theme-elevation-150)',
  }
  const tileLabel: React.CSSProperties = { display: 'block', color: 'var(--theme-elevation-500)', fontSize: '0.85em' }
  const tileValue: React.CSSProperties = { display: 'block', fontSize: '1.2em', fontWeight: 600, fontVariantNumeric: 'tabular-nums' }
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 'calc(var(--base) * 0.5)', marginBottom: 'var(--base)' }}>
      <div style={tile}>
        <span style={tileLabel}>Balance · {balance.label}</span>
        <span style={{ ...tileValue, color: balance.colour }}>{rand(Math.abs(account.balanceCents))}</span>
      </div>
      <div style={tile}>
        <span style={tileLabel}>Credit limit</span>
        <span style={tileValue}>{rand(account.creditLimitCents)}</span>
      </div>
      <div style={tile}>
        <span style={tileLabel}>Auto-pay</span>
        <span style={tileValue}>{account.autoPay ? 'On' : 'Off'}</span>
      </div>
    </div>
  )
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section style={{ marginBottom: 'var(--base)' }}>
      <h4 style={{ margin: '0 0 calc(var(--base) * 0.4)' }}>{title}</h4>
      {children}
    </section>
  )
}

function Table({ headings, numeric = [], children }: { headings: string[]; numeric?: number[]; children: React.ReactNode }) {
  return (
    <div style={{ overflowX: 'auto' }}>
      <table style={{ width: '100%', borderCollapse: 'collapse', fontSize: '0.9em' }}>
        <thead>
          <tr>
            {headings.map((h, i) => (
              <th key={h} scope="col" style={numeric.includes(i) ? { ...th, textAlign: 'right' } : th}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  )
}
