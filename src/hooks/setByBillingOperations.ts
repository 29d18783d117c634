import { ValidationError, type FieldHook } from 'payload'

const idOf = (v: unknown) => (v && typeof v === 'object' ? ((v as { id?: unknown }).id ?? null) : (v ?? null))
const blank = (v: unknown) => v === undefined || v === null || v === ''

/**
 * A field only the billing operations set (an invoice's status, number, amount paid, credited
 * invoice, void details): a client writing it through the API or the admin panel is refused with a
 * 400 naming the field, unless it sends the value already there (the admin form sends every field
 * back) or, on create, a value a new draft may have. The operations write with access overridden.
 */
export function setByBillingOperations(opts: { mayCreateWith?: (value: unknown) => boolean; because: string }): FieldHook {
  return ({ value, previousValue, operation, overrideAccess, field, collection, req }) => {
    // The REST, GraphQL and admin paths run with access enforced (overrideAccess false or unset).
    if (overrideAccess || value === undefined) return value
    const unchanged =
      operation === 'update'
        ? String(idOf(value)) === String(idOf(previousValue)) || (blank(value) && blank(previousValue))
        : blank(value) || Boolean(opts.mayCreateWith?.(value))
    if (unchanged) return value
    const name = (field as { name?: string }).name ?? 'field'
    throw new ValidationError({ collection: collection?.slug, errors: [{ path: name, message: opts.because }], req })
  }
}
