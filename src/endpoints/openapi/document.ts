import type { SanitizedConfig } from 'payload'
import { z, type ZodType } from 'zod'
import type { JSONSchema } from 'zod/v4/core'

import { problemResponse } from '../../services/dashboard/contract'
import { PORTAL_COOKIE } from '../portal/session'
import type { ApiOperation, ApiParameter, ApiResponse, Credential } from './operation'
import { API_TAGS, apiOperations } from './operations'

export type JsonSchema = JSONSchema.BaseSchema

type Parameter = { name: string; in: 'path' | 'query' | 'header'; required: boolean; description?: string; schema: JsonSchema }
type Response = { description: string; headers?: Record<string, { description: string; schema: JsonSchema }>; content?: Record<string, { schema: JsonSchema }> }
export type OpenApiOperation = {
  operationId: string
  tags: string[]
  summary: string
  description?: string
  security: Record<string, string[]>[]
  parameters?: Parameter[]
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> }
  responses: Record<string, Response>
}
export type SecurityScheme = { type: 'apiKey'; in: 'cookie' | 'header'; name: string; description: string }
export type OpenApiDocument = {
  openapi: '3.1.0'
  info: { title: string; version: string; description: string }
  servers?: { url: string; description?: string }[]
  tags: { name: string; description: string }[]
  paths: Record<string, Partial<Record<string, OpenApiOperation>>>
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Partial<Record<Credential, SecurityScheme>> }
}

export type DocumentOptions = {
  /** Where the API lives: Payload's `routes.api`. */
  apiRoute: string
  serverUrl?: string
  /** Payload's auth cookie, `<cookiePrefix>-token`: the staff session. */
  staffCookie: string
  /** Whether staff may sign requests with an API key (`users` has `useAPIKey`). */
  staffApiKeys: boolean
}

/** zod's own JSON Schema (2020-12, what OpenAPI 3.1 schemas are), without the `$schema` the document's dialect already says. */
export function jsonSchemaOf(schema: ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' })
  return rest
}

/** `/dashboard/services/:id` as OpenAPI writes it: `/dashboard/services/{id}`. */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z_]\w*)/g, '{$1}')

/** `post /admin/customers/:id/services/activate` -> `postAdminCustomersByIdServicesActivate`: unique, as method and path are. */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .split('/')
    .filter(Boolean)
    .flatMap((segment) => (segment.startsWith(':') ? ['by', segment.slice(1)] : segment.split(/[^A-Za-z0-9]+/)))
    .filter(Boolean)
  return method + words.map((w) => w[0].toUpperCase() + w.slice(1)).join('')
}

const PROBLEM = { $ref: '#/components/schemas/Problem' }

function securitySchemes(options: DocumentOptions): Partial<Record<Credential, SecurityScheme>> {
  return {
    portalCookie: {
      type: 'apiKey',
      in: 'cookie',
      name: PORTAL_COOKIE,
      description: 'The customer portal session, set by `POST /api/dashboard/login`. Browsers send it to /portal and /api/dashboard only.',
    },
    customerJwt: {
      type: 'apiKey',
      in: 'header',
      name: 'Authorization',
      description: "`Authorization: JWT <token>`, with the token a customer's login answers with.",
    },
    staffCookie: {
      type: 'apiKey',
      in: 'cookie',
      name: options.staffCookie,
      description: "The staff session Payload sets at `POST /api/users/login` (the admin panel's sign-in).",
    },
    staffJwt: {
      type: 'apiKey',
      in: 'header',
      name: 'Authorization',
      description: "`Authorization: JWT <token>`, with the token a staff member's `POST /api/users/login` answers with.",
    },
    ...(options.staffApiKeys
      ? { staffApiKey: { type: 'apiKey' as const, in: 'header' as const, name: 'Authorization', description: '`Authorization: users API-Key <key>`, with a staff member\'s API key.' } }
      : {}),
  }
}

function parameter(name: string, where: Parameter['in'], p: ApiParameter): Parameter {
  return { name, in: where, required: where === 'path' || Boolean(p.required), description: p.description, schema: jsonSchemaOf(p.schema, 'input') }
}

/** A query schema's keys as query parameters, each with its own rule. */
function queryParameters(query: ZodType): Parameter[] {
  const schema = jsonSchemaOf(query, 'input')
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>
  const required = new Set(schema.required ?? [])
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rule } = property
    return { name, in: 'query' as const, required: required.has(name), ...(description ? { description } : {}), schema: rule }
  })
}

function response(status: number, r: ApiResponse): Response {
  const content = r.content
    ? { [r.content.mediaType]: { schema: jsonSchemaOf(r.content.schema, 'output') } }
    : status >= 400
      ? { 'application/json': { schema: PROBLEM } }
      : undefined
  const headers = r.headers
    ? Object.fromEntries(Object.entries(r.headers).map(([name, description]) => [name, { description, schema: { type: 'string' as const } }]))
    : undefined
  return { description: r.description, ...(headers ? { headers } : {}), ...(content ? { content } : {}) }
}

function operation(op: ApiOperation, schemes: Partial<Record<Credential, SecurityScheme>>): OpenApiOperation {
  const pathNames = [...op.path.matchAll(/:([A-Za-z_]\w*)/g)].map((m) => m[1])
  const parameters = [
    ...pathNames.map((name) => {
      const given = op.pathParams?.[name]
      if (!given) throw new Error(`${op.method} ${op.path}: path parameter ${name} is not described`)
      return parameter(name, 'path', given)
    }),
    ...(op.query ? queryParameters(op.query) : []),
    ...Object.entries(op.headers ?? {}).map(([name, p]) => parameter(name, 'header', p)),
  ]
  const accepted = op.security.filter((c) => schemes[c])
  const security = [...(op.securityOptional ? [{}] : []), ...accepted.map((c) => ({ [c]: [] }))]
  return {
    operationId: operationIdOf(op.method, op.path),
    tags: [op.tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    security,
    ...(parameters.length ? { parameters } : {}),
    ...(op.body ? { requestBody: { required: true, content: { [op.body.mediaType ?? 'application/json']: { schema: jsonSchemaOf(op.body.schema, 'input') } } } } : {}),
    responses: Object.fromEntries(Object.entries(op.responses).map(([status, r]) => [status, response(Number(status), r)])),
  }
}

const DESCRIPTION = [
  'The custom endpoints of the ISP billing back office and customer portal. Payload\'s generated REST API (`/api/<collection>`) and GraphQL API (`/api/graphql`) are described by Payload\'s own documentation.',
  'Money is ZAR in integer cents (`...Cents`, VAT included unless named otherwise). Calendar dates are SAST days as `YYYY-MM-DD`; instants are ISO 8601 UTC.',
  'Every refusal is a 4xx with `{ "errors": [{ "code", "message", "field"? }] }`: branch on `code`. A 5xx says only `INTERNAL`. Every response carries an `X-Request-Id` (yours when you send a sane one).',
  'Any request can also be refused before it reaches an endpoint: a body that is not a JSON object (400), larger than 1 MiB (413), or not JSON (415), a query string that is too long (414), or an id no row can have (404).',
].join('\n\n')

/** The OpenAPI 3.1 document of the given operations. */
export function buildOpenApiDocument(operations: ApiOperation[], options: DocumentOptions): OpenApiDocument {
  const schemes = securitySchemes(options)
  const paths: OpenApiDocument['paths'] = {}
  for (const op of operations) {
    const path = openApiPath(`${options.apiRoute}${op.path}`)
    const item = (paths[path] ??= {})
    if (item[op.method]) throw new Error(`${op.method} ${path} is documented twice`)
    item[op.method] = operation(op, schemes)
  }
  const used = [...new Set(operations.map((op) => op.tag))]
  const declared = API_TAGS.filter((t) => used.includes(t.name))
  const undeclared = used.filter((name) => !API_TAGS.some((t) => t.name === name)).map((name) => ({ name, description: '' }))
  return {
    openapi: '3.1.0',
    info: { title: 'ISP Billing: custom API', version: '1.0.0', description: DESCRIPTION },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    tags: [...declared, ...undeclared],
    paths,
    components: { schemas: { Problem: jsonSchemaOf(problemResponse, 'output') }, securitySchemes: schemes },
  }
}

/** The app's document, as the running app (or a test) has it configured. */
export function openApiDocumentFor(config: SanitizedConfig): OpenApiDocument {
  const users = config.collections.find((c) => c.slug === config.admin.user)
  const auth = users?.auth
  return buildOpenApiDocument(apiOperations(), {
    apiRoute: config.routes.api,
    serverUrl: config.serverURL || undefined,
    staffCookie: `${config.cookiePrefix}-token`,
    staffApiKeys: Boolean(auth && auth.useAPIKey),
  })
}
