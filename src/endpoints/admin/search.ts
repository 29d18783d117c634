import type { Endpoint, PayloadHandler, PayloadRequest } from 'payload'
import type { z } from 'zod'

import { searchQuery, searchResponse } from '../../services/search/contract'
import { searchEverything } from '../../services/search/searchEverything'
import { ok, problem, zodProblems, type ApiProblem } from '../http'
import { requireStaff } from './staffAccess'

export { searchQuery, searchResponse }

/** The query string as one value per name; a name given twice (`q=a&q=b`, `q[]=a`) is a 400 naming it. */
function queryOf(req: PayloadRequest): { ok: true; value: Record<string, string> } | { ok: false; problems: ApiProblem[] } {
  const value: Record<string, string> = {}
  const problems: ApiProblem[] = []
  for (const [key, v] of req.searchParams ?? new URLSearchParams()) {
    if (Object.hasOwn(value, key)) problems.push({ code: 'VALIDATION_FAILED', field: key, message: `${key} is given more than once` })
    value[key] = v
  }
  return problems.length ? { ok: false, problems } : { ok: true, value }
}

/**
 * `GET /api/admin/search?q=`: the admin panel's one search box. Any staff member (support too:
 * it only reads); customers 403, signed out 401. Unknown parameters are a 400 naming them.
 */
const search: PayloadHandler = async (req) => {
  const gate = requireStaff(req)
  if ('response' in gate) return gate.response
  const raw = queryOf(req)
  if (!raw.ok) return problem(req, 400, raw.problems)
  const unknown = Object.keys(raw.value).filter((key) => !Object.hasOwn(searchQuery.shape, key))
  if (unknown.length) return problem(req, 400, unknown.map((key) => ({ code: 'UNKNOWN_FIELD', field: key, message: `${key} is not a query parameter here: send q only` })))
  const parsed = searchQuery.safeParse(raw.value)
  if (!parsed.success) return problem(req, 400, zodProblems(parsed.error))
  const results = await searchEverything(req, parsed.data.q)
  return ok(req, { query: parsed.data.q, results } satisfies z.input<typeof searchResponse>)
}

export const searchEndpoint: Endpoint = { path: '/admin/search', method: 'get', handler: search }
