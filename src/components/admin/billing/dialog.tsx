'use client'

import type React from 'react'
import { useEffect, useId, useRef, useState } from 'react'
import { createPortal } from 'react-dom'

import { effectivePermissions, type StaffIdentity } from '../../../domain/staffPermissions'
import { apiFetch, newIdempotencyKey, type ApiResult } from '../lifecycle/api'

/**
 * What the billing dialogs share: the modal shell (focus in, Tab kept inside, Escape closes,
 * focus back to the opener), the field layout with its error wired to the control, and one
 * command hook that sends with an Idempotency-Key minted when the dialog opens.
 */

export const FORBIDDEN_MESSAGE = 'You need the billing:manage permission'

export const mayManageBilling = (user: unknown) => effectivePermissions((user ?? {}) as StaffIdentity).has('billing_manage')

/** An id from the document info, as the endpoints want it. */
export const numericId = (id: unknown): number | undefined =>
  typeof id === 'number' ? id : typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : undefined

// ---------------------------------------------------------------------------------------------
// Styles: Payload's variables; text at elevation-800 or darker for 4.5:1 in both themes.
// ---------------------------------------------------------------------------------------------

export const textColour = 'var(--theme-elevation-800)'
export const errorColour = 'var(--theme-error-800)'

export const buttonStyle: React.CSSProperties = { margin: 0, minHeight: '2.25rem' }
export const mutedStyle: React.CSSProperties = { margin: 0, color: textColour, fontSize: '0.9em' }
export const fieldStyle: React.CSSProperties = { marginBottom: 'calc(var(--base) * 0.75)', minWidth: 0 }
export const labelStyle: React.CSSProperties = { display: 'block', marginBottom: 'calc(var(--base) * 0.25)', fontWeight: 500 }
export const fieldErrorStyle: React.CSSProperties = { margin: 'calc(var(--base) * 0.2) 0 0', color: errorColour, fontSize: '0.85em' }
export const hintStyle: React.CSSProperties = { margin: 'calc(var(--base) * 0.2) 0 0', color: textColour, fontSize: '0.85em' }

export const inputStyle = (invalid: boolean): React.CSSProperties => ({
  width: '100%',
  minHeight: '2.25rem',
  boxSizing: 'border-box',
  padding: 'calc(var(--base) * 0.4) calc(var(--base) * 0.6)',
  border: `1px solid ${invalid ? 'var(--theme-error-500)' : 'var(--theme-elevation-400)'}`,
  borderRadius: 'var(--style-radius-s)',
  background: 'var(--theme-input-bg, var(--theme-elevation-0))',
  color: 'var(--theme-text)',
  font: 'inherit',
})

export const panelBoxStyle: React.CSSProperties = {
  margin: '0 0 var(--base)',
  padding: 'calc(var(--base) * 0.6) calc(var(--base) * 0.75)',
  borderRadius: 'var(--style-radius-s)',
  background: 'var(--theme-elevation-50)',
  border: '1px solid var(--theme-elevation-150)',
  color: 'var(--theme-text)',
}

export const numberCell: React.CSSProperties = { textAlign: 'right', whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }

// ---------------------------------------------------------------------------------------------
// The modal shell
// ---------------------------------------------------------------------------------------------

const FOCUSABLE = 'button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])'

type ModalProps = {
  title: string
  /** Escape and Close do nothing while a request is on its way. */
  busy: boolean
  onClose: () => void
  onSubmit?: () => void
  /** The buttons, kept in view at the foot of the panel. */
  actions: React.ReactNode
  children: React.ReactNode
}

export function BillingModal({ title, busy, onClose, onSubmit, actions, children }: ModalProps) {
  const panelRef = useRef<HTMLDivElement>(null)
  const headingId = `${useId()}-heading`

  // The opener, taken while rendering: by the time effects run, focus is already moving inside.
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null))

  // Focus goes back to the opener when the dialog goes away (not on StrictMode's rehearsal unmount,
  // after which the panel is still there).
  useEffect(() => {
    const { overflow } = document.body.style
    document.body.style.overflow = 'hidden'
    return () => {
      document.body.style.overflow = overflow
      requestAnimationFrame(() => {
        if (!panelRef.current && opener?.isConnected) opener.focus()
      })
    }
  }, [opener])

  // Each view (the form, then its outcome) starts on its element marked data-autofocus, or the first.
  useEffect(() => {
    const panel = panelRef.current
    const first = panel?.querySelector<HTMLElement>('[data-autofocus]') ?? panel?.querySelector<HTMLElement>(FOCUSABLE)
    ;(first ?? panel)?.focus()
  }, [title])

  function onKeyDown(e: React.KeyboardEvent<HTMLDivElement>) {
    if (e.key === 'Escape') {
      e.stopPropagation()
      // A control inside that used Escape itself (the day picker closing its calendar) keeps the dialog open.
      if (!e.defaultPrevented && !busy) onClose()
      return
    }
    if (e.key !== 'Tab' || !panelRef.current) return
    const focusable = Array.from(panelRef.current.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => !el.hasAttribute('disabled'))
    if (focusable.length === 0) {
      e.preventDefault()
      return
    }
    const first = focusable[0]
    const last = focusable[focusable.length - 1]
    const inside = panelRef.current.contains(document.activeElement)
    if (e.shiftKey && (document.activeElement === first || !inside)) {
      e.preventDefault()
      last.focus()
    } else if (!e.shiftKey && (document.activeElement === last || !inside)) {
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
        padding: 'calc(var(--base) * 0.5)',
      }}
    >
      <div
        ref={panelRef}
        role="dialog"
        aria-modal="true"
        aria-labelledby={headingId}
        aria-busy={busy}
        tabIndex={-1}
        onKeyDown={onKeyDown}
        style={{
          width: 'min(42rem, 100%)',
          maxHeight: 'calc(100dvh - var(--base))',
          overflowY: 'auto',
          boxSizing: 'border-box',
          padding: 'var(--base)',
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
            // Portalled out of the document form, but React still bubbles the submit there.
            e.preventDefault()
            e.stopPropagation()
            if (!busy) onSubmit?.()
          }}
        >
          <h2 id={headingId} style={{ margin: '0 0 var(--base)', fontSize: '1.3em', overflowWrap: 'anywhere' }}>
            {title}
          </h2>
          {children}
          <div
            style={{
              display: 'flex',
              gap: 'calc(var(--base) * 0.5)',
              justifyContent: 'flex-end',
              flexWrap: 'wrap',
              position: 'sticky',
              bottom: 'calc(var(--base) * -1)',
              margin: '0 calc(var(--base) * -1) calc(var(--base) * -1)',
              padding: 'calc(var(--base) * 0.75) var(--base)',
              borderTop: '1px solid var(--theme-elevation-150)',
              background: 'var(--theme-bg, var(--theme-elevation-0))',
            }}
          >
            {actions}
          </div>
        </form>
      </div>
    </div>
  )
  return createPortal(dialog, document.body)
}

// ---------------------------------------------------------------------------------------------
// Fields and messages
// ---------------------------------------------------------------------------------------------

const PRIMARY = 'btn btn--style-primary btn--size-small'
const SECONDARY = 'btn btn--style-secondary btn--size-small'

type FormActionsProps = {
  onCancel: () => void
  submitting: boolean
  /** The submit button's words, and what it says while the request runs. */
  label: string
  busyLabel: string
  cancelLabel?: string
  /** Which button the dialog opens on, when no field should take focus first. */
  autoFocus?: 'cancel' | 'submit'
}

/** A dialog form's buttons: cancel, then the submit button that says what it is doing. */
export function FormActions({ onCancel, submitting, label, busyLabel, cancelLabel = 'Cancel', autoFocus }: FormActionsProps) {
  return (
    <>
      <button type="button" className={SECONDARY} style={buttonStyle} onClick={onCancel} disabled={submitting} data-autofocus={autoFocus === 'cancel' || undefined}>
        {cancelLabel}
      </button>
      <button type="submit" className={PRIMARY} style={buttonStyle} disabled={submitting} data-autofocus={autoFocus === 'submit' || undefined}>
        {submitting ? busyLabel : label}
      </button>
    </>
  )
}

type OutcomeProps = {
  title: string
  /** Default: reload the page, which shows what changed. */
  onClose?: () => void
  closeLabel?: string
  /** Other ways on, before the closing button (a link to what was made). */
  before?: React.ReactNode
  children: React.ReactNode
}

/** A dialog with nothing left to submit: the outcome of its work (Done), or why there is none (Close). */
export function OutcomeModal({ title, onClose = reloadAfterChange, closeLabel = 'Done', before, children }: OutcomeProps) {
  return (
    <BillingModal
      title={title}
      busy={false}
      onClose={onClose}
      actions={
        <>
          {before}
          <button type="button" className={PRIMARY} style={buttonStyle} onClick={onClose} data-autofocus>
            {closeLabel}
          </button>
        </>
      }
    >
      {children}
    </BillingModal>
  )
}


type FieldProps = {
  id: string
  label: string
  required?: boolean
  error?: string
  hint?: string
  /** Renders the control, given the props that tie it to its label, hint and error. */
  children: (control: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string; 'aria-required'?: true }) => React.ReactNode
}

export function Field({ id, label, required, error, hint, children }: FieldProps) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ')
  return (
    <div style={fieldStyle}>
      <label htmlFor={id} style={labelStyle}>
        {label}
        {required && (
          <span aria-hidden="true" style={{ color: errorColour, marginLeft: '0.2em' }}>
            *
          </span>
        )}
      </label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': described || undefined, 'aria-required': required ? true : undefined })}
      {hint && (
        <p id={`${id}-hint`} style={hintStyle}>
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} role="alert" style={fieldErrorStyle}>
          {error}
        </p>
      )}
    </div>
  )
}

export function ErrorBanner({ message }: { message: string | null }) {
  if (!message) return null
  return (
    <div
      role="alert"
      style={{
        margin: '0 0 var(--base)',
        padding: 'calc(var(--base) * 0.5) calc(var(--base) * 0.75)',
        borderRadius: 'var(--style-radius-s)',
        background: 'var(--theme-error-100)',
        color: errorColour,
      }}
    >
      {message}
    </div>
  )
}

export function SuccessBox({ children }: { children: React.ReactNode }) {
  return (
    <div
      role="status"
      style={{
        margin: '0 0 var(--base)',
        padding: 'calc(var(--base) * 0.6) calc(var(--base) * 0.75)',
        borderRadius: 'var(--style-radius-s)',
        background: 'var(--theme-success-100)',
        color: 'var(--theme-success-800)',
      }}
    >
      {children}
    </div>
  )
}

// ---------------------------------------------------------------------------------------------
// Sending a command
// ---------------------------------------------------------------------------------------------

type Failure = Extract<ApiResult<unknown>, { ok: false }>

export type CommandState = {
  submitting: boolean
  /** The message for the whole form: what no field shows. */
  formError: string | null
  /** The server's message for a field, by its name in the request body (`lines.0.description`). */
  fieldError: (...names: string[]) => string | undefined
  send: <T>(url: string, body: unknown) => Promise<T | null>
}

/**
 * One Idempotency-Key per dialog opening, so a double click or a retry acts once. A definite
 * refusal (400, 403, 404) changed nothing, so the corrected submission gets a new key; after a
 * network error, a 5xx or a 409 (maybe the same request still running) the key is kept.
 */
export function useBillingCommand(shownFields: readonly string[]): CommandState {
  const [key, setKey] = useState(newIdempotencyKey)
  const [submitting, setSubmitting] = useState(false)
  const [failure, setFailure] = useState<Failure | null>(null)
  const inFlight = useRef(false)

  async function send<T>(url: string, body: unknown): Promise<T | null> {
    if (inFlight.current) return null
    inFlight.current = true
    setSubmitting(true)
    setFailure(null)
    const res = await apiFetch<T>(url, { method: 'POST', body, headers: { 'Idempotency-Key': key } })
    inFlight.current = false
    setSubmitting(false)
    if (res.ok) return res.body
    setFailure(res.status === 403 ? { ...res, message: FORBIDDEN_MESSAGE, fieldErrors: {} } : res)
    if (res.status >= 400 && res.status < 500 && res.status !== 409) setKey(newIdempotencyKey())
    return null
  }

  const fieldError = (...names: string[]) => {
    for (const n of names) if (failure?.fieldErrors[n]) return failure.fieldErrors[n]
    return undefined
  }
  // Field messages show under their field; the banner carries the rest (or all, if none is shown).
  const unshown = failure
    ? Object.entries(failure.fieldErrors).filter(([field]) => !shownFields.some((f) => field === f || field.startsWith(`${f}.`)))
    : []
  const formError = !failure
    ? null
    : Object.keys(failure.fieldErrors).length === 0
      ? failure.message
      : unshown.length
        ? unshown.map(([, m]) => m).join(' ')
        : null

  return { submitting, formError, fieldError, send }
}

/**
 * The document form keeps the values it loaded, so once the clerk has read the outcome the page
 * is reloaded to show the new status and amounts (router.refresh() has refreshed the server data).
 */
export function reloadAfterChange() {
  window.location.reload()
}
