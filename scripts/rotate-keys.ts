/**
 * `npm run rotate-keys`: re-encrypts every stored payment detail under the newest key in
 * PAYMENT_DATA_KEYS. Add the new key first (`v1:<old>,v2:<new>`), run this, then drop the old one.
 */
import { dataDir, getConfig, reloadConfig } from '../src/lib/config'
import { resolveDatabase } from './lib/database'
import { resolvedPaymentKeys } from './lib/secrets'

const config = getConfig()
const db = await resolveDatabase({ dataDir: dataDir(), port: config.embeddedPgPort, log: () => undefined })
process.env.DATABASE_URL = db.url
process.env.PAYLOAD_SECRET = config.payloadSecret
process.env.PAYMENT_DATA_KEYS = resolvedPaymentKeys()
reloadConfig()
const { payloadWithMigrations, closePayload } = await import('./lib/payload')
const { rotatePaymentDataKeys } = await import('../src/services/paymentMethods/rotatePaymentDataKeys')
const payload = await payloadWithMigrations()
let code = 0
try {
  const result = await rotatePaymentDataKeys(payload)
  console.log(`Re-encrypted ${result.rotated} payment detail(s) under key v${getConfig().paymentDataKeys.current}; ${result.alreadyCurrent} already used it.`)
  if (result.unreadable.length) {
    code = 1
    console.log(`${result.unreadable.length} could not be decrypted with the configured keys (payment method ids): ${result.unreadable.join(', ')}`)
  }
} catch (err) {
  console.error(err instanceof Error ? err.message : err)
  code = 1
} finally {
  await closePayload(payload)
  await db.embedded?.stop()
}
process.exit(code)
