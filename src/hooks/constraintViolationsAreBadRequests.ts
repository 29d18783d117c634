import type { AfterErrorHook } from 'payload'

/**
 * The database has the last word on every rule (CHECKs, triggers, enums, unique indexes). Payload
 * validates most of them first and answers 400; when a write still reaches a database rule, the
 * client sent something invalid, so it gets a 400 with a machine-readable code, not a 500. The
 * message is the rule's own (our triggers word them for people), never the query or its values.
 */
const CLIENT_ERRORS: Record<string, string> = {
  '23514': 'CONSTRAINT_VIOLATION', // check_violation (our CHECKs and triggers)
  '23505': 'DUPLICATE', // unique_violation
  '23503': 'INVALID_REFERENCE', // foreign_key_violation
  '23502': 'MISSING_VALUE', // not_null_violation
  '22P02': 'INVALID_VALUE', // invalid_text_representation (e.g. a value outside an enum)
}

type PgError = { code?: string; message?: string; constraint?: string; cause?: unknown }

function databaseErrorOf(err: unknown): PgError | undefined {
  for (let e = err as PgError | undefined, depth = 0; e && depth < 5; e = e.cause as PgError | undefined, depth++) {
    if (typeof e.code === 'string' && CLIENT_ERRORS[e.code]) return e
  }
  return undefined
}

export const constraintViolationsAreBadRequests: AfterErrorHook = ({ error }) => {
  const db = databaseErrorOf(error)
  if (!db) return
  const code = CLIENT_ERRORS[db.code!]
  const message =
    db.code === '23514' && db.message && !db.message.includes('violates check constraint')
      ? db.message
      : db.constraint
        ? `The change breaks the rule "${db.constraint}"`
        : 'The change breaks a data rule'
  return { status: 400, response: { errors: [{ code, message }] } }
}
