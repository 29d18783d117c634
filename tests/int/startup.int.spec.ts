import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { describe, expect, it } from 'vitest'

import { runTsxScript, scriptBudgetMs } from '../helpers/scripts'

/** `npm start` in production with bad settings: it must stop at once, name the problem, start nothing. */
async function startInProduction(env: Record<string, string>) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'isp-start-'))
  const clean: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', DATA_DIR: dataDir, ...env }
  const run = await runTsxScript(['scripts/start.ts'], { env: clean, timeoutMs: START_TIMEOUT_MS })
  const leftBehind = fs.readdirSync(dataDir)
  fs.rmSync(dataDir, { recursive: true, force: true })
  return { ...run, leftBehind }
}

const START_TIMEOUT_MS = 60_000

const STRONG = 'c0ffee1234567890abcdef0123456789fedcba9876543210'

describe('fail-fast configuration at start', () => {
  it.each([
    ['a missing secret', {}, /PAYLOAD_SECRET is required/],
    ['a weak secret', { PAYLOAD_SECRET: 'changeme' }, /PAYLOAD_SECRET must be at least 32 characters/],
    ['a placeholder-like secret', { PAYLOAD_SECRET: 'x'.repeat(40) }, /PAYLOAD_SECRET is a weak or placeholder value/],
    ['no Clickatell key while SMS is on', { PAYLOAD_SECRET: STRONG, CLICKATELL_CALLBACK_SECRET: STRONG }, /CLICKATELL_API_KEY is required in production/],
    ['no Interstellio password while the usage sync is on', { PAYLOAD_SECRET: STRONG, CLICKATELL_API_KEY: 'live-key', CLICKATELL_CALLBACK_SECRET: STRONG }, /INTERSTELLIO_PASSWORD is required in production/],
    ['no NetCash key while NetCash is on', { PAYLOAD_SECRET: STRONG, CLICKATELL_API_KEY: 'live-key', CLICKATELL_CALLBACK_SECRET: STRONG, INTERSTELLIO_PASSWORD: 'live-password' }, /NETCASH_DEBIT_ORDER_KEY is required in production/],
    ['no database', { PAYLOAD_SECRET: STRONG, CLICKATELL_API_KEY: 'live-key', CLICKATELL_CALLBACK_SECRET: STRONG, INTERSTELLIO_PASSWORD: 'live-password', NETCASH_DEBIT_ORDER_KEY: '3f2504e0-4f89-41d3-9a0c-0305e82c3301', NETCASH_POSTBACK_SECRET: STRONG }, /DATABASE_URL is required in production/],
  ])('refuses %s with a message naming the variable and starts nothing', async (_why, env, message) => {
    const run = await startInProduction({ SERVER_URL: 'https://billing.example.co.za', PAYMENT_DATA_KEYS: `v1:${Buffer.alloc(32, 3).toString('base64')}`, ...env })
    expect(run.status).toBe(1)
    expect(run.stdout + run.stderr).toMatch(message)
    expect(run.leftBehind).toEqual([])
  }, scriptBudgetMs(START_TIMEOUT_MS))
})
