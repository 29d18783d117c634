import type { CollectionAfterOperationHook, CollectionBeforeOperationHook } from 'payload'

import { getConfig } from '../lib/config'
import { consumeAccountAttempt } from '../services/loginRateLimit'
import { TooManyLoginAttempts } from './limitLoginRate'

const emailOf = (args: unknown) => {
  const email = (args as { data?: { email?: unknown } }).data?.email
  return typeof email === 'string' ? email.trim().toLowerCase() : undefined
}

/**
 * Forgot-password answers the same whether or not the account exists, and never depends on the
 * mail server: Payload's operation only sets the token here (its own email is turned off), and
 * the email goes out from a job queued in the same transaction (retried while the mail server is
 * down). Requests are throttled per email address like logins, known or not, so the answer still
 * says nothing about who has an account and nobody can flood an inbox.
 */
export const forgotPasswordWithoutMail: CollectionBeforeOperationHook = async ({ args, collection, operation, req }) => {
  if (operation !== 'forgotPassword') return args
  const email = emailOf(args)
  if (email && req?.headers) {
    const { login } = getConfig()
    const decision = await consumeAccountAttempt(req.payload, `reset:${collection.slug}:${email}`, {
      freeAttempts: 3,
      maxDelaySeconds: login.accountMaxDelaySeconds,
      windowSeconds: login.rateWindowSeconds,
    })
    if (!decision.allowed) {
      req.responseHeaders = new Headers({ 'Retry-After': String(decision.retryAfterSeconds) })
      throw new TooManyLoginAttempts('RESET_THROTTLED', decision.retryAfterSeconds)
    }
  }
  return { ...args, disableEmail: true }
}

export const queuePasswordResetEmail: CollectionAfterOperationHook = async ({ args, collection, operation, req, result }) => {
  if (operation !== 'forgotPassword' || !result) return result
  const email = emailOf(args)
  if (!email) return result
  const found = await req.payload.find({ collection: collection.slug as 'users', where: { email: { equals: email } }, limit: 1, depth: 0, overrideAccess: true, req })
  const user = found.docs[0]
  if (user) {
    await req.payload.jobs.queue({ task: 'sendPasswordResetEmail', input: { collection: collection.slug as 'users' | 'customers', userId: user.id }, queue: 'default', req })
  }
  return result
}
