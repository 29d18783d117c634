'use client'

import { useAllFormFields, useAuth, useDocumentInfo } from '@payloadcms/ui'
import { useRouter } from 'next/navigation'
import { reduceFieldsToValues } from 'payload/shared'
import { useId, useMemo, useState } from 'react'

import { formatRand } from '../../../domain/display'
import { BillingModal, buttonStyle, ErrorBanner, FormActions, mayManageBilling, mutedStyle, numericId, OutcomeModal, panelBoxStyle, SuccessBox, useBillingCommand } from '../billing/dialog'
import { ReasonField } from '../billing/InvoiceDialogs'
import { useRoutes } from '../lifecycle/api'

/**
 * On a returned or rejected debit order: present it again in the next run (whatever the
 * automatic rules say) or leave it to a person to follow up. Each needs a reason, kept in the
 * billing action log.
 */

type Decision = 'represent' | 'follow-up'

const WORDING: Record<Decision, { button: string; title: string; explain: string; done: string; busy: string }> = {
  represent: {
    button: 'Present again',
    title: 'Present this debit again',
    explain: 'The next debit-order run (06:00 on a banking day) debits what the invoice still owes from the same account, even if it was presented before or returned for a reason not normally tried again.',
    done: 'It will be presented again in the next debit-order run.',
    busy: 'Saving…',
  },
  'follow-up': {
    button: 'Follow up by hand',
    title: 'Follow this debit up by hand',
    explain: 'This debit will not be presented again automatically. Contact the customer to arrange payment.',
    done: 'Marked for manual follow-up: it will not be presented again automatically.',
    busy: 'Saving…',
  },
}

function DecisionDialog({ paymentId, amountCents, decision, onClose }: { paymentId: number; amountCents: number; decision: Decision; onClose: () => void }) {
  const routes = useRoutes()
  const router = useRouter()
  const uid = useId()
  const command = useBillingCommand(['reason'])
  const [reason, setReason] = useState('')
  const [tried, setTried] = useState(false)
  const [done, setDone] = useState(false)
  const words = WORDING[decision]
  const reasonError = (tried && !reason.trim() ? 'Say why' : undefined) || command.fieldError('reason')

  async function submit() {
    setTried(true)
    if (!reason.trim()) return
    const result = await command.send(`${routes.api}/admin/payments/${paymentId}/${decision}`, { reason: reason.trim() })
    if (!result) return
    setDone(true)
    router.refresh()
  }

  if (done) {
    return (
      <OutcomeModal title={words.title}>
        <SuccessBox>{words.done}</SuccessBox>
      </OutcomeModal>
    )
  }
  return (
    <BillingModal
      title={words.title}
      busy={command.submitting}
      onClose={onClose}
      onSubmit={() => void submit()}
      actions={<FormActions onCancel={onClose} submitting={command.submitting} label={words.button} busyLabel={words.busy} />}
    >
      <p style={{ ...panelBoxStyle, fontSize: '0.95em' }}>
        {formatRand(amountCents)}. {words.explain}
      </p>
      <ReasonField id={`${uid}-reason`} value={reason} onChange={setReason} error={reasonError || undefined} disabled={command.submitting} />
      <ErrorBanner message={command.formError} />
    </BillingModal>
  )
}

export function DebitActions() {
  const { id } = useDocumentInfo()
  const { user } = useAuth()
  const [fields] = useAllFormFields()
  const [open, setOpen] = useState<Decision | null>(null)
  const values = useMemo(() => reduceFieldsToValues(fields, true) as Record<string, unknown>, [fields])
  const paymentId = numericId(id)
  const status = typeof values.status === 'string' ? values.status : ''
  if (paymentId === undefined || !values.debitBatch || (status !== 'returned' && status !== 'failed')) return null
  const amountCents = typeof values.amountCents === 'number' ? values.amountCents : 0
  const state = values.representRequested ? 'It will be presented again in the next debit-order run.' : values.followUp ? 'Marked for manual follow-up: not presented again automatically.' : null

  return (
    <div className="field-type" style={{ margin: 'var(--base) 0' }}>
      <h4 style={{ margin: '0 0 calc(var(--base) * 0.5)' }}>{status === 'returned' ? 'Returned debit' : 'Rejected debit'}</h4>
      {state && <p style={{ ...mutedStyle, marginBottom: 'calc(var(--base) * 0.5)' }}>{state}</p>}
      {mayManageBilling(user) ? (
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 'calc(var(--base) * 0.4)' }}>
          {(['represent', 'follow-up'] as const).map((d) => (
            <button key={d} type="button" aria-haspopup="dialog" className={`btn btn--style-${d === 'represent' ? 'primary' : 'secondary'} btn--size-small`} style={buttonStyle} onClick={() => setOpen(d)}>
              {WORDING[d].button}
            </button>
          ))}
        </div>
      ) : (
        <p style={mutedStyle}>Read only: presenting again and follow-up need the billing:manage permission.</p>
      )}
      {open && <DecisionDialog paymentId={paymentId} amountCents={amountCents} decision={open} onClose={() => setOpen(null)} />}
    </div>
  )
}
