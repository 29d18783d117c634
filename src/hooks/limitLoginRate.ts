import { APIError, type CollectionAfterLoginHook, type CollectionBeforeOperationHook } from 'payload'

import { addressBucket, clientIp } from '../lib/clientIp'
import { normalisedEmail } from '../domain/email'
import { getConfig } from '../lib/config'
import { clearAccountAttempts, consumeAccountAttempt, consumeLoginAttempt } from '../services/loginRateLimit'

const REFUSALS = {
  RATE_LIMITED: () => 'Too many login attempts from this address. Try again later.',
  LOGIN_THROTTLED: (seconds: number) => `Too many login attempts for this account. Try again in ${seconds} seconds.`,
  RESET_THROTTLED: (seconds: number) => `Too many password-reset requests for this email address. Try again in ${seconds} seconds.`,
}

export class TooManyLoginAttempts extends APIError {
  constructor(code: keyof typeof REFUSALS, retryAfterSeconds: number) {
    super(REFUSALS[code](retryAfterSeconds), 429, { code, retryAfterSeconds }, true)
  }
}

/** Account keys are per collection, on the email as Payload matches it (trimmed, lower case). */
function accountKey(collection: string, data: unknown): string | undefined {
  const email = (data as { email?: unknown } | undefined)?.email
  return typeof email === 'string' && email.trim() ? `${collection}:${normalisedEmail(email)}` : undefined
}

/**
 * Three limits before any password is checked, on every login path (REST, GraphQL, the portal's
 * own login), all in src/services/loginRateLimit.ts:
 * - per client address (src/lib/clientIp.ts: the socket, or the trusted proxy's entry), so one
 *   address cannot try many accounts;
 * - per account from one address: a few free attempts, then a growing delay up to a minute. It is
 *   keyed by the address too, so a stranger who knows someone's email slows only their own
 *   guesses, never the owner's login from elsewhere (Payload's lockout is off for that reason);
 * - per account from anywhere, with a far higher allowance, so many addresses together cannot try
 *   one account fast either. Only a distributed attack reaches it, and even then the owner waits
 *   at most the ceiling's delay per attempt.
 * A request whose address is unknown (not served by our web front) counts under one shared
 * "unknown" address.
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
    const byAddress = await consumeLoginAttempt(req.payload, addressBucket(ip), { limit: login.rateLimit, windowSeconds: login.rateWindowSeconds })
    if (!byAddress.allowed) refuse('RATE_LIMITED', byAddress.retryAfterSeconds)
  }
  const account = accountKey(collection.slug, (args as { data?: unknown }).data)
  if (account) {
    const throttle = { maxDelaySeconds: login.accountMaxDelaySeconds, windowSeconds: login.rateWindowSeconds }
    const fromHere = await consumeAccountAttempt(req.payload, `${account}@${ip ? addressBucket(ip) : 'unknown'}`, { ...throttle, freeAttempts: login.accountFreeAttempts })
    if (!fromHere.allowed) refuse('LOGIN_THROTTLED', fromHere.retryAfterSeconds)
    const fromAnywhere = await consumeAccountAttempt(req.payload, account, { ...throttle, freeAttempts: login.accountWideFreeAttempts })
    if (!fromAnywhere.allowed) refuse('LOGIN_THROTTLED', fromAnywhere.retryAfterSeconds)
  }
  return args
}

/** A successful login clears its account's counts, from this address and from anywhere. */
export const clearLoginThrottle: CollectionAfterLoginHook = async ({ collection, req, user }) => {
  const account = accountKey(collection.slug, user)
  if (!account) return
  const ip = clientIp(req.headers)
  await clearAccountAttempts(req.payload, `${account}@${ip ? addressBucket(ip) : 'unknown'}`)
  await clearAccountAttempts(req.payload, account)
}
