import type { TaskConfig } from 'payload'

import { interstellio } from '../integrations/interstellio'
import { applyNetworkState } from '../services/network/applyNetworkState'

/**
 * Enables or disables a subscriber on the network (Interstellio), queued by the lifecycle
 * operation that changed the service, on its transaction, and again by the hourly run for a
 * change that gave up. It applies the state the service should have now (so a late job cannot
 * undo a newer change; `access` only says what the change asked). A failure is recorded on the
 * service and the job retried with backoff (30 s doubling, ten tries over about eight hours);
 * after that the hourly run queues it again, until it succeeds.
 */
export const syncNetworkAccess: TaskConfig<'syncNetworkAccess'> = {
  slug: 'syncNetworkAccess',
  label: 'Enable or disable a subscriber on the network',
  retries: { attempts: 10, backoff: { type: 'exponential', delay: 30_000 } },
  inputSchema: [
    { name: 'serviceId', type: 'number', required: true },
    { name: 'access', type: 'select', options: ['enable', 'disable', 'repair'] },
  ],
  outputSchema: [{ name: 'outcome', type: 'text', required: true }],
  handler: async ({ input, job, req }) => {
    const attempt = Number((job as { totalTried?: number }).totalTried ?? 0) + 1
    const result = await applyNetworkState(req.payload, interstellio(), input.serviceId, { attempt })
    if (result.outcome === 'failed') throw new Error(`Network state not applied for service ${input.serviceId}: ${result.error.message}`)
    return { output: { outcome: result.outcome === 'applied' ? result.state : `nothing to do: ${result.why}` } }
  },
}
