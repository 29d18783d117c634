'use client'

import React, { useState } from 'react'

/** Field errors by name, with the attributes that tie an input to its message for screen readers. */
export function useFieldErrors() {
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({})
  const field = (name: string) => ({ 'aria-invalid': errors[name] ? true : undefined, 'aria-describedby': errors[name] ? `${name}-error` : undefined })
  const error = (name: string) =>
    errors[name] ? (
      <p className="field-error" id={`${name}-error`}>
        {errors[name]}
      </p>
    ) : null
  return { errors, setErrors, field, error }
}

export type Message = { tone: 'good' | 'bad'; text: string } | null

/** The outcome of a save, announced: a refusal as an alert, a success politely. */
export function FormMessage({ message }: { message: Message }) {
  return (
    <div aria-live="polite">
      {message && (
        <p className={message.tone === 'bad' ? 'form-error' : 'muted'} role={message.tone === 'bad' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </div>
  )
}
