import { getConfig } from '../../lib/config'
import { interstellioClient, type InterstellioClient } from './client'

export * from './client'

let shared: InterstellioClient | undefined
/**
 * The process's Interstellio client, as the configuration names it (the real platform, or our
 * simulator in dev and tests): one, so every job shares its token. Disabled, it has no password
 * and every call answers NOT_CONFIGURED.
 */
export function interstellio(): InterstellioClient {
  const c = getConfig().interstellio
  shared ??= interstellioClient({
    identityUrl: c.identityUrl,
    subscriberUrl: c.subscriberUrl,
    telemetryUrl: c.telemetryUrl,
    domain: c.domain,
    username: c.username,
    password: c.enabled ? c.password : undefined,
    tenantId: c.tenantId,
    timeoutMs: c.timeoutMs,
  })
  return shared
}
