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

let quick: NetcashClient | undefined
/**
 * For a call made while a person waits (the mandate asked for as a debit order is added): one
 * attempt, at most 8 seconds. The job queued beside it does the patient retrying.
 */
export function netcashWhileWaiting(): NetcashClient {
  const c = getConfig().netcash
  quick ??= netcashClient({ wsUrl: c.wsUrl, debitOrderKey: c.enabled ? c.debitOrderKey : undefined, timeoutMs: Math.min(8_000, c.timeoutMs), retry: { maxAttempts: 1 } })
  return quick
}
