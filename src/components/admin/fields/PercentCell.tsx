import type { DefaultCellComponentProps } from 'payload'

import { formatPercent } from '../../../domain/percentInput'

/** A rate stored in basis points, read as `15 %`. */
export function PercentCell({ cellData }: DefaultCellComponentProps) {
  return typeof cellData === 'number' ? <span>{formatPercent(cellData)}</span> : null
}
