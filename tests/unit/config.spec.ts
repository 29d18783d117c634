import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { ConfigError, parseConfig } from '../../src/lib/config'

const dirs: string[] = []
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'isp-config-'))
  dirs.push(d)
  return d
}
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })))

const STRONG = 'f3a9c1e07b5d24d8e6a0b9c7d1e2f3a4b5c6d7e8f9a0b1c2'
const CALLBACK = '0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a'
const KEYS = `v1:${Buffer.alloc(32, 7).toString('base64')}`
const production = (env: Record<string, string>) => () =>
  parseConfig(
    { NODE_ENV: 'production', SERVER_URL: 'https://billing.example.co.za', PAYMENT_DATA_KEYS: KEYS, CLICKATELL_API_KEY: 'live-key', CLICKATELL_CALLBACK_SECRET: CALLBACK, INTERSTELLIO_PASSWORD: 'live-interstellio', NETCASH_DEBIT_ORDER_KEY: '3f2504e0-4f89-41d3-9a0c-0305e82c3301', NETCASH_POSTBACK_SECRET: CALLBACK.split('').reverse().join(''), ...env },
    { dataDir: tempDir() },
  )

function problemsOf(fn: () => unknown): string[] {
  try {
    fn()
  } catch (err) {
    if (err instanceof ConfigError) return err.problems
    throw err
  }
  throw new Error('expected a ConfigError')
}

describe('configuration in production', () => {
  it('needs the NetCash debit order key and a strong postback secret while NetCash is on', () => {
    expect(problemsOf(production({ PAYLOAD_SECRET: STRONG, NETCASH_DEBIT_ORDER_KEY: '' })).join('\n')).toMatch(/NETCASH_DEBIT_ORDER_KEY is required/)
    expect(problemsOf(production({ PAYLOAD_SECRET: STRONG, NETCASH_POSTBACK_SECRET: '' })).join('\n')).toMatch(/NETCASH_POSTBACK_SECRET is required/)
    expect(problemsOf(production({ PAYLOAD_SECRET: STRONG, NETCASH_POSTBACK_SECRET: 'changeme' })).join('\n')).toMatch(/NETCASH_POSTBACK_SECRET/)
    expect(() => production({ PAYLOAD_SECRET: STRONG, NETCASH_DEBIT_ORDER_KEY: '', NETCASH_POSTBACK_SECRET: '', NETCASH_ENABLED: 'false' })()).not.toThrow()
  })

  it('needs the Interstellio password while the usage sync is on', () => {
    expect(problemsOf(production({ PAYLOAD_SECRET: STRONG, INTERSTELLIO_PASSWORD: '' })).join('\n')).toMatch(/INTERSTELLIO_PASSWORD is required/)
    expect(() => production({ PAYLOAD_SECRET: STRONG, INTERSTELLIO_PASSWORD: '', INTERSTELLIO_ENABLED: 'false' })()).not.toThrow()
  })

  it('needs the Clickatell key while SMS is on, and a strong callback secret', () => {
    expect(problemsOf(production({ PAYLOAD_SECRET: STRONG, CLICKATELL_API_KEY: '' })).join('\n')).toMatch(/CLICKATELL_API_KEY is required/)
    expect(() => production({ PAYLOAD_SECRET: STRONG, CLICKATELL_API_KEY: '', SMS_ENABLED: 'false' })()).not.toThrow()
    expect(problemsOf(production({ PAYLOAD_SECRET: STRONG, CLICKATELL_CALLBACK_SECRET: 'changeme' })).join('\n')).toMatch(/CLICKATELL_CALLBACK_SECRET/)
    const config = production({ PAYLOAD_SECRET: STRONG })()
    expect(config.simulators.enabled).toBe(false)
    expect(config.clickatell.baseUrl).toBe('https://platform.clickatell.com')
  })

  it.each([
    ['missing', ''],
    ['not 32 bytes', 'v1:c2hvcnQ='],
    ['not versioned', Buffer.alloc(32, 1).toString('base64')],
  ])('refuses payment-data keys that are %s, naming the variable', (_why, value) => {
    const problems = problemsOf(production({ PAYLOAD_SECRET: STRONG, PAYMENT_DATA_KEYS: value }))
    expect(problems.join('\n')).toMatch(/PAYMENT_DATA_KEYS/)
  })

  it('refuses a missing PAYLOAD_SECRET, naming it', () => {
    const problems = problemsOf(production({}))
    expect(problems.join('\n')).toMatch(/PAYLOAD_SECRET/)
  })

  it.each([
    ['too short', 'abc123'],
    ['a placeholder', 'YOUR_SECRET_HERE'],
    ['one character repeated', 'a'.repeat(64)],
    ['two characters repeated', 'ab'.repeat(32)],
  ])('refuses a weak PAYLOAD_SECRET (%s)', (_why, value) => {
    const problems = problemsOf(production({ PAYLOAD_SECRET: value }))
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/^PAYLOAD_SECRET: /)
  })

  it('refuses plain http for a public SERVER_URL (cookies must be Secure)', () => {
    const problems = problemsOf(production({ PAYLOAD_SECRET: STRONG, SERVER_URL: 'http://billing.example.co.za' }))
    expect(problems.join('\n')).toMatch(/SERVER_URL/)
  })

  it('names every bad variable at once', () => {
    const problems = problemsOf(production({ PAYLOAD_SECRET: 'short', PORT: 'eighty', ADMIN_EMAIL: 'not-an-email' }))
    const text = problems.join('\n')
    expect(text).toMatch(/PAYLOAD_SECRET/)
    expect(text).toMatch(/PORT/)
    expect(text).toMatch(/ADMIN_EMAIL/)
  })

  it('accepts strong settings and makes cookies Secure over https', () => {
    const config = production({ PAYLOAD_SECRET: STRONG, DATABASE_URL: 'postgres://u:p@db:5432/isp' })()
    expect(config.isProduction).toBe(true)
    expect(config.secureCookies).toBe(true)
    expect(config.payloadSecret).toBe(STRONG)
    expect(config.databaseUrl).toBe('postgres://u:p@db:5432/isp')
  })

  it('generates nothing: production never writes local secrets', () => {
    const dir = tempDir()
    expect(() => parseConfig({ NODE_ENV: 'production' }, { dataDir: dir })).toThrow(ConfigError)
    expect(fs.existsSync(path.join(dir, 'secrets.json'))).toBe(false)
  })

  it('lets `next build` evaluate the config without secrets (it serves nothing)', () => {
    const prev = process.env.NEXT_PHASE
    process.env.NEXT_PHASE = 'phase-production-build'
    try {
      expect(() => production({})()).not.toThrow()
    } finally {
      if (prev === undefined) delete process.env.NEXT_PHASE
      else process.env.NEXT_PHASE = prev
    }
  })
})

describe('configuration in local runs', () => {
  it('generates strong secrets once and keeps them', () => {
    const dir = tempDir()
    const first = parseConfig({}, { dataDir: dir })
    const second = parseConfig({}, { dataDir: dir })
    expect(first.payloadSecret).toHaveLength(64)
    expect(second.payloadSecret).toBe(first.payloadSecret)
    expect(fs.statSync(path.join(dir, 'secrets.json')).mode & 0o777).toBe(0o600)
  })

  it('prefers a secret from the environment over the generated one', () => {
    expect(parseConfig({ PAYLOAD_SECRET: STRONG }, { dataDir: tempDir() }).payloadSecret).toBe(STRONG)
  })

  it('treats empty variables as unset and applies defaults', () => {
    const config = parseConfig({ PORT: '', SERVER_URL: '' }, { dataDir: tempDir() })
    expect(config.port).toBe(3000)
    expect(config.serverUrl).toBe('http://localhost:3000')
    expect(config.secureCookies).toBe(false)
    expect(config.login).toMatchObject({ accountFreeAttempts: 5, accountMaxDelaySeconds: 60 })
  })
})

describe('invoice documents: company details and file storage', () => {
  const local = (env: Record<string, string>) => parseConfig(env, { dataDir: tempDir() })

  it('keeps PDFs on local disk under the data folder unless a bucket is named', () => {
    const dir = tempDir()
    const config = parseConfig({}, { dataDir: dir })
    expect(config.storage).toEqual({ kind: 'local', dir: path.join(dir, 'files') })
    expect(config.invoiceLinkHours).toBe(24)
    expect(config.company.address.length).toBeGreaterThan(0)
  })

  it('uses S3-compatible storage (e.g. MinIO) when S3_BUCKET is set', () => {
    const config = local({
      S3_BUCKET: 'invoice-pdfs',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: 'minio',
      S3_SECRET_ACCESS_KEY: 'minio-secret',
    })
    expect(config.storage).toEqual({
      kind: 's3',
      bucket: 'invoice-pdfs',
      endpoint: 'http://127.0.0.1:9000',
      region: 'af-south-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'minio', secretAccessKey: 'minio-secret' },
    })
  })

  it.each([
    [{ S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'only-the-id' }, /S3_SECRET_ACCESS_KEY/],
    [{ COMPANY_VAT_NUMBER: '123' }, /COMPANY_VAT_NUMBER/],
    [{ COMPANY_BANK_BRANCH_CODE: '25065' }, /COMPANY_BANK_BRANCH_CODE/],
  ])('refuses %o, naming the variable', (env, message) => {
    expect(problemsOf(() => local(env as Record<string, string>)).join('\n')).toMatch(message)
  })

  it('splits the company address on |', () => {
    expect(local({ COMPANY_ADDRESS: '12 Loop Street | Cape Town|8001' }).company.address).toEqual(['12 Loop Street', 'Cape Town', '8001'])
  })
})
