/**
 * `npm run reconcile`: checks every billing account against its invoices, credit notes and
 * payments, and every invoice against its lines and allocations. Prints what is wrong; exits 1 if
 * anything is, 0 when every cent reconciles.
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
const { reconcile } = await import('../src/services/billing/reconcile')
const payload = await payloadWithMigrations()
let code = 0
try {
  const problems = await reconcile(payload)
  if (problems.length === 0) {
    console.log('Reconciled: every balance, invoice, credit note and payment adds up.')
  } else {
    code = 1
    console.log(`${problems.length} discrepanc${problems.length === 1 ? 'y' : 'ies'}:`)
    for (const p of problems) console.log(`  [${p.check}] ${p.subject}: expected ${p.expected}, found ${p.actual}`)
  }
} catch (err) {
  console.error(err)
  code = 2
} finally {
  await closePayload(payload)
  await db.embedded?.stop()
}
process.exit(code)
