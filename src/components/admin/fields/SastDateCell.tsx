import type { DefaultCellComponentProps } from 'payload'

import { sastDateOf } from '../../../domain/calendarDate'
import { formatDate, formatSastDateTime } from '../../../domain/display'

/** A date in a list, in SAST whatever the browser's zone: `2 Dec 2026`, or `2 Dec 2026, 14:05` for a moment. */
export function SastDateCell({ cellData, field }: DefaultCellComponentProps) {
  if (typeof cellData !== 'string' || Number.isNaN(Date.parse(cellData))) return null
  const dayOnly = (field as { admin?: { date?: { pickerAppearance?: string } } }).admin?.date?.pickerAppearance === 'dayOnly'
  return <span style={{ whiteSpace: 'nowrap' }}>{dayOnly ? formatDate(sastDateOf(cellData)) : formatSastDateTime(cellData)}</span>
}
