'use client'

import { FieldDescription, FieldError, FieldLabel, useField } from '@payloadcms/ui'
import type { NumberFieldClientComponent } from 'payload'
import { useEffect, useId, useState } from 'react'

import { parsePercent, percentForInput } from '../../../domain/percentInput'

/**
 * A VAT rate as people read it: `15` (%), stored as basis points (1500). At most two decimals
 * (`15.25` %); anything else is named next to the field and the form holds a value the server
 * refuses.
 */
export const PercentField: NumberFieldClientComponent = ({ field, path: pathFromProps, readOnly }) => {
  const { value, setValue, showError, path, disabled } = useField<number | string | null>({ potentiallyStalePath: pathFromProps })
  const [text, setText] = useState(() => (typeof value === 'number' ? percentForInput(value) : ''))
  const [problem, setProblem] = useState<string | null>(null)
  const id = useId()
  const locked = Boolean(readOnly || disabled || field.admin?.readOnly)

  useEffect(() => {
    if (typeof value === 'number') {
      const shown = parsePercent(text)
      if (!shown.ok || shown.basisPoints !== value) setText(percentForInput(value))
    } else if (value == null && text !== '' && !problem) setText('')
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value])

  const onChange = (typed: string) => {
    setText(typed)
    if (typed.trim() === '') {
      setProblem(null)
      return setValue(null)
    }
    const parsed = parsePercent(typed)
    setProblem(parsed.ok ? null : parsed.message)
    setValue(parsed.ok ? parsed.basisPoints : `not a percentage: ${typed}`)
  }

  return (
    <div className={['field-type', 'text', (showError || problem) && 'error', locked && 'read-only'].filter(Boolean).join(' ')}>
      <FieldLabel htmlFor={id} label={field.label} path={path} required={field.required} />
      <div className="field-type__wrap">
        {problem ? <FieldError path={path} message={problem} showError /> : <FieldError path={path} showError={showError} />}
        <div style={{ display: 'flex', alignItems: 'center', gap: '0.5rem' }}>
          <input
            id={id}
            name={path}
            type="text"
            inputMode="decimal"
            autoComplete="off"
            value={locked && typeof value === 'number' ? percentForInput(value) : text}
            readOnly={locked}
            aria-invalid={showError || Boolean(problem) || undefined}
            onChange={(e) => onChange(e.target.value)}
            style={{ fontVariantNumeric: 'tabular-nums', maxWidth: '8rem' }}
          />
          <span aria-hidden="true">%</span>
        </div>
      </div>
      {field.admin?.description ? <FieldDescription description={field.admin.description} path={path} /> : null}
    </div>
  )
}
