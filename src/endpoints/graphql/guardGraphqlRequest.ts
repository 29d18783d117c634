import type { ApiProblem } from '../http'

/**
 * The GraphQL endpoint's request body, checked before Payload sees it. Payload parses a JSON body
 * itself and throws on bad JSON outside any catch, so Next answers a bare 500; graphql-http then
 * answers the other shape errors with a 400 whose only member is an English message, and other
 * media types with a bodiless 415 (after Payload has parsed a multipart body for nothing). This
 * answers every malformed request with our error shape and a stable `code` instead.
 */
export type GraphqlBody = {
  query: string
  variables?: Record<string, unknown>
  operationName?: string
}

export type GuardedGraphqlRequest =
  | { ok: true; body: GraphqlBody }
  | { ok: false; status: 400 | 415; errors: ApiProblem[] }

export type GraphqlBodyProblem = ApiProblem & { status: 400 }

/**
 * Far above any query we send or expect (graphql's standard introspection query is about 2,000
 * characters, a page of invoices with every field under 1,000); a document is parsed and
 * validated whole before any limit on its cost applies, so its size is bounded first.
 */
export const MAX_QUERY_LENGTH = 50_000

export function guardGraphqlRequest(text: string, contentType: string | null | undefined): GuardedGraphqlRequest {
  if (!isJsonUtf8(contentType)) {
    return { ok: false, status: 415, errors: [{ code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the request as application/json (UTF-8)' }] }
  }
  // An empty body is an empty object, as on our REST endpoints: the answer names the missing query.
  const parsed = text.trim() === '' ? { ok: true as const, value: {} } : parseJson(text)
  if (!parsed.ok) return { ok: false, status: 400, errors: [{ code: 'INVALID_JSON', message: 'The request body is not valid JSON' }] }
  const problems = graphqlBodyProblems(parsed.value)
  if (problems.length > 0) return { ok: false, status: 400, errors: problems.map(({ status: _status, ...problem }) => problem) }
  const { query, variables, operationName } = parsed.value as Record<string, unknown>
  return {
    ok: true,
    body: {
      query: query as string,
      variables: isAbsent(variables) ? undefined : (variables as Record<string, unknown>),
      operationName: isAbsent(operationName) ? undefined : (operationName as string),
    },
  }
}

/**
 * The rules for a body already parsed as JSON, every broken member at once. They carry their
 * status so a request edge that parses the body itself can apply them as they are.
 */
export function graphqlBodyProblems(value: unknown): GraphqlBodyProblem[] {
  if (!isPlainObject(value)) {
    return [{ status: 400, code: 'BODY_NOT_OBJECT', message: 'The request body must be a JSON object with a query (batches are not supported)' }]
  }
  const { query, variables, operationName, extensions } = value
  return [
    ...queryProblems(query),
    ...(isAbsent(variables) || isPlainObject(variables) ? [] : [problem('VARIABLES_NOT_OBJECT', 'variables', 'variables must be a JSON object')]),
    ...(isAbsent(operationName) || typeof operationName === 'string'
      ? []
      : [problem('OPERATION_NAME_NOT_STRING', 'operationName', 'operationName must be a string')]),
    ...(isAbsent(extensions) || isPlainObject(extensions) ? [] : [problem('EXTENSIONS_NOT_OBJECT', 'extensions', 'extensions must be a JSON object')]),
  ]
}

function queryProblems(query: unknown): GraphqlBodyProblem[] {
  if (isAbsent(query) || (typeof query === 'string' && query.trim() === '')) {
    return [problem('QUERY_REQUIRED', 'query', 'query is required: the GraphQL document to run')]
  }
  if (typeof query !== 'string') return [problem('QUERY_NOT_STRING', 'query', 'query must be a string')]
  if (query.length > MAX_QUERY_LENGTH) return [problem('QUERY_TOO_LONG', 'query', `query may be at most ${MAX_QUERY_LENGTH} characters`)]
  return []
}

/**
 * graphql-http, which runs the request, reads only `application/json` in UTF-8; anything else
 * would be a bodiless 415 from it. Parameters other than charset are left for it to judge.
 */
function isJsonUtf8(contentType: string | null | undefined): boolean {
  const [mediaType, ...parameters] = (contentType ?? '').toLowerCase().split(';').map((p) => p.trim())
  if (mediaType !== 'application/json') return false
  const charset = parameters.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '')
  return charset === undefined || charset === 'utf-8'
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    return { ok: false }
  }
}

// graphql-http treats null and a missing member alike.
function isAbsent(value: unknown): value is null | undefined {
  return value === null || value === undefined
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function problem(code: string, field: string, message: string): GraphqlBodyProblem {
  return { status: 400, code, field, message }
}
