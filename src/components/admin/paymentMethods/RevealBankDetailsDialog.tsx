'use client'

import { useEffect, useId, useRef, useState } from 'react'

import { apiFetch, useRoutes, type ApiResult } from '../lifecycle/api'
import { BillingModal, ErrorBanner, Field, FORBIDDEN_MESSAGE, FormActions, inputStyle, mutedStyle, OutcomeModal, panelBoxStyle } from '../billing/dialog'
import type { ListedMethod } from './usePaymentMethods'

/** How long the details stay on screen before they are hidden again. */
export const SHOWN_FOR_SECONDS = 60

type Revealed = {
  bankDetails: { bankName: string; branchCode: string; accountNumber: string; accountType: string; accountHolder: string }
  revealedAt: string
}

type Failure = Extract<ApiResult<unknown>, { ok: false }>

/**
 * Shows a debit order's bank details to a clerk who says why (the view and the reason go to the
 * billing action log before the details are sent). They are kept only in this dialog's memory,
 * shown for a minute and then dropped; closing the dialog drops them at once. No Idempotency-Key:
 * each showing is its own audited view.
 */
export function RevealBankDetailsDialog({ customerId, method, onClose }: { customerId: number; method: ListedMethod; onClose: () => void }) {
  const routes = useRoutes()
  const uid = useId()
  const [reason, setReason] = useState('')
  const [tried, setTried] = useState(false)
  const [sending, setSending] = useState(false)
  const [failure, setFailure] = useState<Failure | null>(null)
  const [revealed, setRevealed] = useState<Revealed | null>(null)
  const [secondsLeft, setSecondsLeft] = useState(0)
  const [hidden, setHidden] = useState(false)
  const inFlight = useRef(false)

  // The details go after a minute (the countdown is only what the clerk reads).
  useEffect(() => {
    if (!revealed) return
    const hide = window.setTimeout(() => {
      setRevealed(null)
      setHidden(true)
    }, SHOWN_FOR_SECONDS * 1000)
    const tick = window.setInterval(() => setSecondsLeft((s) => Math.max(0, s - 1)), 1000)
    return () => {
      window.clearTimeout(hide)
      window.clearInterval(tick)
    }
  }, [revealed])

  async function submit() {
    setTried(true)
    if (!reason.trim() || inFlight.current) return
    inFlight.current = true
    setSending(true)
    setFailure(null)
    const res = await apiFetch<Revealed>(`${routes.api}/admin/payment-methods/${method.id}/reveal`, { method: 'POST', body: { customerId, reason: reason.trim() } })
    inFlight.current = false
    setSending(false)
    if (!res.ok) {
      setFailure(res.status === 403 ? { ...res, message: FORBIDDEN_MESSAGE, fieldErrors: {} } : res)
      return
    }
    setRevealed(res.body)
    setSecondsLeft(SHOWN_FOR_SECONDS)
    setHidden(false)
  }

  const close = () => {
    setRevealed(null)
    onClose()
  }

  const reasonError = (tried && !reason.trim() ? 'Say why you need to see the bank details' : undefined) || failure?.fieldErrors.reason
  const formError = failure && !failure.fieldErrors.reason ? failure.message : null

  if (revealed || hidden) {
    const d = revealed?.bankDetails
    return (
      <OutcomeModal title={`Bank details: ${method.displayName}`} onClose={close} closeLabel={d ? 'Hide and close' : 'Close'}>
        {d ? (
          <>
            <dl style={{ ...panelBoxStyle, display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: 'calc(var(--base) * 0.3) var(--base)' }}>
              <dt>Bank</dt>
              <dd style={{ margin: 0 }}>{d.bankName}</dd>
              <dt>Branch code</dt>
              <dd style={{ margin: 0, fontVariantNumeric: 'tabular-nums' }}>{d.branchCode}</dd>
              <dt>Account number</dt>
              <dd style={{ margin: 0, fontVariantNumeric: 'tabular-nums', fontWeight: 600 }}>{d.accountNumber}</dd>
              <dt>Account type</dt>
              <dd style={{ margin: 0 }}>{d.accountType}</dd>
              <dt>Account holder</dt>
              <dd style={{ margin: 0 }}>{d.accountHolder}</dd>
            </dl>
            <p style={mutedStyle} role="timer" aria-live="off">
              Hidden again in {secondsLeft} s. This view is recorded in the billing action log.
            </p>
          </>
        ) : (
          <p style={mutedStyle} role="status">
            The bank details are hidden again. Ask again, with a reason, to see them.
          </p>
        )}
      </OutcomeModal>
    )
  }

  return (
    <BillingModal
      title={`Show bank details: ${method.displayName}`}
      busy={sending}
      onClose={onClose}
      onSubmit={() => void submit()}
      actions={<FormActions onCancel={onClose} submitting={sending} label="Show bank details" busyLabel="Checking…" />}
    >
      <p style={{ ...panelBoxStyle, fontSize: '0.95em' }}>
        The full account number is shown for {SHOWN_FOR_SECONDS} seconds. Who asked, when and why is kept in the billing action log.
      </p>
      <Field id={`${uid}-reason`} label="Reason" required error={reasonError || undefined} hint='For example: "customer on the phone asked to confirm the account".'>
        {(control) => (
          <textarea {...control} data-autofocus rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} disabled={sending} style={{ ...inputStyle(!!reasonError), resize: 'vertical' }} />
        )}
      </Field>
      <ErrorBanner message={formError} />
    </BillingModal>
  )
}
