import Link from 'next/link'
import React from 'react'

import { formatDate, formatRand } from '../../../../domain/display'
import type { InvoiceListItem } from '../../../../services/dashboard/contract'
import { StatusBadge } from './ui'

/** Invoices as a table on wider screens and as cards on a phone. */
export function InvoiceTable({ invoices, compact = false }: { invoices: InvoiceListItem[]; compact?: boolean }) {
  return (
    <>
      <div className="table-wrap invoice-table">
        <table className="data">
          <caption className="visually-hidden">Invoices</caption>
          <thead>
            <tr>
              <th scope="col">Invoice</th>
              <th scope="col">Date</th>
              {!compact && <th scope="col">Due</th>}
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {invoices.map((i) => (
              <tr key={i.id}>
                <td>
                  <Link href={`/portal/invoices/${i.id}`}>{i.invoiceNumber}</Link>
                </td>
                <td>{formatDate(i.invoiceDate)}</td>
                {!compact && <td>{formatDate(i.dueDate)}</td>}
                <td className="num">{formatRand(i.totalCents)}</td>
                <td>
                  <StatusBadge kind="invoice" status={i.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="list invoice-cards">
        {invoices.map((i) => (
          <li key={i.id}>
            <div>
              <Link className="title" href={`/portal/invoices/${i.id}`}>
                {i.invoiceNumber}
              </Link>
              <p className="muted" style={{ margin: '0.15rem 0 0' }}>
                {formatDate(i.invoiceDate)} · due {formatDate(i.dueDate)}
              </p>
            </div>
            <div style={{ textAlign: 'right' }}>
              <p style={{ margin: 0, fontWeight: 700 }}>{formatRand(i.totalCents)}</p>
              <StatusBadge kind="invoice" status={i.status} />
            </div>
          </li>
        ))}
      </ul>
    </>
  )
}
