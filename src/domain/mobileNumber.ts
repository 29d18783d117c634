/**
 * South African mobile numbers, stored in the international form without a plus: `27821234567`.
 * Accepts what people type: `082 123 4567`, `+27 82 123 4567`, `0027821234567`, `27-82-123-4567`.
 * Returns null for anything that is not an SA mobile number (9 digits after the 27, starting 6-8).
 */
export function normaliseSaMobile(input: string): string | null {
  const digits = input.replace(/[\s\-().]/g, '').replace(/^\+/, '')
  if (!/^\d+$/.test(digits)) return null
  let national: string
  if (digits.startsWith('0027')) national = digits.slice(4)
  else if (digits.startsWith('27') && digits.length === 11) national = digits.slice(2)
  else if (digits.startsWith('0') && digits.length === 10) national = digits.slice(1)
  else return null
  return /^[6-8]\d{8}$/.test(national) ? `27${national}` : null
}

export const SA_MOBILE_PATTERN = /^27[6-8]\d{8}$/

/** A stored mobile as people read it: `27821234567` -> `082 123 4567` (anything else as it is). */
export function formatSaMobile(stored: string): string {
  return SA_MOBILE_PATTERN.test(stored) ? `0${stored.slice(2, 4)} ${stored.slice(4, 7)} ${stored.slice(7)}` : stored
}
