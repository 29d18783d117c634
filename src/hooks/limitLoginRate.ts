import { APIError, type CollectionAfterLoginHook, type CollectionBeforeOperationHook } from 'payload'

import { clientIp } from '../lib/clientIp'
import { getConfig } from '../lib/config'
import { clearAccountAttempts, consumeAccountAttempt, consumeLoginAttempt } from '../services/loginRateLimit'

const REFUSALS = {
  RATE_LIMITED: () => 'Too many login attempts from this address. Try again later.',
  LOGIN_THROTTLED: (seconds: number) => `Too many login attempts for this account. Try again in ${seconds} seconds.`,
  RESET_THROTTLED: (seconds: number) => `Too many password-reset requests for this address. Try again in ${seconds} seconds.`,
}

export class TooManyLoginAttempts extends APIError {
  constructor(code: keyof typeof REFUSALS, retryAfterSeconds: number) {
    super(REFUSALS[code](retryAfterSeconds), 429, { code, retryAfterSeconds }, true)
  }
}

/** Account keys are per collection, on the email as Payload matches it (trimmed, lower case). */
function accountKey(collection: string, data: unknown): string | undefined {
  const email = (data as { email?: unknown } | undefined)?.email
  return typeof email === 'string' && email.trim() ? `${collection}:${email.trim().toLowerCase()}` : undefined
}

/**
 * Two limits before any password is checked, on every login path (REST, GraphQL, the portal's
 * own login): per client address (src/lib/clientIp.ts: the socket, or the trusted proxy's entry),
 * so one address cannot try many accounts, and per account, so many addresses cannot try one
 * (src/services/loginRateLimit.ts). A request whose address is unknown (not served by our web
 * front) is held to the per-account limit only.
 */
export const limitLoginRate: CollectionBeforeOperationHook = async ({ args, collection, operation, req }) => {
  if (operation !== 'login' || !req?.headers) return args
  const { login } = getConfig()
  const refuse = (code: 'RATE_LIMITED' | 'LOGIN_THROTTLED', retryAfterSeconds: number): never => {
    req.responseHeaders = new Headers({ 'Retry-After': String(retryAfterSeconds) })
    throw new TooManyLoginAttempts(code, retryAfterSeconds)
  }
  const ip = clientIp(req.headers)
  if (ip) {
    const byAddress = await consumeLoginAttempt(req.payload, ip, { limit: login.rateLimit, windowSeconds: login.rateWindowSeconds })
    if (!byAddress.allowed) refuse('RATE_LIMITED', byAddress.retryAfterSeconds)
  }
  const account = accountKey(collection.slug, (args as { data?: unknown }).data)
  if (account) {
    const byAccount = await consumeAccountAttempt(req.payload, account, {
      freeAttempts: login.accountFreeAttempts,
      maxDelaySeconds: login.accountMaxDelaySeconds,
      windowSeconds: login.rateWindowSeconds,
    })
    if (!byAccount.allowed) refuse('LOGIN_THROTTLED', byAccount.retryAfterSeconds)
  }
  return args
}

/** A successful login clears its account's count. */
export const clearLoginThrottle: CollectionAfterLoginHook = async ({ collection, req, user }) => {
  const account = accountKey(collection.slug, user)
  if (account) await clearAccountAttempts(req.payload, account)
}
