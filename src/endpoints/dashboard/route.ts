import type { Endpoint, PayloadRequest } from 'payload'
import type { z, ZodType } from 'zod'

import { customerOf, type CustomerUser } from '../../access/identity'
import { ok, parseBody, problem, zodProblems, type ApiProblem } from '../http'
import { bodyKind } from '../requestRules'
import { idFromPath } from '../schemas'

type Method = 'get' | 'post' | 'patch' | 'delete'

/** What a handler answers: a body (and status), or a ready Response (a PDF). */
export type Reply<R> = { status?: number; body: R } | Response

export type DashboardContext<Q, B> = {
  req: PayloadRequest
  customer: CustomerUser
  query: Q
  body: B
  /** The `:id` of the path, when the route has one. */
  id: number
}

/**
 * One customer dashboard route: its contract (the zod schemas of its query, body and answer,
 * which the OpenAPI document is generated from) and its handler. `dashboardEndpoint` turns it
 * into a Payload endpoint that signs the customer in, validates, and answers in the one shape.
 */
export type DashboardRoute<Q = unknown, B = unknown, R = unknown> = {
  method: Method
  /** Under /api, with `:id` for an id segment, e.g. `/dashboard/services/:id`. */
  path: string
  summary: string
  description?: string
  query?: ZodType<Q, any>
  body?: ZodType<B, any>
  response: ZodType<R, any>
  /** A non-JSON answer (the PDF): its media type, for the document. */
  produces?: string
  successStatus?: 200 | 201
  /** The refusals this route can give beyond 400, 401, 403 and 415: e.g. 404, 409. */
  errors?: number[]
  handle: (ctx: DashboardContext<Q, B>) => Promise<Reply<R>>
}

export function defineRoute<QS extends ZodType | undefined, BS extends ZodType | undefined, RS extends ZodType>(route: {
  method: Method
  path: string
  summary: string
  description?: string
  query?: QS
  body?: BS
  response: RS
  produces?: string
  successStatus?: 200 | 201
  errors?: number[]
  handle: (
    ctx: DashboardContext<QS extends ZodType ? z.output<QS> : undefined, BS extends ZodType ? z.output<BS> : undefined>,
  ) => Promise<Reply<z.input<RS>>>
}): DashboardRoute {
  return route as unknown as DashboardRoute
}

function queryObject(req: PayloadRequest): { ok: true; value: Record<string, string> } | { ok: false; problems: ApiProblem[] } {
  const value: Record<string, string> = {}
  const problems: ApiProblem[] = []
  for (const [key, v] of req.searchParams ?? new URLSearchParams()) {
    if (Object.hasOwn(value, key)) problems.push({ code: 'VALIDATION_FAILED', field: key, message: `${key} is given more than once` })
    value[key] = v
  }
  return problems.length ? { ok: false, problems } : { ok: true, value }
}

export function dashboardEndpoint(route: DashboardRoute): Endpoint {
  return {
    path: route.path,
    method: route.method,
    handler: async (req) => {
      if (!req.user) return problem(req, 401, [{ code: 'NOT_AUTHENTICATED', message: 'Sign in to the customer portal first' }])
      const customer = customerOf(req)
      if (!customer) return problem(req, 403, [{ code: 'CUSTOMERS_ONLY', message: 'The dashboard API is for customers; staff use the admin API' }])

      let id = 0
      if (route.path.includes(':id')) {
        const raw = String(req.routeParams?.id ?? '')
        const parsed = idFromPath(raw)
        if (parsed === null) {
          // A number no row can have is simply not there; text where an id belongs is a bad request.
          return /^\d+$/.test(raw)
            ? problem(req, 404, [{ code: 'NOT_FOUND', message: 'Not found' }])
            : problem(req, 400, [{ code: 'VALIDATION_FAILED', field: 'id', message: 'id must be a positive whole number' }])
        }
        id = parsed
      }

      const rawQuery = queryObject(req)
      if (!rawQuery.ok) return problem(req, 400, rawQuery.problems)
      let query: unknown
      if (route.query) {
        const parsed = route.query.safeParse(rawQuery.value)
        if (!parsed.success) return problem(req, 400, zodProblems(parsed.error))
        query = parsed.data
      } else if (Object.keys(rawQuery.value).length > 0) {
        return problem(req, 400, Object.keys(rawQuery.value).map((key) => ({ code: 'UNKNOWN_FIELD', field: key, message: `${key} is not a query parameter here` })))
      }

      let body: unknown
      if (route.body) {
        if (bodyKind(req.headers.get('content-type')) !== 'json') {
          return problem(req, 415, [{ code: 'UNSUPPORTED_MEDIA_TYPE', field: 'content-type', message: 'Send the body as application/json' }])
        }
        const parsed = await parseBody(req, route.body)
        if (!parsed.ok) return parsed.response
        body = parsed.data
      }

      const reply = await route.handle({ req, customer, query, body, id })
      if (reply instanceof Response) return reply
      return ok(req, reply.body, { status: reply.status ?? route.successStatus ?? 200 })
    },
  }
}

export const notFound = (req: PayloadRequest, what = 'Not found') => problem(req, 404, [{ code: 'NOT_FOUND', message: what }])
