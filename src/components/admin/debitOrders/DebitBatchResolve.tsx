'use client'

import { useAllFormFields, useAuth, useDocumentInfo } from '@payloadcms/ui'
import { useRouter } from 'next/navigation'
import { reduceFieldsToValues } from 'payload/shared'
import { useId, useMemo, useState } from 'react'

import { BillingModal, buttonStyle, ErrorBanner, Field, FormActions, inputStyle, mayManageBilling, mutedStyle, numericId, OutcomeModal, panelBoxStyle, SuccessBox, useBillingCommand } from '../billing/dialog'
import { useRoutes } from '../lifecycle/api'

/**
 * On a run whose upload went unanswered (`uncertain`): after checking the batch on NetCash's site,
 * the clerk says whether NetCash has it (with the file token NetCash shows) or not.
 */

type Answer = 'received' | 'not_received'

function ResolveDialog({ batchId, answer, onClose }: { batchId: number; answer: Answer; onClose: () => void }) {
  const routes = useRoutes()
  const router = useRouter()
  const uid = useId()
  const command = useBillingCommand(['fileToken'])
  const [token, setToken] = useState('')
  const [tried, setTried] = useState(false)
  const [done, setDone] = useState(false)
  const tokenError = (tried && answer === 'received' && token.trim().length < 8 ? 'Copy the file token NetCash shows for this batch' : undefined) || command.fieldError('fileToken')

  async function submit() {
    setTried(true)
    if (answer === 'received' && token.trim().length < 8) return
    const body = answer === 'received' ? { received: true, fileToken: token.trim() } : { received: false }
    const result = await command.send(`${routes.api}/admin/debit-order-batches/${batchId}/resolve`, body)
    if (!result) return
    setDone(true)
    router.refresh()
  }

  if (done) {
    return (
      <OutcomeModal title="Run checked at NetCash">
        <SuccessBox>{answer === 'received' ? 'The run carries on as sent: its load report is read and its debits collected on the action date.' : 'Its debits are marked as never sent. The next debit-order run presents their invoices again.'}</SuccessBox>
      </OutcomeModal>
    )
  }
  return (
    <BillingModal
      title={answer === 'received' ? 'NetCash has this file' : 'NetCash does not have this file'}
      busy={command.submitting}
      onClose={onClose}
      onSubmit={() => void submit()}
      actions={<FormActions onCancel={onClose} submitting={command.submitting} label="Confirm" busyLabel="Saving…" />}
    >
      <p style={{ ...panelBoxStyle, fontSize: '0.95em' }}>
        {answer === 'received'
          ? 'The debits in it go to the bank on the action date. Give the file token NetCash shows for the batch.'
          : 'Only say this when the batch is not on NetCash\'s site: its invoices are debited again in the next run, and a file NetCash does have would then be collected twice.'}
      </p>
      {answer === 'received' && (
        <Field id={`${uid}-token`} label="NetCash file token" required error={tokenError}>
          {(control) => <input {...control} data-autofocus value={token} onChange={(e) => setToken(e.target.value)} maxLength={64} autoComplete="off" style={inputStyle(Boolean(tokenError))} />}
        </Field>
      )}
      <ErrorBanner message={command.formError} />
    </BillingModal>
  )
}

export function DebitBatchResolve() {
  const { id } = useDocumentInfo()
  const { user } = useAuth()
  const [fields] = useAllFormFields()
  const [open, setOpen] = useState<Answer | null>(null)
  const values = useMemo(() => reduceFieldsToValues(fields, true) as Record<string, unknown>, [fields])
  const batchId = numericId(id)
  if (batchId === undefined || values.status !== 'uncertain') return null
  return (
    <div className="field-type" role="region" aria-label="Check this run at NetCash" style={{ ...panelBoxStyle, margin: 'var(--base) 0' }}>
      <h4 style={{ margin: '0 0 calc(var(--base) * 0.5)' }}>Check this run at NetCash</h4>
      <p style={{ ...mutedStyle, marginBottom: 'calc(var(--base) * 0.5)' }}>
        The file was sent but NetCash&apos;s answer never came, so it is not sent again by itself. Look for the batch on NetCash&apos;s site, then say what you found.
      </p>
      {mayManageBilling(user) ? (
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 'calc(var(--base) * 0.4)' }}>
          <button type="button" aria-haspopup="dialog" className="btn btn--style-primary btn--size-small" style={buttonStyle} onClick={() => setOpen('received')}>
            NetCash has it
          </button>
          <button type="button" aria-haspopup="dialog" className="btn btn--style-secondary btn--size-small" style={buttonStyle} onClick={() => setOpen('not_received')}>
            NetCash does not have it
          </button>
        </div>
      ) : (
        <p style={mutedStyle}>Needs the billing:manage permission.</p>
      )}
      {open && <ResolveDialog batchId={batchId} answer={open} onClose={() => setOpen(null)} />}
    </div>
  )
}
