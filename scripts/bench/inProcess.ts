import { randomBytes } from 'node:crypto'

import type { BenchContext } from './types'

/**
 * The environment for a benchmark that runs Payload in its own process against the benchmark
 * database: its URL and secrets, SMS off, a callback secret, and whatever vendor settings the
 * benchmark adds. Set before the config is (re)loaded.
 */
export function useBenchEnvironment(ctx: BenchContext, extra: Record<string, string> = {}): void {
  Object.assign(process.env, {
    DATABASE_URL: ctx.databaseUrl,
    PAYLOAD_SECRET: ctx.secrets.PAYLOAD_SECRET,
    PAYMENT_DATA_KEYS: ctx.secrets.PAYMENT_DATA_KEYS,
    SMS_ENABLED: 'false',
    CLICKATELL_CALLBACK_SECRET: randomBytes(24).toString('hex'),
    ...extra,
  })
}
