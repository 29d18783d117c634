import { afterEach, describe, expect, it } from 'vitest'

import { sastDateOf, sastMidnight } from '../../src/domain/calendarDate'
import { formatDate, formatSastDateTime } from '../../src/domain/display'
import { dayOfPicked, instantOfPickerDate, pickerDateOf, pickerDayOf } from '../../src/domain/sastPicker'

/**
 * The panel's date fields in a browser outside SAST: Node reads TZ on every Date operation, so
 * setting it here stands in for a clerk's browser in UTC, in SAST and in UTC+10 (Brisbane, no DST).
 */
const original = process.env.TZ
afterEach(() => {
  process.env.TZ = original
})

describe.each(['UTC', 'Africa/Johannesburg', 'Australia/Brisbane', 'America/Los_Angeles'])('a browser in %s', (zone) => {
  it('shows the stored SAST day as that day, and picking it stores the same instant', () => {
    process.env.TZ = zone
    const stored = sastMidnight('2026-12-02') // 2026-12-01T22:00:00.000Z
    const shown = pickerDateOf(stored)
    expect([shown.getFullYear(), shown.getMonth() + 1, shown.getDate(), shown.getHours()]).toEqual([2026, 12, 2, 0])
    expect(instantOfPickerDate(shown)).toBe(stored)
    // The clerk picks 15 Jan 2027 in the calendar: the picker hands back local midnight of that day.
    expect(instantOfPickerDate(new Date(2027, 0, 15))).toBe(sastMidnight('2027-01-15'))
    expect(formatDate(sastDateOf(stored))).toBe('2 Dec 2026')
  })

  it('shows a moment at its SAST wall-clock time', () => {
    process.env.TZ = zone
    const at = '2026-12-02T23:30:00.000Z' // 01:30 on 3 Dec in Johannesburg
    const shown = pickerDateOf(at)
    expect([shown.getDate(), shown.getHours(), shown.getMinutes()]).toEqual([3, 1, 30])
    expect(instantOfPickerDate(shown)).toBe(at)
    expect(formatSastDateTime(at)).toBe('3 Dec 2026, 01:30')
  })
})

/**
 * Our dialogs' day picker: what Payload's DatePicker does with a picked day (dayOnly: local
 * 12 - offset hours, i.e. 12:00 UTC of the day the clerk picked), replayed here in each zone.
 */
const payloadNormalises = (picked: Date) => {
  const d = new Date(picked)
  d.setHours(12 - d.getTimezoneOffset() / 60, 0)
  return d
}

describe.each(['UTC', 'Africa/Johannesburg', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/St_Johns', 'Asia/Kathmandu'])('a day picked in a browser in %s', (zone) => {
  it('is shown as that day and read back as that day, whatever the zone', () => {
    process.env.TZ = zone
    for (const day of ['2026-12-03', '2027-01-01', '2028-02-29', '2026-03-29']) {
      const shown = pickerDayOf(day)
      expect([shown.getFullYear(), shown.getMonth() + 1, shown.getDate()].join('-')).toBe(day.split('-').map(Number).join('-'))
      // The clerk picks the day shown (the calendar hands back local midnight of it).
      const picked = new Date(shown.getFullYear(), shown.getMonth(), shown.getDate())
      expect(dayOfPicked(payloadNormalises(picked))).toBe(day)
    }
  })
})

