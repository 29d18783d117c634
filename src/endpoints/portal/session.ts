import { JWTAuthentication, type AuthStrategy, type PayloadRequest } from 'payload'
import { parseCookies } from 'payload/shared'

/**
 * Customer portal sessions.
 *
 * Payload names its auth cookie once for the whole config (`isp-token`), so a staff login and a
 * customer login in one browser would overwrite each other. Customers therefore get their own
 * cookie, `isp-portal-token`, holding the same kind of Payload JWT, scoped to the only paths the
 * portal uses: its pages (`/portal`) and its API (`/api/dashboard`). The admin panel and the
 * generic REST/GraphQL API never receive it, so staff sessions are untouched; on portal paths this
 * strategy runs before Payload's own JWT strategy, so the customer wins there.
 */

export const PORTAL_COOKIE = 'isp-portal-token'
export const PORTAL_COOKIE_PATHS = ['/portal', '/api/dashboard'] as const

export const portalSessionStrategy: AuthStrategy = {
  name: 'portal-session',
  authenticate: async ({ headers, payload, isGraphQL, req }) => {
    const token = parseCookies(headers).get(PORTAL_COOKIE)
    if (!token || !(sameOriginRequest(headers, payload.config.csrf) || readingNavigation(headers, req?.method))) return { user: null }
    const result = await JWTAuthentication({
      headers: new Headers({ Authorization: `JWT ${token}`, DisableAutologin: 'true' }),
      isGraphQL,
      payload,
      req,
      strategyName: 'portal-session',
    })
    if (result.user?.collection !== 'customers') return { user: null }
    return result
  },
}

/**
 * The same cross-site request guard Payload applies to its own cookie (`extractJWT`): an Origin
 * must be on the CSRF allow-list; without one, the browser's Sec-Fetch-Site must say the request
 * did not come from another site.
 */
function sameOriginRequest(headers: Headers, allowedOrigins: string[]): boolean {
  const origin = headers.get('Origin')
  if (origin) return allowedOrigins.length === 0 || allowedOrigins.includes(origin)
  if (allowedOrigins.length === 0) return true
  return ['same-origin', 'same-site', 'none'].includes(headers.get('Sec-Fetch-Site') ?? '')
}

/**
 * A person arriving on a portal page from another site (back from NetCash Pay Now, a link in a
 * webmail) is a top-level GET navigation: it reads a page, changes nothing, and no other site
 * can read the answer, so the session holds, as SameSite=Lax intends. Anything else from another
 * site (a form POST, a fetch) is still refused by sameOriginRequest.
 */
function readingNavigation(headers: Headers, method: string | undefined): boolean {
  const m = (method ?? 'GET').toUpperCase()
  return (m === 'GET' || m === 'HEAD') && headers.get('Sec-Fetch-Mode') === 'navigate' && headers.get('Sec-Fetch-Dest') === 'document'
}

export function portalCookies(token: string, opts: { maxAgeSeconds: number; secure: boolean }): string[] {
  return PORTAL_COOKIE_PATHS.map((path) =>
    [
      `${PORTAL_COOKIE}=${token}`,
      `Path=${path}`,
      `Max-Age=${opts.maxAgeSeconds}`,
      'HttpOnly',
      'SameSite=Lax',
      ...(opts.secure ? ['Secure'] : []),
    ].join('; '),
  )
}

export function expiredPortalCookies(opts: { secure: boolean }): string[] {
  return portalCookies('', { maxAgeSeconds: 0, secure: opts.secure })
}

export const isCustomerRequest = (req: PayloadRequest) => req.user?.collection === 'customers'
