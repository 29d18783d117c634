/**
 * Keeps data out of the logs. A failed database query is logged by Payload with the query's
 * parameters in the message ("Failed query: ... params: <values>"), and those values can be a
 * password hash, encrypted bank details or personal data. The error serializer below cuts every
 * `params:` tail from error messages and stacks, at any depth of `cause`.
 */

type Serialized = Record<string, unknown>

const PARAMS_TAIL = /\nparams: [\s\S]*?(?=\n {4}at |\ncaused by:|$)/g

export function redactQueryParams(text: string): string {
  return text.replace(PARAMS_TAIL, '\nparams: [redacted]')
}

export function serializeError(err: unknown, depth = 0): unknown {
  if (!err || typeof err !== 'object' || depth > 5) return err
  const e = err as Record<string, unknown> & { message?: unknown; stack?: unknown; cause?: unknown }
  const out: Serialized = { type: (e.constructor as { name?: string } | undefined)?.name ?? 'Error' }
  for (const key of ['name', 'code', 'status', 'constraint', 'table', 'column', 'routine', 'severity']) {
    if (e[key] !== undefined) out[key] = e[key]
  }
  if (typeof e.message === 'string') out.message = redactQueryParams(e.message)
  if (typeof e.stack === 'string') out.stack = redactQueryParams(e.stack)
  if (e.cause) out.cause = serializeError(e.cause, depth + 1)
  return out
}
