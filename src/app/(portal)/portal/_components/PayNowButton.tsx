'use client'

import { CreditCard } from 'lucide-react'
import React, { useEffect, useRef, useState } from 'react'

import { callDashboard } from '../_lib/api'

type Started = { action: string; fields: Record<string, string>; amountCents: number }

/**
 * "Pay now" on an open invoice: asks us to start a Pay Now payment (a new reference each time),
 * then posts the browser to NetCash's Pay Now page with the form we were given. NetCash tells us
 * the outcome by its notify postback; the invoice shows paid once that has been processed.
 */
export function PayNowButton({ invoiceId, amountLabel }: { invoiceId: number; amountLabel: string }) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [started, setStarted] = useState<Started | null>(null)
  const form = useRef<HTMLFormElement>(null)

  // Once the form with NetCash's fields is on the page, the browser posts it and leaves for NetCash.
  useEffect(() => {
    if (started) form.current?.submit()
  }, [started])

  async function start() {
    setBusy(true)
    setError(null)
    const result = await callDashboard<Started>(`/invoices/${invoiceId}/pay-now`, { method: 'POST', body: {} })
    if (!result.ok) {
      setBusy(false)
      setError(result.message)
      return
    }
    setStarted(result.value)
  }

  return (
    <>
      <button type="button" className="button" onClick={start} disabled={busy} aria-describedby={error ? `paynow-error-${invoiceId}` : undefined}>
        <CreditCard aria-hidden="true" size={18} /> {busy ? 'Opening Pay Now…' : `Pay ${amountLabel} now`}
      </button>
      {error && (
        <p id={`paynow-error-${invoiceId}`} role="alert" className="error">
          {error}
        </p>
      )}
      {started && (
        <form ref={form} method="post" action={started.action} hidden>
          {Object.entries(started.fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
        </form>
      )}
    </>
  )
}
