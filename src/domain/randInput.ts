import { formatRand, type Cents } from './money'

/**
 * Rand as clerks type it into a field, to integer cents and back. People never type cents:
 * `1 234.56`, `1234,56` (comma decimal, as on South African bank statements), `R 12`, `R12.5`,
 * with ordinary, non-breaking or thin spaces between thousands.
 */

export type ParsedRand = { ok: true; cents: Cents } | { ok: false; message: string }

export type ParseRandOptions = {
  /** Refunds and adjustments may be negative; payments and prices are not. */
  allowNegative?: boolean
  /** The largest amount accepted, in cents (default R 1 000 000.00). */
  maxCents?: Cents
}

export const DEFAULT_MAX_RAND_CENTS: Cents = 100_000_000

/** Space, no-break space, figure space, thin space, narrow no-break space. */
const GROUP_SPACES = /[ \u00a0\u2007\u2009\u202f]/g
const GROUPED_WHOLE = /^\d{1,3}( \d{3})+$/

const refuse = (message: string): ParsedRand => ({ ok: false, message })

export function parseRand(text: string, options: ParseRandOptions = {}): ParsedRand {
  const maxCents = options.maxCents ?? DEFAULT_MAX_RAND_CENTS
  let s = text.replace(GROUP_SPACES, ' ').trim()
  if (s === '') return refuse('Enter an amount in rand')

  let negative = false
  if (s.startsWith('-')) {
    negative = true
    s = s.slice(1).trim()
  }
  if (/^r/i.test(s)) s = s.slice(1).trim()
  if (!negative && s.startsWith('-')) {
    negative = true
    s = s.slice(1).trim()
  }

  if (/[^\d .,]/.test(s)) return refuse('Type the amount in digits, e.g. 1 234.56')
  const separators = s.match(/[.,]/g) ?? []
  if (separators.length > 1) return refuse('Use one decimal separator, and spaces between thousands')

  const [wholeText, fraction = ''] = s.split(/[.,]/)
  const whole = wholeText.trim()
  if (fraction.includes(' ') || whole !== wholeText.trimStart()) return refuse('Type the amount in digits, e.g. 1 234.56')
  if (whole.includes(' ') && !GROUPED_WHOLE.test(whole)) return refuse('Put spaces only between groups of three digits')
  if (fraction.length > 2) return refuse('At most two decimals (cents)')
  const digits = whole.replace(/ /g, '')
  if (digits === '' && fraction === '') return refuse('Type the amount in digits, e.g. 1 234.56')

  // Exact: built from the digits, never through a binary fraction.
  const cents = BigInt(digits || '0') * 100n + BigInt(fraction.padEnd(2, '0'))
  if (negative && cents > 0n && !options.allowNegative) return refuse('The amount cannot be negative')
  if (cents > BigInt(maxCents)) return refuse(`At most ${formatRand(maxCents)}`)
  const value = Number(cents)
  return { ok: true, cents: negative && value !== 0 ? -value : value }
}

/** Cents back into an input, as people type it: `1 234.56` (no `R`, ordinary spaces). */
export function randForInput(cents: Cents): string {
  return formatRand(cents).replace('R ', '')
}

/**
 * What the panel's rand field holds while the typed text is not rand: the text behind a prefix no
 * number parser reads, so the server refuses it and nothing saves until the clerk corrects it.
 */
export const NOT_RAND_PREFIX = 'not rand: '

/** The text a clerk typed, from a value the rand field held. */
export const typedRandText = (value: string) => (value.startsWith(NOT_RAND_PREFIX) ? value.slice(NOT_RAND_PREFIX.length) : value)
