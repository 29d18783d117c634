import type { CalendarDate } from './calendarDate'
import type { AccountType } from './catalogue'
import { splitExclusive, splitInclusive, type Cents } from './money'
import { SA_VAT_RATES, vatRateOn, type VatRate } from './vat'

/**
 * Invoice lines and totals. Residential prices are VAT-inclusive as advertised, business prices
 * VAT-exclusive; each line is split once, rounded half-up, at the rate in force on the invoice
 * date, and keeps that rate. Totals are sums of lines, so they reconcile to the cent.
 */
export type LineKind = 'service' | 'pro_rata' | 'installation' | 'equipment' | 'credit' | 'adjustment' | 'other'

export type InvoiceLine = {
  description: string
  kind: LineKind
  quantity: number
  unitPriceCents: Cents
  exclVatCents: Cents
  vatRateBasisPoints: number
  vatCents: Cents
  inclVatCents: Cents
}

export type Totals = { exclVatCents: Cents; vatCents: Cents; inclVatCents: Cents }

export const priceBasisOf = (accountType: AccountType) => (accountType === 'business' ? 'excl. VAT' : 'incl. VAT')

export function buildLine(args: {
  description: string
  kind: LineKind
  /** Price of one unit as the customer's price list quotes it (incl. VAT for residential). */
  unitPriceCents: Cents
  quantity?: number
  accountType: AccountType
  invoiceDate: CalendarDate
  vatRates?: readonly VatRate[]
}): InvoiceLine {
  const quantity = args.quantity ?? 1
  if (!Number.isInteger(quantity) || quantity < 1) throw new RangeError('quantity must be a whole number from 1')
  const rate = vatRateOn(args.invoiceDate, args.vatRates ?? SA_VAT_RATES)
  const amount = args.unitPriceCents * quantity
  const split = args.accountType === 'business' ? splitExclusive(amount, rate) : splitInclusive(amount, rate)
  return { description: args.description, kind: args.kind, quantity, unitPriceCents: args.unitPriceCents, ...split }
}

export function totalsOf(lines: ReadonlyArray<Pick<InvoiceLine, 'exclVatCents' | 'vatCents' | 'inclVatCents'>>): Totals {
  return lines.reduce(
    (t, l) => ({ exclVatCents: t.exclVatCents + l.exclVatCents, vatCents: t.vatCents + l.vatCents, inclVatCents: t.inclVatCents + l.inclVatCents }),
    { exclVatCents: 0, vatCents: 0, inclVatCents: 0 },
  )
}
