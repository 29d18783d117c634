import type { TaskConfig } from 'payload'

/**
 * Enables or disables a subscriber on the network (Interstellio), queued by the lifecycle
 * operation that changed the service, on its transaction. Jobs wait in the `network` queue until
 * the Interstellio client lands; a manual run fails loudly rather than pretending.
 */
export const syncNetworkAccess: TaskConfig<'syncNetworkAccess'> = {
  slug: 'syncNetworkAccess',
  label: 'Enable or disable a subscriber on the network',
  retries: 10,
  inputSchema: [
    { name: 'serviceId', type: 'number', required: true },
    { name: 'access', type: 'select', options: ['enable', 'disable'], required: true },
  ],
  handler: async () => {
    throw new Error('No network client is configured yet: this job waits in the network queue')
  },
}
