'use client'

import Link from 'next/link'
import React, { useState } from 'react'

export function ForgotPasswordForm() {
  const [sent, setSent] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setBusy(true)
    setError(null)
    const email = String(new FormData(event.currentTarget).get('email') ?? '')
    try {
      const res = await fetch('/api/customers/forgot-password', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email }) })
      if (res.ok) setSent(true)
      else setError(res.status === 429 ? 'Too many requests for this address. Please wait a minute and try again.' : 'Give the email address you sign in with.')
    } catch {
      setError('Could not reach us. Check your connection and try again.')
    } finally {
      setBusy(false)
    }
  }
  if (sent) {
    return (
      <p role="status">
        If an account uses that address, we've emailed it a link to choose a new password. The link works for one hour.
      </p>
    )
  }
  return (
    <form onSubmit={submit}>
      <label htmlFor="email">Email</label>
      <input id="email" name="email" type="email" autoComplete="username" required />
      <button type="submit" disabled={busy} style={{ marginTop: '1rem' }}>
        {busy ? 'Sending…' : 'Email me a reset link'}
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  )
}

export function ResetPasswordForm({ token }: { token: string }) {
  const [done, setDone] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const password = String(form.get('password') ?? '')
    if (password.length < 12) return setError('Choose a password of at least 12 characters.')
    if (password !== String(form.get('confirm') ?? '')) return setError('The two passwords differ.')
    setBusy(true)
    setError(null)
    try {
      const res = await fetch('/api/customers/reset-password', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token, password }) })
      if (res.ok) setDone(true)
      else setError('This link has expired or was already used. Ask for a new one.')
    } catch {
      setError('Could not reach us. Check your connection and try again.')
    } finally {
      setBusy(false)
    }
  }
  if (done) {
    return (
      <p role="status">
        Your password is changed. <Link href="/portal/login">Sign in</Link>
      </p>
    )
  }
  return (
    <form onSubmit={submit}>
      <label htmlFor="password">New password</label>
      <input id="password" name="password" type="password" autoComplete="new-password" minLength={12} required aria-describedby="password-hint" />
      <p className="field-hint" id="password-hint">
        At least 12 characters.
      </p>
      <label htmlFor="confirm">The same again</label>
      <input id="confirm" name="confirm" type="password" autoComplete="new-password" required />
      <button type="submit" disabled={busy} style={{ marginTop: '1rem' }}>
        {busy ? 'Saving…' : 'Set my new password'}
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p>
        <Link href="/portal/forgot-password">Ask for a new link</Link>
      </p>
    </form>
  )
}
