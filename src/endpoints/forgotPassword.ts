import { addDataAndFileToRequest, type Endpoint } from 'payload'

import { queuePasswordReset, throttlePasswordReset } from '../hooks/passwordResetByJob'
import { ok, problem } from './http'

/**
 * `POST /api/<users|customers>/forgot-password`, registered before Payload's own route so it wins.
 * It does the same work whoever the email belongs to, or nobody: it counts the request against the
 * email's reset throttle and queues the reset job, which looks the account up, sets its token and
 * sends the email (src/services/auth/passwordResetEmail.ts). The answer, and the time it takes,
 * say nothing about who has an account, and a mail server that is down only delays the email.
 * Payload's answer (`{ message: 'Success' }`) is kept, so the admin panel's form works unchanged.
 */
export function forgotPasswordEndpoint(collection: 'users' | 'customers'): Endpoint {
  return {
    path: '/forgot-password',
    method: 'post',
    handler: async (req) => {
      // JSON from integrators, multipart (`_payload`) from the admin panel's form.
      await addDataAndFileToRequest(req)
      const email = (req.data as { email?: unknown } | undefined)?.email
      if (typeof email !== 'string' || !email.trim()) {
        return problem(req, 400, [{ code: 'VALIDATION_FAILED', field: 'email', message: 'Give the email address of the account' }])
      }
      if (email.length > 254) {
        return problem(req, 400, [{ code: 'VALIDATION_FAILED', field: 'email', message: 'An email address is at most 254 characters' }])
      }
      const refused = await throttlePasswordReset(req, collection, email)
      if (refused) {
        return problem(req, 429, [{ code: 'RESET_THROTTLED', message: refused.message, retryAfterSeconds: refused.retryAfterSeconds }], {
          'Retry-After': String(refused.retryAfterSeconds),
        })
      }
      await queuePasswordReset(req, collection, email)
      return ok(req, { message: req.t('general:success') })
    },
  }
}
