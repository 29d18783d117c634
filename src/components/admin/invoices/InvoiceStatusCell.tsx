import type { DefaultCellComponentProps } from 'payload'

import { invoiceStatusLabel } from '../../../domain/display'

/** An invoice's status in a list: a credit note reads Issued / Applied, never Paid. */
export function InvoiceStatusCell({ cellData, rowData }: DefaultCellComponentProps) {
  if (typeof cellData !== 'string') return null
  return <span>{invoiceStatusLabel((rowData as { kind?: string })?.kind, cellData).label}</span>
}
