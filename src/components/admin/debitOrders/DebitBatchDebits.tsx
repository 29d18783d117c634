'use client'

import { useDocumentInfo } from '@payloadcms/ui'
import type React from 'react'
import { useEffect, useState } from 'react'

import { formatRand, formatSastDateTime, statusBadge } from '../../../domain/display'
import styles from '../jobRuns/jobRuns.module.css'
import { apiFetch, useRoutes } from '../lifecycle/api'

/**
 * In a debit-order run: every debit of its file, in file order, with where it stands and why
 * (the load report's or the bank's reason), each linked to its payment, invoice and customer.
 */

type Named = { id: number; invoiceNumber?: string | null; displayName?: string | null; accountNumber?: string | null }
type Debit = {
  id: number
  batchLine?: number | null
  amountCents: number
  status: string
  failureReason?: string | null
  returnReasonCode?: string | null
  clearedAt?: string | null
  returnedAt?: string | null
  completedAt?: string | null
  invoice?: Named | number | null
  customer?: Named | number | null
}

const cell: React.CSSProperties = { padding: '0.35rem 0.5rem', borderBottom: '1px solid var(--theme-elevation-150)', textAlign: 'left', verticalAlign: 'top' }
const num: React.CSSProperties = { ...cell, textAlign: 'right', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }
const muted: React.CSSProperties = { margin: 0, color: 'var(--theme-elevation-650)', fontSize: '0.9em' }

const FIELDS = ['batchLine', 'amountCents', 'status', 'failureReason', 'returnReasonCode', 'clearedAt', 'returnedAt', 'completedAt', 'invoice', 'customer']

/** A debit's state as the clerk reads it: a collected debit is "collected" until it clears. */
function stateOf(d: Debit): string {
  if (d.status === 'completed') return d.clearedAt ? 'Cleared' : 'Collected, not cleared'
  if (d.status === 'submitted') return 'Awaiting action date'
  if (d.status === 'failed') return 'Rejected'
  return statusBadge('transaction', d.status).label
}

export function DebitBatchDebits() {
  const { id } = useDocumentInfo()
  const routes = useRoutes()
  const [debits, setDebits] = useState<Debit[] | null>(null)
  const [total, setTotal] = useState(0)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    if (id === undefined || id === null) return
    const controller = new AbortController()
    const select = FIELDS.map((f) => `&select[${f}]=true`).join('')
    void apiFetch<{ docs?: Debit[]; totalDocs?: number }>(`${routes.api}/payment-transactions?where[debitBatch][equals]=${encodeURIComponent(String(id))}&sort=batchLine&limit=250&depth=1${select}`, { signal: controller.signal }).then((res) => {
      if (controller.signal.aborted) return
      if (res.ok) {
        setDebits(res.body?.docs ?? [])
        setTotal(res.body?.totalDocs ?? 0)
      }
      else setError(res.message)
    })
    return () => controller.abort()
  }, [id, routes.api])

  if (id === undefined || id === null) return null
  return (
    <div className={`field-type ${styles.root}`} style={{ margin: 'var(--base) 0' }}>
      <h4 style={{ margin: '0 0 calc(var(--base) * 0.5)' }}>Debits in this run</h4>
      {error && <p role="alert" style={{ ...muted, color: 'var(--theme-error-650)' }}>Could not load the debits: {error}</p>}
      {!error && debits === null && <p style={muted}>Loading debits…</p>}
      {debits && debits.length === 0 && <p style={muted}>No debits.</p>}
      {debits && total > debits.length && (
        <p style={muted}>
          The first {debits.length} of {total} debits, in file order. <a href={`${routes.admin}/collections/payment-transactions?where[debitBatch][equals]=${String(id)}`}>All of them in the payments list</a>.
        </p>
      )}
      {debits && debits.length > 0 && (
        <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label="Debits in this run">
          <table style={{ borderCollapse: 'collapse', width: '100%', fontSize: '0.9em' }}>
            <thead>
              <tr>
                {['Line', 'Invoice', 'Customer', 'Amount', 'State', 'Reason'].map((h) => (
                  <th key={h} scope="col" style={h === 'Amount' || h === 'Line' ? num : cell}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {debits.map((d) => {
                const invoice = typeof d.invoice === 'object' ? d.invoice : null
                const customer = typeof d.customer === 'object' ? d.customer : null
                const when = d.returnedAt ?? d.completedAt
                return (
                  <tr key={d.id}>
                    <td style={num}>{d.batchLine ?? '—'}</td>
                    <td style={cell}>{invoice ? <a href={`${routes.admin}/collections/invoices/${invoice.id}`}>{invoice.invoiceNumber ?? `Invoice ${invoice.id}`}</a> : '—'}</td>
                    <td style={cell}>{customer ? <a href={`${routes.admin}/collections/customers/${customer.id}`}>{customer.displayName ?? customer.accountNumber}</a> : '—'}</td>
                    <td style={num}>{formatRand(d.amountCents)}</td>
                    <td style={cell}>
                      <a href={`${routes.admin}/collections/payment-transactions/${d.id}`}>{stateOf(d)}</a>
                      {when && <div style={muted}>{formatSastDateTime(when)}</div>}
                    </td>
                    <td style={cell}>{[d.returnReasonCode && `Code ${d.returnReasonCode}`, d.failureReason].filter(Boolean).join(': ') || '—'}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}
