import type { TaskConfig } from 'payload'

import { sendPasswordResetEmail as send } from '../services/auth/passwordResetEmail'

/** The password-reset email, sent after the request that asked for it (see src/hooks/passwordResetByJob.ts). */
export const sendPasswordResetEmail: TaskConfig<'sendPasswordResetEmail'> = {
  slug: 'sendPasswordResetEmail',
  label: 'Send a password-reset email',
  retries: { attempts: 6, backoff: { type: 'exponential', delay: 30_000 } },
  inputSchema: [
    { name: 'collection', type: 'select', options: ['users', 'customers'], required: true },
    { name: 'userId', type: 'number', required: true },
  ],
  outputSchema: [{ name: 'outcome', type: 'text', required: true }],
  handler: async ({ input, req }) => {
    const outcome = await send(req, { collection: input.collection, userId: input.userId, now: new Date() })
    return { output: { outcome } }
  },
}
