/**
 * `npm start` (and `npm run dev` with --dev): the whole system in one command.
 *
 *   database (DATABASE_URL, or the embedded Postgres in .data/) -> the vendor simulators (outside
 *   production: Clickatell, an SMTP catcher with a web inbox; the app is pointed at them) ->
 *   migrations -> demo seed (once, never in production) -> first admin from
 *   ADMIN_EMAIL/ADMIN_PASSWORD -> production build (reused while the sources are unchanged) ->
 *   web server + the job runner.
 *
 * Ctrl-C or SIGTERM stops the web server, the runner, the simulators and the database, in that order.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'

import { ConfigError, dataDir, getConfig, reloadConfig } from '../src/lib/config'
import { appLogger } from '../src/lib/logger'
import { DEMO_CUSTOMERS, DEMO_PASSWORD, DEMO_STAFF } from '../src/seed/demoAccounts'
import { resolveDatabase } from './lib/database'
import { ensureBuild } from './lib/build'
import { stopChild } from './lib/stopChild'
import { resolvedPaymentKeys } from './lib/secrets'

const root = path.resolve(import.meta.dirname, '..')
const dev = process.argv.includes('--dev')

let config: ReturnType<typeof getConfig>
try {
  config = getConfig()
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message)
    process.exit(1)
  }
  throw err
}
// The supervisor's lines go through the one logger (redacted, structured); the banner below is for a person.
const logger = appLogger(config).child({ component: 'start' })
const log = (line: string) => logger.info(line)

const cleanups: Array<() => Promise<void>> = []
let shuttingDown = false
async function shutdown(code: number) {
  if (shuttingDown) return
  shuttingDown = true
  log('stopping...')
  for (const cleanup of cleanups.reverse()) await cleanup().catch((err) => logger.error({ err }, 'a cleanup step failed'))
  process.exit(code)
}
process.on('SIGINT', () => void shutdown(0))
process.on('SIGTERM', () => void shutdown(0))

try {
  const db = await resolveDatabase({
    dataDir: dataDir(root),
    port: config.embeddedPgPort,
    log: (l) => (/ERROR|FATAL|PANIC|cannot reach|initialising/.test(l) ? log(`postgres: ${l}`) : undefined),
  })
  if (db.embedded) {
    cleanups.push(() => db.embedded!.stop())
    log(`embedded Postgres on 127.0.0.1:${db.embedded.port}, data in ${db.embedded.dataDir}`)
  }
  // Everything started from here (the Next server included) sees the same database and secrets.
  process.env.DATABASE_URL = db.url
  process.env.PAYLOAD_SECRET = config.payloadSecret
  process.env.PAYMENT_DATA_KEYS = resolvedPaymentKeys()
  process.env.CLICKATELL_CALLBACK_SECRET = config.clickatell.callbackSecret
  if (config.netcash.postbackSecret) process.env.NETCASH_POSTBACK_SECRET = config.netcash.postbackSecret
  // The Next server always runs as production, where SERVER_URL must be given: hand it ours.
  process.env.SERVER_URL = config.serverUrl

  let interstellioSimUrl: string | undefined

  let simulatorLines: string[] = []
  if (config.simulators.enabled) {
    // Our stand-ins for the vendors, speaking their protocols; configuration, not code, chooses them.
    const { startSimulators } = await import('../simulators')
    const apiKey = process.env.CLICKATELL_API_KEY ?? 'sim-clickatell-key'
    const interstellioPassword = process.env.INTERSTELLIO_PASSWORD ?? 'sim-interstellio-password'
    // The simulator's keys: fixed, so a restarted demo still matches what NetCash "knows".
    const netcashKey = process.env.NETCASH_DEBIT_ORDER_KEY ?? '5e0f0a7e-51a1-4c0d-9d0e-0000000d0d0d'
    const payNowKey = process.env.NETCASH_PAYNOW_KEY ?? '5e0f0a7e-51a1-4c0d-9d0e-000000009a70'
    const postbacks = `http://127.0.0.1:${config.port}/api/webhooks/netcash/${config.netcash.postbackSecret}`
    const sims = await startSimulators({
      clickatell: {
        port: config.simulators.clickatellPort,
        apiKey,
        callbackUrl: `http://127.0.0.1:${config.port}/api/webhooks/clickatell/${config.clickatell.callbackSecret}`,
      },
      mail: { smtpPort: config.smtp.port, httpPort: config.simulators.mailInboxPort },
      interstellio: { port: config.simulators.interstellioPort, domain: config.interstellio.domain, username: config.interstellio.username, password: interstellioPassword, tenantId: 'demo-tenant' },
      netcash: {
        port: config.simulators.netcashPort,
        debitOrderKey: netcashKey,
        payNowKey,
        mandatePostbackUrl: `${postbacks}/mandate`,
        payNowNotifyUrl: `${postbacks}/paynow`,
        payNowReturnUrl: `${config.serverUrl}/portal/paynow/return`,
      },
    })
    cleanups.push(() => sims.stop())
    const isl = sims.interstellio!.url
    interstellioSimUrl = isl
    Object.assign(process.env, {
      CLICKATELL_BASE_URL: sims.clickatell.url,
      CLICKATELL_API_KEY: apiKey,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(sims.mail.smtpPort),
      INTERSTELLIO_IDENTITY_URL: isl,
      INTERSTELLIO_SUBSCRIBER_URL: isl,
      INTERSTELLIO_TELEMETRY_URL: isl,
      INTERSTELLIO_PASSWORD: interstellioPassword,
      NETCASH_WS_URL: `${sims.netcash!.url}/NIWS/niws_nif.svc`,
      NETCASH_PAYNOW_URL: `${sims.netcash!.url}/paynow/site/paynow.aspx`,
      NETCASH_DEBIT_ORDER_KEY: netcashKey,
      NETCASH_PAYNOW_KEY: payNowKey,
    })
    simulatorLines = [
      '',
      `  Mail inbox:      ${sims.mail.url}    (SMTP on 127.0.0.1:${sims.mail.smtpPort})`,
      `  SMS simulator:   ${sims.clickatell.url}/__control/messages`,
      `  Interstellio:    ${sims.interstellio!.url}/__control/requests`,
      `  NetCash:         ${sims.netcash!.url}/__control/mandates`,
    ]
    log(`simulators: Clickatell on ${sims.clickatell.url}, Interstellio on ${sims.interstellio!.url}, SMTP catcher on ${sims.mail.smtpPort}, inbox ${sims.mail.url}`)
  }
  config = reloadConfig()

  const { payloadWithMigrations, closePayload } = await import('./lib/payload')
  const payload = await payloadWithMigrations()
  cleanups.push(() => closePayload(payload))
  log('migrations applied')

  const { seedDemoData } = await import('../src/seed')
  const seed = await seedDemoData(payload, { production: config.isProduction })
  log(seed.seeded ? `demo data loaded (${JSON.stringify(seed.counts)})` : `demo seed skipped: ${seed.reason}`)
  if (interstellioSimUrl) await matchSimulatedNetwork(payload, interstellioSimUrl)

  if (config.bootstrapAdmin) {
    const { bootstrapAdmin } = await import('../src/services/bootstrapAdmin')
    const result = await bootstrapAdmin(payload, config.bootstrapAdmin)
    if (result.created) log(`created the first admin ${result.email}`)
  }

  const childEnv = { ...process.env, PORT: String(config.port), NEXT_TELEMETRY_DISABLED: '1' }
  if (!dev) await ensureBuild(root, { log, env: childEnv })

  const web: ChildProcess = spawn(
    process.execPath,
    [path.join(root, 'scripts/web-server.mjs'), ...(dev ? ['--dev'] : []), '-p', String(config.port)],
    { cwd: root, stdio: 'inherit', env: childEnv },
  )
  cleanups.push(() => stopChild(web))
  web.on('exit', (code) => {
    if (!shuttingDown) {
      log(`web server exited with ${code}`)
      void shutdown(code ?? 1)
    }
  })

  if (config.jobs.runner) {
    const { startJobRunner } = await import('../src/jobs/runner')
    // One usage sync as soon as the runner starts, so the demo's (and a restarted server's) usage is current.
    if (config.interstellio.enabled) await payload.jobs.queue({ task: 'syncUsage', queue: 'usage', input: { trigger: 'startup' } })
    const runner = startJobRunner(payload, config.jobs)
    cleanups.push(() => runner.stop())
    log(`job runner polling every ${config.jobs.pollSeconds}s (schedules in SAST: invoice run 02:00, overdue marking 00:30, usage sync hourly at :05 and now)`)
  }

  await waitForHttp(`http://127.0.0.1:${config.port}/api/users/me`, 180_000)
  const lines = [
    '',
    `  Admin panel:     ${config.serverUrl}/admin`,
    `  Customer portal: ${config.serverUrl}/portal`,
    `  REST API:        ${config.serverUrl}/api    GraphQL: ${config.serverUrl}/api/graphql`,
    ...simulatorLines,
  ]
  if (!config.isProduction) {
    lines.push(
      '',
      `  Demo logins (password ${DEMO_PASSWORD}):`,
      ...DEMO_STAFF.map((s) => `    staff     ${s.email.padEnd(20)} ${s.role}`),
      ...DEMO_CUSTOMERS.map((c) => `    customer  ${c.email.padEnd(20)} portal`),
    )
  }
  console.log(lines.join('\n') + '\n')
} catch (err) {
  logger.error({ err }, 'start failed')
  await shutdown(1)
}

async function waitForHttp(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline && !shuttingDown) {
    try {
      const res = await fetch(url)
      if (res.status < 500) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500))
  }
}

/**
 * The simulator starts with every subscriber enabled; the demo's suspended and cancelled services
 * are off the network, so their subscribers are switched off on it (the control API, as a
 * network that had followed the services all along would be).
 */
async function matchSimulatedNetwork(payload: import('payload').Payload, simUrl: string): Promise<void> {
  const { poolOf } = await import('../src/services/pool')
  const { rows } = await poolOf(payload).query<{ connection_id: string }>(
    `SELECT connection_id FROM services WHERE status IN ('suspended', 'cancelled') AND connection_id IS NOT NULL AND connection_id <> ''`,
  )
  for (const r of rows) {
    await fetch(`${simUrl}/__control/subscribers/${encodeURIComponent(r.connection_id)}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ enabled: false }),
    }).catch(() => undefined)
  }
}
