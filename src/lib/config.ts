import fs from 'node:fs'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { z } from 'zod'

import { parseKeyRing, type KeyRing } from './crypto/fieldEncryption'

/**
 * The one place the environment is read. Everything else asks `getConfig()`.
 *
 * Local runs (NODE_ENV unset, `development` or `test`) get generated secrets kept in
 * `.data/secrets.json`, so `npm start` works on a fresh clone and keeps working across restarts.
 * A production deployment (NODE_ENV=production) must bring its own strong secrets: a missing or
 * weak one is refused with a message naming the variable. The launcher (`npm start`) resolves the
 * secrets before starting `next start` and hands them down explicitly, which is why the Next
 * server (which always runs with NODE_ENV=production) passes validation in a local demo.
 */

export const WEAK_SECRETS = new Set([
  'secret',
  'changeme',
  'change-me',
  'password',
  'payload',
  'your-secret-here',
  'YOUR_SECRET_HERE',
])

const MIN_SECRET_LENGTH = 32

const booleanish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

const positiveInt = z.coerce.number().int().positive()

const secret = (name: string) =>
  z.string({ error: `${name} is required` }).superRefine((value, ctx) => {
    if (value.length < MIN_SECRET_LENGTH) {
      ctx.addIssue({ code: 'custom', message: `${name} must be at least ${MIN_SECRET_LENGTH} characters` })
    } else if (WEAK_SECRETS.has(value) || new Set(value).size < 8) {
      ctx.addIssue({
        code: 'custom',
        message: `${name} is a weak or placeholder value; generate one with \`openssl rand -hex 32\``,
      })
    }
  })

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).optional(),
    DATABASE_URL: z.string().url('DATABASE_URL must be a postgres:// URL').optional(),
    PAYLOAD_SECRET: secret('PAYLOAD_SECRET'),
    PAYMENT_DATA_KEYS: z.string({ error: 'PAYMENT_DATA_KEYS is required (v1:<base64 of 32 random bytes>)' }).superRefine((value, ctx) => {
      try {
        parseKeyRing(value)
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `PAYMENT_DATA_KEYS: ${(err as Error).message}` })
      }
    }),
    SERVER_URL: z.string().url('SERVER_URL must be an absolute URL').default('http://localhost:3000'),
    PORT: positiveInt.max(65535).default(3000),
    EMBEDDED_PG_PORT: positiveInt.max(65535).default(54329),
    ADMIN_EMAIL: z.string().email('ADMIN_EMAIL must be an email address').optional(),
    ADMIN_PASSWORD: z.string().min(12, 'ADMIN_PASSWORD must be at least 12 characters').optional(),
    LOGIN_ACCOUNT_FREE_ATTEMPTS: positiveInt.default(5),
    LOGIN_ACCOUNT_MAX_DELAY_SECONDS: positiveInt.max(3600).default(60),
    LOGIN_ACCOUNT_WIDE_FREE_ATTEMPTS: positiveInt.default(100),
    PASSWORD_RESET_FREE_REQUESTS: positiveInt.default(3),
    LOGIN_RATE_LIMIT: positiveInt.default(20),
    LOGIN_RATE_WINDOW_SECONDS: positiveInt.default(900),
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    SMTP_HOST: z.string().default('127.0.0.1'),
    SMTP_PORT: positiveInt.max(65535).default(1025),
    SMTP_USER: z.string().optional(),
    SMTP_PASSWORD: z.string().optional(),
    SMTP_SECURE: booleanish.default(false),
    EMAIL_FROM_ADDRESS: z.string().email().default('billing@isp.test'),
    EMAIL_FROM_NAME: z.string().optional(),
    CLICKATELL_BASE_URL: z.string().url('CLICKATELL_BASE_URL must be a URL').default('https://platform.clickatell.com'),
    CLICKATELL_API_KEY: z.string().min(1).optional(),
    CLICKATELL_CALLBACK_SECRET: secret('CLICKATELL_CALLBACK_SECRET'),
    CLICKATELL_TIMEOUT_MS: positiveInt.max(120_000).default(10_000),
    SMS_ENABLED: booleanish.default(true),
    INTERSTELLIO_ENABLED: booleanish.default(true),
    INTERSTELLIO_IDENTITY_URL: z.string().url('INTERSTELLIO_IDENTITY_URL must be a URL').default('https://identity-za.nebularstack.com'),
    INTERSTELLIO_SUBSCRIBER_URL: z.string().url('INTERSTELLIO_SUBSCRIBER_URL must be a URL').default('https://subscriber-za.nebularstack.com'),
    INTERSTELLIO_TELEMETRY_URL: z.string().url('INTERSTELLIO_TELEMETRY_URL must be a URL').default('https://telemetry-za.nebularstack.com'),
    INTERSTELLIO_DOMAIN: z.string().min(1).default('isp.test'),
    INTERSTELLIO_USERNAME: z.string().min(1).default('isp-billing'),
    INTERSTELLIO_PASSWORD: z.string().min(1).optional(),
    INTERSTELLIO_TENANT_ID: z.string().min(1).optional(),
    INTERSTELLIO_TIMEOUT_MS: positiveInt.max(120_000).default(10_000),
    USAGE_SYNC_CONCURRENCY: positiveInt.max(256).default(16),
    USAGE_SYNC_SERVICE_TIMEOUT_MS: positiveInt.max(600_000).default(30_000),
    USAGE_SYNC_BREAKER_FAILURES: positiveInt.max(10_000).default(20),
    USAGE_SYNC_BACKFILL_DAYS: positiveInt.max(366).default(35),
    NETCASH_ENABLED: booleanish.default(true),
    NETCASH_WS_URL: z.string().url('NETCASH_WS_URL must be a URL').default('https://ws.netcash.co.za/NIWS/niws_nif.svc'),
    NETCASH_DEBIT_ORDER_KEY: z.string().regex(/^[0-9a-fA-F-]{36}$/, 'NETCASH_DEBIT_ORDER_KEY must be the debit order service key (a GUID)').optional(),
    // NetCash's published default software vendor key, for integrators that are not NetCash partners.
    NETCASH_VENDOR_KEY: z.string().regex(/^[0-9a-fA-F-]{36}$/, 'NETCASH_VENDOR_KEY must be a GUID').default('24ade73c-98cf-47b3-99be-cc7b867b3080'),
    NETCASH_PAYNOW_KEY: z.string().regex(/^[0-9a-fA-F-]{36}$/, 'NETCASH_PAYNOW_KEY must be the Pay Now service key (a GUID)').optional(),
    NETCASH_PAYNOW_URL: z.string().url('NETCASH_PAYNOW_URL must be a URL').default('https://paynow.netcash.co.za/site/paynow.aspx'),
    NETCASH_POSTBACK_SECRET: secret('NETCASH_POSTBACK_SECRET').optional(),
    NETCASH_TIMEOUT_MS: positiveInt.max(120_000).default(30_000),
    NETCASH_SIM_PORT: positiveInt.max(65535).default(4030),
    DEBIT_ORDER_INSTRUCTION: z.enum(['TwoDay', 'Sameday'], { error: 'DEBIT_ORDER_INSTRUCTION is TwoDay or Sameday' }).default('TwoDay'),
    DEBIT_ORDER_RETRY_DAYS: positiveInt.max(60).default(10),
    DEBIT_ORDER_CLEARING_DAYS: positiveInt.max(90).default(14),
    DEBIT_ORDER_MAX_PRESENTATIONS: positiveInt.max(5).default(2),
    SIMULATORS: booleanish.optional(),
    INTERSTELLIO_SIM_PORT: positiveInt.max(65535).default(4020),
    CLICKATELL_SIM_PORT: positiveInt.max(65535).default(4010),
    MAIL_INBOX_PORT: positiveInt.max(65535).default(1080),
    JOBS_RUNNER: booleanish.default(true),
    JOBS_POLL_SECONDS: positiveInt.default(10),
    JOBS_STALE_MINUTES: positiveInt.default(5),
    COMPANY_NAME: z.string().default('Demo Fibre (Pty) Ltd'),
    COMPANY_SHORT_NAME: z.string().max(20, 'COMPANY_SHORT_NAME starts every SMS: at most 20 characters').default('Demo Fibre'),
    COMPANY_VAT_NUMBER: z.string().regex(/^4\d{9}$/, 'COMPANY_VAT_NUMBER must be a South African VAT number (10 digits starting with 4)').default('4000000000'),
    COMPANY_REGISTRATION_NUMBER: z.string().optional(),
    COMPANY_ADDRESS: z.string().default('1 Demo Street|Cape Town|8001'),
    COMPANY_EMAIL: z.string().email('COMPANY_EMAIL must be an email address').default('accounts@isp.test'),
    COMPANY_PHONE: z.string().default('021 000 0000'),
    COMPANY_LOGO_PATH: z.string().optional(),
    COMPANY_BANK_NAME: z.string().default('First National Bank'),
    COMPANY_BANK_ACCOUNT_NAME: z.string().optional(),
    COMPANY_BANK_ACCOUNT_NUMBER: z.string().regex(/^\d{6,16}$/, 'COMPANY_BANK_ACCOUNT_NUMBER must be 6 to 16 digits').default('62000000000'),
    COMPANY_BANK_BRANCH_CODE: z.string().regex(/^\d{6}$/, 'COMPANY_BANK_BRANCH_CODE must be 6 digits').default('250655'),
    COMPANY_BANK_ACCOUNT_TYPE: z.string().default('Cheque'),
    STORAGE_DIR: z.string().optional(),
    S3_BUCKET: z.string().optional(),
    S3_ENDPOINT: z.string().url('S3_ENDPOINT must be a URL').optional(),
    S3_REGION: z.string().default('af-south-1'),
    S3_ACCESS_KEY_ID: z.string().optional(),
    S3_SECRET_ACCESS_KEY: z.string().optional(),
    S3_FORCE_PATH_STYLE: booleanish.default(false),
    INVOICE_LINK_HOURS: positiveInt.max(24 * 30).default(24),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
    // Images the admin panel's browser loads: a path on this server (from public/) or an http(s) URL.
    ADMIN_LOGO_URL: z.string().regex(/^(\/(?!\/)|https?:\/\/)\S+$/, 'ADMIN_LOGO_URL must be a path such as /brand/logo.svg or an http(s) URL').default('/brand/logo.svg'),
    ADMIN_ICON_URL: z.string().regex(/^(\/(?!\/)|https?:\/\/)\S+$/, 'ADMIN_ICON_URL must be a path such as /brand/icon.svg or an http(s) URL').optional(),
  })
  .superRefine((env, ctx) => {
    if (env.S3_BUCKET && Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY)) {
      ctx.addIssue({ code: 'custom', path: ['S3_SECRET_ACCESS_KEY'], message: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together' })
    }
    if (env.NODE_ENV !== 'production') return
    const url = new URL(env.SERVER_URL)
    const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
    if (url.protocol !== 'https:' && !local) {
      ctx.addIssue({
        code: 'custom',
        path: ['SERVER_URL'],
        message: 'SERVER_URL must use https in production (session cookies are Secure)',
      })
    }
    if (env.SMS_ENABLED && !env.CLICKATELL_API_KEY) {
      ctx.addIssue({ code: 'custom', path: ['CLICKATELL_API_KEY'], message: 'CLICKATELL_API_KEY is required in production (or set SMS_ENABLED=false)' })
    }
    if (env.INTERSTELLIO_ENABLED && !env.INTERSTELLIO_PASSWORD) {
      ctx.addIssue({ code: 'custom', path: ['INTERSTELLIO_PASSWORD'], message: 'INTERSTELLIO_PASSWORD is required in production (or set INTERSTELLIO_ENABLED=false)' })
    }
    if (env.NETCASH_ENABLED && (!env.NETCASH_DEBIT_ORDER_KEY || !env.NETCASH_POSTBACK_SECRET)) {
      ctx.addIssue({ code: 'custom', path: [!env.NETCASH_DEBIT_ORDER_KEY ? 'NETCASH_DEBIT_ORDER_KEY' : 'NETCASH_POSTBACK_SECRET'], message: `${!env.NETCASH_DEBIT_ORDER_KEY ? 'NETCASH_DEBIT_ORDER_KEY' : 'NETCASH_POSTBACK_SECRET'} is required in production (or set NETCASH_ENABLED=false)` })
    }
    if (env.ADMIN_EMAIL && !env.ADMIN_PASSWORD) {
      ctx.addIssue({ code: 'custom', path: ['ADMIN_PASSWORD'], message: 'ADMIN_PASSWORD is required when ADMIN_EMAIL is set' })
    }
  })

export type AppConfig = {
  env: 'development' | 'production' | 'test'
  isProduction: boolean
  databaseUrl?: string
  payloadSecret: string
  paymentDataKeys: KeyRing
  serverUrl: string
  port: number
  embeddedPgPort: number
  secureCookies: boolean
  bootstrapAdmin?: { email: string; password: string }
  login: {
    accountFreeAttempts: number
    accountMaxDelaySeconds: number
    /** Attempts at one account from all addresses together before each must wait. */
    accountWideFreeAttempts: number
    /** Reset requests for one email in a row before each must wait. */
    resetFreeRequests: number
    rateLimit: number
    rateWindowSeconds: number
    trustedProxyHops: number
  }
  smtp: { host: string; port: number; user?: string; password?: string; secure: boolean }
  emailFrom: { address: string; name: string }
  /**
   * SMS through Clickatell. In dev, demo and tests `npm start` and the test harness point the base
   * URL at our simulator (simulators/clickatell); production at the real platform. Delivery
   * callbacks come to /api/webhooks/clickatell/<callbackSecret>.
   */
  clickatell: { enabled: boolean; baseUrl: string; apiKey?: string; callbackSecret: string; timeoutMs: number }
  /**
   * The RADIUS subscriber platform (usage, network access). Three services, each its own base URL;
   * in dev, demo and tests all three point at simulators/interstellio. The tenant comes from the
   * token's context unless configured.
   */
  /**
   * Debit orders, mandates and Pay Now through NetCash (NIWS_NIF over SOAP). In dev, demo and
   * tests the URLs point at simulators/netcash. Postbacks come to
   * /api/webhooks/netcash/<postbackSecret>/mandate|paynow.
   */
  netcash: {
    enabled: boolean
    wsUrl: string
    debitOrderKey?: string
    vendorKey: string
    payNowKey?: string
    payNowUrl: string
    postbackSecret?: string
    timeoutMs: number
  }
  interstellio: {
    enabled: boolean
    identityUrl: string
    subscriberUrl: string
    telemetryUrl: string
    domain: string
    username: string
    password?: string
    tenantId?: string
    timeoutMs: number
  }
  /**
   * The 06:00 debit-order run (src/services/netcash/debitOrders.ts): two-day debit orders by
   * default (sent two banking days before the action date); an invoice unpaid since its due date is
   * still debited within the retry window; a returned debit is presented again at most
   * `maxPresentations - 1` times, within the retry window of its return, unless staff say
   * otherwise; a collected debit counts as cleared after the clearing window without an unpaid.
   */
  debitOrders: { instruction: 'TwoDay' | 'Sameday'; retryWindowDays: number; clearingDays: number; maxPresentations: number }
  /** The hourly usage sync (src/services/usage/syncUsageRun.ts). */
  usageSync: { concurrency: number; serviceTimeoutMs: number; breakerFailures: number; backfillDays: number }
  /** Whether `npm start` runs the local simulators (default: everywhere but production). */
  simulators: { enabled: boolean; clickatellPort: number; mailInboxPort: number; interstellioPort: number; netcashPort: number }
  jobs: { runner: boolean; pollSeconds: number; staleMinutes: number }
  company: {
    name: string
    /** The name every SMS starts with. */
    shortName: string
    vatNumber: string
    registrationNumber?: string
    address: string[]
    email: string
    phone: string
    logoPath?: string
    bank: { bankName: string; accountName: string; accountNumber: string; branchCode: string; accountType: string }
  }
  /** Where invoice PDFs live: a folder on local disk, or an S3-compatible bucket when S3_BUCKET is set. */
  storage:
    | { kind: 'local'; dir: string }
    | { kind: 's3'; bucket: string; endpoint?: string; region: string; forcePathStyle: boolean; credentials?: { accessKeyId: string; secretAccessKey: string } }
  invoiceLinkHours: number
  logLevel: string
  logFormat: 'json' | 'pretty'
  dataDir: string
  /**
   * The ISP's marks in the admin panel: the logo on the sign-in page, and the square icon beside
   * the breadcrumbs and as the favicon (left out: the mark drawn from public/brand/logo.svg).
   */
  adminBrand: { logoUrl: string; iconUrl?: string }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

export const dataDir = (cwd = process.cwd()) => path.resolve(cwd, process.env.DATA_DIR ?? '.data')

/** Secrets generated once for local runs and kept beside the embedded database. */
export function localSecrets(dir: string): Record<string, string> {
  const file = path.join(dir, 'secrets.json')
  const existing: Record<string, string> = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {}
  const generate: Record<string, () => string> = {
    PAYLOAD_SECRET: () => randomBytes(32).toString('hex'),
    EMBEDDED_PG_PASSWORD: () => randomBytes(32).toString('hex'),
    PAYMENT_DATA_KEYS: () => `v1:${randomBytes(32).toString('base64')}`,
    CLICKATELL_CALLBACK_SECRET: () => randomBytes(32).toString('hex'),
    NETCASH_POSTBACK_SECRET: () => randomBytes(32).toString('hex'),
  }
  if (Object.keys(generate).every((k) => existing[k])) return existing
  const secrets = { ...existing }
  for (const [k, make] of Object.entries(generate)) secrets[k] ||= make()
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
  fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 })
  return secrets
}

/** `next build` evaluates the config to collect page data; it serves nothing, so needs no real secret. */
const isBuildPhase = () => process.env.NEXT_PHASE === 'phase-production-build'

export function parseConfig(env: Record<string, string | undefined>, opts: { dataDir: string }): AppConfig {
  const input: Record<string, string | undefined> = { ...env }
  for (const [k, v] of Object.entries(input)) if (v === '') delete input[k]
  const production = input.NODE_ENV === 'production'
  if (!production) Object.assign(input, { ...localSecrets(opts.dataDir), ...stripUndefined(input) })
  else if (isBuildPhase()) {
    input.PAYLOAD_SECRET ??= randomBytes(32).toString('hex')
    input.PAYMENT_DATA_KEYS ??= `v1:${randomBytes(32).toString('base64')}`
    input.CLICKATELL_CALLBACK_SECRET ??= randomBytes(32).toString('hex')
    input.CLICKATELL_API_KEY ??= 'build-phase'
    input.INTERSTELLIO_PASSWORD ??= 'build-phase'
    input.NETCASH_DEBIT_ORDER_KEY ??= '00000000-0000-4000-8000-000000000000'
    input.NETCASH_POSTBACK_SECRET ??= randomBytes(32).toString('hex')
  }

  // The web server's own address unless told otherwise (a proxy, a domain): PORT=3100 means :3100.
  // Production must say: emails carry links to it.
  const serverUrlGiven = input.SERVER_URL !== undefined
  input.SERVER_URL ??= `http://localhost:${input.PORT ?? 3000}`
  const parsed = envSchema.safeParse(input)
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`)
  if (production && !serverUrlGiven && !isBuildPhase()) problems.unshift('SERVER_URL: SERVER_URL is required in production (customer emails link to it)')
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems)
  const e = parsed.data
  return {
    env: e.NODE_ENV ?? 'development',
    isProduction: production,
    databaseUrl: e.DATABASE_URL,
    payloadSecret: e.PAYLOAD_SECRET,
    paymentDataKeys: parseKeyRing(e.PAYMENT_DATA_KEYS),
    serverUrl: e.SERVER_URL.replace(/\/$/, ''),
    port: e.PORT,
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    secureCookies: e.SERVER_URL.startsWith('https://'),
    bootstrapAdmin:
      e.ADMIN_EMAIL && e.ADMIN_PASSWORD ? { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD } : undefined,
    login: {
      accountFreeAttempts: e.LOGIN_ACCOUNT_FREE_ATTEMPTS,
      accountMaxDelaySeconds: e.LOGIN_ACCOUNT_MAX_DELAY_SECONDS,
      accountWideFreeAttempts: e.LOGIN_ACCOUNT_WIDE_FREE_ATTEMPTS,
      resetFreeRequests: e.PASSWORD_RESET_FREE_REQUESTS,
      rateLimit: e.LOGIN_RATE_LIMIT,
      rateWindowSeconds: e.LOGIN_RATE_WINDOW_SECONDS,
      trustedProxyHops: e.TRUSTED_PROXY_HOPS,
    },
    smtp: {
      host: e.SMTP_HOST,
      port: e.SMTP_PORT,
      user: e.SMTP_USER,
      password: e.SMTP_PASSWORD,
      secure: e.SMTP_SECURE,
    },
    emailFrom: { address: e.EMAIL_FROM_ADDRESS, name: e.EMAIL_FROM_NAME ?? e.COMPANY_SHORT_NAME },
    clickatell: {
      enabled: e.SMS_ENABLED,
      baseUrl: e.CLICKATELL_BASE_URL.replace(/\/$/, ''),
      apiKey: e.CLICKATELL_API_KEY,
      callbackSecret: e.CLICKATELL_CALLBACK_SECRET,
      timeoutMs: e.CLICKATELL_TIMEOUT_MS,
    },
    interstellio: {
      enabled: e.INTERSTELLIO_ENABLED,
      identityUrl: e.INTERSTELLIO_IDENTITY_URL.replace(/\/$/, ''),
      subscriberUrl: e.INTERSTELLIO_SUBSCRIBER_URL.replace(/\/$/, ''),
      telemetryUrl: e.INTERSTELLIO_TELEMETRY_URL.replace(/\/$/, ''),
      domain: e.INTERSTELLIO_DOMAIN,
      username: e.INTERSTELLIO_USERNAME,
      password: e.INTERSTELLIO_PASSWORD,
      tenantId: e.INTERSTELLIO_TENANT_ID,
      timeoutMs: e.INTERSTELLIO_TIMEOUT_MS,
    },
    netcash: {
      enabled: e.NETCASH_ENABLED,
      wsUrl: e.NETCASH_WS_URL,
      debitOrderKey: e.NETCASH_DEBIT_ORDER_KEY,
      vendorKey: e.NETCASH_VENDOR_KEY,
      payNowKey: e.NETCASH_PAYNOW_KEY,
      payNowUrl: e.NETCASH_PAYNOW_URL,
      postbackSecret: e.NETCASH_POSTBACK_SECRET,
      timeoutMs: e.NETCASH_TIMEOUT_MS,
    },
    debitOrders: {
      instruction: e.DEBIT_ORDER_INSTRUCTION,
      retryWindowDays: e.DEBIT_ORDER_RETRY_DAYS,
      clearingDays: e.DEBIT_ORDER_CLEARING_DAYS,
      maxPresentations: e.DEBIT_ORDER_MAX_PRESENTATIONS,
    },
    usageSync: {
      concurrency: e.USAGE_SYNC_CONCURRENCY,
      serviceTimeoutMs: e.USAGE_SYNC_SERVICE_TIMEOUT_MS,
      breakerFailures: e.USAGE_SYNC_BREAKER_FAILURES,
      backfillDays: e.USAGE_SYNC_BACKFILL_DAYS,
    },
    simulators: { enabled: e.SIMULATORS ?? !production, clickatellPort: e.CLICKATELL_SIM_PORT, mailInboxPort: e.MAIL_INBOX_PORT, interstellioPort: e.INTERSTELLIO_SIM_PORT, netcashPort: e.NETCASH_SIM_PORT },
    jobs: { runner: e.JOBS_RUNNER, pollSeconds: e.JOBS_POLL_SECONDS, staleMinutes: e.JOBS_STALE_MINUTES },
    company: {
      name: e.COMPANY_NAME,
      shortName: e.COMPANY_SHORT_NAME,
      vatNumber: e.COMPANY_VAT_NUMBER,
      registrationNumber: e.COMPANY_REGISTRATION_NUMBER,
      address: e.COMPANY_ADDRESS.split('|').map((l) => l.trim()).filter(Boolean),
      email: e.COMPANY_EMAIL,
      phone: e.COMPANY_PHONE,
      logoPath: e.COMPANY_LOGO_PATH ? path.resolve(e.COMPANY_LOGO_PATH) : undefined,
      bank: {
        bankName: e.COMPANY_BANK_NAME,
        accountName: e.COMPANY_BANK_ACCOUNT_NAME ?? e.COMPANY_NAME,
        accountNumber: e.COMPANY_BANK_ACCOUNT_NUMBER,
        branchCode: e.COMPANY_BANK_BRANCH_CODE,
        accountType: e.COMPANY_BANK_ACCOUNT_TYPE,
      },
    },
    storage: e.S3_BUCKET
      ? {
          kind: 's3',
          bucket: e.S3_BUCKET,
          endpoint: e.S3_ENDPOINT,
          region: e.S3_REGION,
          forcePathStyle: e.S3_FORCE_PATH_STYLE,
          credentials:
            e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
              ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY }
              : undefined,
        }
      : { kind: 'local', dir: path.resolve(e.STORAGE_DIR ?? path.join(opts.dataDir, 'files')) },
    invoiceLinkHours: e.INVOICE_LINK_HOURS,
    logLevel: e.LOG_LEVEL,
    // Structured lines for machines; a readable layout for a person at a terminal.
    logFormat: e.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json'),
    dataDir: opts.dataDir,
    adminBrand: { logoUrl: e.ADMIN_LOGO_URL, iconUrl: e.ADMIN_ICON_URL },
  }
}

function stripUndefined(o: Record<string, string | undefined>) {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))
}

let cached: AppConfig | undefined

export function getConfig(): AppConfig {
  cached ??= parseConfig(process.env, { dataDir: dataDir() })
  return cached
}

/** For launchers that resolve part of the environment (the embedded database URL) after validating it. */
export function reloadConfig(): AppConfig {
  cached = undefined
  return getConfig()
}
