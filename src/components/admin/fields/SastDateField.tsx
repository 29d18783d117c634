'use client'

import { DatePicker, FieldDescription, FieldError, FieldLabel, useField } from '@payloadcms/ui'
import type { DateFieldClientComponent } from 'payload'
import { useId, useRef } from 'react'

import { sastDateOf, sastMidnight } from '../../../domain/calendarDate'
import { formatDate, formatSastDateTime } from '../../../domain/display'
import { instantOfPickerDate, pickerDateOf } from '../../../domain/sastPicker'
import { useNamedClearButton } from './DayPicker'

/**
 * Every date field of the panel, shown and picked in SAST whatever the browser's zone (see
 * src/domain/sastPicker.ts): a calendar day as `2 Dec 2026`, a moment as `2 Dec 2026, 14:05`.
 * A calendar day is stored as the instant its SAST day begins.
 */
export const SastDateField: DateFieldClientComponent = ({ field, path: pathFromProps, readOnly }) => {
  const { value, setValue, showError, path, disabled } = useField<string | null>({ potentiallyStalePath: pathFromProps })
  const id = useId()
  const appearance = (field.admin as { date?: { pickerAppearance?: string } } | undefined)?.date?.pickerAppearance ?? 'dayAndTime'
  const dayOnly = appearance === 'dayOnly'
  const locked = Boolean(readOnly || disabled || field.admin?.readOnly)
  const shown = value ? (dayOnly ? formatDate(sastDateOf(value)) : formatSastDateTime(value)) : '—'
  const ref = useRef<HTMLDivElement>(null)
  useNamedClearButton(ref, `Clear ${typeof field.label === 'string' ? field.label : 'the date'}`)

  return (
    <div ref={ref} className={['field-type', 'date-time', 'sast-date-field', showError && 'error', locked && 'read-only'].filter(Boolean).join(' ')}>
      <FieldLabel htmlFor={id} label={field.label} path={path} required={field.required} />
      <div className="field-type__wrap">
        <FieldError path={path} showError={showError} />
        {locked ? (
          <output id={id} className="sast-date-field__value">
            {shown}
          </output>
        ) : (
          <DatePicker
            // On the input itself (Payload puts `id` on its wrapper), so the label names the input.
            overrides={{ id }}
            pickerAppearance={dayOnly ? 'dayOnly' : 'dayAndTime'}
            displayFormat={dayOnly ? 'd MMM yyyy' : 'd MMM yyyy, HH:mm'}
            timeFormat="HH:mm"
            value={value ? pickerDateOf(value) : undefined}
            onChange={(picked: Date | null) => {
              if (!picked) return setValue(null)
              const instant = instantOfPickerDate(picked)
              setValue(dayOnly ? sastMidnight(sastDateOf(instant)) : instant)
            }}
            placeholder={dayOnly ? 'e.g. 2 Dec 2026' : 'e.g. 2 Dec 2026, 14:05'}
          />
        )}
      </div>
      {field.admin?.description ? <FieldDescription description={field.admin.description} path={path} /> : null}
      {!locked ? <p className="field-description">Dates are South African time (SAST).</p> : null}
    </div>
  )
}
