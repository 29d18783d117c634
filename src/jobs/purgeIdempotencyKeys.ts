import { createLocalReq, type TaskConfig } from 'payload'

import { purgeIdempotencyKeys as purge } from '../services/idempotency'

/** Daily: forget idempotency keys older than a week (no client retries that late). Idempotent by nature. */
export const purgeIdempotencyKeys: TaskConfig<'purgeIdempotencyKeys'> = {
  slug: 'purgeIdempotencyKeys',
  label: 'Purge idempotency keys older than a week',
  retries: 2,
  inputSchema: [{ name: 'scheduledFor', type: 'text' }],
  outputSchema: [{ name: 'purged', type: 'number', required: true }],
  handler: async ({ req }) => {
    const purged = await purge(await createLocalReq({}, req.payload))
    return { output: { purged } }
  },
}
