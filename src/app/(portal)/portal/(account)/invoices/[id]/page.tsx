import { Download } from 'lucide-react'
import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import React from 'react'

import { formatDate, formatRand } from '../../../../../../domain/display'
import { idFromPath } from '../../../../../../endpoints/schemas'
import { getConfig } from '../../../../../../lib/config'
import { invoiceDetail } from '../../../../../../services/dashboard/reads'
import { PayNowButton } from '../../../_components/PayNowButton'
import { PageTitle, StatusBadge } from '../../../_components/ui'
import { requireSession } from '../../../_lib/session'
import { pageTitle } from '../../../_lib/title'

export const dynamic = 'force-dynamic'
export const metadata: Metadata = { title: pageTitle('Invoice') }

/** Pay Now is offered only where it is set up (NetCash on, with a Pay Now service key). */
const payNowOffered = () => getConfig().netcash.enabled && Boolean(getConfig().netcash.payNowKey)

export default async function InvoicePage({ params }: { params: Promise<{ id: string }> }) {
  const { req } = await requireSession()
  const id = idFromPath((await params).id)
  const invoice = id ? await invoiceDetail(req, id) : null
  if (!invoice) notFound()
  const isCreditNote = invoice.kind === 'credit_note'
  return (
    <>
      <p>
        <Link href="/portal/invoices">← All invoices</Link>
      </p>
      <PageTitle title={`${isCreditNote ? 'Credit note' : 'Invoice'} ${invoice.invoiceNumber}`}>
        <div className="actions">
          <StatusBadge kind="invoice" status={invoice.status} />
          <a className="button" href={invoice.pdfUrl} download>
            <Download aria-hidden="true" size={18} /> Download PDF
          </a>
        </div>
      </PageTitle>
      <section className="card">
        <dl className="facts">
          <dt>Date</dt>
          <dd>{formatDate(invoice.invoiceDate)}</dd>
          <dt>Due</dt>
          <dd>{formatDate(invoice.dueDate)}</dd>
          {invoice.periodStart && (
            <>
              <dt>Period</dt>
              <dd>
                {formatDate(invoice.periodStart)} to {formatDate(invoice.periodEnd)}
              </dd>
            </>
          )}
          {invoice.creditedInvoiceNumber && (
            <>
              <dt>Credits</dt>
              <dd>Invoice {invoice.creditedInvoiceNumber}</dd>
            </>
          )}
        </dl>
      </section>
      <section className="card" aria-labelledby="lines-heading">
        <h2 id="lines-heading">What it is for</h2>
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Description</th>
                <th scope="col" className="num hide-phone">Qty</th>
                <th scope="col" className="num hide-phone">Excl. VAT</th>
                <th scope="col" className="num hide-phone">VAT</th>
                <th scope="col" className="num">Incl. VAT</th>
              </tr>
            </thead>
            <tbody>
              {invoice.lines.map((l, i) => (
                <tr key={i}>
                  <td>{l.description}</td>
                  <td className="num hide-phone">{l.quantity}</td>
                  <td className="num hide-phone">{formatRand(l.exclVatCents)}</td>
                  <td className="num hide-phone">
                    {formatRand(l.vatCents)} <span className="muted">({l.vatRatePercent}%)</span>
                  </td>
                  <td className="num">{formatRand(l.inclVatCents)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <td>Total</td>
                <td className="hide-phone" />
                <td className="num hide-phone">{formatRand(invoice.subtotalCents)}</td>
                <td className="num hide-phone">{formatRand(invoice.vatCents)}</td>
                <td className="num">{formatRand(invoice.totalCents)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      </section>
      {!isCreditNote && (
        <section className="card" aria-labelledby="paid-heading">
          <h2 id="paid-heading">Payment</h2>
          <dl className="facts">
            <dt>VAT included</dt>
            <dd>{formatRand(invoice.vatCents)}</dd>
            <dt>Paid</dt>
            <dd>{formatRand(invoice.amountPaidCents)}</dd>
            <dt>Still due</dt>
            <dd>
              <strong>{formatRand(invoice.amountDueCents)}</strong>
            </dd>
          </dl>
          {invoice.settlements.length > 0 ? (
            <ul className="list" style={{ marginTop: '0.75rem' }}>
              {invoice.settlements.map((s, i) => (
                <li key={i}>
                  <span>
                    {s.kind === 'payment' ? 'Payment' : 'Credit note'} {s.reference} · {formatDate(s.date)}
                    {s.clearsOn && <span className="muted"> · debit order, pending clearance until {formatDate(s.clearsOn)}</span>}
                  </span>
                  <strong>{formatRand(s.amountCents)}</strong>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">No payments yet.</p>
          )}
          {invoice.debitOrderOn && (
            <p className="muted" style={{ marginTop: '0.75rem' }}>
              Your debit order collects {formatRand(invoice.amountDueCents)} on {formatDate(invoice.debitOrderOn)}: nothing else to do.
            </p>
          )}
          {payNowOffered() && !invoice.debitOrderOn && ['unpaid', 'partially_paid', 'overdue'].includes(invoice.status) && invoice.amountDueCents > 0 && (
            <div className="actions" style={{ marginTop: '0.75rem' }}>
              <PayNowButton invoiceId={invoice.id} amountLabel={formatRand(invoice.amountDueCents)} />
              <span className="muted">by card or instant EFT, through NetCash</span>
            </div>
          )}
        </section>
      )}
    </>
  )
}
