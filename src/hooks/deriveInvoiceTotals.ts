import type { CollectionBeforeChangeHook } from 'payload'

type Line = { exclVatCents?: number | null; vatCents?: number | null; inclVatCents?: number | null }

/**
 * An invoice's totals are the sums of its lines and its amount due is total minus paid: derived
 * here on every write, so they cannot be entered inconsistently (the database re-derives amount
 * due itself and checks the arithmetic of each line and of the totals).
 */
export const deriveInvoiceTotals: CollectionBeforeChangeHook = ({ data, originalDoc }) => {
  const given = data.lines ?? originalDoc?.lines
  // Anything but an array is left for the field's own validation to refuse (a 400), not a crash here.
  const lines: Line[] = Array.isArray(given) ? given : []
  const sum = (key: keyof Line) => lines.reduce((total, line) => total + (line[key] ?? 0), 0)
  data.subtotalCents = sum('exclVatCents')
  data.vatCents = sum('vatCents')
  data.totalCents = sum('inclVatCents')
  const paid = data.amountPaidCents ?? originalDoc?.amountPaidCents ?? 0
  data.amountPaidCents = paid
  data.amountDueCents = data.totalCents - paid
  return data
}
