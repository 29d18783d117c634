import type { TaskConfig } from 'payload'

import { processNetcashPostback } from '../services/netcash/postbacks'

/** Acts on one stored NetCash postback, once (src/services/netcash/postbacks.ts). Safe to run twice. */
export const processNetcashPostbackTask: TaskConfig<'processNetcashPostback'> = {
  slug: 'processNetcashPostback',
  label: 'Process a NetCash postback',
  retries: { attempts: 5, backoff: { type: 'exponential', delay: 10_000 } },
  inputSchema: [{ name: 'postbackId', type: 'number', required: true }],
  outputSchema: [{ name: 'outcome', type: 'text', required: true }],
  handler: async ({ input, req }) => {
    const result = await processNetcashPostback(req.payload, input.postbackId)
    return { output: { outcome: `${result.status}: ${result.outcome}` } }
  },
}
