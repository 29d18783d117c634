import config from '@payload-config'
import { headers } from 'next/headers'
import { redirect } from 'next/navigation'
import { createLocalReq, getPayload, type Payload, type PayloadRequest } from 'payload'
import { cache } from 'react'

import type { Customer } from '../../../../payload-types'

export type PortalSession = { payload: Payload; req: PayloadRequest; customer: Customer }

/**
 * The signed-in customer for a portal page, from the portal cookie; null for anyone else (staff
 * included). Memoised per request (React `cache`): the layout and the page share one lookup.
 */
export const portalSession = cache(async (): Promise<PortalSession | null> => {
  const payload = await getPayload({ config })
  const { user } = await payload.auth({ headers: await headers() })
  if (user?.collection !== 'customers') return null
  // A request carrying the customer, for the dashboard services: every read goes through the
  // collections' access as this customer (overrideAccess: false).
  const req = await createLocalReq({ user }, payload)
  return { payload, req, customer: user as unknown as Customer }
})

/** Where a page was asked for (set by our web front), as a safe same-site path for `next`. */
export async function requestedPath(): Promise<string> {
  const path = (await headers()).get('x-portal-path') ?? '/portal'
  return path.startsWith('/portal') && !path.startsWith('//') ? path : '/portal'
}

/** The session, or off to sign in and back here afterwards. */
export async function requireSession(): Promise<PortalSession> {
  const session = await portalSession()
  if (!session) redirect(`/portal/login?next=${encodeURIComponent(await requestedPath())}`)
  return session
}

/** A `next` parameter as a path inside the portal (never another site). */
export function safeNext(next: string | string[] | undefined): string {
  const value = Array.isArray(next) ? next[0] : next
  return value && /^\/portal(\/|\?|$)/.test(value) && !value.startsWith('//') ? value : '/portal'
}
