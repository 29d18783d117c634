/**
 * Runs a command with DATABASE_URL pointing at the local database (the embedded one when
 * DATABASE_URL is unset), e.g. `npm run payload -- migrate:create add-invoices`.
 */
import { spawn } from 'node:child_process'

import { dataDir, getConfig } from '../src/lib/config'
import { resolveDatabase } from './lib/database'
import { resolvedPaymentKeys } from './lib/secrets'

const [cmd, ...args] = process.argv.slice(2)
if (!cmd) {
  console.error('usage: tsx scripts/with-db.ts <command> [args...]')
  process.exit(2)
}

const config = getConfig()
const db = await resolveDatabase({ dataDir: dataDir(), port: config.embeddedPgPort, log: () => undefined })
const child = spawn(cmd === 'payload' ? 'npx' : cmd, cmd === 'payload' ? ['payload', ...args] : args, {
  stdio: 'inherit',
  env: { ...process.env, DATABASE_URL: db.url, PAYLOAD_SECRET: config.payloadSecret, PAYMENT_DATA_KEYS: resolvedPaymentKeys() },
})
const code: number = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 1)))
await db.embedded?.stop()
process.exit(code)
