'use client'

import { FieldDescription, FieldError, FieldLabel, useField } from '@payloadcms/ui'
import type { TextFieldClientComponent } from 'payload'
import { useEffect, useId, useState } from 'react'

import { formatSaMobile } from '../../../domain/mobileNumber'

const asText = (value: unknown) => (typeof value === 'string' ? formatSaMobile(value) : '')

/**
 * A mobile number as people read and type it: the stored `27821234567` shows as `082 123 4567`;
 * any local form typed (`082 123 4567`, `+27 82 123 4567`) is sent as typed and the server's
 * contact hook stores it in one form (its validation names anything that is not an SA mobile).
 */
export const MobileField: TextFieldClientComponent = ({ field, path: pathFromProps, readOnly }) => {
  const { value, setValue, showError, path, disabled } = useField<string | null>({ potentiallyStalePath: pathFromProps })
  const [text, setText] = useState(() => asText(value))
  const inputId = useId()
  const locked = Boolean(readOnly || disabled || field.admin?.readOnly)

  // A value set from outside (the document loading, the saved form coming back) replaces what is shown.
  useEffect(() => {
    if ((value ?? '') !== text) setText(asText(value))
    // Only when the stored value changes: typing updates both.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value])

  return (
    <div className={['field-type', 'text', 'mobile-field', showError && 'error', locked && 'read-only'].filter(Boolean).join(' ')}>
      <FieldLabel htmlFor={inputId} label={field.label} path={path} required={field.required} />
      <div className="field-type__wrap">
        <FieldError path={path} showError={showError} />
        <input
          id={inputId}
          name={path}
          type="tel"
          inputMode="tel"
          autoComplete="off"
          value={text}
          readOnly={locked}
          aria-invalid={showError || undefined}
          aria-describedby={field.admin?.description ? `${inputId}-hint` : undefined}
          placeholder="082 123 4567"
          onChange={(e) => {
            setText(e.target.value)
            setValue(e.target.value.trim() === '' ? null : e.target.value)
          }}
          style={{ maxWidth: '16rem' }}
        />
      </div>
      {field.admin?.description ? (
        <div id={`${inputId}-hint`}>
          <FieldDescription description={field.admin.description} path={path} />
        </div>
      ) : null}
    </div>
  )
}
