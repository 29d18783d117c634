'use client'

import React, { useState } from 'react'

import { PROVINCES } from '../../../../domain/catalogue'
import type { ProfileResponse } from '../../../../services/dashboard/contract'
import { callDashboard } from '../_lib/api'
import { FormMessage, useFieldErrors, type Message } from './forms'

/** The customer's mobile number and postal address. */
export function ProfileForm({ initial }: { initial: ProfileResponse }) {
  const { setErrors, field: described, error } = useFieldErrors()
  const [message, setMessage] = useState<Message>(null)
  const [busy, setBusy] = useState(false)
  const a = initial.postalAddress

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const f = new FormData(event.currentTarget)
    const text = (k: string) => String(f.get(k) ?? '').trim()
    const body = {
      mobile: text('mobile'),
      postalAddress: { line1: text('line1'), line2: text('line2') || undefined, suburb: text('suburb') || undefined, city: text('city'), province: text('province'), postalCode: text('postalCode') },
    }
    setBusy(true)
    const result = await callDashboard<ProfileResponse>('/profile', { method: 'PATCH', body })
    setBusy(false)
    if (result.ok) {
      setErrors({})
      setMessage({ tone: 'good', text: 'Your details are saved.' })
    } else {
      setErrors(result.field ? { [result.field.replace(/^postalAddress\./, '')]: result.message } : {})
      setMessage({ tone: 'bad', text: result.message })
    }
  }

  const field = (name: string) => ({ id: name, name, ...described(name) })

  return (
    <form onSubmit={submit} noValidate>
      <label htmlFor="mobile">Mobile number</label>
      <input type="tel" autoComplete="tel" defaultValue={initial.mobile ? `0${initial.mobile.slice(2)}` : ''} {...field('mobile')} />
      <p className="field-hint">A South African number, e.g. 082 123 4567. We send usage warnings and payment notices here.</p>
      {error('mobile')}
      <fieldset style={{ border: 0, padding: 0, margin: '1rem 0 0' }}>
        <legend style={{ fontWeight: 700 }}>Postal address</legend>
        <label htmlFor="line1">Street address</label>
        <input autoComplete="address-line1" defaultValue={a?.line1 ?? ''} {...field('line1')} />
        {error('line1')}
        <label htmlFor="line2">Address line 2 (optional)</label>
        <input autoComplete="address-line2" defaultValue={a?.line2 ?? ''} {...field('line2')} />
        <div className="grid two-col" style={{ gap: '0 1rem' }}>
          <div>
            <label htmlFor="suburb">Suburb (optional)</label>
            <input defaultValue={a?.suburb ?? ''} {...field('suburb')} />
          </div>
          <div>
            <label htmlFor="city">City or town</label>
            <input autoComplete="address-level2" defaultValue={a?.city ?? ''} {...field('city')} />
            {error('city')}
          </div>
          <div>
            <label htmlFor="province">Province</label>
            <select defaultValue={a?.province ?? 'Gauteng'} {...field('province')}>
              {PROVINCES.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="postalCode">Postal code</label>
            <input inputMode="numeric" autoComplete="postal-code" defaultValue={a?.postalCode ?? ''} {...field('postalCode')} />
            {error('postalCode')}
          </div>
        </div>
      </fieldset>
      <FormMessage message={message} />
      <div className="actions" style={{ marginTop: '1rem' }}>
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  )
}
