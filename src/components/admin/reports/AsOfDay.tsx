'use client'

import { useState } from 'react'

import { DayPicker } from '../fields/DayPicker'

/**
 * The as-of day of a report page's GET form: picked as every day of the panel is (`3 Dec 2026`),
 * sent as `asOf=YYYY-MM-DD` by a hidden input, so the form needs no script of its own to submit.
 */
export function AsOfDay({ id, name, initial, describedBy, invalid }: { id: string; name: string; initial: string; describedBy?: string; invalid?: boolean }) {
  const [day, setDay] = useState(initial)
  return (
    <>
      <DayPicker id={id} value={day} onChange={setDay} aria-describedby={describedBy} aria-invalid={invalid ? true : undefined} />
      <input type="hidden" name={name} value={day} />
    </>
  )
}
