import { getConfig } from '../lib/config'
import { appLogger } from '../lib/logger'
import { requestIdFor, runInRequest } from '../lib/requestContext'
import {
  LIMITS,
  authBodyProblems,
  bodyKind,
  FORM_BODY_PATHS,
  impossibleIdInPath,
  jsonValueProblems,
  parseJsonBody,
  queryProblems,
  readBodyProblems,
  type RequestProblem,
} from './requestRules'

type RouteHandler<C> = (request: Request, context: C) => Promise<Response>

/** What a request body is once read: its bytes (to hand on unchanged) or why it is refused. */
type Checked = { ok: true; body?: ArrayBuffer } | { ok: false; problems: RequestProblem[] }

type EdgeOptions = {
  /** More rules for a JSON body (GraphQL's request shape). */
  bodyRules?: (value: unknown) => RequestProblem[]
  /** The route takes a JSON body and nothing else (GraphQL): an empty or multipart body is refused. */
  jsonOnly?: boolean
}

/**
 * The one edge every API request passes (wired in the generated route files under
 * src/app/(payload)/api). It gives the request an id that every log line and the response carry,
 * applies the request rules (src/endpoints/requestRules.ts) before Payload or any endpoint sees
 * the request, and makes sure that whatever happens inside, the client gets an answer in the one
 * error shape: a 4xx for what it sent, a 500 only for our own fault, logged at error with its id.
 */
export function atTheEdge<C>(handler: RouteHandler<C>, options: EdgeOptions = {}): RouteHandler<C> {
  return async (request, context) => {
    const requestId = requestIdFor(request.headers.get('x-request-id'))
    return runInRequest(requestId, async () => {
      let response: Response
      try {
        const checked = await checkRequest(request, options)
        response = checked.ok ? await handler(rebuilt(request, checked.body), context) : problemResponse(checked.problems)
      } catch (err) {
        appLogger(getConfig()).error({ err, method: request.method, path: new URL(request.url).pathname }, 'request failed')
        response = problemResponse([{ status: 500, code: 'INTERNAL', message: 'Something went wrong on our side' }])
      }
      if (response.status >= 500) {
        appLogger(getConfig()).error({ status: response.status, method: request.method, path: new URL(request.url).pathname }, 'answered with a server error')
      }
      if (response.status >= 400) response = await inTheOneErrorShape(response)
      return withRequestId(response, requestId)
    })
  }
}

async function checkRequest(request: Request, options: EdgeOptions): Promise<Checked> {
  const url = new URL(request.url)
  let pathname: string
  try {
    pathname = decodeURIComponent(url.pathname)
  } catch {
    return { ok: false, problems: [{ status: 400, code: 'INVALID_PATH', message: 'The path is not valid' }] }
  }
  if (pathname.includes('\u0000')) return { ok: false, problems: [{ status: 400, code: 'INVALID_PATH', message: 'The path cannot hold NUL bytes' }] }
  if (impossibleIdInPath(pathname)) return { ok: false, problems: [{ status: 404, code: 'NOT_FOUND', field: 'id', message: 'Not found' }] }
  const method = request.method.toUpperCase()
  // A POST that asks Payload to treat it as a GET (the admin panel's pickers) is read as one.
  // Payload honours both header spellings (payload utilities/handleEndpoints).
  const readsAsGet =
    method === 'POST' &&
    (request.headers.get('x-payload-http-method-override')?.toUpperCase() === 'GET' || request.headers.get('x-http-method-override')?.toUpperCase() === 'GET')
  const query = queryProblems(readsAsGet ? 'GET' : method, url.searchParams, url.search.length)
  if (query.length > 0) return { ok: false, problems: query }
  const kind = bodyKind(request.headers.get('content-type'))
  if (options.jsonOnly && method === 'POST' && kind !== 'json') {
    return { ok: false, problems: [{ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', field: 'content-type', message: 'Send the request as application/json' }] }
  }
  if (!['POST', 'PATCH', 'PUT'].includes(method) || request.body === null) {
    return options.jsonOnly && method === 'POST' ? jsonChecked({}, pathname, options) : { ok: true }
  }

  const max = kind === 'multipart' ? LIMITS.multipartBytes : LIMITS.jsonBytes
  const bytes = await readCapped(request, max)
  if (bytes === 'too large') return { ok: false, problems: [{ status: 413, code: 'BODY_TOO_LARGE', message: `The request body is larger than ${max} bytes` }] }
  if (bytes.byteLength === 0) return options.jsonOnly ? jsonChecked({}, pathname, options) : { ok: true }
  // The admin panel's relationship and upload pickers read with a POST that carries its query as a
  // form body and asks Payload to treat it as a GET: held to the read rules, passed on unchanged.
  if ((kind === 'unsupported' || kind === 'form') && readsAsGet) {
    const text = new TextDecoder().decode(bytes)
    const problems = queryProblems('GET', new URLSearchParams(text), text.length)
    return problems.length > 0 ? { ok: false, problems } : { ok: true, body: bytes }
  }
  if (kind === 'form' && FORM_BODY_PATHS.test(pathname)) {
    // A vendor's form: text only, no NUL (Postgres text cannot hold it), decoded as the handler will.
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes)
    let decoded = ''
    try {
      decoded = [...new URLSearchParams(text)].flat().join('')
    } catch {
      decoded = '\u0000'
    }
    if (text.includes('\u0000') || decoded.includes('\u0000')) return { ok: false, problems: [{ status: 400, code: 'INVALID_TEXT', message: 'The form holds a NUL character' }] }
    return { ok: true, body: bytes }
  }
  if (kind === 'unsupported' || kind === 'form') {
    return { ok: false, problems: [{ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', field: 'content-type', message: 'Send the body as application/json (or multipart/form-data for uploads)' }] }
  }
  if (kind === 'json') {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes)
    const parsed = parseJsonBody(text)
    if (!parsed.ok) return { ok: false, problems: [parsed.problem] }
    const checked = readsAsGet ? problemsOrOk(readBodyProblems(parsed.value)) : jsonChecked(parsed.value, pathname, options)
    return checked.ok ? { ok: true, body: bytes } : checked
  }
  return multipartProblems(request, bytes, pathname)
}

const problemsOrOk = (problems: RequestProblem[]): Checked => (problems.length > 0 ? { ok: false, problems } : { ok: true })

function jsonChecked(value: unknown, pathname: string, options: EdgeOptions): Checked {
  const problems = jsonValueProblems(value)
  if (problems.length === 0) problems.push(...authBodyProblems(pathname, value), ...(options.bodyRules?.(value) ?? []))
  return problems.length > 0 ? { ok: false, problems } : { ok: true }
}

/** A multipart body must parse; its `_payload` part (how the admin panel sends a document) is JSON held to the body rules. */
async function multipartProblems(request: Request, bytes: ArrayBuffer, pathname: string): Promise<Checked> {
  let form: FormData
  try {
    form = await new Request(request.url, { method: 'POST', headers: request.headers, body: bytes }).formData()
  } catch {
    return { ok: false, problems: [{ status: 400, code: 'MALFORMED_MULTIPART', message: 'The multipart body could not be read' }] }
  }
  for (const [name, value] of form) {
    if (typeof value !== 'string') continue
    if (name === '_payload') {
      const parsed = parseJsonBody(value)
      if (!parsed.ok) return { ok: false, problems: [{ ...parsed.problem, field: '_payload' }] }
      const problems = jsonValueProblems(parsed.value, '_payload')
      if (problems.length === 0) problems.push(...authBodyProblems(pathname, parsed.value))
      if (problems.length > 0) return { ok: false, problems }
    } else if (value.includes('\u0000')) {
      return { ok: false, problems: [{ status: 400, code: 'INVALID_TEXT', field: name, message: 'Text cannot hold NUL bytes' }] }
    }
  }
  return { ok: true, body: bytes }
}

/** Reads the body, giving up once it passes `max` bytes (a client cannot make us buffer without end). */
async function readCapped(request: Request, max: number): Promise<ArrayBuffer | 'too large'> {
  const declared = Number(request.headers.get('content-length') ?? '0')
  if (declared > max) return 'too large'
  const reader = request.body!.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > max) {
      await reader.cancel()
      return 'too large'
    }
    chunks.push(value)
  }
  const out = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out.buffer
}

/** The request as the route would have received it, its body (already read) handed on unchanged. */
function rebuilt(request: Request, body: ArrayBuffer | undefined): Request {
  if (!['POST', 'PATCH', 'PUT'].includes(request.method.toUpperCase()) || request.body === null) return request
  return new Request(request.url, { method: request.method, headers: request.headers, body: body ?? null, signal: request.signal })
}

function problemResponse(problems: RequestProblem[]): Response {
  const status = problems[0].status
  return Response.json({ errors: problems.map(({ status: _s, ...rest }) => rest) }, { status })
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'BODY_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  423: 'LOCKED',
  429: 'RATE_LIMITED',
}

/**
 * Payload's own errors carry a message but no code; ours carry both. Every JSON error body leaves
 * as `{ errors: [{ code, message, ... }] }`: a code lifted from the error's data, or derived from
 * its name or the status, so clients branch on codes everywhere. A 5xx never shows more than that.
 */
async function inTheOneErrorShape(response: Response): Promise<Response> {
  if (!(response.headers.get('content-type') ?? '').includes('application/json')) return response
  let body: { errors?: unknown; message?: unknown }
  try {
    body = await response.clone().json()
  } catch {
    return response
  }
  const listed = Array.isArray(body?.errors) ? (body.errors as Array<Record<string, unknown>>) : typeof body?.message === 'string' ? [{ message: body.message }] : undefined
  if (!listed) return response
  const errors = listed.map((e) => {
    const data = e.data && typeof e.data === 'object' ? (e.data as Record<string, unknown>) : undefined
    // Payload's class names are minified in a production build: a validation error is known by its field list.
    const code =
      typeof e.code === 'string' ? e.code
      : typeof data?.code === 'string' ? data.code
      : Array.isArray(data?.errors) ? 'VALIDATION_FAILED'
      : CODE_BY_STATUS[response.status] ?? (response.status >= 500 ? 'INTERNAL' : 'BAD_REQUEST')
    if (response.status >= 500) return { code, message: 'Something went wrong on our side' }
    return { ...e, code, message: typeof e.message === 'string' ? e.message : 'The request was refused' }
  })
  const headers = new Headers(response.headers)
  headers.delete('content-length')
  return new Response(JSON.stringify({ ...body, errors }), { status: response.status, statusText: response.statusText, headers })
}

function withRequestId(response: Response, requestId: string): Response {
  try {
    response.headers.set('X-Request-Id', requestId)
    return response
  } catch {
    // Some responses (a proxied fetch) have immutable headers: copy them.
    const headers = new Headers(response.headers)
    headers.set('X-Request-Id', requestId)
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
  }
}
