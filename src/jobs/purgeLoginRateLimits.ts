import type { TaskConfig } from 'payload'

import { getConfig } from '../lib/config'
import { purgeExpiredLoginWindows, purgeQuietAccountThrottles } from '../services/loginRateLimit'

/** Hourly: forget login-rate windows that have ended and account counts gone quiet. Idempotent by nature (a delete of the past). */
export const purgeLoginRateLimits: TaskConfig<'purgeLoginRateLimits'> = {
  slug: 'purgeLoginRateLimits',
  label: 'Purge expired login rate-limit windows',
  retries: 2,
  inputSchema: [{ name: 'scheduledFor', type: 'text' }],
  outputSchema: [{ name: 'purged', type: 'number', required: true }],
  handler: async ({ req }) => {
    const window = getConfig().login.rateWindowSeconds
    const purged = (await purgeExpiredLoginWindows(req.payload, window)) + (await purgeQuietAccountThrottles(req.payload, window))
    return { output: { purged } }
  },
}
