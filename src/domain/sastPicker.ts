import { SAST_OFFSET_MINUTES, type CalendarDate } from './calendarDate'

/**
 * A date picker runs in the browser's time zone; the business runs on SAST. To show and pick SAST
 * days and times in any browser, the picker is handed a browser-local Date whose wall clock reads
 * what a clock in Johannesburg reads at that instant, and what it hands back is read the same way.
 * A browser in UTC, in SAST or in UTC+10 then shows `2 Dec 2026` for the day stored as
 * 2026-12-01T22:00:00Z, and picking 2 Dec stores that same instant.
 */

/** The browser-local Date whose wall clock shows the SAST wall clock of `instant`. */
export function pickerDateOf(instant: string | Date): Date {
  const sast = new Date(new Date(instant).getTime() + SAST_OFFSET_MINUTES * 60_000)
  return new Date(sast.getUTCFullYear(), sast.getUTCMonth(), sast.getUTCDate(), sast.getUTCHours(), sast.getUTCMinutes(), sast.getUTCSeconds(), sast.getUTCMilliseconds())
}

/** The instant a picker's browser-local Date stands for, its wall clock read as SAST. */
export function instantOfPickerDate(local: Date): string {
  const wall = Date.UTC(local.getFullYear(), local.getMonth(), local.getDate(), local.getHours(), local.getMinutes(), local.getSeconds(), local.getMilliseconds())
  return new Date(wall - SAST_OFFSET_MINUTES * 60_000).toISOString()
}

/*
 * A calendar day (no time, no zone) in a day-only picker: handed over as local noon of that day,
 * and read back from the picker's own normalisation (Payload's DatePicker sets a picked day to
 * 12:00 UTC of the day picked, in any zone from UTC-12 to UTC+14).
 */

/** Local noon of a calendar day: the picker shows that day in any browser zone. */
export function pickerDayOf(day: CalendarDate): Date {
  const [y, m, d] = day.split('-').map(Number)
  return new Date(y, m - 1, d, 12)
}

/** The calendar day of the picker's answer (12:00 UTC of the day picked). */
export function dayOfPicked(picked: Date): CalendarDate {
  return picked.toISOString().slice(0, 10) as CalendarDate
}
