import { normaliseSaMobile } from '../../domain/mobileNumber'

/**
 * What staff mean by what they type into the one search box, worked out before any SQL runs.
 * Pure: text in, the needles each kind of record is searched with out. Every needle is a value
 * for a query parameter, never SQL; a `...Pattern` is a LIKE pattern whose `%`, `_` and `\` from
 * the user's text are escaped, so they match themselves.
 */
export type SearchQuery = {
  /** The text as typed: trimmed, inner whitespace collapsed. */
  text: string
  /** Names, emails, addresses, packages: every folded word must appear somewhere (`%word%` each). */
  wordPatterns: string[]
  /** The longest of them, the one a trigram index narrows by best; null when no word is left. */
  longestWordPattern: string | null
  /** The folded text as `text%`: a name or address that starts with it ranks above one that merely contains it. */
  startsWithPattern: string
  /** The lower-cased text, for whole identifiers: an email, a connection id, a transaction id, a reference. */
  identifier: string
  /** `identifier%`: an identifier that starts with the text. */
  identifierStartsWithPattern: string
  /** `%identifier%` for payment ids and references; null unless the text has a digit (names never match them). */
  identifierContainsPattern: string | null
  accountNumber: DocumentNumberNeedle | null
  invoiceNumber: DocumentNumberNeedle | null
  /** `%TEXT%` on invoice numbers, for a piece of one (`2026-0004`); null unless it could be one. */
  invoiceNumberContainsPattern: string | null
  mobile: MobileNeedle | null
}

/** `CT-2026-00042` typed in any spacing: the number it names (null when only a prefix was typed) and what it starts with. */
export type DocumentNumberNeedle = { exact: string | null; startsWithPattern: string }

/** An SA mobile typed in any local form: the stored `27XXXXXXXXX`, or the start of one (`2782123%`). */
export type MobileNeedle = { exact: string } | { startsWithPattern: string }

/**
 * Accents are the combining marks Unicode splits off a letter (NFD): `ë` is `e` + U+0308. Both
 * the text and the searched columns (in SQL: `normalize(..., NFD)` and `regexp_replace`) drop
 * them, so `Zoe` finds `Zoë` and the reverse. Letters that do not decompose (`ø`, `ß`) stay.
 */
export const COMBINING_MARKS = '[\\u0300-\\u036f]'
const COMBINING_MARK = new RegExp(COMBINING_MARKS, 'g')

/** Lower case without accents: how both the text and the searched columns are compared. */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(COMBINING_MARK, '').toLowerCase()
}

/** The user's text inside a LIKE pattern, matching itself: `50%` stays fifty per cent, `a_b` stays a-underscore-b. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

const contains = (text: string) => `%${escapeLike(text)}%`
const startsWith = (text: string) => `${escapeLike(text)}%`

/** Punctuation around a word that is not part of what is searched for: `Nkosi,` `(Pty)` `St.` */
const WORD_EDGES = /^[,;:.!?"'()[\]{}]+|[,;:.!?"'()[\]{}]+$/g

function wordsOf(folded: string): string[] {
  const words = folded
    .split(' ')
    .map((w) => w.replace(WORD_EDGES, ''))
    .filter(Boolean)
  return [...new Set(words)]
}

const SEPARATOR = String.raw`[\s\-_./]*`

/**
 * An account (`CT`) or invoice (`INV`) number however it is typed: `CT-2026-00042`,
 * `ct 2026 42`, `CT202600042` name one number (the counter is zero-padded to five digits, as
 * the database writes it); `CT-2026`, `ct 20` and `CT-2026-0004` are the start of one.
 */
export function documentNumberNeedle(prefix: 'CT' | 'INV', text: string): DocumentNumberNeedle | null {
  const yearOnly = new RegExp(`^${prefix}${SEPARATOR}(\\d{1,4})${SEPARATOR}$`, 'i').exec(text)
  if (yearOnly) {
    const year = yearOnly[1]
    return { exact: null, startsWithPattern: startsWith(`${prefix}-${year}${year.length === 4 ? '-' : ''}`) }
  }
  const full = new RegExp(`^${prefix}${SEPARATOR}(\\d{4})${SEPARATOR}(\\d{1,9})${SEPARATOR}$`, 'i').exec(text)
  if (!full) return null
  const [, year, counter] = full
  const value = Number(counter)
  return {
    exact: value >= 1 ? `${prefix}-${year}-${String(value).padStart(5, '0')}` : null,
    startsWithPattern: startsWith(`${prefix}-${year}-${counter}`),
  }
}

/**
 * An SA mobile in any local form: whole (`082 123 4567`, `+27 82 123 4567`, `27821234567`,
 * `0027 82 123 4567`, `82 123 4567`) or begun (`082 123`, `+27 82`), as stored (`27...`).
 * A begun number needs its leading 0 or 27 and at least two digits after it (`082`), else a
 * few digits would match thousands of numbers.
 */
export function mobileNeedle(text: string): MobileNeedle | null {
  const whole = normaliseSaMobile(text)
  if (whole) return { exact: whole }
  const digits = text.replace(/[\s\-().]/g, '')
  const begun = /^(?:\+27|0027|27|0)([6-8]\d{1,7})$/.exec(digits)
  if (begun) return { startsWithPattern: `27${begun[1]}%` }
  const national = /^[6-8]\d{8}$/.exec(digits)
  return national ? { exact: `27${national[0]}` } : null
}

/** Everything one search looks for, from the text a staff member typed (2 to 100 characters). */
export function understandSearch(typed: string): SearchQuery {
  const text = typed.trim().replace(/\s+/g, ' ')
  const folded = foldForSearch(text)
  const words = wordsOf(folded)
  const longest = words.reduce<string | null>((best, w) => (best === null || w.length > best.length ? w : best), null)
  const identifier = text.toLowerCase()
  const hasDigit = /\d/.test(text)
  const upper = text.toUpperCase()
  return {
    text,
    wordPatterns: words.map(contains),
    longestWordPattern: longest === null ? null : contains(longest),
    startsWithPattern: startsWith(folded),
    identifier,
    identifierStartsWithPattern: startsWith(identifier),
    identifierContainsPattern: hasDigit ? contains(identifier) : null,
    accountNumber: documentNumberNeedle('CT', text),
    invoiceNumber: documentNumberNeedle('INV', text),
    invoiceNumberContainsPattern: hasDigit && /^[A-Z0-9-]+$/.test(upper) ? contains(upper) : null,
    mobile: mobileNeedle(text),
  }
}
