/**
 * GSM 03.38, the 7-bit alphabet an SMS is sent in. One character outside it switches the whole
 * message to UCS-2 and its limit from 160 to 70 characters, so a curly quote in a customer's name
 * would quietly turn one SMS into three. Messages are kept inside the alphabet instead.
 */

const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'

/** Sent as an escape plus a character: each costs two of the 160. */
const EXTENDED = '\f^{}\\[~]|€'

const BASIC_SET = new Set(BASIC)
const EXTENDED_SET = new Set(EXTENDED)

export const SMS_MAX_LENGTH = 160

function isGsm7Char(char: string): boolean {
  return BASIC_SET.has(char) || EXTENDED_SET.has(char)
}

/** Whether every character is in the GSM-7 alphabet (basic or extended). */
export function isGsm7(text: string): boolean {
  for (const char of text) if (!isGsm7Char(char)) return false
  return true
}

/** The length of a GSM-7 text in septets, as the 160 limit counts it: extended characters count 2. */
export function smsLength(text: string): number {
  let length = 0
  for (const char of text) {
    if (BASIC_SET.has(char)) length += 1
    else if (EXTENDED_SET.has(char)) length += 2
    else throw new RangeError(`not a GSM-7 character: U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`)
  }
  return length
}

/** Look-alikes people type or paste (word processors, phones) that have a plain GSM-7 equivalent. */
const EQUIVALENTS: Record<string, string> = {
  '‘': "'", '’': "'", '‚': "'", '‛': "'", '′': "'", '`': "'", '´': "'",
  '“': '"', '”': '"', '„': '"', '‟': '"', '″': '"', '«': '"', '»': '"',
  '‐': '-', '‑': '-', '‒': '-', '–': '-', '—': '-', '―': '-', '−': '-',
  '…': '...', '•': '-', '·': '.', '×': 'x', '÷': '/',
  '©': '(c)', '®': '(R)', '™': 'TM', '¢': 'c',
  '\t': ' ', '\u2028': '\n', '\u2029': '\n',
  'ł': 'l', 'Ł': 'L', 'đ': 'd', 'Đ': 'D', 'ð': 'd', 'Ð': 'D', 'ı': 'i',
  'œ': 'oe', 'Œ': 'OE', 'þ': 'th', 'Þ': 'Th', 'ĸ': 'k',
}

/** Emoji and the invisible characters that build them, zero-width spaces, other control characters. */
const DROPPED = /^(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|[\u200B-\u200D\u2060\uFEFF\uFE00-\uFE0F\u20E3\u{E0020}-\u{E007F}]|\p{Cc})$/u

/**
 * A text rewritten into GSM-7: look-alikes become their plain form (`’` → `'`, `–` → `-`), accented
 * letters outside the alphabet lose the accent (`ş` → `s`, `ë` → `e`; `é`, `ü`, `ñ` are kept),
 * emoji are dropped, and anything else becomes `?`.
 */
export function toGsm7(text: string): string {
  let out = ''
  for (const char of text.normalize('NFC')) {
    if (isGsm7Char(char)) out += char
    else if (char in EQUIVALENTS) out += EQUIVALENTS[char]
    else if (/^\p{Zs}$/u.test(char)) out += ' '
    else if (DROPPED.test(char)) continue
    else out += withoutAccents(char) ?? '?'
  }
  return out
}

/** `ş` → `s`, `ﬁ` → `fi`, full-width `Ａ` → `A`; null when what is left is still not GSM-7. */
function withoutAccents(char: string): string | null {
  const plain = char.normalize('NFKD').replace(/\p{M}/gu, '')
  return plain !== '' && isGsm7(plain) ? plain : null
}
