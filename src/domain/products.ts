import type { AccountType, SERVICE_TYPES } from './catalogue'
import { splitExclusive, splitInclusive, type Cents } from './money'

/**
 * The package catalogue and the services made from it. A catalogue price is quoted either
 * including or excluding VAT; a service's monthly price is on its account's basis (VAT-inclusive
 * for residential accounts, VAT-exclusive for business: how the invoice lines read it, see
 * invoiceLines.ts). Converting between the two is the VAT split of money.ts, so it is exact and
 * rounded half-up exactly once:
 *
 *   excl. VAT -> incl. VAT: price + round(price x rate)             (splitExclusive)
 *   incl. VAT -> excl. VAT: price - round(price x rate / (1 + rate)) (splitInclusive)
 *
 * A product already on the account's basis is copied as it is. The price is copied onto the
 * service when it is made, never referenced: a later catalogue change does not move it.
 */

export type ServiceType = (typeof SERVICE_TYPES)[number]

/** What a catalogue package says, as a service needs it. */
export type CataloguePackage = {
  name: string
  type: ServiceType
  downloadMbps: number
  uploadMbps: number
  /** null: uncapped. */
  dataCapGb: number | null
  monthlyPriceCents: Cents
  priceIncludesVat: boolean
}

/** The service fields a package fills in. */
export type ServiceTerms = {
  type: ServiceType
  packageName: string
  downloadMbps: number
  uploadMbps: number
  dataCapGb: number | null
  monthlyPriceCents: Cents
}

export const SERVICE_TERM_FIELDS = ['type', 'packageName', 'downloadMbps', 'uploadMbps', 'dataCapGb', 'monthlyPriceCents'] as const satisfies readonly (keyof ServiceTerms)[]

/** Residential services are priced incl. VAT, business services excl. VAT. */
export const servicePriceIncludesVat = (accountType: AccountType) => accountType !== 'business'

/** A catalogue price on the basis a service of this account type is priced on. */
export function servicePriceCents(args: { priceCents: Cents; priceIncludesVat: boolean; accountType: AccountType; vatRateBasisPoints: number }): Cents {
  const wantsInclusive = servicePriceIncludesVat(args.accountType)
  if (args.priceIncludesVat === wantsInclusive) {
    if (!Number.isSafeInteger(args.priceCents)) throw new RangeError(`price must be a whole number of cents: ${args.priceCents}`)
    return args.priceCents
  }
  return args.priceIncludesVat
    ? splitInclusive(args.priceCents, args.vatRateBasisPoints).exclVatCents
    : splitExclusive(args.priceCents, args.vatRateBasisPoints).inclVatCents
}

/** Everything a package puts on a new service of this account type. */
export function serviceTermsOf(pkg: CataloguePackage, accountType: AccountType, vatRateBasisPoints: number): ServiceTerms {
  return {
    type: pkg.type,
    packageName: pkg.name,
    downloadMbps: pkg.downloadMbps,
    uploadMbps: pkg.uploadMbps,
    dataCapGb: pkg.dataCapGb ?? null,
    monthlyPriceCents: servicePriceCents({ priceCents: pkg.monthlyPriceCents, priceIncludesVat: pkg.priceIncludesVat, accountType, vatRateBasisPoints }),
  }
}

/**
 * A field the clerk gave is kept (an override); one left out comes from the package. Left out is
 * undefined, null or empty text, except the data cap, where null is a value: uncapped.
 */
export function isGiven(field: keyof ServiceTerms, value: unknown): boolean {
  if (field === 'dataCapGb') return value !== undefined
  return value !== undefined && value !== null && value !== ''
}

/** The new service's data with the package's terms wherever the clerk gave none. */
export function withPackageTerms<T extends Record<string, unknown>>(data: T, terms: ServiceTerms): T & ServiceTerms {
  const filled: Record<string, unknown> = { ...data }
  for (const field of SERVICE_TERM_FIELDS) if (!isGiven(field, data[field])) filled[field] = terms[field]
  return filled as T & ServiceTerms
}
