import { MAX_ID } from './schemas'

/**
 * The rules every request to the API meets before any route sees it (generated REST, GraphQL, the
 * auth routes and our own endpoints alike; applied by src/endpoints/edge.ts). Pure: a request's
 * parts in, the problems out. Each problem names the part of the request it is about, so a client
 * can fix it; a request with problems changes nothing.
 */

export type RequestProblem = { status: number; code: string; message: string; field?: string }

export const LIMITS = {
  jsonBytes: 1024 * 1024,
  multipartBytes: 10 * 1024 * 1024,
  depth: 32,
  queryStringBytes: 16 * 1024,
  /** The most rows one page may hold: larger lists are paged, never fetched whole by accident. */
  pageSize: 100,
  page: 1_000_000,
  populateDepth: 10,
} as const

const UNSUPPORTED_OPERATORS = new Set(['near', 'within', 'intersects'])

const hasNul = (s: string) => s.includes('\u0000')

/** Query string rules: no NUL bytes, pages and limits in range, no geo operators (we have no point fields). */
export function queryProblems(method: string, search: URLSearchParams, rawLength: number): RequestProblem[] {
  if (rawLength > LIMITS.queryStringBytes) {
    return [{ status: 414, code: 'QUERY_TOO_LONG', message: `The query string is longer than ${LIMITS.queryStringBytes} bytes` }]
  }
  const problems: RequestProblem[] = []
  const reading = method === 'GET' || method === 'HEAD'
  for (const [key, value] of search) {
    if (hasNul(key) || hasNul(value)) {
      problems.push({ status: 400, code: 'INVALID_TEXT', field: key.replace(/\u0000/g, ''), message: 'Query parameters cannot hold NUL bytes' })
      continue
    }
    if ((key.match(/\[/g)?.length ?? 0) > LIMITS.depth) {
      problems.push({ status: 400, code: 'QUERY_TOO_DEEP', field: key.slice(0, 80), message: `A query parameter nests deeper than ${LIMITS.depth} levels` })
      continue
    }
    const operator = /\[([a-z_]+)\](?:\[\d*\])?$/i.exec(key)?.[1]
    if (key.startsWith('where') && operator && UNSUPPORTED_OPERATORS.has(operator)) {
      problems.push({ status: 400, code: 'UNSUPPORTED_OPERATOR', field: key, message: `The "${operator}" operator needs a point field, and there are none` })
    }
    if (key === 'page' && !inRange(value, 1, LIMITS.page)) {
      problems.push({ status: 400, code: 'INVALID_PAGE', field: 'page', message: `page must be a whole number from 1 to ${LIMITS.page}` })
    }
    // Bulk updates and deletes (the admin panel's "select all") name their rows with `where` and
    // send limit=0; a read never gets more than one page.
    if (key === 'limit' && !inRange(value, reading ? 1 : 0, LIMITS.pageSize)) {
      problems.push({ status: 400, code: 'INVALID_LIMIT', field: 'limit', message: `limit must be a whole number from 1 to ${LIMITS.pageSize}` })
    }
    if (key === 'pagination' && reading && value === 'false') {
      problems.push({ status: 400, code: 'INVALID_LIMIT', field: 'pagination', message: `Lists come in pages of at most ${LIMITS.pageSize}: use page and limit` })
    }
    if (key === 'depth' && !inRange(value, 0, LIMITS.populateDepth)) {
      problems.push({ status: 400, code: 'INVALID_DEPTH', field: 'depth', message: `depth must be a whole number from 0 to ${LIMITS.populateDepth}` })
    }
  }
  return problems
}

function inRange(value: string, min: number, max: number): boolean {
  return /^\d{1,9}$/.test(value) && Number(value) >= min && Number(value) <= max
}

/**
 * A path segment that is a number no row can have (past the 32-bit ids Postgres holds, or zero):
 * the thing asked for does not exist.
 */
export function impossibleIdInPath(pathname: string): boolean {
  return pathname
    .split('/')
    .some((segment) => /^\d+$/.test(segment) && (segment.length > 10 || Number(segment) > MAX_ID || Number(segment) === 0))
}

/**
 * A JSON body's rules: an object (not null, an array, a string or a number), no deeper than the
 * limit, and no NUL byte in any key or string. Walks without recursion, so depth cannot overflow.
 */
export function jsonValueProblems(value: unknown, where = 'body'): RequestProblem[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [{ status: 400, code: 'BODY_NOT_OBJECT', field: where === 'body' ? undefined : where, message: 'The request body must be a JSON object' }]
  }
  const stack: Array<{ node: unknown; path: string; depth: number }> = [{ node: value, path: '', depth: 1 }]
  while (stack.length > 0) {
    const { node, path, depth } = stack.pop()!
    if (typeof node === 'string') {
      if (hasNul(node)) return [{ status: 400, code: 'INVALID_TEXT', field: path || undefined, message: 'Text cannot hold NUL bytes' }]
      continue
    }
    if (node === null || typeof node !== 'object') continue
    if (depth > LIMITS.depth) return [{ status: 400, code: 'BODY_TOO_DEEP', field: path || undefined, message: `The body nests deeper than ${LIMITS.depth} levels` }]
    for (const [key, child] of Object.entries(node)) {
      if (hasNul(key)) return [{ status: 400, code: 'INVALID_TEXT', field: path || undefined, message: 'Keys cannot hold NUL bytes' }]
      stack.push({ node: child, path: path ? `${path}.${key}` : key, depth: depth + 1 })
    }
  }
  return []
}

export function parseJsonBody(text: string): { ok: true; value: unknown } | { ok: false; problem: RequestProblem } {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    return { ok: false, problem: { status: 400, code: 'INVALID_JSON', message: 'The request body is not valid JSON' } }
  }
}

export type BodyKind = 'json' | 'multipart' | 'unsupported'

/** Payload reads JSON and multipart bodies only; anything else would reach a route as no data at all. */
export function bodyKind(contentType: string | null): BodyKind {
  const type = (contentType ?? '').split(';', 1)[0].trim().toLowerCase()
  if (type === 'application/json') return 'json'
  if (type === 'multipart/form-data') return 'multipart'
  return 'unsupported'
}

const AUTH_ACTION = /^\/api\/(?:[\w-]+\/(?:login|forgot-password|reset-password|unlock|first-register)|dashboard\/login)$/
const AUTH_TEXT_FIELDS = ['email', 'username', 'password', 'confirmPassword', 'token'] as const

/** Sign-in and password bodies: their credentials are text (an object where an email belongs is refused here, not deep in Payload). */
export function authBodyProblems(pathname: string, value: unknown): RequestProblem[] {
  if (!AUTH_ACTION.test(pathname) || !value || typeof value !== 'object') return []
  const body = value as Record<string, unknown>
  return AUTH_TEXT_FIELDS.filter((f) => body[f] !== undefined && typeof body[f] !== 'string').map((field) => ({
    status: 400,
    code: 'VALIDATION_FAILED',
    field,
    message: `${field} must be text`,
  }))
}
