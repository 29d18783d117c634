import type { Field } from 'payload'

import { sastDateOf, type CalendarDate } from '../domain/calendarDate'
import { JOB_RUN_TRIGGERS } from '../domain/catalogue'

/**
 * What the daily runs (invoice run, overdue marking) are queued with: by their schedule a slot,
 * by staff or an API key also who asked and, optionally, the day to run as of.
 */
export const RUN_INPUT_SCHEMA: Field[] = [
  { name: 'scheduledFor', type: 'text' },
  { name: 'asOf', type: 'text' },
  { name: 'requestedBy', type: 'number' },
  { name: 'trigger', type: 'select', options: [...JOB_RUN_TRIGGERS] },
]

/** The SAST day a run is as of: the one asked for, else the slot's day, else today. */
export const runAsOf = (input: { asOf?: string | null; scheduledFor?: string | null }, now: Date): CalendarDate =>
  input.asOf ?? sastDateOf(input.scheduledFor ?? now)
