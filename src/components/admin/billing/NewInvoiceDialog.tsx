'use client'

import { useRouter } from 'next/navigation'
import { useId, useRef, useState } from 'react'

import { formatRand } from '../../../domain/display'
import { parseRand } from '../../../domain/randInput'
import { useRoutes } from '../lifecycle/api'
import { BillingModal, buttonStyle, ErrorBanner, Field, fieldStyle, FormActions, inputStyle, labelStyle, mutedStyle, OutcomeModal, panelBoxStyle, SuccessBox, useBillingCommand } from './dialog'

/**
 * An invoice from lines the clerk types: an installation fee, a router, a call-out. Priced as the
 * customer's price list quotes them: incl. VAT for residential accounts, excl. VAT for business.
 */

type InvoiceKind = 'adhoc' | 'installation'
type Row = { key: number; description: string; amount: string; quantity: string }

const MAX_ROWS = 50
const blankRow = (key: number): Row => ({ key, description: '', amount: '', quantity: '1' })

function rowProblems(row: Row) {
  const price = parseRand(row.amount)
  const quantity = /^\d+$/.test(row.quantity.trim()) ? Number(row.quantity.trim()) : NaN
  return {
    description: row.description.trim() ? undefined : 'Describe the charge',
    amount: price.ok ? undefined : price.message,
    quantity: Number.isInteger(quantity) && quantity >= 1 && quantity <= 1000 ? undefined : 'A whole number from 1 to 1000',
    priceCents: price.ok ? price.cents : undefined,
    quantityValue: Number.isInteger(quantity) ? quantity : undefined,
  }
}

export type NewInvoiceDialogProps = { customerId: number; accountType?: string; onClose: () => void }

export function NewInvoiceDialog({ customerId, accountType, onClose }: NewInvoiceDialogProps) {
  const routes = useRoutes()
  const router = useRouter()
  const uid = useId()
  const command = useBillingCommand(['kind', 'lines', 'reason'])
  const nextKey = useRef(1)
  const [kind, setKind] = useState<InvoiceKind>('adhoc')
  const [rows, setRows] = useState<Row[]>([blankRow(0)])
  const [reason, setReason] = useState('')
  const [tried, setTried] = useState(false)
  const [issued, setIssued] = useState<{ id: number; invoiceNumber?: string | null; totalCents?: number } | null>(null)
  const vatWord = accountType === 'business' ? 'excl. VAT' : 'incl. VAT'

  const checked = rows.map(rowProblems)
  const totalCents = checked.reduce((sum, c) => (c.priceCents !== undefined && !c.quantity ? sum + c.priceCents * c.quantityValue! : sum), 0)
  const anyProblem = checked.some((c) => c.description || c.amount || c.quantity)

  const update = (key: number, patch: Partial<Row>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)))
  function addRow() {
    const key = nextKey.current++
    setRows((rs) => [...rs, blankRow(key)])
    requestAnimationFrame(() => document.getElementById(`${uid}-row-${key}-description`)?.focus())
  }
  function removeRow(index: number) {
    setRows((rs) => rs.filter((_, i) => i !== index))
    requestAnimationFrame(() => document.getElementById(`${uid}-add-row`)?.focus())
  }

  async function submit() {
    setTried(true)
    if (anyProblem) return
    const lines = rows.map((r, i) => ({
      description: r.description.trim(),
      unitPriceCents: checked[i].priceCents!,
      quantity: checked[i].quantityValue!,
      kind: kind === 'installation' ? ('installation' as const) : ('other' as const),
    }))
    const body: Record<string, unknown> = { kind, lines }
    if (reason.trim()) body.reason = reason.trim()
    const result = await command.send<{ invoice: { id: number; invoiceNumber?: string | null; totalCents?: number } }>(
      `${routes.api}/admin/customers/${customerId}/invoices`,
      body,
    )
    if (!result) return
    setIssued(result.invoice)
    router.refresh()
  }

  if (issued) {
    return (
      <OutcomeModal
        title="Invoice issued"
        before={
          <a className="btn btn--style-secondary btn--size-small" style={buttonStyle} href={`${routes.admin}/collections/invoices/${issued.id}`}>
            Open the invoice
          </a>
        }
      >
        <SuccessBox>
          Invoice {issued.invoiceNumber ?? `#${issued.id}`}
          {typeof issued.totalCents === 'number' ? ` for ${formatRand(issued.totalCents)} incl. VAT` : ''} is issued, due in 7 days.
        </SuccessBox>
      </OutcomeModal>
    )
  }

  const rowError = (i: number, field: 'description' | 'amount' | 'quantity') => {
    const server = command.fieldError(`lines.${i}.${field === 'amount' ? 'unitPriceCents' : field}`)
    return (tried ? checked[i][field] : undefined) || server
  }

  return (
    <BillingModal
      title="New invoice"
      busy={command.submitting}
      onClose={onClose}
      onSubmit={() => void submit()}
      actions={<FormActions onCancel={onClose} submitting={command.submitting} label="Issue invoice" busyLabel="Issuing…" />}
    >
      <Field id={`${uid}-kind`} label="Kind" error={command.fieldError('kind')}>
        {(control) => (
          <select {...control} data-autofocus value={kind} onChange={(e) => setKind(e.target.value as InvoiceKind)} disabled={command.submitting} style={{ ...inputStyle(false), maxWidth: '14rem' }}>
            <option value="adhoc">Ad-hoc</option>
            <option value="installation">Installation</option>
          </select>
        )}
      </Field>

      <fieldset style={{ border: 0, padding: 0, margin: '0 0 var(--base)', minWidth: 0 }}>
        <legend style={{ ...labelStyle, marginBottom: 'calc(var(--base) * 0.5)' }}>Lines (prices {vatWord})</legend>
        {rows.map((row, i) => {
          const base = `${uid}-row-${row.key}`
          const errors = { description: rowError(i, 'description'), amount: rowError(i, 'amount'), quantity: rowError(i, 'quantity') }
          return (
            <div
              key={row.key}
              role="group"
              aria-label={`Line ${i + 1}`}
              style={{ ...panelBoxStyle, display: 'flex', flexWrap: 'wrap', gap: '0 calc(var(--base) * 0.5)', alignItems: 'flex-start', marginBottom: 'calc(var(--base) * 0.5)' }}
            >
              <div style={{ flex: '1 1 14rem', minWidth: 0 }}>
                <Field id={`${base}-description`} label={`Line ${i + 1} description`} required error={errors.description}>
                  {(control) => (
                    <input {...control} type="text" maxLength={200} value={row.description} onChange={(e) => update(row.key, { description: e.target.value })} disabled={command.submitting} style={inputStyle(!!errors.description)} />
                  )}
                </Field>
              </div>
              <div style={{ flex: '1 1 8rem', minWidth: 0 }}>
                <Field id={`${base}-amount`} label="Unit price (R)" required error={errors.amount}>
                  {(control) => (
                    <input {...control} type="text" inputMode="decimal" autoComplete="off" value={row.amount} onChange={(e) => update(row.key, { amount: e.target.value })} disabled={command.submitting} style={inputStyle(!!errors.amount)} />
                  )}
                </Field>
              </div>
              <div style={{ flex: '0 1 5rem', minWidth: 0 }}>
                <Field id={`${base}-quantity`} label="Quantity" required error={errors.quantity}>
                  {(control) => (
                    <input {...control} type="text" inputMode="numeric" value={row.quantity} onChange={(e) => update(row.key, { quantity: e.target.value })} disabled={command.submitting} style={inputStyle(!!errors.quantity)} />
                  )}
                </Field>
              </div>
              <div style={{ ...fieldStyle, alignSelf: 'flex-end' }}>
                <button
                  type="button"
                  className="btn btn--style-secondary btn--size-small"
                  style={buttonStyle}
                  onClick={() => removeRow(i)}
                  disabled={command.submitting || rows.length === 1}
                  aria-label={`Remove line ${i + 1}`}
                  title={rows.length === 1 ? 'An invoice needs at least one line' : undefined}
                >
                  Remove
                </button>
              </div>
            </div>
          )
        })}
        {rows.length === 1 && <p style={{ ...mutedStyle, marginBottom: 'calc(var(--base) * 0.5)' }}>An invoice needs at least one line, so the only line cannot be removed.</p>}
        <button
          id={`${uid}-add-row`}
          type="button"
          className="btn btn--style-secondary btn--size-small"
          style={buttonStyle}
          onClick={addRow}
          disabled={command.submitting || rows.length >= MAX_ROWS}
        >
          Add line
        </button>
        {rows.length >= MAX_ROWS && <p style={mutedStyle}>An invoice holds at most {MAX_ROWS} lines.</p>}
      </fieldset>

      <Field id={`${uid}-reason`} label="Reason" error={command.fieldError('reason')} hint="Kept in the audit trail.">
        {(control) => (
          <textarea {...control} rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} disabled={command.submitting} style={{ ...inputStyle(false), resize: 'vertical' }} />
        )}
      </Field>

      <section style={panelBoxStyle} aria-live="polite">
        <p style={{ margin: 0, fontWeight: 600, fontVariantNumeric: 'tabular-nums' }}>
          Total {formatRand(totalCents)} {vatWord}
        </p>
        <p style={{ ...mutedStyle, marginTop: 'calc(var(--base) * 0.25)' }}>
          {accountType === 'business' ? 'VAT is added at the invoice date’s rate. ' : ''}Issued today, due in 7 days.
          {anyProblem ? ' Lines with a problem are not counted yet.' : ''}
        </p>
      </section>

      <ErrorBanner message={command.formError} />
    </BillingModal>
  )
}
