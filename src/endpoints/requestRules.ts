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
  /**
   * The most rows one page may hold: larger lists are paged, never fetched whole by accident.
   * 250 because Payload's own admin asks for that many when it looks up the titles of a list's
   * related documents (RelationshipProvider: `limit=250`); at 100 every list showed "Untitled".
   */
  pageSize: 250,
  page: 1_000_000,
  populateDepth: 10,
} as const

const UNSUPPORTED_OPERATORS = new Set(['near', 'within', 'intersects'])

const hasNul = (s: string) => s.includes('\u0000')

/** Parameters Payload reads as one number or flag: a bracketed or repeated one would reach it as an array. */
const SINGLE_VALUED = new Set(['page', 'limit', 'depth', 'pagination', 'draft', 'trash', 'autosave', 'overrideLock'])
/** Parameters Payload also takes as a JSON string (`?where={"status":{"equals":"paid"}}`). */
const JSON_VALUED = new Set(['where', 'data'])

/**
 * Query string rules: no NUL bytes, pages and limits in range and given once as plain values, no
 * geo operators (we have no point fields), and a `where` or `data` written as JSON must parse and
 * is held to the same rules as its bracketed spelling. `method` is the method the request is read
 * as (a POST that asks to be treated as a GET reads like a GET).
 */
export function queryProblems(method: string, search: URLSearchParams, rawLength: number): RequestProblem[] {
  if (rawLength > LIMITS.queryStringBytes) {
    return [{ status: 414, code: 'QUERY_TOO_LONG', message: `The query string is longer than ${LIMITS.queryStringBytes} bytes` }]
  }
  const problems: RequestProblem[] = []
  const reading = method === 'GET' || method === 'HEAD'
  const seen = new Set<string>()
  for (const [key, value] of search) {
    if (hasNul(key) || hasNul(value)) {
      problems.push({ status: 400, code: 'INVALID_TEXT', field: key.replace(/\u0000/g, ''), message: 'Query parameters cannot hold NUL bytes' })
      continue
    }
    const name = key.split('[', 1)[0]
    if (SINGLE_VALUED.has(name)) {
      if (key !== name || seen.has(name)) {
        problems.push({ status: 400, code: 'INVALID_QUERY', field: name, message: `${name} must be given once, as a single value` })
        continue
      }
      seen.add(name)
    }
    if (key === name && JSON_VALUED.has(name)) {
      problems.push(...jsonQueryProblems(name, value))
      continue
    }
    problems.push(...entryProblems(key, value, reading))
  }
  return problems
}

function entryProblems(key: string, value: string, reading: boolean): RequestProblem[] {
  const problems: RequestProblem[] = []
  if ((key.match(/\[/g)?.length ?? 0) > LIMITS.depth) {
    return [{ status: 400, code: 'QUERY_TOO_DEEP', field: key.slice(0, 80), message: `A query parameter nests deeper than ${LIMITS.depth} levels` }]
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
  return problems
}

/** `?where=<JSON>`: it must parse to an object, and its keys meet the rules of `where[a][b]=...`. */
function jsonQueryProblems(name: string, text: string): RequestProblem[] {
  if (text === '') return []
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return [{ status: 400, code: 'INVALID_QUERY', field: name, message: `${name} is not valid JSON (or write it as ${name}[field][operator]=value)` }]
  }
  const shape = jsonValueProblems(value, name)
  if (shape.length > 0) {
    return shape.map((p) =>
      p.code === 'BODY_NOT_OBJECT' ? { ...p, code: 'INVALID_QUERY', field: name, message: `${name} must be a JSON object` } : { ...p, field: p.field ? `${name}.${p.field}` : name },
    )
  }
  const problems: RequestProblem[] = []
  const stack: Array<{ node: unknown; key: string }> = [{ node: value, key: name }]
  while (stack.length > 0) {
    const { node, key } = stack.pop()!
    if (node !== null && typeof node === 'object') {
      for (const [child, inner] of Object.entries(node)) stack.push({ node: inner, key: `${key}[${child}]` })
    } else {
      problems.push(...entryProblems(key, String(node), true))
    }
  }
  return problems
}

/**
 * A JSON body that asks to be read as a GET carries its query as an object: spelt as the query
 * string it stands for (`{ where: { a: { equals: 1 } } }` as `where[a][equals]=1`), held to the same rules.
 */
export function readBodyProblems(value: unknown): RequestProblem[] {
  const shape = jsonValueProblems(value)
  if (shape.length > 0) return shape
  const params = new URLSearchParams()
  const stack: Array<{ node: unknown; key: string }> = Object.entries(value as object).map(([key, node]) => ({ node, key }))
  while (stack.length > 0) {
    const { node, key } = stack.pop()!
    if (node !== null && typeof node === 'object') {
      for (const [child, inner] of Object.entries(node)) stack.push({ node: inner, key: `${key}[${child}]` })
    } else {
      params.append(key, String(node))
    }
  }
  return queryProblems('GET', params, 0)
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

export type BodyKind = 'json' | 'multipart' | 'form' | 'unsupported'

/** Payload reads JSON and multipart bodies only; anything else would reach a route as no data at all. */
/** The only routes that take a form body: NetCash posts its postbacks form-encoded. */
export const FORM_BODY_PATHS = /^\/api\/webhooks\/netcash\/[^/]+\/(mandate|paynow)$/

export function bodyKind(contentType: string | null): BodyKind {
  const type = (contentType ?? '').split(';', 1)[0].trim().toLowerCase()
  if (type === 'application/json') return 'json'
  if (type === 'multipart/form-data') return 'multipart'
  if (type === 'application/x-www-form-urlencoded') return 'form'
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
