'use client'

import { useAuth, useDocumentInfo } from '@payloadcms/ui'
import { useState } from 'react'

import { humanise, useRoutes } from '../lifecycle/api'
import { buttonStyle, errorColour, mayManageBilling, mutedStyle, numericId, useBillingCommand } from '../billing/dialog'
import { AddPaymentMethodDialog } from './AddPaymentMethodDialog'
import { RemovePaymentMethodDialog } from './RemovePaymentMethodDialog'
import { RevealBankDetailsDialog } from './RevealBankDetailsDialog'
import { usePaymentMethods, type ListedMethod } from './usePaymentMethods'

const small = 'btn btn--style-secondary btn--size-small'

/** One click, one Idempotency-Key (minted with the button): a double click makes it primary once. */
function MakePrimaryButton({ customerId, method, onDone }: { customerId: number; method: ListedMethod; onDone: () => void }) {
  const routes = useRoutes()
  const command = useBillingCommand([])
  async function makePrimary() {
    const result = await command.send(`${routes.api}/admin/payment-methods/${method.id}/primary`, { customerId })
    if (result) onDone()
  }
  return (
    <>
      <button type="button" className={small} style={buttonStyle} onClick={() => void makePrimary()} disabled={command.submitting} aria-label={`Make ${method.displayName} primary`}>
        {command.submitting ? 'Saving…' : 'Make primary'}
      </button>
      {command.formError && (
        <p role="alert" style={{ margin: 0, flexBasis: '100%', color: errorColour, fontSize: '0.85em' }}>
          {command.formError}
        </p>
      )}
    </>
  )
}

/**
 * On a customer (sidebar): their active payment methods, masked, with what a clerk holding
 * billing_manage may do to them: add one, make one primary, remove one, and see a debit order's
 * bank details for a minute, giving the reason. Everything goes through the staff endpoints
 * (src/endpoints/admin/paymentMethods.ts), which audit it.
 */
export function CustomerPaymentMethods() {
  const { id } = useDocumentInfo()
  const { user } = useAuth()
  const customerId = numericId(id)
  const { methods, reload } = usePaymentMethods(customerId)
  const [dialog, setDialog] = useState<{ kind: 'add' } | { kind: 'remove' | 'reveal'; method: ListedMethod } | null>(null)

  if (customerId === undefined) return null
  const mayManage = mayManageBilling(user)

  return (
    <div className="field-type" style={{ marginBottom: 'var(--base)' }}>
      <h4 style={{ margin: '0 0 calc(var(--base) * 0.5)' }}>Payment methods</h4>
      {methods.state === 'loading' && <p style={mutedStyle}>Loading…</p>}
      {methods.state === 'error' && (
        <p role="alert" style={{ ...mutedStyle, color: errorColour }}>
          Could not load the payment methods: {methods.message}
        </p>
      )}
      {methods.state === 'ready' && methods.methods.length === 0 && <p style={mutedStyle}>No active payment method.</p>}
      {methods.state === 'ready' && methods.methods.length > 0 && (
        <ul style={{ listStyle: 'none', margin: '0 0 calc(var(--base) * 0.5)', padding: 0 }}>
          {methods.methods.map((m) => (
            <li key={m.id} style={{ padding: 'calc(var(--base) * 0.4) 0', borderBottom: '1px solid var(--theme-elevation-100)' }}>
              <div style={{ fontWeight: 500, overflowWrap: 'anywhere' }}>
                {m.displayName}
                {m.isPrimary && <span style={{ marginLeft: '0.5em', fontSize: '0.8em', fontWeight: 600 }}>· Primary</span>}
              </div>
              {m.type === 'debit_order' && <p style={mutedStyle}>Mandate: {humanise(m.mandateStatus ?? 'pending')}</p>}
              {mayManage && (
                <div style={{ display: 'flex', flexWrap: 'wrap', gap: 'calc(var(--base) * 0.3)', marginTop: 'calc(var(--base) * 0.3)' }}>
                  {!m.isPrimary && <MakePrimaryButton customerId={customerId} method={m} onDone={reload} />}
                  {m.type === 'debit_order' && (
                    <button type="button" aria-haspopup="dialog" className={small} style={buttonStyle} onClick={() => setDialog({ kind: 'reveal', method: m })}>
                      Show bank details
                    </button>
                  )}
                  <button type="button" aria-haspopup="dialog" className={small} style={buttonStyle} onClick={() => setDialog({ kind: 'remove', method: m })} aria-label={`Remove ${m.displayName}`}>
                    Remove
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {mayManage ? (
        <button type="button" aria-haspopup="dialog" className="btn btn--style-primary btn--size-small" style={buttonStyle} onClick={() => setDialog({ kind: 'add' })}>
          Add payment method
        </button>
      ) : (
        <p style={mutedStyle}>Read only: changing payment methods and seeing bank details need the billing:manage permission.</p>
      )}

      {dialog?.kind === 'add' && <AddPaymentMethodDialog customerId={customerId} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'remove' && <RemovePaymentMethodDialog customerId={customerId} method={dialog.method} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'reveal' && <RevealBankDetailsDialog customerId={customerId} method={dialog.method} onClose={() => setDialog(null)} />}
    </div>
  )
}
