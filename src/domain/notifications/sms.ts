import { SMS_MAX_LENGTH, smsLength, toGsm7 } from './gsm7'

export type SmsWording = {
  /** Starts every wording: the sender's name, as people recognise it (`Demo Fibre: `). */
  lead: string
  /** The wordings to try, fullest first. */
  bodies: readonly [string, ...string[]]
  /** Ends every wording: what must never be cut (the account number). */
  tail: string
}

/**
 * One SMS, never a concatenated one: the first wording (fullest first) that fits in 160 GSM-7
 * characters once rewritten into the alphabet. When even the shortest does not fit (names far
 * longer than any seen in practice) its body gives way, never the lead or the tail.
 */
export function fitSms({ lead, bodies, tail }: SmsWording): string {
  const [head, end] = [toGsm7(lead), toGsm7(tail)]
  const texts = bodies.map((body) => `${head}${tidy(toGsm7(body))}${end}`)
  const fitting = texts.find((text) => smsLength(text) <= SMS_MAX_LENGTH)
  if (fitting) return fitting
  return `${head}${clip(tidy(toGsm7(bodies[bodies.length - 1])), SMS_MAX_LENGTH - smsLength(head) - smsLength(end))}${end}`
}

/** The gaps a dropped emoji leaves (`Hi Thandi 😀,` → `Hi Thandi,`). */
function tidy(text: string): string {
  return text.replace(/ {2,}/g, ' ').replace(/ +([,.)])/g, '$1')
}

/** A text in GSM-7, cut to `max` characters and ending in `...` when cut. */
export function clip(text: string, max: number): string {
  const gsm = toGsm7(text)
  if (smsLength(gsm) <= max) return gsm
  let out = ''
  let length = 0
  for (const char of gsm) {
    length += smsLength(char)
    if (length > max - 3) break
    out += char
  }
  return `${out.trimEnd()}...`
}
