import type { FieldHook } from 'payload'

import { normaliseToSastMidnight } from '../domain/calendarDate'

/** Stores any date a person or integration sends as the start of its SAST day. */
export const normaliseCalendarDate: FieldHook = ({ value }) => {
  // An emptied date field is no date (the required rule then speaks), not an empty string for SQL.
  if (value === '') return null
  if (value === null || value === undefined) return value
  try {
    return normaliseToSastMidnight(value as string | Date)
  } catch {
    return value // left for the field's validation to refuse
  }
}
