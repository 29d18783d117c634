import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { buildLine } from '../../src/domain/invoiceLines'
import { servicePriceCents, serviceTermsOf, withPackageTerms, type CataloguePackage } from '../../src/domain/products'

const VAT = 1500

describe('a catalogue price on the service basis (residential incl. VAT, business excl. VAT)', () => {
  it.each([
    // catalogue price, includes VAT, account type, service price
    [79_900, true, 'residential', 79_900], // same basis: copied as it is
    [69_478, false, 'business', 69_478],
    // incl -> excl: VAT = 79900 x 15/115 = 10421.74 -> 10422; 79900 - 10422 = 69478
    [79_900, true, 'business', 69_478],
    // excl -> incl: VAT = 69478 x 15% = 10421.70 -> 10422; 69478 + 10422 = 79900
    [69_478, false, 'residential', 79_900],
    // excl -> incl, exactly half a cent rounds up: 10 x 15% = 1.5 -> 2; 30 -> 4.5 -> 5; 70 -> 10.5 -> 11
    [10, false, 'residential', 12],
    [30, false, 'residential', 35],
    [70, false, 'residential', 81],
    // and below half rounds down: 1 x 15% = 0.15 -> 0; 13 x 15% = 1.95 -> 2
    [1, false, 'residential', 1],
    [13, false, 'residential', 15],
    // incl -> excl: 100 x 15/115 = 13.04 -> 13 -> 87; 20 -> 2.61 -> 3 -> 17; 8 -> 1.04 -> 1 -> 7
    // (price x 3/23 is never exactly half a cent: 6 x price is even, 23 x an odd number is odd)
    [100, true, 'business', 87],
    [20, true, 'business', 17],
    [8, true, 'business', 7],
    [0, true, 'business', 0],
    [0, false, 'residential', 0],
    // R 2 499.00 excl. VAT quoted to a home: 249900 x 15% = 37485 -> R 2 873.85
    [249_900, false, 'residential', 287_385],
  ] as const)('%i cents (incl. VAT: %s) for a %s account is %i cents', (priceCents, priceIncludesVat, accountType, expected) => {
    expect(servicePriceCents({ priceCents, priceIncludesVat, accountType, vatRateBasisPoints: VAT })).toBe(expected)
  })

  it('uses the rate it is given (14% before April 2018)', () => {
    expect(servicePriceCents({ priceCents: 100, priceIncludesVat: false, accountType: 'residential', vatRateBasisPoints: 1400 })).toBe(114)
    // 114 x 14/114 = 14 exactly
    expect(servicePriceCents({ priceCents: 114, priceIncludesVat: true, accountType: 'business', vatRateBasisPoints: 1400 })).toBe(100)
  })

  it('refuses what is not whole cents', () => {
    for (const [priceCents, priceIncludesVat] of [[10.5, true], [10.5, false], [Number.NaN, true]] as const) {
      expect(() => servicePriceCents({ priceCents, priceIncludesVat, accountType: 'business', vatRateBasisPoints: VAT })).toThrow(RangeError)
    }
  })

  it('rounds once: the invoice line of a converted price is within a cent of the catalogue price', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), fc.boolean(), (priceCents, priceIncludesVat) => {
        const accountType = priceIncludesVat ? 'business' : 'residential'
        const converted = servicePriceCents({ priceCents, priceIncludesVat, accountType, vatRateBasisPoints: VAT })
        expect(Number.isSafeInteger(converted)).toBe(true)
        const line = buildLine({ description: 'monthly', kind: 'service', unitPriceCents: converted, accountType, invoiceDate: '2026-12-01' })
        const asQuoted = priceIncludesVat ? line.inclVatCents : line.exclVatCents
        expect(Math.abs(asQuoted - priceCents)).toBeLessThanOrEqual(1)
      }),
    )
  })

  it('copies a price already on the basis exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), fc.constantFrom('residential', 'business'), (priceCents, accountType) => {
        const priceIncludesVat = accountType === 'residential'
        expect(servicePriceCents({ priceCents, priceIncludesVat, accountType, vatRateBasisPoints: VAT })).toBe(priceCents)
      }),
    )
  })
})

describe("a package's terms on a new service", () => {
  const lte: CataloguePackage = { name: 'LTE 100 GB', type: 'lte', downloadMbps: 30, uploadMbps: 15, dataCapGb: 100, monthlyPriceCents: 44_900, priceIncludesVat: true }

  it('are the type, name, speeds, cap and the price on the account basis', () => {
    expect(serviceTermsOf(lte, 'residential', VAT)).toEqual({ type: 'lte', packageName: 'LTE 100 GB', downloadMbps: 30, uploadMbps: 15, dataCapGb: 100, monthlyPriceCents: 44_900 })
    // 44900 x 15/115 = 5856.52 -> 5857; 44900 - 5857 = 39043
    expect(serviceTermsOf(lte, 'business', VAT).monthlyPriceCents).toBe(39_043)
    expect(serviceTermsOf({ ...lte, dataCapGb: null }, 'residential', VAT).dataCapGb).toBeNull()
  })

  it('fill only what the clerk left out; a given value (an uncapped override included) stays', () => {
    const terms = serviceTermsOf(lte, 'residential', VAT)
    expect(withPackageTerms({ customer: 7 }, terms)).toEqual({ customer: 7, ...terms })
    expect(withPackageTerms({ customer: 7, packageName: 'LTE 100 GB (promo)', monthlyPriceCents: 39_900, dataCapGb: null }, terms)).toEqual({
      ...terms,
      customer: 7,
      packageName: 'LTE 100 GB (promo)',
      monthlyPriceCents: 39_900,
      dataCapGb: null,
    })
    // Empty text and null in a required field are left out, not overrides.
    expect(withPackageTerms({ packageName: '', downloadMbps: null }, terms)).toMatchObject({ packageName: 'LTE 100 GB', downloadMbps: 30 })
    // A price of R 0.00 is a price (a free month), not a missing one.
    expect(withPackageTerms({ monthlyPriceCents: 0 }, terms).monthlyPriceCents).toBe(0)
  })
})
