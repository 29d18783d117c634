import type { Payload } from 'payload'

import { dataDir, getConfig, reloadConfig, type AppConfig } from '../../src/lib/config'
import { appLogger } from '../../src/lib/logger'
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
    // Through the one logger: database errors carry query parameters (hashes, personal data).
    appLogger(resolved).error({ err }, 'the command failed')
    code = 2
  } finally {
    await closePayload(payload)
    await db.embedded?.stop()
  }
  process.exit(code)
}
