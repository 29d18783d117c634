import { z } from 'zod'

import { json, messageResponse, RETRY_AFTER, STAFF, type ApiOperation } from './operation'

export const ACCOUNTS_TAG = 'Passwords and accounts'
export const ADMIN_PANEL_TAG = 'Admin panel'

/** The rule src/endpoints/forgotPassword.ts checks by hand (it also reads the admin panel's multipart form). */
const forgotPasswordBody = z.object({ email: z.string().trim().min(1, 'Give the email address of the account').max(254).describe('The account\'s email address') })

const forgotPassword = (collection: 'users' | 'customers', who: string, link: string): ApiOperation => ({
  method: 'post',
  path: `/${collection}/forgot-password`,
  tag: ACCOUNTS_TAG,
  summary: `Email ${who} a password reset link`,
  description:
    `Answers the same, as fast, whether or not the email has an account: the reset email is sent by a job, to ${link}; only the newest link works. ` +
    'The admin panel sends the same field as multipart/form-data (`_payload`).',
  security: [],
  body: { schema: forgotPasswordBody },
  responses: {
    200: { description: 'Accepted (whether or not the account exists)', content: json(messageResponse('Success')) },
    400: { description: 'No email, or one longer than 254 characters (VALIDATION_FAILED)' },
    415: { description: 'The body is neither JSON nor multipart/form-data (UNSUPPORTED_MEDIA_TYPE)' },
    429: { description: 'Too many reset requests for this email (RESET_THROTTLED, with retryAfterSeconds)', headers: RETRY_AFTER },
  },
})

const verificationIsOff = (collection: 'users' | 'customers'): ApiOperation => ({
  method: 'post',
  path: `/${collection}/verify/:id`,
  tag: ACCOUNTS_TAG,
  summary: 'Email verification: not used',
  description: 'Accounts are made by staff or come from orders with a verified contact, so there is nothing to verify.',
  security: [],
  pathParams: { id: { description: 'A verification token', schema: z.string(), required: true } },
  responses: { 404: { description: 'Always: email verification is not used on this system (NOT_FOUND)' } },
})

/** A stored admin panel preference, as Payload keeps it. */
const preferenceDocument = z
  .object({ id: z.number().int().positive(), key: z.string(), value: z.unknown(), user: z.object({ relationTo: z.enum(['users', 'customers']), value: z.unknown() }).loose() })
  .loose()

/** forgotPassword.ts and authEdges.ts on both auth collections; preferences.ts on payload-preferences. */
export const accountOperations: ApiOperation[] = [
  forgotPassword('users', 'a staff member', "the admin panel's reset page"),
  forgotPassword('customers', 'a customer', '/portal/reset-password/<token>'),
  verificationIsOff('users'),
  verificationIsOff('customers'),
  {
    method: 'delete',
    path: '/payload-preferences/:key',
    tag: ADMIN_PANEL_TAG,
    summary: 'Delete one of my admin panel preferences',
    description: "Replaces Payload's own route, which the Postgres adapter cannot run. Only the caller's own preference is ever found.",
    // The portal cookie is scoped to /portal and /api/dashboard: a customer here sends the header.
    security: [...STAFF, 'customerJwt'],
    pathParams: { key: { description: 'The preference key, e.g. `collection-invoices`', schema: z.string().min(1), required: true } },
    responses: {
      200: { description: 'Deleted', content: json(z.object({ message: z.string().describe('"Deleted"'), doc: preferenceDocument })) },
      401: { description: 'Not signed in (UNAUTHORIZED)' },
      404: { description: 'The caller has no preference with this key (NOT_FOUND)' },
    },
  },
]
