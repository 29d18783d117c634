import type { DefaultCellComponentProps } from 'payload'

import { formatRand } from '../../domain/money'

/** List-view cell for a cents column: staff read `R 1 234.56`, not `123456`. */
export function RandCell({ cellData }: DefaultCellComponentProps) {
  if (typeof cellData !== 'number' || !Number.isSafeInteger(cellData)) return null
  return <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{formatRand(cellData)}</span>
}
