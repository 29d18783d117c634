import { ValidationError, type CollectionBeforeValidateHook, type CollectionSlug } from 'payload'

import { MAX_ID } from '../endpoints/schemas'

/**
 * A record that belongs to a customer may only point at that customer's service, invoice or
 * payment method. Checked here so a mistake is a 400 naming the field; the database refuses it
 * as well (same-customer triggers).
 */
export const sameCustomer =
  (references: Array<{ field: string; collection: CollectionSlug }>): CollectionBeforeValidateHook =>
  async ({ data, originalDoc, req, collection }) => {
    const customer = idOf(data?.customer ?? originalDoc?.customer)
    if (customer === undefined || !isPlausibleId(customer)) return data
    const errors: Array<{ path: string; message: string }> = []
    for (const { field, collection: target } of references) {
      const id = idOf(data?.[field])
      // Not an id at all (text, past 32 bits): the field's own validation names it.
      if (id === undefined || !isPlausibleId(id)) continue
      const found = await req.payload.find({
        collection: target,
        where: { and: [{ id: { equals: id } }, { customer: { equals: customer } }] },
        limit: 1,
        depth: 0,
        req,
        overrideAccess: true,
      })
      if (found.totalDocs === 0) errors.push({ path: field, message: `This ${field} does not belong to the record's customer` })
    }
    if (errors.length) throw new ValidationError({ collection: collection.slug, errors, req })
    return data
  }

const isPlausibleId = (id: number | string) => /^[1-9]\d{0,9}$/.test(String(id)) && Number(id) <= MAX_ID

function idOf(value: unknown): number | string | undefined {
  if (value === null || value === undefined || value === '') return undefined
  if (typeof value === 'object') return (value as { id?: number | string }).id
  return value as number | string
}
