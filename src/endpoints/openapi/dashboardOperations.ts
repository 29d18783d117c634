import { DASHBOARD_ROUTES } from '../dashboard'
import type { DashboardRoute } from '../dashboard/route'
import { CUSTOMER_PORTAL, rowIdParam, type ApiOperation, type ApiResponse } from './operation'

export const DASHBOARD_TAG = 'Customer dashboard'

/** What every dashboard route can refuse with, whatever its own refusals. */
const ALWAYS: Record<number, ApiResponse> = {
  400: { description: 'A query parameter or body field is not valid (VALIDATION_FAILED or UNKNOWN_FIELD, naming the field), or the body is not JSON (INVALID_JSON)' },
  401: { description: 'Not signed in (NOT_AUTHENTICATED)' },
  403: { description: 'Signed in, but not as a customer: staff use the admin API (CUSTOMERS_ONLY)' },
}

/** The refusals a route declares, in the words that fit every route. */
const MEANING: Record<number, string> = {
  404: 'Not found, or not the signed-in customer\'s (NOT_FOUND)',
  409: 'Refused in the account\'s current state: the code says why (see the description)',
}

/** One dashboard route as an operation: its own contract, plus the refusals every route shares. */
export function dashboardOperation(route: DashboardRoute): ApiOperation {
  const success = route.successStatus ?? 200
  const hasId = route.path.includes(':id')
  const refusals = [...new Set([...(route.errors ?? []), ...(hasId ? [404] : [])])].filter((status) => !(status in ALWAYS)).sort((a, b) => a - b)
  const responses: Record<number, ApiResponse> = {
    [success]: { description: success === 201 ? 'Created' : 'OK', content: { mediaType: route.produces ?? 'application/json', schema: route.response } },
    ...ALWAYS,
  }
  if (route.body) responses[415] = { description: 'The body is not sent as application/json (UNSUPPORTED_MEDIA_TYPE)' }
  for (const status of refusals) responses[status] = { description: MEANING[status] ?? 'Refused: the code says why' }
  return {
    method: route.method,
    path: route.path,
    tag: DASHBOARD_TAG,
    summary: route.summary,
    description: route.description,
    security: CUSTOMER_PORTAL,
    pathParams: hasId ? { id: rowIdParam } : undefined,
    query: route.query,
    body: route.body ? { schema: route.body } : undefined,
    responses,
  }
}

export const dashboardOperations = (routes: DashboardRoute[] = DASHBOARD_ROUTES): ApiOperation[] => routes.map(dashboardOperation)
