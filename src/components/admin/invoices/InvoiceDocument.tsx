'use client'

import { useAllFormFields, useDocumentInfo } from '@payloadcms/ui'
import { reduceFieldsToValues } from 'payload/shared'
import { useEffect, useMemo, useState } from 'react'

import { sastDateOf } from '../../../domain/calendarDate'
import { formatDate, formatRand, formatSastDateTime, invoiceStatusLabel } from '../../../domain/display'
import { formatPercent } from '../../../domain/percentInput'
import { optionLabelOf } from '../../../domain/optionLabels'
import { apiFetch, relationId, useRoutes } from '../lifecycle/api'
import { numericId } from '../billing/dialog'

type Line = { description?: string; kind?: string; quantity?: number; unitPriceCents?: number; exclVatCents?: number; vatRateBasisPoints?: number; vatCents?: number; inclVatCents?: number }
type Allocation = {
  id: number
  amountCents: number
  createdAt: string
  invoice?: { id: number; invoiceNumber?: string | null } | number | null
  payment?: { id: number; transactionId: string; completedAt?: string | null } | number | null
  creditNote?: { id: number; invoiceNumber?: string | null; invoiceDate?: string } | number | null
}
type Refund = { id: number; transactionId: string; amountCents: number; completedAt?: string | null }
type Settlement = { allocations: Allocation[]; refunds: Refund[] }
type Names = { customer?: string; credited?: string }

const money = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) ? formatRand(v) : '—')
const day = (v: unknown) => (typeof v === 'string' && v ? formatDate(sastDateOf(v)) : '—')
const doc = <T extends object>(v: T | number | null | undefined): T | undefined => (v && typeof v === 'object' ? v : undefined)

const cell: React.CSSProperties = { padding: '0.4rem 0.5rem', borderBottom: '1px solid var(--theme-elevation-150)', textAlign: 'left', verticalAlign: 'top' }
const num: React.CSSProperties = { ...cell, textAlign: 'right', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }

/**
 * An issued invoice or credit note as the document it is: no inputs, no line menus. Header,
 * lines with their VAT, totals, and how it was settled (each payment and credit note that paid
 * it, linked; for a credit note, the invoices it paid and the refunds drawn on it). The actions
 * are in the sidebar (InvoiceActions).
 */
export function InvoiceDocument() {
  const { id } = useDocumentInfo()
  const [fields] = useAllFormFields()
  const values = useMemo(() => reduceFieldsToValues(fields, true) as Record<string, unknown>, [fields])
  const { api, admin } = useRoutes()
  const [settlement, setSettlement] = useState<Settlement | null>(null)
  const [failed, setFailed] = useState(false)
  const [names, setNames] = useState<Names>({})
  const invoiceId = numericId(id)
  const isCreditNote = values.kind === 'credit_note'
  const customerId = relationId(values.customer)
  const creditedId = relationId(values.creditedInvoice)

  // The customer and the credited invoice by name and number, not by row id.
  useEffect(() => {
    const controller = new AbortController()
    const read = <T,>(path: string) => apiFetch<T>(`${api}${path}`, { signal: controller.signal }).then((r) => (r.ok ? r.body : undefined))
    void Promise.all([
      customerId === undefined ? undefined : read<{ displayName?: string | null; accountNumber?: string | null }>(`/customers/${customerId}?depth=0&select[displayName]=true&select[accountNumber]=true`),
      creditedId === undefined ? undefined : read<{ invoiceNumber?: string | null }>(`/invoices/${creditedId}?depth=0&select[invoiceNumber]=true`),
    ]).then(([customer, credited]) => {
      if (controller.signal.aborted) return
      setNames({
        customer: customer ? [customer.displayName, customer.accountNumber].filter(Boolean).join(' · ') || undefined : undefined,
        credited: credited?.invoiceNumber ?? undefined,
      })
    })
    return () => controller.abort()
  }, [api, customerId, creditedId])

  useEffect(() => {
    if (invoiceId === undefined) return
    const controller = new AbortController()
    const by = isCreditNote ? 'creditNote' : 'invoice'
    Promise.all([
      apiFetch<{ docs: Allocation[] }>(`${api}/payment-allocations?where[${by}][equals]=${invoiceId}&depth=1&limit=100&sort=createdAt`, { signal: controller.signal }),
      isCreditNote
        ? apiFetch<{ docs: Refund[] }>(`${api}/payment-transactions?where[refundOfCreditNote][equals]=${invoiceId}&where[status][equals]=completed&depth=0&limit=100&sort=createdAt`, { signal: controller.signal })
        : Promise.resolve({ ok: true as const, status: 200, body: { docs: [] as Refund[] } }),
    ]).then(([a, r]) => {
      if (controller.signal.aborted) return
      if (!a.ok || !r.ok) return setFailed(true)
      setSettlement({ allocations: a.body.docs, refunds: r.body.docs })
    })
    return () => controller.abort()
  }, [api, invoiceId, isCreditNote, values.amountPaidCents])

  if (invoiceId === undefined || values.status === 'draft') return null
  const lines = (Array.isArray(values.lines) ? values.lines : []) as Line[]
  const status = invoiceStatusLabel(values.kind as string, String(values.status))
  // A credit note is issued settled: what matters is how much of it invoices used, how much went
  // back to the customer, and what is left on the account, from its allocations and refunds.
  const sum = (rows: { amountCents: number }[]) => rows.reduce((total, r) => total + r.amountCents, 0)
  const applied = settlement ? sum(settlement.allocations) : undefined
  const refunded = settlement ? sum(settlement.refunds) : undefined
  const total = typeof values.totalCents === 'number' ? values.totalCents : undefined
  const creditLeft = total !== undefined && applied !== undefined && refunded !== undefined && values.status !== 'void' ? total - applied - refunded : undefined
  const title = isCreditNote ? 'Credit note' : values.kind === 'pro_rata' ? 'Pro-rata tax invoice' : 'Tax invoice'
  const link = (collection: string, docId: number | string | undefined, text: string) =>
    docId === undefined ? text : <a href={`${admin}/collections/${collection}/${docId}`}>{text}</a>

  return (
    <section aria-labelledby="invoice-document-title" style={{ marginBottom: 'calc(var(--base) * 1.5)', border: '1px solid var(--theme-elevation-150)', borderRadius: '4px', padding: 'calc(var(--base) * 1)' }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', gap: '0.5rem 1rem', alignItems: 'baseline' }}>
        <h2 id="invoice-document-title" style={{ margin: 0, fontSize: '1.25rem' }}>
          {title} {String(values.invoiceNumber ?? '')}
        </h2>
        <strong>{status.label}</strong>
      </div>
      <dl style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(11rem, 1fr))', gap: '0.5rem 1rem', margin: 'calc(var(--base) * 0.75) 0' }}>
        <div>
          <dt>Customer</dt>
          <dd style={{ margin: 0 }}>{link('customers', customerId, names.customer ?? `Customer ${customerId ?? ''}`)}</dd>
        </div>
        <div>
          <dt>Kind</dt>
          <dd style={{ margin: 0 }}>{optionLabelOf(String(values.kind ?? ''))}</dd>
        </div>
        <div>
          <dt>Invoice date</dt>
          <dd style={{ margin: 0 }}>{day(values.invoiceDate)}</dd>
        </div>
        {!isCreditNote ? (
          <div>
            <dt>Due date</dt>
            <dd style={{ margin: 0 }}>{day(values.dueDate)}</dd>
          </div>
        ) : null}
        {values.periodStart ? (
          <div>
            <dt>Period</dt>
            <dd style={{ margin: 0 }}>
              {day(values.periodStart)} to {day(values.periodEnd)}
            </dd>
          </div>
        ) : null}
        {isCreditNote && creditedId !== undefined ? (
          <div>
            <dt>Credits</dt>
            <dd style={{ margin: 0 }}>{link('invoices', creditedId, names.credited ?? `Invoice ${creditedId}`)}</dd>
          </div>
        ) : null}
      </dl>
      <div style={{ overflowX: 'auto' }}>
        <table style={{ width: '100%', borderCollapse: 'collapse', minWidth: '36rem' }}>
          <caption style={{ textAlign: 'left', fontWeight: 600, marginBottom: '0.25rem' }}>Lines</caption>
          <thead>
            <tr>
              <th scope="col" style={cell}>Description</th>
              <th scope="col" style={num}>Qty</th>
              <th scope="col" style={num}>Unit price</th>
              <th scope="col" style={num}>Excl. VAT</th>
              <th scope="col" style={num}>VAT rate</th>
              <th scope="col" style={num}>VAT</th>
              <th scope="col" style={num}>Incl. VAT</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l, i) => (
              <tr key={i}>
                <td style={cell}>{l.description}</td>
                <td style={num}>{l.quantity ?? 1}</td>
                <td style={num}>{money(l.unitPriceCents)}</td>
                <td style={num}>{money(l.exclVatCents)}</td>
                <td style={num}>{typeof l.vatRateBasisPoints === 'number' ? formatPercent(l.vatRateBasisPoints) : '—'}</td>
                <td style={num}>{money(l.vatCents)}</td>
                <td style={num}>{money(l.inclVatCents)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            {[
              ['Subtotal excl. VAT', values.subtotalCents],
              ['VAT', values.vatCents],
              ['Total incl. VAT', values.totalCents],
              ...(isCreditNote
                ? [
                    ['Applied to invoices', applied],
                    ['Refunded to the customer', refunded],
                    ['Left as account credit', creditLeft],
                  ]
                : [
                    ['Paid', values.amountPaidCents],
                    ['Amount due', values.amountDueCents],
                  ]),
            ].map(([label, value]) => (
              <tr key={String(label)}>
                <th scope="row" colSpan={6} style={{ ...num, fontWeight: 600 }}>
                  {String(label)}
                </th>
                <td style={{ ...num, fontWeight: 600 }}>{money(value)}</td>
              </tr>
            ))}
          </tfoot>
        </table>
      </div>
      <h3 style={{ fontSize: '1rem', margin: 'calc(var(--base) * 1) 0 0.25rem' }}>{isCreditNote ? 'How this credit was used' : 'How it was settled'}</h3>
      {failed ? (
        <p role="status">The settlement could not be loaded. Reload the page to try again.</p>
      ) : !settlement ? (
        <p role="status">Loading…</p>
      ) : settlement.allocations.length === 0 && settlement.refunds.length === 0 ? (
        <p>{isCreditNote ? 'Not used yet: the credit stays on the account.' : 'Nothing paid yet.'}</p>
      ) : (
        <ul style={{ margin: 0, paddingLeft: '1.25rem' }}>
          {settlement.allocations.map((a) => {
            const payment = doc(a.payment)
            const note = doc(a.creditNote)
            const paid = doc(a.invoice)
            return (
              <li key={a.id}>
                {formatRand(a.amountCents)}{' '}
                {isCreditNote
                  ? <>applied to {link('invoices', paid?.id ?? (a.invoice as number), paid?.invoiceNumber ?? `invoice ${a.invoice}`)}</>
                  : payment
                    ? <>paid by {link('payment-transactions', payment.id, `payment ${payment.transactionId}`)}</>
                    : note
                      ? <>credited by {link('invoices', note.id, `credit note ${note.invoiceNumber ?? note.id}`)}</>
                      : 'allocated'}{' '}
                on {formatSastDateTime(a.createdAt)}
              </li>
            )
          })}
          {settlement.refunds.map((r) => (
            <li key={`r${r.id}`}>
              {formatRand(r.amountCents)} refunded to the customer ({link('payment-transactions', r.id, r.transactionId)}) on {day(r.completedAt)}
            </li>
          ))}
        </ul>
      )}
      {values.status === 'void' ? <p style={{ marginBottom: 0 }}><strong>Voided:</strong> {String(values.voidReason ?? '')}</p> : null}
    </section>
  )
}
