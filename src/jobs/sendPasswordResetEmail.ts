import type { TaskConfig } from 'payload'

import { sendPasswordResetEmail as send } from '../services/auth/passwordResetEmail'

/**
 * The password-reset email, queued by every forgot-password request whatever the email (see
 * src/endpoints/forgotPassword.ts). A retry sets a fresh token: only the newest link works.
 */
export const sendPasswordResetEmail: TaskConfig<'sendPasswordResetEmail'> = {
  slug: 'sendPasswordResetEmail',
  label: 'Send a password-reset email',
  retries: { attempts: 6, backoff: { type: 'exponential', delay: 30_000 } },
  inputSchema: [
    { name: 'collection', type: 'select', options: ['users', 'customers'], required: true },
    { name: 'email', type: 'text', required: true },
  ],
  outputSchema: [{ name: 'outcome', type: 'text', required: true }],
  handler: async ({ input, req }) => {
    const outcome = await send(req, { collection: input.collection, email: input.email, now: new Date() })
    return { output: { outcome } }
  },
}
