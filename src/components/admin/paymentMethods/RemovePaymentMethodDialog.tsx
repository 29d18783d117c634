'use client'

import { useId, useState } from 'react'

import { useRoutes } from '../lifecycle/api'
import { BillingModal, ErrorBanner, Field, FormActions, inputStyle, OutcomeModal, panelBoxStyle, SuccessBox, useBillingCommand } from '../billing/dialog'
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
      <OutcomeModal title="Payment method removed">
        <SuccessBox>{method.displayName} is no longer offered. Payments made with it keep naming it.</SuccessBox>
      </OutcomeModal>
    )
  }

  return (
    <BillingModal
      title={`Remove ${method.displayName}?`}
      busy={command.submitting}
      onClose={onClose}
      onSubmit={() => void submit()}
      actions={<FormActions onCancel={onClose} submitting={command.submitting} label="Remove" busyLabel="Removing…" cancelLabel="Keep it" autoFocus="cancel" />}
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
