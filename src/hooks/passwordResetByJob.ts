import type { CollectionAfterOperationHook, CollectionBeforeOperationHook, PayloadRequest } from 'payload'

import { getConfig } from '../lib/config'
import { normalisedEmail } from '../domain/email'
import { consumeAccountAttempt } from '../services/loginRateLimit'
import { TooManyLoginAttempts } from './limitLoginRate'

type ResetCollection = 'users' | 'customers'

/** Set on the request of the reset job's own forgot-password call, so these hooks leave it alone. */
export const RESET_JOB_CONTEXT = 'passwordResetJob'

/**
 * Counts one reset request for an email (known or not): a few in a row, then a growing delay.
 * Returns the refusal, or undefined when the request may go on.
 */
export async function throttlePasswordReset(req: PayloadRequest, collection: ResetCollection, email: string) {
  const { login } = getConfig()
  const decision = await consumeAccountAttempt(req.payload, `reset:${collection}:${normalisedEmail(email)}`, {
    freeAttempts: login.resetFreeRequests,
    maxDelaySeconds: login.accountMaxDelaySeconds,
    windowSeconds: login.rateWindowSeconds,
  })
  if (decision.allowed) return undefined
  return { retryAfterSeconds: decision.retryAfterSeconds, message: new TooManyLoginAttempts('RESET_THROTTLED', decision.retryAfterSeconds).message }
}

/** Queues the reset job for an email, whether or not an account has it: the job finds out. */
export async function queuePasswordReset(req: PayloadRequest, collection: ResetCollection, email: string): Promise<void> {
  await req.payload.jobs.queue({ task: 'sendPasswordResetEmail', input: { collection, email: normalisedEmail(email) }, queue: 'default', req })
}

const emailOf = (args: unknown) => {
  const email = (args as { data?: { email?: unknown } }).data?.email
  return typeof email === 'string' && email.trim() ? email : undefined
}

const isResetJob = (req: PayloadRequest | undefined) => Boolean(req?.context?.[RESET_JOB_CONTEXT])

/**
 * The forgot-password paths other than our REST route (src/endpoints/forgotPassword.ts), which is
 * GraphQL's `forgotPassword<Collection>` mutation: throttled the same way, Payload's own email
 * turned off, and the reset job queued for every request. Payload's operation still looks the
 * account up and sets a token (the job sets a fresh one), so over GraphQL a known email answers
 * a few milliseconds slower: use the REST route where that matters.
 */
export const forgotPasswordWithoutMail: CollectionBeforeOperationHook = async ({ args, collection, operation, req }) => {
  if (operation !== 'forgotPassword' || isResetJob(req)) return args
  const email = emailOf(args)
  if (email && req) {
    const refused = await throttlePasswordReset(req, collection.slug as ResetCollection, email)
    if (refused) {
      req.responseHeaders = new Headers({ 'Retry-After': String(refused.retryAfterSeconds) })
      throw new TooManyLoginAttempts('RESET_THROTTLED', refused.retryAfterSeconds)
    }
  }
  return { ...args, disableEmail: true }
}

export const queuePasswordResetEmail: CollectionAfterOperationHook = async ({ args, collection, operation, req, result }) => {
  if (operation !== 'forgotPassword' || isResetJob(req)) return result
  const email = emailOf(args)
  if (email) await queuePasswordReset(req, collection.slug as ResetCollection, email)
  return result
}
