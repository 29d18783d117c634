'use client'

import { useAuth, useDocumentInfo, useFormFields } from '@payloadcms/ui'
import { useState } from 'react'

import { buttonStyle, mayManageBilling, mutedStyle, numericId } from './dialog'
import { NewInvoiceDialog } from './NewInvoiceDialog'
import { RecordPaymentDialog } from './RecordPaymentDialog'
import { RefundCreditDialog } from './RefundCreditDialog'

/** On a customer: record money they paid (EFT, cash, card terminal), invoice a one-off charge, pay account credit back. */
export function CustomerPaymentActions() {
  const { id } = useDocumentInfo()
  const { user } = useAuth()
  const accountType = useFormFields(([fields]) => fields.accountType?.value)
  const [open, setOpen] = useState<'payment' | 'invoice' | 'refund' | null>(null)

  const customerId = numericId(id)
  if (customerId === undefined) return null

  return (
    <div className="field-type" style={{ marginBottom: 'var(--base)' }}>
      <h4 style={{ margin: '0 0 calc(var(--base) * 0.5)' }}>Payments and invoices</h4>
      {mayManageBilling(user) ? (
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 'calc(var(--base) * 0.4)' }}>
          <button type="button" aria-haspopup="dialog" className="btn btn--style-primary btn--size-small" style={buttonStyle} onClick={() => setOpen('payment')}>
            Record payment
          </button>
          <button type="button" aria-haspopup="dialog" className="btn btn--style-secondary btn--size-small" style={buttonStyle} onClick={() => setOpen('invoice')}>
            New invoice
          </button>
          <button type="button" aria-haspopup="dialog" className="btn btn--style-secondary btn--size-small" style={buttonStyle} onClick={() => setOpen('refund')}>
            Refund credit
          </button>
        </div>
      ) : (
        <p style={mutedStyle}>Read only: recording payments, issuing invoices and refunds need the billing:manage permission.</p>
      )}

      {open === 'payment' && <RecordPaymentDialog customerId={customerId} onClose={() => setOpen(null)} />}
      {open === 'refund' && <RefundCreditDialog customerId={customerId} onClose={() => setOpen(null)} />}
      {open === 'invoice' && (
        <NewInvoiceDialog customerId={customerId} accountType={typeof accountType === 'string' ? accountType : undefined} onClose={() => setOpen(null)} />
      )}
    </div>
  )
}
