/**
 * `npm test`: every test, against real parts, ending with one line `N passed, N failed`.
 *
 *   1. unit         vitest, no database
 *   2. integration  vitest against a fresh Postgres database with the committed migrations, and a
 *                   production build of the app served by `next start` on that database
 *   3. end-to-end   Playwright driving Debian's Chromium against that same server, with a job
 *                   runner beside it (scripts/worker.ts) for the journeys
 *   4. faults       scripts/faults.ts on the benchmark's generated data set (10,000 customers):
 *                   job runners killed mid-run and the like (generates the data set on first use)
 *
 * The database is the embedded Postgres (a throwaway cluster under the temp folder) unless
 * TEST_DATABASE_URL names a server, in which case a fresh database is created there and dropped
 * after. `--only unit|int|e2e` runs one phase; test file paths after it narrow the phase.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import pg from 'pg'

import { ensureBuild } from './lib/build'
import { startEmbeddedPostgres, type EmbeddedPostgres } from './lib/embeddedPostgres'
import { freePort } from './lib/ports'
import { stopChild } from './lib/stopChild'

const root = path.resolve(import.meta.dirname, '..')
const onlyIndex = process.argv.indexOf('--only')
const only = onlyIndex > 0 ? process.argv[onlyIndex + 1] : undefined
const wants = (phase: 'unit' | 'int' | 'e2e' | 'faults') => !only || only === phase
/** Test files named on the command line (`npm run test:int -- tests/int/x.int.spec.ts`) narrow a phase. */
const fileFilters = process.argv.slice(2).filter((a) => a.startsWith('tests/'))
const log = (line: string) => console.log(`\n[test] ${line}`)

type Tally = { phase: string; passed: number; failed: number; skipped: number; note?: string }
const tallies: Tally[] = []
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'isp-test-'))
// Traversable by the `postgres` user (when run as root), so the test database lives inside tmp
// and goes with it, rather than in a fallback folder that would outlive the run.
fs.chmodSync(tmp, 0o711)
const cleanups: Array<() => Promise<void>> = []
/** Kept after the run (test-results/ is git-ignored) for reading a failure. */
const serverLog = path.join(root, 'test-results', 'server.log')

/**
 * Keeps a phase's JSON report in test-results/reports/ for the test report
 * (scripts/test-report.ts, docs/test-report.md), when the phase ran whole (no test files named).
 */
function keepReport(phase: string, file: string) {
  if (fileFilters.length) return
  const dir = path.join(root, 'test-results', 'reports')
  fs.mkdirSync(dir, { recursive: true })
  // A phase that produced no results leaves none behind (never an older run's).
  if (fs.existsSync(file)) fs.copyFileSync(file, path.join(dir, `${phase}.json`))
  else fs.rmSync(path.join(dir, `${phase}.json`), { force: true })
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env })
    child.on('exit', (code) => resolve(code ?? 1))
  })
}

async function vitestPhase(project: 'unit' | 'int', env: NodeJS.ProcessEnv) {
  const out = path.join(tmp, `${project}.json`)
  const code = await run(
    process.execPath,
    [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...fileFilters],
    env,
  )
  keepReport(project, out)
  if (!fs.existsSync(out)) return tallies.push({ phase: project, passed: 0, failed: 1, skipped: 0, note: `vitest exited ${code} without results` })
  const r = JSON.parse(fs.readFileSync(out, 'utf8'))
  const brokenFiles = (r.testResults ?? []).filter((f: { status: string; assertionResults: unknown[] }) => f.status === 'failed' && f.assertionResults.length === 0).length
  tallies.push({
    phase: project,
    passed: r.numPassedTests,
    failed: r.numFailedTests + brokenFiles + (code !== 0 && r.numFailedTests + brokenFiles === 0 ? 1 : 0),
    skipped: r.numPendingTests + r.numTodoTests,
  })
}

async function playwrightPhase(env: NodeJS.ProcessEnv) {
  const out = path.join(tmp, 'e2e.json')
  const code = await run(
    process.execPath,
    [path.join(root, 'node_modules/@playwright/test/cli.js'), 'test', '--reporter=list,json'],
    { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: out },
  )
  keepReport('e2e', out)
  if (!fs.existsSync(out)) return tallies.push({ phase: 'e2e', passed: 0, failed: 1, skipped: 0, note: `playwright exited ${code} without results` })
  const { stats } = JSON.parse(fs.readFileSync(out, 'utf8'))
  tallies.push({
    phase: 'e2e',
    passed: stats.expected + stats.flaky,
    failed: stats.unexpected + (code !== 0 && stats.unexpected === 0 ? 1 : 0),
    skipped: stats.skipped,
  })
}

/** A fresh, empty database for this run: embedded, or on the server TEST_DATABASE_URL names. */
async function freshDatabase(): Promise<{ url: string; adminUrl: string }> {
  const name = `isp_test_${Date.now()}_${process.pid}`
  if (process.env.TEST_DATABASE_URL) {
    const adminUrl = process.env.TEST_DATABASE_URL
    const admin = new pg.Client({ connectionString: adminUrl })
    await admin.connect()
    await admin.query(`CREATE DATABASE "${name}"`)
    await admin.end()
    cleanups.push(async () => {
      const c = new pg.Client({ connectionString: adminUrl })
      await c.connect()
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      await c.end()
    })
    const url = new URL(adminUrl)
    url.pathname = `/${name}`
    return { url: url.toString(), adminUrl }
  }
  const cluster: EmbeddedPostgres = await startEmbeddedPostgres({
    dataDir: path.join(tmp, 'pg'),
    port: await freePort(),
    password: randomBytes(16).toString('hex'),
    log: (l) => (/ERROR|FATAL|PANIC/.test(l) && !/duplicate key|violates|does not exist/.test(l) ? console.log(`[postgres] ${l}`) : undefined),
  })
  cleanups.push(() => cluster.stop())
  await cluster.ensureDatabase(name)
  return { url: cluster.url(name), adminUrl: cluster.url('postgres') }
}

/**
 * Runs a node script, killing and retrying it when it neither finishes nor fails within the time,
 * or when Node 20's module-hook thread gives up before any of our code ran (exit 13, "unsettled
 * top-level await": the runtime, see tests/helpers/scripts.ts). Any other failure is reported
 * with its exit code and output.
 */
async function runWatched(args: string[], env: NodeJS.ProcessEnv, opts: { attempts: number; timeoutMs: number }) {
  for (let attempt = 1; attempt <= opts.attempts; attempt++) {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    const result = await new Promise<{ kind: 'ok' | 'failed' | 'stalled'; code?: number | null }>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL')
        resolve({ kind: 'stalled' })
      }, opts.timeoutMs)
      // 'close', not 'exit': the output is read to its end before we judge it.
      child.on('close', (code) => {
        clearTimeout(timer)
        resolve({ kind: code === 0 ? 'ok' : 'failed', code })
      })
    })
    if (result.kind === 'ok') return
    const loaderGaveUp = result.kind === 'failed' && result.code === 13 && (/unsettled top-level await/i.test(output) || output.trim() === '')
    if (result.kind === 'failed' && !loaderGaveUp) throw new Error(`${path.basename(args[1])} failed (exit ${result.code}):\n${output.slice(-5000)}`)
    log(`${path.basename(args[1])} ${loaderGaveUp ? 'hit the Node 20 loader failure (exit 13)' : `stalled for ${opts.timeoutMs / 1000} s`} (attempt ${attempt} of ${opts.attempts}); retrying`)
  }
  throw new Error(`${path.basename(args[1])} did not complete in ${opts.attempts} attempts`)
}

/** Kept after the run beside the server's log. */
const workerLog = path.join(root, 'test-results', 'worker.log')

/**
 * The job runner for the end-to-end journeys, in a process of its own (scripts/worker.ts, schedules
 * off: a journey queues what it needs through the app). The integration tests run jobs themselves,
 * so it starts only for the e2e phase. Started again when Node 20's loader gives up before our code
 * runs (exit 13, see runWatched); resolves once the runner is polling.
 */
async function startWorker(env: NodeJS.ProcessEnv): Promise<void> {
  fs.mkdirSync(path.dirname(workerLog), { recursive: true })
  for (let attempt = 1; attempt <= 3; attempt++) {
    // Node with tsx's loader, not the tsx CLI (which runs the script in a child of its own): a kill reaches the runner.
    const worker = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/worker.ts'), '--no-schedules'], {
      cwd: root,
      env: { ...env, NODE_ENV: 'production', JOBS_POLL_SECONDS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const logStream = fs.createWriteStream(workerLog, { flags: attempt === 1 ? 'w' : 'a' })
    worker.stdout.pipe(logStream)
    worker.stderr.pipe(logStream)
    const ready = await new Promise<boolean | number>((resolve) => {
      const timer = setTimeout(() => resolve(false), 180_000)
      worker.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('worker: job runner polling')) {
          clearTimeout(timer)
          resolve(true)
        }
      })
      worker.once('exit', (code) => {
        clearTimeout(timer)
        resolve(code ?? 1)
      })
    })
    if (ready === true) {
      cleanups.push(() => stopChild(worker, 15_000))
      return
    }
    worker.kill('SIGKILL')
    if (ready !== 13 && ready !== false) throw new Error(`the job runner for the journeys exited with ${ready}; its log:\n${fs.readFileSync(workerLog, 'utf8').slice(-5000)}`)
    log(`the job runner for the journeys ${ready === 13 ? 'hit the Node 20 loader failure (exit 13)' : 'did not start in 180 s'} (attempt ${attempt} of 3); retrying`)
  }
  throw new Error('the job runner for the journeys did not start in 3 attempts')
}

async function startServer(env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
  fs.mkdirSync(path.dirname(serverLog), { recursive: true })
  const logFd = fs.openSync(serverLog, 'w')
  const server = spawn(process.execPath, [path.join(root, 'scripts/web-server.mjs'), '-p', String(port)], {
    cwd: root,
    env,
    stdio: ['ignore', logFd, logFd],
  })
  cleanups.push(() => stopChild(server))
  const deadline = Date.now() + 120_000
  while (Date.now() < deadline) {
    if (server.exitCode !== null) break
    try {
      // The first request also initialises Payload; wait until it answers.
      const res = await fetch(`http://127.0.0.1:${port}/api/users/me`)
      if (res.status < 500) return server
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error(`the app server did not start; its log:\n${fs.readFileSync(serverLog, 'utf8').slice(-5000)}`)
}

async function main() {
  if (wants('unit')) {
    log('unit tests')
    await vitestPhase('unit', { ...process.env, NODE_ENV: 'test', DATA_DIR: path.join(tmp, 'data') })
  }
  if (!wants('int') && !wants('e2e')) return

  log('preparing a fresh database, the production build and the app server')
  const db = await freshDatabase()
  log('database ready; applying migrations and the demo seed')
  const webPort = await freePort()
  const serverUrl = `http://localhost:${webPort}`
  // The vendors, as our simulators on free ports (simulators/): the app reaches them over real
  // HTTP and SMTP, chosen by the same configuration production uses for the real ones.
  const callbackSecret = randomBytes(32).toString('hex')
  const clickatellKey = randomBytes(16).toString('hex')
  const interstellioPassword = randomBytes(16).toString('hex')
  const netcashKey = randomUUID()
  const netcashPayNowKey = randomUUID()
  const netcashPostbackSecret = randomBytes(32).toString('hex')
  const { startSimulators } = await import('../simulators')
  const sims = await startSimulators({
    clickatell: { port: 0, apiKey: clickatellKey, callbackUrl: `${serverUrl}/api/webhooks/clickatell/${callbackSecret}` },
    mail: { smtpPort: 0, httpPort: 0 },
    interstellio: { port: 0, domain: 'isp.test', username: 'isp-billing', password: interstellioPassword, tenantId: 'test-tenant' },
    netcash: {
      port: 0,
      debitOrderKey: netcashKey,
      payNowKey: netcashPayNowKey,
      mandatePostbackUrl: `${serverUrl}/api/webhooks/netcash/${netcashPostbackSecret}/mandate`,
      payNowNotifyUrl: `${serverUrl}/api/webhooks/netcash/${netcashPostbackSecret}/paynow`,
      payNowReturnUrl: `${serverUrl}/portal/paynow/return`,
      postbackDelayMs: 50,
    },
  })
  cleanups.push(() => sims.stop())
  const interstellioUrl = sims.interstellio!.url
  log(`simulators: Clickatell ${sims.clickatell.url}, Interstellio ${interstellioUrl}, SMTP ${sims.mail.smtpPort}, inbox ${sims.mail.url}`)
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: db.url,
    TEST_PG_ADMIN_URL: db.adminUrl,
    PAYLOAD_SECRET: randomBytes(32).toString('hex'),
    PAYMENT_DATA_KEYS: `v1:${randomBytes(32).toString('base64')}`,
    DATA_DIR: path.join(tmp, 'data'),
    SERVER_URL: serverUrl,
    TEST_SERVER_URL: serverUrl,
    JOBS_RUNNER: 'false',
    CLICKATELL_BASE_URL: sims.clickatell.url,
    CLICKATELL_API_KEY: clickatellKey,
    CLICKATELL_CALLBACK_SECRET: callbackSecret,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(sims.mail.smtpPort),
    INTERSTELLIO_IDENTITY_URL: interstellioUrl,
    INTERSTELLIO_SUBSCRIBER_URL: interstellioUrl,
    INTERSTELLIO_TELEMETRY_URL: interstellioUrl,
    INTERSTELLIO_DOMAIN: 'isp.test',
    INTERSTELLIO_USERNAME: 'isp-billing',
    INTERSTELLIO_PASSWORD: interstellioPassword,
    TEST_CLICKATELL_URL: sims.clickatell.url,
    TEST_INTERSTELLIO_URL: interstellioUrl,
    NETCASH_WS_URL: `${sims.netcash!.url}/NIWS/niws_nif.svc`,
    NETCASH_PAYNOW_URL: `${sims.netcash!.url}/paynow/site/paynow.aspx`,
    NETCASH_DEBIT_ORDER_KEY: netcashKey,
    NETCASH_PAYNOW_KEY: netcashPayNowKey,
    NETCASH_POSTBACK_SECRET: netcashPostbackSecret,
    TEST_NETCASH_URL: sims.netcash!.url,
    TEST_MAIL_URL: sims.mail.url,
    LOG_LEVEL: 'warn',
    NEXT_TELEMETRY_DISABLED: '1',
  }
  Object.assign(process.env, env)
  // In a child process, watched: the harness itself never loads Payload, and a start that stalls
  // while loading modules (seen under tsx on Node 20, rarely) is killed and retried, not waited on.
  await runWatched([path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'scripts/seed.ts')], env, { attempts: 3, timeoutMs: 180_000 })
  log('database migrated and seeded')

  await ensureBuild(root, { log: (l) => log(l) })
  // The tests stand in for one reverse proxy: the X-Forwarded-For entry each request writes is its
  // client address, so tests of per-IP limits do not throttle each other.
  await startServer({ ...env, NODE_ENV: 'production', TRUSTED_PROXY_HOPS: '1' }, webPort)
  log(`app server on ${serverUrl}`)

  if (wants('int')) {
    log('integration tests')
    await vitestPhase('int', { ...env, NODE_ENV: 'test' })
  }
  if (wants('e2e')) {
    await startWorker(env)
    log('end-to-end tests (Chromium), with a job runner')
    await playwrightPhase(env)
  }
}

async function cleanUp() {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((e) => console.error(e))
  fs.rmSync(tmp, { recursive: true, force: true })
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void cleanUp().then(() => process.exit(130)))
}

/**
 * The fault suite, after the other phases have stopped their database and server (it starts the
 * benchmark's Postgres and processes of its own). Its result is the report it writes; Node 20's
 * loader failure before any of its code ran (exit 13, no report) is retried once.
 */
async function faultsPhase() {
  const report = path.join(root, 'test-results', 'reports', 'faults.json')
  // (Ctrl-C reaches the suite too: it is in our process group and stops its runners and database itself.)
  for (let attempt = 1; attempt <= 2; attempt++) {
    fs.rmSync(report, { force: true })
    const code = await run(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/faults.ts')], process.env)
    if (fs.existsSync(report)) {
      const { results } = JSON.parse(fs.readFileSync(report, 'utf8')) as { results: Array<{ passed: boolean }> }
      const passed = results.filter((r) => r.passed).length
      return tallies.push({ phase: 'faults', passed, failed: results.length - passed + (code !== 0 && passed === results.length ? 1 : 0), skipped: 0 })
    }
    if (code !== 13) return tallies.push({ phase: 'faults', passed: 0, failed: 1, skipped: 0, note: `the fault suite exited ${code} without a report` })
    log('the fault suite hit the Node 20 loader failure (exit 13); retrying')
  }
  tallies.push({ phase: 'faults', passed: 0, failed: 1, skipped: 0, note: 'the fault suite did not start' })
}

let crashed: unknown
try {
  await main()
} catch (err) {
  crashed = err
  console.error(err)
}
await cleanUp()
if (!crashed && wants('faults') && !fileFilters.length) {
  log('fault suite (the generated 10,000-customer data set)')
  await faultsPhase()
}

if (crashed) tallies.push({ phase: 'harness', passed: 0, failed: 1, skipped: 0, note: String(crashed) })
const total = tallies.reduce((t, x) => ({ passed: t.passed + x.passed, failed: t.failed + x.failed, skipped: t.skipped + x.skipped }), { passed: 0, failed: 0, skipped: 0 })
console.log('')
for (const t of tallies) console.log(`[test] ${t.phase.padEnd(8)} ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped${t.note ? ` (${t.note})` : ''}`)
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`)
process.exit(total.failed > 0 || total.passed === 0 ? 1 : 0)
