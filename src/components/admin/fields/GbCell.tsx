import type { DefaultCellComponentProps } from 'payload'

import { formatGb } from '../../../domain/display'

/** Data in a list as people read it: `12.3 GB`, not `12345678901`. */
export function GbCell({ cellData }: DefaultCellComponentProps) {
  if (typeof cellData !== 'number' || !Number.isFinite(cellData)) return null
  return <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{formatGb(cellData)}</span>
}
