/**
 * Which errors are the client's doing. The database has the last word on every rule (CHECKs,
 * triggers, enums, unique indexes, column types); when a request still reaches one of these, the
 * client sent something invalid: it gets a 4xx, and the log records it as a client error, not a
 * server fault. Shared by the API's error mapping (src/hooks/constraintViolationsAreBadRequests.ts,
 * GraphQL's error formatting) and the logger.
 */

export type DatabaseClientError = { sqlState: string; code: string; message: string; constraint?: string }

const BY_SQLSTATE: Record<string, { code: string; message: string }> = {
  '23514': { code: 'CONSTRAINT_VIOLATION', message: 'The change breaks a data rule' }, // check_violation (our CHECKs and triggers)
  '23505': { code: 'DUPLICATE', message: 'A record with this value already exists' },
  '23503': { code: 'INVALID_REFERENCE', message: 'A referenced record does not exist' },
  '23502': { code: 'MISSING_VALUE', message: 'A required value is missing' },
  '22P02': { code: 'INVALID_VALUE', message: 'A value has the wrong form' }, // invalid_text_representation (enums, numbers)
  '22003': { code: 'VALUE_OUT_OF_RANGE', message: 'A number is out of range' }, // numeric_value_out_of_range (ids past 32 bits)
  '22007': { code: 'INVALID_DATE', message: 'A date is not valid' }, // invalid_datetime_format
  '22008': { code: 'INVALID_DATE', message: 'A date is out of range' }, // datetime_field_overflow
  '22021': { code: 'INVALID_TEXT', message: 'Text holds a character that cannot be stored' }, // NUL bytes
  '22P05': { code: 'INVALID_TEXT', message: 'Text holds a character that cannot be stored' },
  '22001': { code: 'VALUE_TOO_LONG', message: 'A value is too long' },
  '2201W': { code: 'INVALID_PAGINATION', message: 'The limit is out of range' },
  '2201X': { code: 'INVALID_PAGINATION', message: 'The page is out of range' },
  '22023': { code: 'INVALID_VALUE', message: 'A value is not valid here' },
  '22004': { code: 'MISSING_VALUE', message: 'A required value is missing' },
  '42804': { code: 'INVALID_QUERY', message: 'The query compares a field with a value of another type' },
  '42883': { code: 'INVALID_QUERY', message: 'The query uses an operator this field does not support' },
  '54001': { code: 'QUERY_TOO_COMPLEX', message: 'The query is too complex' },
}

type PgLike = { code?: unknown; message?: unknown; constraint?: unknown; cause?: unknown; originalError?: unknown }

/** The next error inside this one: a `cause`, or the error a GraphQL error wraps. */
const inner = (e: PgLike) => (e.cause ?? e.originalError) as PgLike | undefined

/** The database error behind `err` (at any depth of `cause`) when the client caused it. */
export function databaseClientErrorOf(err: unknown): DatabaseClientError | undefined {
  for (let e = err as PgLike | undefined, depth = 0; e && typeof e === 'object' && depth < 6; e = inner(e), depth++) {
    const known = typeof e.code === 'string' ? BY_SQLSTATE[e.code] : undefined
    if (!known) continue
    // Our triggers word their refusals for people; Postgres's own CHECK message names only the constraint.
    const own = e.code === '23514' && typeof e.message === 'string' && !e.message.includes('violates check constraint')
    const constraint = typeof e.constraint === 'string' ? e.constraint : undefined
    return {
      sqlState: e.code as string,
      code: known.code,
      message: own ? (e.message as string) : constraint ? `The change breaks the rule "${constraint}"` : known.message,
      constraint,
    }
  }
  return undefined
}

/** The 4xx status an error stands for, or undefined for a server fault. */
export function clientStatusOf(err: unknown): number | undefined {
  for (let e = err as (PgLike & { status?: unknown }) | undefined, depth = 0; e && typeof e === 'object' && depth < 6; e = inner(e), depth++) {
    if (typeof e.status === 'number') return e.status >= 400 && e.status < 500 ? e.status : undefined
  }
  return databaseClientErrorOf(err) ? 400 : undefined
}
