import { z } from 'zod'

import { loginBody } from '../portal/auth'
import { PORTAL_COOKIE, PORTAL_COOKIE_PATHS } from '../portal/session'
import { CUSTOMER_PORTAL, json, messageResponse, RETRY_AFTER, type ApiOperation, type ApiResponse } from './operation'

export const SIGN_IN_TAG = 'Customer sign-in'

/** The customer Payload's login answers with (its hash, salt and tokens are never included). */
const customerDocument = z
  .object({
    id: z.number().int().positive(),
    email: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    displayName: z.string().nullish(),
    accountNumber: z.string().nullish(),
    collection: z.literal('customers'),
  })
  .loose()

const loginResponse = z.object({
  message: z.string().describe('"Logged in"'),
  user: customerDocument,
  token: z.string().describe(`The session JWT, the same one the ${PORTAL_COOKIE} cookie holds: send it as \`Authorization: JWT <token>\``),
  exp: z.number().int().describe('When the session expires, in seconds since 1970'),
})

const meResponse = z.object({
  customer: z.object({ id: z.number().int().positive(), email: z.string(), firstName: z.string(), lastName: z.string() }),
})

const cookies = PORTAL_COOKIE_PATHS.join(' and ')

const login = (path: string, description: string): ApiOperation => ({
  method: 'post',
  path,
  tag: SIGN_IN_TAG,
  summary: 'Sign a customer in',
  description,
  security: [],
  body: { schema: loginBody },
  responses: {
    200: {
      description: 'Signed in',
      content: json(loginResponse),
      headers: { 'Set-Cookie': `${PORTAL_COOKIE}, twice: one for each of ${cookies} (HttpOnly, SameSite=Lax)` },
    },
    400: { description: 'The email or password is missing or not text (VALIDATION_FAILED)' },
    401: { description: 'The email or password is wrong' },
    415: { description: 'The body is not sent as application/json (UNSUPPORTED_MEDIA_TYPE)' },
    429: {
      description: 'Too many attempts from this address (RATE_LIMITED) or for this account (LOGIN_THROTTLED); accounts are never locked',
      headers: RETRY_AFTER,
    },
  },
})

const logout = (path: string): ApiOperation => ({
  method: 'post',
  path,
  tag: SIGN_IN_TAG,
  summary: 'Sign the customer out',
  description: `Ends the session (when a customer is signed in) and expires the ${PORTAL_COOKIE} cookies. Answers the same when no one is signed in.`,
  security: CUSTOMER_PORTAL,
  securityOptional: true,
  responses: {
    200: { description: 'Signed out', content: json(messageResponse('Logged out')), headers: { 'Set-Cookie': `${PORTAL_COOKIE}, expired, for ${cookies}` } },
  },
})

const notSupported: ApiResponse = { description: 'Customers sign in again through /api/dashboard/login (NOT_SUPPORTED)' }

/** `dashboardAuthEndpoints` and `portalAuthEndpoints` (src/endpoints/portal/auth.ts). */
export const portalAuthOperations: ApiOperation[] = [
  login('/dashboard/login', `The portal's sign-in. Sets the portal cookie, \`${PORTAL_COOKIE}\`, scoped to ${cookies}, and answers with the token for clients that send \`Authorization: JWT <token>\` instead.`),
  logout('/dashboard/logout'),
  {
    method: 'get',
    path: '/dashboard/me',
    tag: SIGN_IN_TAG,
    summary: 'Who is signed in to the portal',
    security: CUSTOMER_PORTAL,
    responses: {
      200: { description: 'The signed-in customer', content: json(meResponse) },
      401: { description: 'No customer is signed in (NOT_AUTHENTICATED)' },
    },
  },
  login('/customers/login', `Payload's customer login, replaced: the same as POST /api/dashboard/login. It sets the portal cookie, never the staff cookie, so a staff session in the same browser is kept.`),
  logout('/customers/logout'),
  {
    method: 'post',
    path: '/customers/refresh-token',
    tag: SIGN_IN_TAG,
    summary: 'Not available for customers',
    description: 'Customer sessions are not refreshed: sign in again when one expires.',
    security: [],
    responses: { 404: notSupported },
  },
]
