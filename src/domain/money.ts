/**
 * Money is integer cents. Division happens in exact integer arithmetic (BigInt) and is rounded
 * half-up exactly once, where a value is produced (SA VAT Act s66: per invoice line).
 */

export type Cents = number

/** round(numerator / denominator), halves away from zero, exact for any safe integers. */
export function divideRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive')
  const negative = numerator < 0n
  const n = negative ? -numerator : numerator
  const q = (2n * n + denominator) / (2n * denominator)
  return negative ? -q : q
}

function assertCents(value: number, what: string) {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be a whole number of cents: ${value}`)
}

export type VatSplit = { exclVatCents: Cents; vatCents: Cents; inclVatCents: Cents; vatRateBasisPoints: number }

/** A VAT-inclusive amount (residential prices): VAT = amount x rate / (1 + rate), rounded half-up. */
export function splitInclusive(inclVatCents: Cents, vatRateBasisPoints: number): VatSplit {
  assertCents(inclVatCents, 'amount')
  const vat = Number(divideRoundHalfUp(BigInt(inclVatCents) * BigInt(vatRateBasisPoints), 10_000n + BigInt(vatRateBasisPoints)))
  return { exclVatCents: inclVatCents - vat, vatCents: vat, inclVatCents, vatRateBasisPoints }
}

/** A VAT-exclusive amount (business prices): VAT = amount x rate, rounded half-up. */
export function splitExclusive(exclVatCents: Cents, vatRateBasisPoints: number): VatSplit {
  assertCents(exclVatCents, 'amount')
  const vat = Number(divideRoundHalfUp(BigInt(exclVatCents) * BigInt(vatRateBasisPoints), 10_000n))
  return { exclVatCents, vatCents: vat, inclVatCents: exclVatCents + vat, vatRateBasisPoints }
}

/** `R 1 234.56` (negative: `-R 1 234.56`). */
export function formatRand(cents: Cents): string {
  assertCents(cents, 'amount')
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(cents)
  const rands = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ' ')
  return `${sign}R ${rands}.${String(abs % 100).padStart(2, '0')}`
}
