import type { TaskConfig } from 'payload'

import { getConfig } from '../lib/config'
import { purgeExpiredLoginWindows } from '../services/loginRateLimit'

/** Hourly: forget login-rate windows that have ended. Idempotent by nature (a delete of the past). */
export const purgeLoginRateLimits: TaskConfig<'purgeLoginRateLimits'> = {
  slug: 'purgeLoginRateLimits',
  label: 'Purge expired login rate-limit windows',
  retries: 2,
  schedule: [{ cron: '0 17 * * * *', queue: 'housekeeping' }],
  outputSchema: [{ name: 'purged', type: 'number', required: true }],
  handler: async ({ req }) => {
    const purged = await purgeExpiredLoginWindows(req.payload, getConfig().login.rateWindowSeconds)
    return { output: { purged } }
  },
}
