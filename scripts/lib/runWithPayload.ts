import type { Payload } from 'payload'

import { dataDir, getConfig, reloadConfig, type AppConfig } from '../../src/lib/config'
import { redactQueryParams } from '../../src/lib/logRedaction'
import { resolveDatabase } from './database'
import { resolvedPaymentKeys } from './secrets'

/**
 * The frame of every one-shot command (seed, reconcile, rotate-keys): the local database (or
 * DATABASE_URL), migrations applied, Payload up; then `work`, whose return is the exit code; then
 * everything closed, the embedded database stopped only if this command started it.
 */
export async function runWithPayload(work: (payload: Payload, config: AppConfig) => Promise<number>): Promise<never> {
  const config = getConfig()
  const db = await resolveDatabase({ dataDir: dataDir(), port: config.embeddedPgPort, log: () => undefined })
  process.env.DATABASE_URL = db.url
  process.env.PAYLOAD_SECRET = config.payloadSecret
  process.env.PAYMENT_DATA_KEYS = resolvedPaymentKeys()
  const resolved = reloadConfig()
  const { payloadWithMigrations, closePayload } = await import('./payload')
  const payload = await payloadWithMigrations()
  let code = 0
  try {
    code = await work(payload, resolved)
  } catch (err) {
    // Database errors carry query parameters (hashes, personal data): never print them.
    console.error(redactQueryParams(err instanceof Error ? (err.stack ?? err.message) : String(err)))
    code = 2
  } finally {
    await closePayload(payload)
    await db.embedded?.stop()
  }
  process.exit(code)
}
