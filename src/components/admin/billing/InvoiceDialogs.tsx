'use client'

import { useRouter } from 'next/navigation'
import type React from 'react'
import { useId, useState } from 'react'

import { formatRand } from '../../../domain/display'
import { useRoutes } from '../lifecycle/api'
import {
  BillingModal,
  ErrorBanner,
  Field,
  fieldErrorStyle,
  FormActions,
  inputStyle,
  mutedStyle,
  numberCell,
  OutcomeModal,
  panelBoxStyle,
  SuccessBox,
  useBillingCommand,
} from './dialog'
import { invoiceName } from './paymentEffect'

/** The dialogs for an issued invoice: void it, credit some or all of its lines, email it again. */

export type InvoiceLine = { description: string; quantity: number; unitPriceCents: number; inclVatCents: number; vatCents: number }
export type InvoiceSummary = { id: number; invoiceNumber: string | null; totalCents: number; amountDueCents: number; lines: InvoiceLine[] }

type DialogProps = { invoice: InvoiceSummary; onClose: () => void }
type IssuedDoc = { id: number; invoiceNumber?: string | null; totalCents?: number; amountDueCents?: number; status?: string }

function Done({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <OutcomeModal title={title}>
      <SuccessBox>{children}</SuccessBox>
    </OutcomeModal>
  )
}

export function ReasonField({ id, value, onChange, error, disabled }: { id: string; value: string; onChange: (v: string) => void; error?: string; disabled: boolean }) {
  return (
    <Field id={id} label="Reason" required error={error} hint="Kept in the audit trail.">
      {(control) => (
        <textarea
          {...control}
          data-autofocus
          rows={3}
          maxLength={500}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          disabled={disabled}
          style={{ ...inputStyle(!!error), resize: 'vertical' }}
        />
      )}
    </Field>
  )
}

// ---------------------------------------------------------------------------------------------

export function VoidInvoiceDialog({ invoice, onClose }: DialogProps) {
  const routes = useRoutes()
  const router = useRouter()
  const uid = useId()
  const command = useBillingCommand(['reason'])
  const [reason, setReason] = useState('')
  const [tried, setTried] = useState(false)
  const [voided, setVoided] = useState(false)
  const reasonError = (tried && !reason.trim() ? 'Say why the invoice is voided' : undefined) || command.fieldError('reason')

  async function submit() {
    setTried(true)
    if (!reason.trim()) return
    const result = await command.send<{ invoice: IssuedDoc }>(`${routes.api}/admin/invoices/${invoice.id}/void`, { reason: reason.trim() })
    if (!result) return
    setVoided(true)
    router.refresh()
  }

  if (voided) return <Done title="Invoice voided">{invoiceName(invoice)} is void; the customer no longer owes its {formatRand(invoice.totalCents)}.</Done>

  return (
    <BillingModal
      title={`Void ${invoiceName(invoice)}`}
      busy={command.submitting}
      onClose={onClose}
      onSubmit={() => void submit()}
      actions={<FormActions onCancel={onClose} submitting={command.submitting} label="Void invoice" busyLabel="Voiding…" />}
    >
      <p style={{ ...panelBoxStyle, fontSize: '0.95em' }}>
        {invoiceName(invoice)} for {formatRand(invoice.totalCents)} will no longer be owed. Its number stays used, and this cannot be undone.
      </p>
      <ReasonField id={`${uid}-reason`} value={reason} onChange={setReason} error={reasonError || undefined} disabled={command.submitting} />
      <ErrorBanner message={command.formError} />
    </BillingModal>
  )
}

// ---------------------------------------------------------------------------------------------

export function CreditNoteDialog({ invoice, onClose }: DialogProps) {
  const routes = useRoutes()
  const router = useRouter()
  const uid = useId()
  const command = useBillingCommand(['reason', 'lines'])
  const [reason, setReason] = useState('')
  const [chosen, setChosen] = useState<ReadonlySet<number>>(() => new Set(invoice.lines.map((_, i) => i)))
  const [tried, setTried] = useState(false)
  const [answer, setAnswer] = useState<{ creditNote: IssuedDoc; invoice: IssuedDoc } | null>(null)

  const creditCents = invoice.lines.reduce((sum, line, i) => (chosen.has(i) ? sum + line.inclVatCents : sum), 0)
  const whole = chosen.size === invoice.lines.length
  const reasonError = (tried && !reason.trim() ? 'Say why the invoice is credited' : undefined) || command.fieldError('reason')
  const linesError = (tried && chosen.size === 0 ? 'Choose at least one line to credit' : undefined) || command.fieldError('lines')

  function toggle(i: number, on: boolean) {
    const next = new Set(chosen)
    if (on) next.add(i)
    else next.delete(i)
    setChosen(next)
  }

  async function submit() {
    setTried(true)
    if (!reason.trim() || chosen.size === 0) return
    const body: Record<string, unknown> = { reason: reason.trim() }
    if (!whole) body.lines = [...chosen].sort((a, b) => a - b)
    const result = await command.send<{ creditNote: IssuedDoc; invoice: IssuedDoc }>(`${routes.api}/admin/invoices/${invoice.id}/credit-notes`, body)
    if (!result) return
    setAnswer(result)
    router.refresh()
  }

  if (answer) {
    const noteTotal = typeof answer.creditNote.totalCents === 'number' ? Math.abs(answer.creditNote.totalCents) : creditCents
    return (
      <Done title="Credit note issued">
        Credit note {answer.creditNote.invoiceNumber ?? `#${answer.creditNote.id}`} for {formatRand(noteTotal)} credits {invoiceName(invoice)}
        {typeof answer.invoice.amountDueCents === 'number' ? `; ${formatRand(answer.invoice.amountDueCents)} is now due on it.` : '.'}
      </Done>
    )
  }

  const cell: React.CSSProperties = { padding: 'calc(var(--base) * 0.3) calc(var(--base) * 0.4)', borderBottom: '1px solid var(--theme-elevation-100)' }
  const legendId = `${uid}-lines`

  return (
    <BillingModal
      title={`Credit ${invoiceName(invoice)}`}
      busy={command.submitting}
      onClose={onClose}
      onSubmit={() => void submit()}
      actions={<FormActions onCancel={onClose} submitting={command.submitting} label={`Issue credit note for ${formatRand(creditCents)}`} busyLabel="Issuing…" />}
    >
      <fieldset
        style={{ border: 0, padding: 0, margin: '0 0 var(--base)', minWidth: 0 }}
        aria-describedby={linesError ? `${legendId}-error` : undefined}
        aria-invalid={linesError ? true : undefined}
      >
        <legend id={legendId} style={{ fontWeight: 500, marginBottom: 'calc(var(--base) * 0.25)' }}>
          Lines to credit
        </legend>
        <div style={{ overflowX: 'auto' }}>
          <table style={{ width: '100%', borderCollapse: 'collapse', fontSize: '0.9em' }}>
            <thead>
              <tr>
                <th scope="col" style={{ ...cell, textAlign: 'left' }}>
                  Line
                </th>
                <th scope="col" style={{ ...cell, ...numberCell }}>
                  Incl. VAT
                </th>
              </tr>
            </thead>
            <tbody>
              {invoice.lines.map((line, i) => {
                const id = `${uid}-line-${i}`
                return (
                  <tr key={i}>
                    <td style={cell}>
                      <label htmlFor={id} style={{ display: 'flex', alignItems: 'center', gap: 'calc(var(--base) * 0.4)', minHeight: '2rem', cursor: 'pointer' }}>
                        <input
                          id={id}
                          type="checkbox"
                          checked={chosen.has(i)}
                          onChange={(e) => toggle(i, e.target.checked)}
                          disabled={command.submitting}
                          style={{ width: '1.1rem', height: '1.1rem', flex: 'none' }}
                        />
                        <span>
                          {line.description}
                          {line.quantity > 1 ? ` × ${line.quantity}` : ''}
                        </span>
                      </label>
                    </td>
                    <td style={{ ...cell, ...numberCell }}>{formatRand(line.inclVatCents)}</td>
                  </tr>
                )
              })}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" style={{ ...cell, textAlign: 'left' }}>
                  Credit total{whole ? ' (whole invoice)' : ''}
                </th>
                <td style={{ ...cell, ...numberCell, fontWeight: 600 }} aria-live="polite">
                  {formatRand(creditCents)}
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
        {linesError && (
          <p id={`${legendId}-error`} role="alert" style={fieldErrorStyle}>
            {linesError}
          </p>
        )}
      </fieldset>
      <ReasonField id={`${uid}-reason`} value={reason} onChange={setReason} error={reasonError || undefined} disabled={command.submitting} />
      <ErrorBanner message={command.formError} />
    </BillingModal>
  )
}

// ---------------------------------------------------------------------------------------------

export function ResendInvoiceDialog({ invoice, onClose }: DialogProps) {
  const routes = useRoutes()
  const router = useRouter()
  const command = useBillingCommand([])
  const [queued, setQueued] = useState(false)

  async function submit() {
    const result = await command.send<{ queued: boolean }>(`${routes.api}/admin/invoices/${invoice.id}/resend`, {})
    if (!result) return
    setQueued(true)
    router.refresh()
  }

  if (queued) return <Done title="Invoice queued">{invoiceName(invoice)} will be emailed to the customer in the next few minutes.</Done>

  return (
    <BillingModal
      title={`Resend ${invoiceName(invoice)}`}
      busy={command.submitting}
      onClose={onClose}
      onSubmit={() => void submit()}
      actions={<FormActions onCancel={onClose} submitting={command.submitting} label="Send by email" busyLabel="Sending…" autoFocus="submit" />}
    >
      <p style={{ ...mutedStyle, marginBottom: 'var(--base)' }}>The customer gets {invoiceName(invoice)} again by email, to the address on their account.</p>
      <ErrorBanner message={command.formError} />
    </BillingModal>
  )
}
