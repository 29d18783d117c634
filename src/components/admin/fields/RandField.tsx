'use client'

import { FieldDescription, FieldError, FieldLabel, useField } from '@payloadcms/ui'
import type { NumberFieldClientComponent } from 'payload'
import { useEffect, useId, useState } from 'react'

import { NOT_RAND_PREFIX as NOT_RAND, parseRand, randForInput, typedRandText } from '../../../domain/randInput'

const asText = (value: unknown) =>
  typeof value === 'number' && Number.isSafeInteger(value) ? randForInput(value) : typeof value === 'string' ? typedRandText(value) : ''

/**
 * A money field as people read and type it: `1 234.56` (or `1234,56`, `R 12`) in rand, stored as
 * integer cents. What cannot be read as rand (three decimals, letters) is named next to the field
 * at once, and the form holds a value the server refuses.
 */
export const RandField: NumberFieldClientComponent = ({ field, path: pathFromProps, readOnly }) => {
  const { value, setValue, showError, path, disabled } = useField<number | string | null>({ potentiallyStalePath: pathFromProps })
  const [text, setText] = useState(() => asText(value))
  const [problem, setProblem] = useState<string | null>(null)
  const inputId = useId()
  const locked = Boolean(readOnly || disabled || field.admin?.readOnly)

  // A value set from outside (the document loading, a reset) replaces what is shown.
  useEffect(() => {
    const shown = parseRand(text, { allowNegative: true })
    if (typeof value === 'number' ? !shown.ok || shown.cents !== value : value !== text && !(value == null && text === '')) setText(asText(value))
    // Only when the stored value changes: typing updates both.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value])

  const onChange = (typed: string) => {
    setText(typed)
    if (typed.trim() === '') {
      setProblem(null)
      return setValue(null)
    }
    const parsed = parseRand(typed, { allowNegative: field.min === undefined || field.min < 0 })
    setProblem(parsed.ok ? null : parsed.message)
    setValue(parsed.ok ? parsed.cents : `${NOT_RAND}${typed}`)
  }

  return (
    <div className={['field-type', 'text', 'rand-field', (showError || problem) && 'error', locked && 'read-only'].filter(Boolean).join(' ')}>
      <FieldLabel htmlFor={inputId} label={field.label} path={path} required={field.required} />
      <div className="field-type__wrap">
        {problem ? <FieldError path={path} message={problem} showError /> : <FieldError path={path} showError={showError} />}
        <div style={{ display: 'flex', alignItems: 'center', gap: '0.5rem' }}>
          <span aria-hidden="true" style={{ fontWeight: 600 }}>
            R
          </span>
          <input
            id={inputId}
            name={path}
            type="text"
            inputMode="decimal"
            autoComplete="off"
            value={locked && typeof value === 'number' ? randForInput(value) : text}
            readOnly={locked}
            aria-invalid={showError || Boolean(problem) || undefined}
            aria-describedby={field.admin?.description ? `${inputId}-hint` : undefined}
            placeholder="0.00"
            onChange={(e) => onChange(e.target.value)}
            style={{ fontVariantNumeric: 'tabular-nums', maxWidth: '16rem' }}
          />
        </div>
      </div>
      {field.admin?.description ? (
        <div id={`${inputId}-hint`}>
          <FieldDescription description={field.admin.description} path={path} />
        </div>
      ) : null}
    </div>
  )
}
