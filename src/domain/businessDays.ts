import { addDays, type CalendarDate } from './calendarDate'

/**
 * South African banking days: Monday to Friday, except public holidays (Public Holidays Act 36 of
 * 1994: a holiday on a Sunday is observed on the Monday). Debit orders are dated on, and files
 * are sent on, banking days only.
 */

const FIXED_HOLIDAYS = ['01-01', '03-21', '04-27', '05-01', '06-16', '08-09', '09-24', '12-16', '12-25', '12-26'] as const

/** Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm). */
export function easterSunday(year: number): CalendarDate {
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

const weekday = (date: CalendarDate) => new Date(`${date}T00:00:00.000Z`).getUTCDay()

const holidayCache = new Map<number, Set<CalendarDate>>()

/** The year's public holidays as observed (a Sunday holiday moves to the Monday). */
export function publicHolidays(year: number): Set<CalendarDate> {
  let days = holidayCache.get(year)
  if (days) return days
  days = new Set<CalendarDate>()
  const easter = easterSunday(year)
  for (const day of [...FIXED_HOLIDAYS.map((md) => `${year}-${md}`), addDays(easter, -2), addDays(easter, 1)]) {
    days.add(day)
    if (weekday(day) === 0) days.add(addDays(day, 1))
  }
  holidayCache.set(year, days)
  return days
}

export function isBusinessDay(date: CalendarDate): boolean {
  const wd = weekday(date)
  return wd !== 0 && wd !== 6 && !publicHolidays(Number(date.slice(0, 4))).has(date)
}

/** The banking day `count` banking days after `date` (count ≥ 1). */
export function addBusinessDays(date: CalendarDate, count: number): CalendarDate {
  let day = date
  for (let left = count; left > 0; ) {
    day = addDays(day, 1)
    if (isBusinessDay(day)) left--
  }
  return day
}
