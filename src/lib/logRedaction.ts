/**
 * Keeps secrets and personal data out of the logs. Every log line passes through `redactValue`
 * (src/lib/logger.ts): its message, its fields and any error in it, at any depth of `cause`.
 *
 * Two kinds of rule:
 *  - shapes: a failed database query is logged with its parameters ("Failed query: ... params:
 *    <values>"), which can hold a password hash, encrypted bank details or an address, so every
 *    `params:` tail goes; so do JWTs, our ciphertext, long hex and base64 runs (hashes, salts, reset
 *    tokens, API keys), email addresses and South African mobile numbers, wherever they appear;
 *  - names: a field called like a secret (password, hash, salt, token, cookie, authorization, ...)
 *    is replaced whatever it holds.
 */

type Plain = Record<string, unknown>

const PARAMS_TAIL = /\n?params: [\s\S]*?(?=\n {4}at |\ncaused by:|$)/g

const SHAPES: Array<[RegExp, string]> = [
  // Vendors' callback URLs carry our secret in the path: whatever its shape, it is never logged.
  [/(\/webhooks\/[\w-]+\/)[^/\s?#"']+/g, '$1[secret]'],
  [/\beyJ[\w-]{6,}\.[\w-]{6,}\.[\w-]*/g, '[jwt]'],
  [/\bv\d+\.[\w-]{12,}\.[\w-]{16,}\.[\w-]+/g, '[ciphertext]'],
  [/\b[0-9a-f]{32,}\b/gi, '[hex]'],
  [/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, '[email]'],
  [/(?<!\d)(?:\+?27|0)[6-8]\d(?:[ -]?\d){7}(?!\d)/g, '[mobile]'],
]

// Base64 of a secret mixes digits and both cases; a file path in a stack trace of that length does not.
const BASE64_RUN = /[A-Za-z0-9+/_=-]{40,}/g
const looksEncoded = (run: string) => /\d/.test(run) && /[A-Z]/.test(run) && /[a-z]/.test(run) && (run.match(/\//g)?.length ?? 0) < 3

// `pass` alone or as a word part (`pass`, `db_pass`), not inside other words (`passed`, `bypass`).
const SECRET_NAME = /passw(or)?d|passphrase|(^|[_-])pass($|[_-])|hash|salt|token|secret|cookie|authori[sz]ation|api[-_]?key|encrypted|account_?number|cvv|signature/i

export function redactText(text: string): string {
  let out = text.replace(PARAMS_TAIL, '\nparams: [redacted]')
  for (const [shape, label] of SHAPES) out = out.replace(shape, label)
  return out.replace(BASE64_RUN, (run) => (looksEncoded(run) ? '[base64]' : run))
}

const ERROR_FIELDS = ['name', 'code', 'status', 'constraint', 'table', 'column', 'routine', 'severity']

/** An error as a plain object: its type, identifying fields, message and stack (redacted), and its causes. */
export function serializeError(err: unknown, opts: { stack?: boolean } = {}, depth = 0): unknown {
  if (!err || typeof err !== 'object') return typeof err === 'string' ? redactText(err) : err
  if (depth > 5) return '[cause chain cut]'
  const e = err as Plain & { message?: unknown; stack?: unknown; cause?: unknown }
  const out: Plain = { type: (e.constructor as { name?: string } | undefined)?.name ?? 'Error' }
  for (const key of ERROR_FIELDS) if (e[key] !== undefined) out[key] = redactValue(e[key], depth + 1)
  if (typeof e.message === 'string') out.message = redactText(e.message)
  if (opts.stack !== false && typeof e.stack === 'string') out.stack = redactText(e.stack)
  if (e.cause) out.cause = serializeError(e.cause, opts, depth + 1)
  return out
}

/** Any value bound for a log line, with every string redacted and every secret-named field replaced. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value)
  if (value === null || typeof value !== 'object') return value
  if (depth > 8) return '[deep value cut]'
  if (value instanceof Error) return serializeError(value, {}, depth)
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redactValue(v, depth + 1))
  const out: Plain = {}
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_NAME.test(key) && v !== null && v !== undefined && typeof v !== 'boolean' ? '[redacted]' : redactValue(v, depth + 1)
  }
  return out
}

/**
 * Why something failed, for a person reading a job run: the innermost cause (a database error
 * under the query wrapper that reports it), redacted. Never the failed SQL or its parameters.
 */
export function failureReason(err: unknown): string {
  let inner: unknown = err
  for (let depth = 0; depth < 5 && inner instanceof Error && inner.cause instanceof Error; depth++) inner = inner.cause
  const message = inner instanceof Error ? inner.message : String(inner)
  return redactText(message.split('\n')[0].slice(0, 500))
}
