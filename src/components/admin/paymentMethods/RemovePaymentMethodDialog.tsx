'use client'

import { useId, useState } from 'react'

import { useRoutes } from '../lifecycle/api'
import { BillingModal, buttonStyle, ErrorBanner, Field, inputStyle, panelBoxStyle, reloadAfterChange, SuccessBox, useBillingCommand } from '../billing/dialog'
import type { ListedMethod } from './usePaymentMethods'

/** Asks before removing a method (a soft delete: kept for the payments that used it). */
export function RemovePaymentMethodDialog({ customerId, method, onClose }: { customerId: number; method: ListedMethod; onClose: () => void }) {
  const routes = useRoutes()
  const uid = useId()
  const command = useBillingCommand(['reason'])
  const [reason, setReason] = useState('')
  const [removed, setRemoved] = useState(false)

  async function submit() {
    const body: Record<string, unknown> = { customerId }
    if (reason.trim()) body.reason = reason.trim()
    const result = await command.send(`${routes.api}/admin/payment-methods/${method.id}/remove`, body)
    if (result) setRemoved(true)
  }

  if (removed) {
    return (
      <BillingModal
        title="Payment method removed"
        busy={false}
        onClose={reloadAfterChange}
        actions={
          <button type="button" className="btn btn--style-primary btn--size-small" style={buttonStyle} onClick={reloadAfterChange} data-autofocus>
            Done
          </button>
        }
      >
        <SuccessBox>{method.displayName} is no longer offered. Payments made with it keep naming it.</SuccessBox>
      </BillingModal>
    )
  }

  return (
    <BillingModal
      title={`Remove ${method.displayName}?`}
      busy={command.submitting}
      onClose={onClose}
      onSubmit={() => void submit()}
      actions={
        <>
          <button type="button" className="btn btn--style-secondary btn--size-small" style={buttonStyle} onClick={onClose} disabled={command.submitting} data-autofocus>
            Keep it
          </button>
          <button type="submit" className="btn btn--style-primary btn--size-small" style={buttonStyle} disabled={command.submitting}>
            {command.submitting ? 'Removing…' : 'Remove'}
          </button>
        </>
      }
    >
      <p style={{ ...panelBoxStyle, fontSize: '0.95em' }}>
        {method.isPrimary
          ? 'This is the primary method. It cannot be removed while the account owes money: make another method primary first.'
          : 'The method will no longer be used for payments.'}
      </p>
      <Field id={`${uid}-reason`} label="Reason" error={command.fieldError('reason')} hint="Optional; kept in the billing action log.">
        {(control) => (
          <textarea {...control} rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} disabled={command.submitting} style={{ ...inputStyle(!!command.fieldError('reason')), resize: 'vertical' }} />
        )}
      </Field>
      <ErrorBanner message={command.formError} />
    </BillingModal>
  )
}
