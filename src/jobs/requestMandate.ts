import type { TaskConfig } from 'payload'

import { netcash } from '../integrations/netcash'
import { requestMandate } from '../services/netcash/mandates'

/**
 * Asks NetCash for a new debit order's mandate (queued on the transaction that added the payment
 * method; the request that added it also tries at once, so the customer usually has the signing
 * link straight away). Idempotent: a method whose link is already stored is left alone. A NetCash
 * that is down is retried with backoff; a refusal is recorded on the method and not retried.
 */
export const requestMandateTask: TaskConfig<'requestMandate'> = {
  slug: 'requestMandate',
  label: 'Ask NetCash for a debit order mandate',
  retries: { attempts: 8, backoff: { type: 'exponential', delay: 30_000 } },
  inputSchema: [{ name: 'paymentMethodId', type: 'number', required: true }],
  outputSchema: [{ name: 'outcome', type: 'text', required: true }],
  handler: async ({ input, req }) => {
    const result = await requestMandate(req.payload, netcash(), input.paymentMethodId)
    if (result.outcome === 'failed') throw new Error(`NetCash did not take the mandate request for payment method ${input.paymentMethodId}: ${result.error.message}`)
    return { output: { outcome: result.outcome === 'refused' ? `refused: ${result.error.message}` : result.outcome } }
  },
}
