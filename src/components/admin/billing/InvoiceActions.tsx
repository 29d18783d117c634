'use client'

import { useAllFormFields, useAuth, useDocumentInfo } from '@payloadcms/ui'
import { reduceFieldsToValues } from 'payload/shared'
import { useMemo, useState } from 'react'

import { OPEN_INVOICE_STATUSES } from '../../../domain/catalogue'
import { relationId } from '../lifecycle/api'
import { buttonStyle, mayManageBilling, mutedStyle, numericId } from './dialog'
import { CreditNoteDialog, ResendInvoiceDialog, VoidInvoiceDialog, type InvoiceLine, type InvoiceSummary } from './InvoiceDialogs'
import { RecordPaymentDialog } from './RecordPaymentDialog'

/**
 * Sidebar actions on an invoice: record a payment against it, void it, credit it, email it again,
 * each offered only in the states the server accepts it in.
 */

type Open = 'payment' | 'void' | 'credit' | 'resend' | null

const cents = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) ? v : 0)

function linesOf(value: unknown): InvoiceLine[] {
  if (!Array.isArray(value)) return []
  return value.map((l: Record<string, unknown>) => ({
    description: typeof l?.description === 'string' ? l.description : '',
    quantity: cents(l?.quantity) || 1,
    unitPriceCents: cents(l?.unitPriceCents),
    inclVatCents: cents(l?.inclVatCents),
    vatCents: cents(l?.vatCents),
  }))
}

export function InvoiceActions() {
  const { id } = useDocumentInfo()
  const { user } = useAuth()
  const [fields] = useAllFormFields()
  const [open, setOpen] = useState<Open>(null)
  const values = useMemo(() => reduceFieldsToValues(fields, true) as Record<string, unknown>, [fields])

  const invoiceId = numericId(id)
  const status = typeof values.status === 'string' ? values.status : undefined
  if (invoiceId === undefined || !status || status === 'draft') return null

  const kind = values.kind
  const customerId = numericId(relationId(values.customer))
  const invoice: InvoiceSummary = {
    id: invoiceId,
    invoiceNumber: typeof values.invoiceNumber === 'string' ? values.invoiceNumber : null,
    totalCents: cents(values.totalCents),
    amountDueCents: cents(values.amountDueCents),
    lines: linesOf(values.lines),
  }
  const isCreditNote = kind === 'credit_note'
  const isOpen = (OPEN_INVOICE_STATUSES as readonly string[]).includes(status)
  const nothingPaid = cents(values.amountPaidCents) === 0

  const heading = (
    <h4 style={{ margin: '0 0 calc(var(--base) * 0.5)' }}>{isCreditNote ? 'Credit note' : 'Billing actions'}</h4>
  )

  if (!mayManageBilling(user)) {
    return (
      <div className="field-type" style={{ marginBottom: 'var(--base)' }}>
        {heading}
        <p style={mutedStyle}>Read only: recording payments, voiding, crediting and resending need the billing:manage permission.</p>
      </div>
    )
  }

  const actions: { key: Exclude<Open, null>; label: string; primary?: boolean }[] = []
  if (!isCreditNote && isOpen && customerId !== undefined) actions.push({ key: 'payment', label: 'Record payment', primary: true })
  if (!isCreditNote && (status === 'unpaid' || status === 'overdue') && nothingPaid) actions.push({ key: 'void', label: 'Void invoice' })
  if (!isCreditNote && status !== 'void' && invoice.lines.length > 0) actions.push({ key: 'credit', label: 'Issue credit note' })
  if (!isCreditNote) actions.push({ key: 'resend', label: 'Resend by email' })

  // Why an action the clerk might look for is absent, so nothing is missing without a reason.
  const notes: string[] = []
  if (isCreditNote) notes.push('A credit note is not paid, voided, credited or resent.')
  else if (status === 'void') notes.push('This invoice is void: nothing more can be done with it.')
  else {
    if (status === 'paid') notes.push('Paid in full: no payment to record, and a paid invoice is credited rather than voided.')
    if (status === 'partially_paid' || (isOpen && !nothingPaid)) notes.push('Part of this invoice is paid, so it is credited rather than voided.')
    if (isOpen && customerId === undefined) notes.push('This invoice has no customer, so no payment can be recorded against it.')
  }

  return (
    <div className="field-type" style={{ marginBottom: 'var(--base)' }}>
      {heading}
      {actions.length > 0 && (
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 'calc(var(--base) * 0.4)', marginBottom: notes.length ? 'calc(var(--base) * 0.5)' : 0 }}>
          {actions.map((a) => (
            <button
              key={a.key}
              type="button"
              aria-haspopup="dialog"
              className={`btn btn--style-${a.primary ? 'primary' : 'secondary'} btn--size-small`}
              style={buttonStyle}
              onClick={() => setOpen(a.key)}
            >
              {a.label}
            </button>
          ))}
        </div>
      )}
      {notes.map((n) => (
        <p key={n} style={{ ...mutedStyle, marginTop: 'calc(var(--base) * 0.25)' }}>
          {n}
        </p>
      ))}

      {open === 'payment' && customerId !== undefined && (
        <RecordPaymentDialog
          customerId={customerId}
          invoice={{ id: invoice.id, invoiceNumber: invoice.invoiceNumber, amountDueCents: invoice.amountDueCents, dueDate: typeof values.dueDate === 'string' ? values.dueDate : null }}
          onClose={() => setOpen(null)}
        />
      )}
      {open === 'void' && <VoidInvoiceDialog invoice={invoice} onClose={() => setOpen(null)} />}
      {open === 'credit' && <CreditNoteDialog invoice={invoice} onClose={() => setOpen(null)} />}
      {open === 'resend' && <ResendInvoiceDialog invoice={invoice} onClose={() => setOpen(null)} />}
    </div>
  )
}
