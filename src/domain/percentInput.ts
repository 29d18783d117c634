/**
 * A rate as people type it (`15`, `15.5`, `15,25`, `15 %`) to basis points (1500, 1550, 1525) and
 * back. Exact: built from the digits, never through a binary fraction.
 */
export type ParsedPercent = { ok: true; basisPoints: number } | { ok: false; message: string }

export function parsePercent(text: string): ParsedPercent {
  const s = text.trim().replace(/\s*%$/, '').trim()
  if (s === '') return { ok: false, message: 'Enter a percentage, e.g. 15' }
  const m = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(s)
  if (!m) return /[.,]\d{3,}$/.test(s) ? { ok: false, message: 'At most two decimals' } : { ok: false, message: 'Type the rate in digits, e.g. 15' }
  const basisPoints = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
  if (basisPoints > 10_000) return { ok: false, message: 'At most 100 %' }
  return { ok: true, basisPoints }
}

/** `15`, `15.5`, `15.25`: basis points as a person types the rate. */
export function percentForInput(basisPoints: number): string {
  const whole = Math.trunc(basisPoints / 100)
  const rest = Math.abs(basisPoints % 100)
  if (rest === 0) return String(whole)
  return `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}`
}

/** `15 %` for reading. */
export function formatPercent(basisPoints: number): string {
  return `${percentForInput(basisPoints)} %`
}
