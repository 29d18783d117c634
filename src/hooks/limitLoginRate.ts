import { APIError, type CollectionBeforeOperationHook } from 'payload'

import { clientIp } from '../lib/clientIp'
import { getConfig } from '../lib/config'
import { consumeLoginAttempt } from '../services/loginRateLimit'

export class TooManyLoginAttempts extends APIError {
  constructor(retryAfterSeconds: number) {
    super(
      'Too many login attempts from this address. Try again later.',
      429,
      { code: 'RATE_LIMITED', retryAfterSeconds },
      true,
    )
  }
}

/**
 * Per-IP login limit for every login path (REST, GraphQL, the portal's own login). Runs before
 * Payload's per-account lockout, so guessing across many accounts from one address is slowed too.
 * Server-side logins without request headers (seed, scripts) carry no address and are not limited.
 */
export const limitLoginRate: CollectionBeforeOperationHook = async ({ args, operation, req }) => {
  if (operation !== 'login' || !req?.headers) return args
  const { login } = getConfig()
  const ip = clientIp(req.headers, login.trustedProxyHops)
  if (!ip) return args
  const decision = await consumeLoginAttempt(req.payload, ip, {
    limit: login.rateLimit,
    windowSeconds: login.rateWindowSeconds,
  })
  if (!decision.allowed) {
    req.responseHeaders = new Headers({ 'Retry-After': String(decision.retryAfterSeconds) })
    throw new TooManyLoginAttempts(decision.retryAfterSeconds)
  }
  return args
}
