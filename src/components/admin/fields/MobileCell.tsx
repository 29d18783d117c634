import type { DefaultCellComponentProps } from 'payload'

import { formatSaMobile } from '../../../domain/mobileNumber'

/** A mobile number in a list as people read it: `082 123 4567`. */
export function MobileCell({ cellData }: DefaultCellComponentProps) {
  return typeof cellData === 'string' && cellData ? <span style={{ whiteSpace: 'nowrap' }}>{formatSaMobile(cellData)}</span> : null
}
