import type { Endpoint } from 'payload'

import { problem } from './http'

/**
 * Neither staff nor customers verify their email by link (accounts are made by staff, or come from
 * orders with a verified contact), so Payload's verify route has nothing to do: a 404, not the
 * 500 its operation gives when the verification columns do not exist. Registered before
 * Payload's own route on each auth collection, so it wins.
 */
export const verificationIsOff: Endpoint = {
  path: '/verify/:id',
  method: 'post',
  handler: (req) => problem(req, 404, [{ code: 'NOT_FOUND', message: 'Email verification is not used on this system' }]),
}
