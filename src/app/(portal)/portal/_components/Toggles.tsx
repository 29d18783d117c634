'use client'

import { useRouter } from 'next/navigation'
import React, { useState } from 'react'

import type { PreferencesResponse } from '../../../../services/dashboard/contract'
import { callDashboard } from '../_lib/api'
import { FormMessage, type Message } from './forms'

type Key = keyof PreferencesResponse

/** Switches for auto-pay and notification choices, saved as they change; a refusal is explained. */
export function PreferenceToggles({ initial, keys }: { initial: PreferencesResponse; keys: Array<{ key: Key; label: string; hint?: string }> }) {
  const router = useRouter()
  const [values, setValues] = useState(initial)
  const [message, setMessage] = useState<Message>(null)
  const [busy, setBusy] = useState(false)

  async function change(key: Key, value: boolean) {
    setBusy(true)
    const result = await callDashboard<PreferencesResponse>('/preferences', { method: 'PATCH', body: { [key]: value } })
    setBusy(false)
    if (result.ok) {
      setValues(result.value)
      setMessage({ tone: 'good', text: 'Saved.' })
      router.refresh()
    } else {
      setMessage({ tone: 'bad', text: result.message })
    }
  }

  return (
    <div>
      {keys.map(({ key, label, hint }) => (
        <div key={key}>
          <label className="checkbox">
            <input type="checkbox" checked={values[key]} disabled={busy} onChange={(e) => change(key, e.target.checked)} aria-describedby={hint ? `${key}-hint` : undefined} />
            {label}
          </label>
          {hint && (
            <p className="field-hint" id={`${key}-hint`}>
              {hint}
            </p>
          )}
        </div>
      ))}
      <FormMessage message={message} />
    </div>
  )
}
