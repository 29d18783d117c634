import { ValidationError, type CollectionBeforeChangeHook } from 'payload'

/** Set by the billing services (void, allocations) on the Payload calls they make. */
export const BILLING_OPERATION = 'billingOperation'

const idOf = (v: unknown) => (v && typeof v === 'object' ? (v as { id?: unknown }).id : v) ?? null
const dateOf = (v: unknown) => {
  if (!v) return null
  const t = new Date(v as string)
  return Number.isNaN(t.getTime()) ? String(v) : t.toISOString()
}
const linesOf = (v: unknown) =>
  JSON.stringify(
    (Array.isArray(v) ? (v as Array<Record<string, unknown>>) : []).map((l) => [l.description, l.kind, l.quantity, l.unitPriceCents, l.exclVatCents, l.vatRateBasisPoints, l.vatCents, l.inclVatCents]),
  )

const FINANCIAL: Array<[string, (v: unknown) => unknown]> = [
  ['status', (v) => v ?? null],
  ['kind', (v) => v ?? null],
  ['customer', idOf],
  ['service', idOf],
  ['creditedInvoice', idOf],
  ['invoiceDate', dateOf],
  ['dueDate', dateOf],
  ['periodStart', dateOf],
  ['periodEnd', dateOf],
  ['amountPaidCents', (v) => v ?? 0],
  ['lines', linesOf],
]

/**
 * An issued invoice is a tax document: its amounts, dates, customer and status change only through
 * the billing operations (payments, credit notes, void), which keep the ledger and allocations in
 * step. Through the admin panel or the API it is read-only apart from notes; drafts stay editable.
 */
export const guardIssuedInvoice: CollectionBeforeChangeHook = ({ data, originalDoc, operation, req }) => {
  if (operation !== 'update' || !originalDoc || originalDoc.status === 'draft' || req.context?.[BILLING_OPERATION]) return data
  const changed = FINANCIAL.filter(([field, norm]) => field in data && JSON.stringify(norm(data[field])) !== JSON.stringify(norm(originalDoc[field])))
  if (changed.length) {
    throw new ValidationError({
      collection: 'invoices',
      errors: changed.map(([field]) => ({
        path: field,
        message: 'An issued invoice cannot be edited: void it (if unpaid) or issue a credit note',
      })),
      req,
    })
  }
  return data
}
