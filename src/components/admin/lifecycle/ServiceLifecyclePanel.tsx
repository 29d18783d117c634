'use client'

import { useAuth, useDocumentInfo, useFormFields } from '@payloadcms/ui'
import { useRouter } from 'next/navigation'
import type React from 'react'
import { useCallback, useEffect, useId, useRef, useState } from 'react'
import { createPortal } from 'react-dom'

import { isCalendarDate } from '../../../domain/calendarDate'
import { SERVICE_STATUSES, SUSPENSION_TYPES, type ServiceStatus } from '../../../domain/catalogue'
import { allowedTransitions } from '../../../domain/serviceLifecycle'
import { effectivePermissions, type Permission, type StaffIdentity } from '../../../domain/staffPermissions'
import { apiFetch, humanise, newIdempotencyKey, rand, relationId, shortDate, todaySast, useRoutes, type ApiResult } from './api'
import { DayPicker } from '../fields/DayPicker'

/**
 * Sidebar panel on a service: its status and the lifecycle actions this staff member may take
 * from it (activate, suspend, reactivate, cancel), each through a confirmation dialog that asks
 * for a reason and, where money moves, previews what will be invoiced.
 */

type ActionKey = 'activate' | 'suspend' | 'reactivate' | 'cancel'
type PreviewKind = 'activation' | 'reactivation' | 'cancellation'
type SuspensionType = (typeof SUSPENSION_TYPES)[number]

type ActionSpec = {
  button: string
  heading: string
  confirm: string
  from: readonly ServiceStatus[]
  to: ServiceStatus
  permission: Permission
  primary: boolean
  preview?: PreviewKind
  /** The optional date the endpoint takes, with its input label. */
  date?: { field: 'activationDate' | 'cancellationDate'; label: string }
}

const ACTIONS: Record<ActionKey, ActionSpec> = {
  activate: {
    button: 'Activate',
    heading: 'Activate service',
    confirm: 'Confirm activation',
    from: ['pending'],
    to: 'active',
    permission: 'services_activate',
    primary: true,
    preview: 'activation',
    date: { field: 'activationDate', label: 'Activation date' },
  },
  reactivate: {
    button: 'Reactivate',
    heading: 'Reactivate service',
    confirm: 'Confirm reactivation',
    from: ['suspended'],
    to: 'active',
    permission: 'services_activate',
    primary: true,
    preview: 'reactivation',
  },
  suspend: {
    button: 'Suspend',
    heading: 'Suspend service',
    confirm: 'Confirm suspension',
    from: ['active'],
    to: 'suspended',
    permission: 'services_suspend',
    primary: false,
  },
  cancel: {
    button: 'Cancel service',
    heading: 'Cancel service',
    confirm: 'Confirm cancellation',
    from: ['pending', 'active', 'suspended'],
    to: 'cancelled',
    permission: 'services_cancel',
    primary: false,
    preview: 'cancellation',
    date: { field: 'cancellationDate', label: 'Cancellation date' },
  },
}

const ACTION_ORDER: readonly ActionKey[] = ['activate', 'reactivate', 'suspend', 'cancel']

const SUSPENSION_LABELS: Record<SuspensionType, string> = {
  non_payment: 'Non-payment',
  customer_request: 'Customer request',
  technical: 'Technical',
}

const STATUS_COLOURS: Record<ServiceStatus, { bg: string; fg: string }> = {
  pending: { bg: 'var(--theme-elevation-100)', fg: 'var(--theme-elevation-800)' },
  active: { bg: 'var(--theme-success-100)', fg: 'var(--theme-success-800)' },
  suspended: { bg: 'var(--theme-warning-100)', fg: 'var(--theme-warning-800)' },
  cancelled: { bg: 'var(--theme-error-100)', fg: 'var(--theme-error-800)' },
}

const isServiceStatus = (v: unknown): v is ServiceStatus =>
  typeof v === 'string' && (SERVICE_STATUSES as readonly string[]).includes(v)

type InvoiceRef = { id: number | string; invoiceNumber?: string | null }
type ActionResponse = {
  service?: unknown
  invoice?: InvoiceRef | null
  finalInvoice?: InvoiceRef | null
  creditNotes?: InvoiceRef[]
  action?: unknown
}

const invoiceLabel = (inv: InvoiceRef) => inv.invoiceNumber || `#${inv.id}`

function successMessage(key: ActionKey, body: ActionResponse, skipBilling: boolean): string {
  switch (key) {
    case 'activate':
      return `Service activated${body.invoice ? `; invoice ${invoiceLabel(body.invoice)} issued` : ''}`
    case 'reactivate':
      return `Service reactivated${body.invoice ? `; invoice ${invoiceLabel(body.invoice)} issued` : ''}`
    case 'suspend':
      return `Service suspended${skipBilling ? '; billing paused' : ''}`
    case 'cancel': {
      const parts = ['Service cancelled']
      if (body.finalInvoice) parts.push(`final invoice ${invoiceLabel(body.finalInvoice)} issued`)
      const notes = body.creditNotes ?? []
      if (notes.length) parts.push(`${notes.length === 1 ? 'credit note' : 'credit notes'} ${notes.map(invoiceLabel).join(', ')} issued`)
      return parts.join('; ')
    }
  }
}

const flashKey = (id: string | number) => `service-lifecycle-flash:${id}`

// ---------------------------------------------------------------------------------------------
// The panel
// ---------------------------------------------------------------------------------------------

export function ServiceLifecyclePanel() {
  const { id } = useDocumentInfo()
  const { user } = useAuth()
  const router = useRouter()
  const statusValue = useFormFields(([fields]) => fields.status?.value)
  const customerValue = useFormFields(([fields]) => fields.customer?.value)
  const [open, setOpen] = useState<ActionKey | null>(null)
  const [flash, setFlash] = useState<string | null>(null)
  const triggerRefs = useRef<Partial<Record<ActionKey, HTMLButtonElement | null>>>({})

  // A success message survives the reload that follows an action.
  useEffect(() => {
    if (id === undefined || id === null) return
    try {
      const stored = window.sessionStorage.getItem(flashKey(id))
      if (stored) {
        window.sessionStorage.removeItem(flashKey(id))
        setFlash(stored)
      }
    } catch {
      // sessionStorage unavailable: the message is simply not carried over.
    }
  }, [id])

  const close = useCallback(() => {
    const key = open
    setOpen(null)
    if (key) requestAnimationFrame(() => triggerRefs.current[key]?.focus())
  }, [open])

  const done = useCallback(
    (message: string) => {
      setOpen(null)
      setFlash(message)
      try {
        if (id !== undefined && id !== null) window.sessionStorage.setItem(flashKey(id), message)
      } catch {
        // ignore
      }
      router.refresh()
      // The document form keeps its loaded values; reload so it shows the new status and dates.
      window.location.reload()
    },
    [id, router],
  )

  if (id === undefined || id === null || id === '') return null

  const status = isServiceStatus(statusValue) ? statusValue : undefined
  const customerId = relationId(customerValue)
  const permissions = effectivePermissions((user ?? {}) as StaffIdentity)
  const available = status
    ? ACTION_ORDER.filter((key) => {
        const a = ACTIONS[key]
        return a.from.includes(status) && allowedTransitions(status).includes(a.to) && permissions.has(a.permission)
      })
    : []

  return (
    <div className="field-type" style={{ marginBottom: 'var(--base)' }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 'calc(var(--base) * 0.5)', marginBottom: 'calc(var(--base) * 0.5)' }}>
        <span style={{ color: 'var(--theme-elevation-500)', fontSize: '0.85em' }}>Status</span>
        {status ? <StatusLabel status={status} /> : <span style={{ color: 'var(--theme-elevation-500)' }}>—</span>}
      </div>

      {available.length === 0 ? (
        <p style={{ margin: 0, color: 'var(--theme-elevation-500)', fontSize: '0.9em' }}>No actions available</p>
      ) : (
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 'calc(var(--base) * 0.4)' }}>
          {available.map((key) => (
            <button
              key={key}
              ref={(el) => {
                triggerRefs.current[key] = el
              }}
              type="button"
              className={`btn btn--style-${ACTIONS[key].primary ? 'primary' : 'secondary'} btn--size-small`}
              style={{ margin: 0 }}
              aria-haspopup="dialog"
              onClick={() => {
                setFlash(null)
                setOpen(key)
              }}
            >
              {ACTIONS[key].button}
            </button>
          ))}
        </div>
      )}

      {flash && (
        <p
          role="status"
          style={{
            margin: 'calc(var(--base) * 0.5) 0 0',
            padding: 'calc(var(--base) * 0.4) calc(var(--base) * 0.6)',
            borderRadius: 'var(--style-radius-s)',
            background: 'var(--theme-success-100)',
            color: 'var(--theme-success-800)',
            fontSize: '0.9em',
          }}
        >
          {flash}
        </p>
      )}

      {open && (
        <LifecycleDialog
          actionKey={open}
          serviceId={typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : id}
          customerId={customerId}
          onClose={close}
          onDone={done}
        />
      )}
    </div>
  )
}

function StatusLabel({ status }: { status: ServiceStatus }) {
  const c = STATUS_COLOURS[status]
  return (
    <span
      style={{
        display: 'inline-block',
        padding: '0 calc(var(--base) * 0.4)',
        borderRadius: 'var(--style-radius-s)',
        background: c.bg,
        color: c.fg,
        fontSize: '0.85em',
        fontWeight: 600,
        lineHeight: 1.8,
      }}
    >
      {humanise(status)}
    </span>
  )
}

// ---------------------------------------------------------------------------------------------
// The dialog
// ---------------------------------------------------------------------------------------------

type DialogProps = {
  actionKey: ActionKey
  serviceId: number | string
  customerId: number | string | undefined
  onClose: () => void
  onDone: (message: string) => void
}

type SubmitError = Extract<ApiResult<unknown>, { ok: false }>

const inputStyle = (invalid: boolean): React.CSSProperties => ({
  width: '100%',
  boxSizing: 'border-box',
  padding: 'calc(var(--base) * 0.4) calc(var(--base) * 0.6)',
  border: `1px solid ${invalid ? 'var(--theme-error-500)' : 'var(--theme-elevation-150)'}`,
  borderRadius: 'var(--style-radius-s)',
  background: 'var(--theme-input-bg, var(--theme-elevation-0))',
  color: 'var(--theme-text)',
  font: 'inherit',
})

const fieldStyle: React.CSSProperties = { marginBottom: 'calc(var(--base) * 0.75)' }
const labelStyle: React.CSSProperties = { display: 'block', marginBottom: 'calc(var(--base) * 0.25)', fontWeight: 500 }
const fieldErrorStyle: React.CSSProperties = { margin: 'calc(var(--base) * 0.2) 0 0', color: 'var(--theme-error-800)', fontSize: '0.85em' }

function LifecycleDialog({ actionKey, serviceId, customerId, onClose, onDone }: DialogProps) {
  const spec = ACTIONS[actionKey]
  const routes = useRoutes()
  const uid = useId()
  const ids = {
    heading: `${uid}-heading`,
    reason: `${uid}-reason`,
    notes: `${uid}-notes`,
    date: `${uid}-date`,
    suspensionType: `${uid}-suspension-type`,
    skipBilling: `${uid}-skip-billing`,
    error: `${uid}-error`,
  }

  // One key per opened dialog: a double click, or a retry after a network error, acts once.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey)
  const [reason, setReason] = useState('')
  const [notes, setNotes] = useState('')
  const [date, setDate] = useState(todaySast)
  const [suspensionType, setSuspensionType] = useState<SuspensionType>(SUSPENSION_TYPES[0])
  const [skipBilling, setSkipBilling] = useState(false)
  const [submitting, setSubmitting] = useState(false)
  const [error, setError] = useState<SubmitError | null>(null)
  const inFlight = useRef(false)
  const panelRef = useRef<HTMLDivElement>(null)
  const reasonRef = useRef<HTMLTextAreaElement>(null)

  useEffect(() => {
    reasonRef.current?.focus()
  }, [])

  const fieldError = (...names: string[]) => {
    for (const n of names) if (error?.fieldErrors[n]) return error.fieldErrors[n]
    return undefined
  }
  const reasonError = fieldError('reason')
  const notesError = fieldError('notes')
  const dateError = spec.date ? fieldError(spec.date.field, 'date') : undefined
  const suspensionTypeError = fieldError('suspensionType')
  const skipBillingError = fieldError('skipBilling')

  const canSubmit = reason.trim() !== '' && !submitting && customerId !== undefined

  async function submit() {
    if (inFlight.current || reason.trim() === '' || customerId === undefined) return
    inFlight.current = true
    setSubmitting(true)
    setError(null)

    const body: Record<string, unknown> = { serviceId, reason: reason.trim() }
    if (notes.trim()) body.notes = notes.trim()
    if (spec.date && isCalendarDate(date)) body[spec.date.field] = date
    if (actionKey === 'suspend') {
      body.suspensionType = suspensionType
      body.skipBilling = skipBilling
    }

    const res = await apiFetch<ActionResponse>(
      `${routes.api}/admin/customers/${encodeURIComponent(String(customerId))}/services/${actionKey}`,
      { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } },
    )
    inFlight.current = false
    setSubmitting(false)

    if (res.ok) {
      onDone(successMessage(actionKey, res.body ?? {}, actionKey === 'suspend' && skipBilling))
      return
    }
    setError(res)
    // A definite refusal (validation, permission, not found) changed nothing, so the corrected
    // submission is a new request. Keep the key when the outcome is unknown (network error, 5xx)
    // or a conflict (possibly the same request still in flight), so a retry cannot act twice.
    if (res.status >= 400 && res.status < 500 && res.status !== 409) setIdempotencyKey(newIdempotencyKey())
  }

  function onKeyDown(e: React.KeyboardEvent<HTMLDivElement>) {
    if (e.key === 'Escape') {
      e.stopPropagation()
      // A control inside that used Escape itself (the day picker closing its calendar) keeps the dialog open.
      if (!e.defaultPrevented && !submitting) onClose()
      return
    }
    if (e.key !== 'Tab' || !panelRef.current) return
    // Keep focus inside the dialog.
    const focusable = Array.from(
      panelRef.current.querySelectorAll<HTMLElement>('button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])'),
    ).filter((el) => !el.hasAttribute('disabled'))
    if (focusable.length === 0) return
    const first = focusable[0]
    const last = focusable[focusable.length - 1]
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault()
      last.focus()
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault()
      first.focus()
    }
  }

  const dialog = (
    <div
      style={{
        position: 'fixed',
        inset: 0,
        zIndex: 'var(--z-modal, 1000)',
        background: 'rgba(0, 0, 0, 0.5)',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        padding: 'var(--base)',
      }}
    >
      <div
        ref={panelRef}
        role="dialog"
        aria-modal="true"
        aria-labelledby={ids.heading}
        onKeyDown={onKeyDown}
        style={{
          width: 'min(40rem, 100%)',
          maxHeight: 'calc(100vh - 2 * var(--base))',
          overflowY: 'auto',
          boxSizing: 'border-box',
          padding: 'calc(var(--base) * 1.5)',
          borderRadius: 'var(--style-radius-m, var(--style-radius-s))',
          border: '1px solid var(--theme-elevation-150)',
          background: 'var(--theme-bg, var(--theme-elevation-0))',
          color: 'var(--theme-text)',
          boxShadow: '0 10px 30px rgba(0, 0, 0, 0.25)',
        }}
      >
        <form
          noValidate
          onSubmit={(e) => {
            // This form is portalled out of the document form, but React still bubbles its submit there.
            e.preventDefault()
            e.stopPropagation()
            void submit()
          }}
        >
          <h2 id={ids.heading} style={{ margin: '0 0 var(--base)', fontSize: '1.4em' }}>
            {spec.heading}
          </h2>

          {spec.date && (
            <div style={fieldStyle}>
              <label htmlFor={ids.date} style={labelStyle}>
                {spec.date.label}
              </label>
              <DayPicker id={ids.date} value={date} onChange={setDate} aria-invalid={dateError ? true : undefined} aria-describedby={dateError ? `${ids.date}-error` : undefined} disabled={submitting} />
              {dateError && (
                <p id={`${ids.date}-error`} style={fieldErrorStyle}>
                  {dateError}
                </p>
              )}
            </div>
          )}

          {actionKey === 'suspend' && (
            <>
              <div style={fieldStyle}>
                <label htmlFor={ids.suspensionType} style={labelStyle}>
                  Suspension type
                </label>
                <select
                  id={ids.suspensionType}
                  value={suspensionType}
                  onChange={(e) => setSuspensionType(e.target.value as SuspensionType)}
                  aria-invalid={suspensionTypeError ? true : undefined}
                  aria-describedby={suspensionTypeError ? `${ids.suspensionType}-error` : undefined}
                  style={{ ...inputStyle(!!suspensionTypeError), width: 'auto' }}
                  disabled={submitting}
                >
                  {SUSPENSION_TYPES.map((t) => (
                    <option key={t} value={t}>
                      {SUSPENSION_LABELS[t]}
                    </option>
                  ))}
                </select>
                {suspensionTypeError && (
                  <p id={`${ids.suspensionType}-error`} style={fieldErrorStyle}>
                    {suspensionTypeError}
                  </p>
                )}
              </div>
              <div style={fieldStyle}>
                <input
                  id={ids.skipBilling}
                  type="checkbox"
                  checked={skipBilling}
                  onChange={(e) => setSkipBilling(e.target.checked)}
                  aria-invalid={skipBillingError ? true : undefined}
                  disabled={submitting}
                  style={{ marginRight: 'calc(var(--base) * 0.4)' }}
                />
                <label htmlFor={ids.skipBilling}>Pause billing while suspended</label>
                {skipBillingError && <p style={fieldErrorStyle}>{skipBillingError}</p>}
              </div>
            </>
          )}

          <div style={fieldStyle}>
            <label htmlFor={ids.reason} style={labelStyle}>
              Reason
              <span aria-hidden="true" style={{ color: 'var(--theme-error-800)', marginLeft: '0.2em' }}>
                *
              </span>
            </label>
            <textarea
              id={ids.reason}
              ref={reasonRef}
              required
              rows={3}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              aria-invalid={reasonError ? true : undefined}
              aria-describedby={reasonError ? `${ids.reason}-error` : undefined}
              style={{ ...inputStyle(!!reasonError), resize: 'vertical' }}
              disabled={submitting}
            />
            {reasonError && (
              <p id={`${ids.reason}-error`} style={fieldErrorStyle}>
                {reasonError}
              </p>
            )}
          </div>

          <div style={fieldStyle}>
            <label htmlFor={ids.notes} style={labelStyle}>
              Notes
            </label>
            <textarea
              id={ids.notes}
              rows={2}
              value={notes}
              onChange={(e) => setNotes(e.target.value)}
              aria-invalid={notesError ? true : undefined}
              aria-describedby={notesError ? `${ids.notes}-error` : undefined}
              style={{ ...inputStyle(!!notesError), resize: 'vertical' }}
              disabled={submitting}
            />
            {notesError && (
              <p id={`${ids.notes}-error`} style={fieldErrorStyle}>
                {notesError}
              </p>
            )}
          </div>

          {spec.preview && (
            <InvoicePreview
              api={routes.api}
              serviceId={serviceId}
              kind={spec.preview}
              date={spec.date ? date : todaySast()}
              note={actionKey === 'reactivate' ? 'A pro-rata invoice is issued only if billing was paused' : undefined}
            />
          )}

          {customerId === undefined && (
            <p role="alert" style={{ ...fieldErrorStyle, fontSize: '0.9em' }}>
              This service has no customer; it cannot be changed here.
            </p>
          )}

          {error && (
            <div
              id={ids.error}
              role="alert"
              style={{
                margin: '0 0 var(--base)',
                padding: 'calc(var(--base) * 0.5) calc(var(--base) * 0.75)',
                borderRadius: 'var(--style-radius-s)',
                background: 'var(--theme-error-100)',
                color: 'var(--theme-error-800)',
              }}
            >
              {error.message}
            </div>
          )}

          <div
            style={{
              display: 'flex',
              gap: 'calc(var(--base) * 0.5)',
              justifyContent: 'flex-end',
              flexWrap: 'wrap',
              // Always in view, however long the preview: the panel scrolls beneath it.
              position: 'sticky',
              bottom: 'calc(var(--base) * -1.5)',
              margin: '0 calc(var(--base) * -1.5) calc(var(--base) * -1.5)',
              padding: 'calc(var(--base) * 0.75) calc(var(--base) * 1.5)',
              borderTop: '1px solid var(--theme-elevation-150)',
              background: 'var(--theme-bg, var(--theme-elevation-0))',
            }}
          >
            <button type="button" className="btn btn--style-secondary btn--size-small" style={{ margin: 0 }} onClick={onClose} disabled={submitting}>
              Close
            </button>
            <button
              type="submit"
              className="btn btn--style-primary btn--size-small"
              style={{ margin: 0 }}
              disabled={!canSubmit}
              aria-describedby={error ? ids.error : undefined}
            >
              {submitting ? 'Working…' : spec.confirm}
            </button>
          </div>
        </form>
      </div>
    </div>
  )

  return createPortal(dialog, document.body)
}

// ---------------------------------------------------------------------------------------------
// The invoice preview
// ---------------------------------------------------------------------------------------------

type PreviewLine = {
  description: string
  kind: string
  exclVatCents: number
  vatCents: number
  inclVatCents: number
  vatRateBasisPoints: number
}
type PreviewBody = {
  lines: PreviewLine[]
  totals: { exclVatCents: number; vatCents: number; inclVatCents: number }
  explanation: string
  nextBillingDate?: string
}
type PreviewState =
  | { state: 'loading' }
  | { state: 'ready'; data: PreviewBody }
  | { state: 'error'; message: string }
  | { state: 'forbidden' }
  | { state: 'no-date' }

function InvoicePreview(props: { api: string; serviceId: number | string; kind: PreviewKind; date: string; note?: string }) {
  const { api, serviceId, kind, date, note } = props
  const [preview, setPreview] = useState<PreviewState>({ state: 'loading' })

  useEffect(() => {
    if (!isCalendarDate(date)) {
      setPreview({ state: 'no-date' })
      return
    }
    setPreview({ state: 'loading' })
    const controller = new AbortController()
    const timer = setTimeout(async () => {
      const res = await apiFetch<PreviewBody>(`${api}/admin/billing/preview`, {
        method: 'POST',
        body: { serviceId, date, kind },
        signal: controller.signal,
      })
      if (controller.signal.aborted) return
      if (res.ok) setPreview({ state: 'ready', data: res.body })
      else if (res.status === 403) setPreview({ state: 'forbidden' })
      else setPreview({ state: 'error', message: res.message })
    }, 250)
    return () => {
      clearTimeout(timer)
      controller.abort()
    }
  }, [api, serviceId, kind, date])

  const cell: React.CSSProperties = { padding: 'calc(var(--base) * 0.3) calc(var(--base) * 0.4)', textAlign: 'right', whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }
  const muted: React.CSSProperties = { margin: 0, color: 'var(--theme-elevation-500)', fontSize: '0.9em' }

  return (
    <section
      aria-busy={preview.state === 'loading'}
      style={{
        margin: '0 0 var(--base)',
        padding: 'calc(var(--base) * 0.75)',
        borderRadius: 'var(--style-radius-s)',
        background: 'var(--theme-elevation-50)',
        border: '1px solid var(--theme-elevation-150)',
      }}
    >
      <h3 style={{ margin: '0 0 calc(var(--base) * 0.5)', fontSize: '1.05em' }}>What will be invoiced</h3>
      {note && <p style={{ ...muted, marginBottom: 'calc(var(--base) * 0.5)' }}>{note}</p>}

      <div aria-live="polite">
        {preview.state === 'loading' && <p style={muted}>Loading preview…</p>}
        {preview.state === 'no-date' && <p style={muted}>Choose a date to see the preview.</p>}
        {preview.state === 'forbidden' && <p style={muted}>Preview not available for your role</p>}
        {preview.state === 'error' && (
          <p style={{ ...muted, color: 'var(--theme-error-800)' }}>Could not load the preview: {preview.message}</p>
        )}
        {preview.state === 'ready' && (
          <>
            {preview.data.lines?.length ? (
              <div style={{ overflowX: 'auto' }}>
                <table style={{ width: '100%', borderCollapse: 'collapse', fontSize: '0.9em' }}>
                  <thead>
                    <tr style={{ borderBottom: '1px solid var(--theme-elevation-150)' }}>
                      <th scope="col" style={{ ...cell, textAlign: 'left' }}>
                        Description
                      </th>
                      <th scope="col" style={cell}>
                        Excl. VAT
                      </th>
                      <th scope="col" style={cell}>
                        VAT
                      </th>
                      <th scope="col" style={cell}>
                        Incl. VAT
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.data.lines.map((line, i) => (
                      <tr key={i} style={{ borderBottom: '1px solid var(--theme-elevation-100)' }}>
                        <td style={{ ...cell, textAlign: 'left', whiteSpace: 'normal' }}>{line.description}</td>
                        <td style={cell}>{rand(line.exclVatCents)}</td>
                        <td style={cell}>{rand(line.vatCents)}</td>
                        <td style={cell}>{rand(line.inclVatCents)}</td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row" colSpan={3} style={{ ...cell, textAlign: 'left' }}>
                        Total incl. VAT
                      </th>
                      <td style={{ ...cell, fontWeight: 600 }}>{rand(preview.data.totals?.inclVatCents)}</td>
                    </tr>
                  </tfoot>
                </table>
              </div>
            ) : (
              <p style={muted}>Nothing will be invoiced.</p>
            )}
            {preview.data.explanation && (
              <p style={{ ...muted, marginTop: 'calc(var(--base) * 0.5)' }}>{preview.data.explanation}</p>
            )}
            {preview.data.nextBillingDate && (
              <p style={{ ...muted, marginTop: 'calc(var(--base) * 0.25)' }}>Next billing date: {shortDate(preview.data.nextBillingDate)}</p>
            )}
          </>
        )}
      </div>
    </section>
  )
}
