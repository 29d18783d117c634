'use client'

import { Plus, Star, Trash2 } from 'lucide-react'
import { useRouter } from 'next/navigation'
import React, { useRef, useState } from 'react'

import { SA_BANKS, BANK_ACCOUNT_TYPES } from '../../../../domain/bankAccounts'
import { formatRand, statusBadge } from '../../../../domain/display'
import { addPaymentMethodBody, type MaskedPaymentMethod } from '../../../../services/dashboard/contract'
import { callDashboard } from '../_lib/api'
import { useFieldErrors } from './forms'

/** A fresh idempotency key (randomUUID exists only on secure origins: https, or localhost). */
const newKey = () => globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`

const TYPE_LABELS = { debit_order: 'Debit order', card: 'Card', eft: 'EFT (bank transfer)' } as const

/** The customer's payment methods: make one primary, remove one, add a debit order or EFT. */
export function PaymentMethods({ methods, balanceCents }: { methods: MaskedPaymentMethod[]; balanceCents: number }) {
  const router = useRouter()
  const [message, setMessage] = useState<{ tone: 'bad' | 'good'; text: string } | null>(null)
  const [busy, setBusy] = useState<number | null>(null)
  const dialog = useRef<HTMLDialogElement>(null)

  async function makePrimary(method: MaskedPaymentMethod) {
    setBusy(method.id)
    const result = await callDashboard(`/payment-methods/${method.id}`, { method: 'PATCH', body: { isPrimary: true } })
    setBusy(null)
    setMessage(result.ok ? { tone: 'good', text: `${method.displayName} is now your primary payment method.` } : { tone: 'bad', text: result.message })
    router.refresh()
  }

  async function remove(method: MaskedPaymentMethod) {
    if (!window.confirm(`Remove ${method.displayName}?`)) return
    setBusy(method.id)
    const result = await callDashboard(`/payment-methods/${method.id}`, { method: 'DELETE' })
    setBusy(null)
    if (result.ok) setMessage({ tone: 'good', text: `${method.displayName} was removed.` })
    else if (result.code === 'PRIMARY_METHOD_HAS_BALANCE') {
      setMessage({
        tone: 'bad',
        text: `${method.displayName} can't be removed yet: it is how your balance of ${formatRand(balanceCents)} gets paid. Make another method primary first, or settle the balance.`,
      })
    } else setMessage({ tone: 'bad', text: result.message })
    router.refresh()
  }

  return (
    <section className="card" aria-labelledby="methods-heading">
      <div className="card-head">
        <h2 id="methods-heading">Your payment methods</h2>
        <button type="button" onClick={() => dialog.current?.showModal()}>
          <Plus aria-hidden="true" size={18} /> Add a payment method
        </button>
      </div>
      <div aria-live="polite">
        {message && (
          <p className={`banner tone-${message.tone}`} role={message.tone === 'bad' ? 'alert' : 'status'}>
            {message.text}
          </p>
        )}
      </div>
      {methods.length === 0 ? (
        <div className="empty-state">
          <p className="empty-title">No payment methods yet</p>
          <p>Add a debit order to pay automatically, or EFT to pay by bank transfer.</p>
        </div>
      ) : (
        <ul className="list">
          {methods.map((m) => (
            <li key={m.id} data-testid="payment-method">
              <div>
                <p className="title" style={{ margin: 0 }}>
                  {m.displayName} {m.isPrimary && <span className="badge tone-info">Primary</span>}
                </p>
                <p className="muted" style={{ margin: '0.15rem 0 0' }}>
                  {TYPE_LABELS[m.type]}
                  {m.mandateStatus && (
                    <>
                      {' · '}
                      <span className={`badge tone-${statusBadge('mandate', m.mandateStatus).tone}`}>{statusBadge('mandate', m.mandateStatus).label}</span>
                    </>
                  )}
                </p>
                {m.mandateStatus === 'pending' && (
                  <p style={{ margin: '0.35rem 0 0' }}>
                    {m.mandateUrl ? (
                      <a href={m.mandateUrl} target="_blank" rel="noopener noreferrer">
                        Sign the debit order mandate at NetCash<span className="visually-hidden"> for {m.displayName} (opens in a new tab)</span>
                      </a>
                    ) : (
                      <span className="muted">The mandate link is on its way: refresh in a minute.</span>
                    )}
                  </p>
                )}
              </div>
              <div className="actions">
                {!m.isPrimary && (
                  <button type="button" className="secondary" disabled={busy === m.id} onClick={() => makePrimary(m)}>
                    <Star aria-hidden="true" size={16} /> Make primary
                  </button>
                )}
                <button type="button" className="danger" disabled={busy === m.id} onClick={() => remove(m)} aria-label={`Remove ${m.displayName}`}>
                  <Trash2 aria-hidden="true" size={16} /> Remove
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <dialog ref={dialog} aria-labelledby="add-heading">
        <AddPaymentMethod
          onDone={(text) => {
            dialog.current?.close()
            setMessage({ tone: 'good', text })
            router.refresh()
          }}
          onCancel={() => dialog.current?.close()}
        />
      </dialog>
    </section>
  )
}

function AddPaymentMethod({ onDone, onCancel }: { onDone: (message: string) => void; onCancel: () => void }) {
  const [type, setType] = useState<'debit_order' | 'eft'>('debit_order')
  const [bankCode, setBankCode] = useState(SA_BANKS[0].code)
  const [branchCode, setBranchCode] = useState(SA_BANKS[0].universalBranchCode)
  const { setErrors, field, error } = useFieldErrors()
  const [formError, setFormError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  // One key per method being added: a double click or a retry after a lost answer adds it once.
  const [idempotencyKey, setIdempotencyKey] = useState(newKey)

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const body =
      type === 'eft'
        ? { type, makePrimary: form.get('makePrimary') === 'on' }
        : {
            type,
            bankCode,
            branchCode,
            accountType: String(form.get('accountType')),
            accountNumber: String(form.get('accountNumber') ?? ''),
            accountHolder: String(form.get('accountHolder') ?? ''),
            makePrimary: form.get('makePrimary') === 'on',
          }
    // The same schema the server validates with: the customer sees the same rules before sending.
    const checked = addPaymentMethodBody.safeParse(body)
    if (!checked.success) {
      setErrors(Object.fromEntries(checked.error.issues.map((i) => [String(i.path[0] ?? 'form'), i.message])))
      return
    }
    setErrors({})
    setBusy(true)
    const result = await callDashboard<{ paymentMethod: MaskedPaymentMethod }>('/payment-methods', {
      method: 'POST',
      body: checked.data,
      headers: { 'Idempotency-Key': idempotencyKey },
    })
    setBusy(false)
    if (result.ok) {
      setIdempotencyKey(newKey())
      onDone(
        result.value.paymentMethod.type === 'debit_order'
          ? `${result.value.paymentMethod.displayName} was added. Sign the debit order mandate at NetCash (the link is beside it); collection starts once it is signed.`
          : `${result.value.paymentMethod.displayName} was added.`,
      )
      return
    }
    if (result.field) setErrors({ [result.field]: result.message })
    else setFormError(result.message)
  }


  return (
    <form onSubmit={submit} noValidate>
      <h2 id="add-heading">Add a payment method</h2>
      <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
        <legend className="visually-hidden">Kind of payment method</legend>
        <label className="checkbox">
          <input type="radio" name="type" value="debit_order" checked={type === 'debit_order'} onChange={() => setType('debit_order')} /> Debit order (pays automatically)
        </label>
        <label className="checkbox">
          <input type="radio" name="type" value="eft" checked={type === 'eft'} onChange={() => setType('eft')} /> EFT (you pay by bank transfer)
        </label>
      </fieldset>
      {type === 'debit_order' && (
        <>
          <label htmlFor="bankCode">Bank</label>
          <select
            id="bankCode"
            value={bankCode}
            onChange={(e) => {
              setBankCode(e.target.value)
              setBranchCode(SA_BANKS.find((b) => b.code === e.target.value)?.universalBranchCode ?? '')
            }}
            {...field('bankCode')}
          >
            {SA_BANKS.map((b) => (
              <option key={b.code} value={b.code}>
                {b.name}
              </option>
            ))}
          </select>
          {error('bankCode')}
          <label htmlFor="branchCode">Branch code</label>
          <input id="branchCode" inputMode="numeric" value={branchCode} onChange={(e) => setBranchCode(e.target.value)} {...field('branchCode')} />
          <p className="field-hint">Filled in with your bank's universal branch code.</p>
          {error('branchCode')}
          <label htmlFor="accountType">Account type</label>
          <select id="accountType" name="accountType" defaultValue="cheque" {...field('accountType')}>
            {BANK_ACCOUNT_TYPES.map((t) => (
              <option key={t} value={t}>
                {t === 'cheque' ? 'Cheque / current' : t[0].toUpperCase() + t.slice(1)}
              </option>
            ))}
          </select>
          <label htmlFor="accountNumber">Account number</label>
          <input id="accountNumber" name="accountNumber" inputMode="numeric" autoComplete="off" {...field('accountNumber')} />
          {error('accountNumber')}
          <label htmlFor="accountHolder">Account holder</label>
          <input id="accountHolder" name="accountHolder" autoComplete="name" {...field('accountHolder')} />
          {error('accountHolder')}
        </>
      )}
      <label className="checkbox">
        <input type="checkbox" name="makePrimary" /> Make this my primary payment method
      </label>
      {formError && (
        <p className="form-error" role="alert">
          {formError}
        </p>
      )}
      <div className="actions" style={{ marginTop: '1rem' }}>
        <button type="submit" disabled={busy}>
          {busy ? 'Adding…' : 'Add'}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}
