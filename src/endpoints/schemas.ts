import { z } from 'zod'

import { isCalendarDate } from '../domain/calendarDate'

/** The largest id Postgres `integer` columns hold: a larger one cannot exist and must not reach SQL. */
export const MAX_ID = 2_147_483_647

/** A row id in a request body. */
export const idInput = (name: string) => z.number({ error: `${name} must be a number` }).int().positive().max(MAX_ID)

/** A positive integer id from a path segment, or null (the thing is then simply not found). */
export function idFromPath(raw: unknown): number | null {
  const text = String(raw ?? '')
  return /^[1-9]\d{0,9}$/.test(text) && Number(text) <= MAX_ID ? Number(text) : null
}

/** A business date in a request: YYYY-MM-DD in this century (anything else is a typo). */
export const calendarDateInput = z
  .string()
  .refine(isCalendarDate, 'A date as YYYY-MM-DD')
  .refine((d) => d >= '2000-01-01' && d <= '2099-12-31', 'A date between 2000-01-01 and 2099-12-31')
  .meta({ format: 'date', description: 'A SAST calendar date, YYYY-MM-DD, 2000 to 2099' })
