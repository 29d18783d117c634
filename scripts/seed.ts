/** `npm run seed`: loads the demo data into an empty database; never wipes, never in production. */
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
const { seedDemoData } = await import('../src/seed')
const payload = await payloadWithMigrations()
let code = 0
try {
  const result = await seedDemoData(payload, { production: config.isProduction })
  console.log(result.seeded ? `Seeded: ${JSON.stringify(result.counts)}` : `Nothing seeded: ${result.reason}`)
} catch (err) {
  console.error(err)
  code = 1
} finally {
  await closePayload(payload)
  await db.embedded?.stop()
}
process.exit(code)
