'use client'

import { DatePicker } from '@payloadcms/ui'
import { useEffect, useRef, type RefObject } from 'react'

import { isCalendarDate } from '../../../domain/calendarDate'
import { dayOfPicked, pickerDayOf } from '../../../domain/sastPicker'

/**
 * A SAST calendar day picked in our own dialogs and forms, shown as every date field of the panel
 * shows one (`2 Dec 2026`, Payload's date picker with our display format) rather than in the
 * browser's locale (`12/02/2026`), which a native date input would use.
 *
 * A calendar day has no zone: it is handed to the picker as local noon of that day and read back
 * from the picker's own normalisation (it sets a picked day to 12:00 UTC of the day picked, in any
 * zone from UTC-12 to UTC+14), so a browser anywhere shows and returns the same day.
 */

/**
 * Payload's picker draws its clear button as an unnamed icon (axe: button-name). Names it, in
 * words, whenever the picker inside `ref` draws it (it appears once a day is chosen).
 */
export function useNamedClearButton(ref: RefObject<HTMLElement | null>, name: string) {
  useEffect(() => {
    const root = ref.current
    if (!root) return
    const label = () => root.querySelectorAll('.date-time-picker__clear-button').forEach((b) => b.getAttribute('aria-label') !== name && b.setAttribute('aria-label', name))
    label()
    const observer = new MutationObserver(label)
    observer.observe(root, { childList: true, subtree: true })
    return () => observer.disconnect()
  }, [ref, name])
}

type Props = {
  id: string
  value: string
  onChange: (day: string) => void
  disabled?: boolean
  'aria-invalid'?: true
  'aria-describedby'?: string
  'aria-required'?: true
}

export function DayPicker({ id, value, onChange, disabled, ...aria }: Props) {
  const ref = useRef<HTMLDivElement>(null)
  useNamedClearButton(ref, 'Clear the day')
  return (
    <div ref={ref} className="day-picker" style={{ maxWidth: '14rem' }}>
      <DatePicker
        pickerAppearance="dayOnly"
        displayFormat="d MMM yyyy"
        placeholder="e.g. 2 Dec 2026"
        value={isCalendarDate(value) ? pickerDayOf(value) : undefined}
        readOnly={disabled}
        onChange={(picked: Date | null) => onChange(picked instanceof Date && !Number.isNaN(picked.getTime()) ? dayOfPicked(picked) : '')}
        // The input itself carries the id its label points at, and the hint and error it is described by.
        overrides={{
          id,
          // Shown as the first; typed in any of them. No min or max here: a day out of range is
          // kept and refused by the form's own check, in words, rather than silently dropped.
          dateFormat: ['d MMM yyyy', 'd MMMM yyyy', 'yyyy-MM-dd', 'd/M/yyyy'],
          ariaInvalid: aria['aria-invalid'] ? 'true' : undefined,
          ariaDescribedBy: aria['aria-describedby'],
          ariaRequired: aria['aria-required'] ? 'true' : undefined,
        }}
      />
    </div>
  )
}
