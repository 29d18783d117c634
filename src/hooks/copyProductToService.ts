import type { CollectionBeforeChangeHook } from 'payload'

import { sastDateOf } from '../domain/calendarDate'
import type { AccountType } from '../domain/catalogue'
import { serviceTermsOf, withPackageTerms, type CataloguePackage } from '../domain/products'
import { vatRateOn } from '../domain/vat'

const idOf = (value: unknown): number | undefined => {
  if (typeof value === 'number') return value
  if (value && typeof value === 'object' && 'id' in value) return idOf((value as { id: unknown }).id)
  return undefined
}

/**
 * A service made from a catalogue package gets the package's type, name, speeds, cap and monthly
 * price (on the customer's price basis, at today's VAT rate) wherever the request gave none, so a
 * clerk may still override any of them. Copied once, on create: the product is never read again,
 * so a later catalogue change leaves the service as it was. Runs before field validation, so the
 * copied values are validated like typed ones; an unknown or inactive product is left to the
 * relationship's own validation (a 400 naming `product`).
 */
export const copyProductToService: CollectionBeforeChangeHook = async ({ data, operation, req }) => {
  const productId = idOf(data?.product)
  if (operation !== 'create' || productId === undefined) return data
  const product = await req.payload.findByID({ collection: 'products', id: productId, depth: 0, req, overrideAccess: true, disableErrors: true })
  const customerId = idOf(data.customer)
  const customer = customerId === undefined ? null : await req.payload.findByID({ collection: 'customers', id: customerId, depth: 0, req, overrideAccess: true, disableErrors: true })
  if (!product || !customer) return data
  const pkg: CataloguePackage = {
    name: product.name,
    type: product.type,
    downloadMbps: product.downloadMbps,
    uploadMbps: product.uploadMbps,
    dataCapGb: product.dataCapGb ?? null,
    monthlyPriceCents: product.monthlyPriceCents,
    priceIncludesVat: product.priceIncludesVat,
  }
  const rate = vatRateOn(sastDateOf(new Date()))
  return withPackageTerms(data, serviceTermsOf(pkg, (customer.accountType ?? 'residential') as AccountType, rate))
}
