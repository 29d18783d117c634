import { logoutOperation, type Endpoint, type PayloadRequest } from 'payload'
import { z } from 'zod'

import { getConfig } from '../../lib/config'
import { ok, parseBody, problem } from '../http'
import { expiredPortalCookies, isCustomerRequest, portalCookies } from './session'

export const loginBody = z.object({
  email: z.string().trim().toLowerCase().email('A valid email address is required'),
  password: z.string().min(1, 'Password is required'),
})

/** Logs a customer in and sets the portal cookie (never Payload's staff cookie). */
async function customerLogin(req: PayloadRequest): Promise<Response> {
  const body = await parseBody(req, loginBody)
  if (!body.ok) return body.response
  const result = await req.payload.login({ collection: 'customers', data: body.data, req })
  if (!result.token) {
    return problem(req, 500, [{ code: 'LOGIN_FAILED', message: 'Login did not produce a session' }])
  }
  const headers = new Headers()
  const maxAge = req.payload.collections.customers.config.auth.tokenExpiration
  for (const c of portalCookies(result.token, { maxAgeSeconds: maxAge, secure: getConfig().secureCookies })) {
    headers.append('Set-Cookie', c)
  }
  return ok(req, { message: 'Logged in', user: result.user, token: result.token, exp: result.exp }, { headers })
}

async function customerLogout(req: PayloadRequest): Promise<Response> {
  if (isCustomerRequest(req)) {
    await logoutOperation({ collection: req.payload.collections.customers, req, allSessions: false })
  }
  const headers = new Headers()
  for (const c of expiredPortalCookies({ secure: getConfig().secureCookies })) headers.append('Set-Cookie', c)
  return ok(req, { message: 'Logged out' }, { headers })
}

async function currentCustomer(req: PayloadRequest): Promise<Response> {
  if (!isCustomerRequest(req) || !req.user) {
    return problem(req, 401, [{ code: 'NOT_AUTHENTICATED', message: 'Sign in to the customer portal first' }])
  }
  const { id, email, firstName, lastName } = req.user as unknown as Record<string, unknown>
  return ok(req, { customer: { id, email, firstName, lastName } })
}

/** Replace Payload's own login/logout on `customers`, whose cookie would clobber a staff session. */
export const portalAuthEndpoints: Endpoint[] = [
  { path: '/login', method: 'post', handler: customerLogin },
  { path: '/logout', method: 'post', handler: customerLogout },
  {
    path: '/refresh-token',
    method: 'post',
    handler: (req) =>
      problem(req, 404, [{ code: 'NOT_SUPPORTED', message: 'Customers sign in again through /api/dashboard/login' }]),
  },
]

/** The portal's own auth API, under the path its cookie is scoped to. */
export const dashboardAuthEndpoints: Endpoint[] = [
  { path: '/dashboard/login', method: 'post', handler: customerLogin },
  { path: '/dashboard/logout', method: 'post', handler: customerLogout },
  { path: '/dashboard/me', method: 'get', handler: currentCustomer },
]
