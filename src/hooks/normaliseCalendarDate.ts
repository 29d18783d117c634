import type { FieldHook } from 'payload'

import { normaliseToSastMidnight } from '../domain/calendarDate'

/** Stores any date a person or integration sends as the start of its SAST day. */
export const normaliseCalendarDate: FieldHook = ({ value }) => {
  if (value === null || value === undefined || value === '') return value
  try {
    return normaliseToSastMidnight(value as string | Date)
  } catch {
    return value // left for the field's validation to refuse
  }
}
