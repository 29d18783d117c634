import { getConfig } from '../../lib/config'
import { netcashClient, type NetcashClient } from './client'

export * from './client'

let shared: NetcashClient | undefined
/** The process's NetCash client, as the configuration names it (NetCash, or our simulator in dev and tests). */
export function netcash(): NetcashClient {
  const c = getConfig().netcash
  shared ??= netcashClient({ wsUrl: c.wsUrl, debitOrderKey: c.enabled ? c.debitOrderKey : undefined, timeoutMs: c.timeoutMs })
  return shared
}
