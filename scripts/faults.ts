/**
 * The fault suite (issue #18): the system on the benchmark's generated data set (10,000
 * customers, 12,000 services, a year of invoices) with real processes failing under it.
 * `npm run test:faults`; ends with `N passed, N failed` and writes test-results/reports/faults.json
 * for the test report.
 *
 * Each scenario runs on a fresh copy of the data set (`CREATE DATABASE ... TEMPLATE`), so the stored
 * data set is never changed, against job runners in processes of their own (scripts/worker.ts,
 * schedules off) and the SMTP catcher (SMS off: the data set's mobiles are made up).
 *
 * Scenarios:
 *  - four runners at once, the invoice run's leader killed with SIGKILL part-way, the others left
 *    to take over: every due invoice exists exactly once, no notification is queued or sent twice,
 *    reconcile is clean.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import pg from 'pg'

import { BENCH_DATABASE, startBenchCluster, type BenchCluster } from './bench/cluster'
import { datasetSpec } from './bench/dataset'
import { parseOptions } from './bench/options'
import { prepareDatabase } from './bench/prepareDatabase'

const root = path.resolve(import.meta.dirname, '..')
const FAULTS_DATABASE = 'isp_faults'
const log = (line: string) => console.log(`[faults] ${line}`)

type Result = { scenario: string; passed: boolean; checks: Array<{ check: string; passed: boolean; detail: string }>; seconds: number }

type Worker = { name: string; child: ChildProcess; leading: boolean; exited: Promise<number | null> }

/** Every runner process alive, so a signal to the suite stops them too. */
const running = new Set<Worker>()
/** What main set up, undone once: at its end, or on a signal. */
let undo: (() => Promise<void>) | undefined
const undoOnce = () => {
  const u = undo
  undo = undefined
  return u?.() ?? Promise.resolve()
}

/** A job runner in its own process (scripts/worker.ts --no-schedules), its log lines watched for leadership. */
function startWorker(name: string, env: NodeJS.ProcessEnv, logDir: string): Worker {
  // Node with tsx's loader, not the tsx CLI: the CLI runs the script in a child of its own, and a
  // SIGKILL must reach the runner itself.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/worker.ts'), '--no-schedules'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const out = fs.createWriteStream(path.join(logDir, `${name}.log`))
  const worker: Worker = { name, child, leading: false, exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) }
  running.add(worker)
  void worker.exited.then(() => running.delete(worker))
  let pending = ''
  child.stdout!.on('data', (d: Buffer) => {
    out.write(d)
    // Whole lines only: a chunk may end mid-line.
    const lines = (pending + d.toString()).split('\n')
    pending = lines.pop() ?? ''
    if (lines.some((l) => l.includes('job runner: leading'))) worker.leading = true
  })
  child.stderr!.pipe(out)
  return worker
}

async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = await check()
    if (v) return v
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

async function freshCopy(bench: BenchCluster): Promise<string> {
  const admin = new pg.Client({ connectionString: bench.adminUrl })
  await admin.connect()
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${FAULTS_DATABASE} WITH (FORCE)`)
    await admin.query(`CREATE DATABASE ${FAULTS_DATABASE} TEMPLATE ${BENCH_DATABASE}`)
  } finally {
    await admin.end()
  }
  const url = new URL(bench.url)
  url.pathname = `/${FAULTS_DATABASE}`
  return url.toString()
}

async function fourRunnersAndAKill(bench: BenchCluster, baseEnv: NodeJS.ProcessEnv, logDir: string): Promise<Result> {
  const scenario = 'four job runners, the invoice run\'s leader killed with SIGKILL part-way'
  const started = Date.now()
  const checks: Result['checks'] = []
  // Imported only now, after prepareDatabase has loaded Payload's config: app modules imported
  // before it make that load hang in some runs under tsx on Node 20 (scripts/lib/payload.ts).
  const { ISSUE_DAYS_AHEAD } = await import('../src/services/billing/issueRecurringInvoices')
  const databaseUrl = await freshCopy(bench)
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 })
  const workers: Worker[] = []
  try {
    const [{ as_of: asOf, due }] = (await db.query<{ as_of: string; due: string }>(
      `WITH b AS (SELECT next_billing_date FROM services WHERE status IN ('active', 'suspended') AND NOT billing_paused AND next_billing_date IS NOT NULL)
       SELECT to_char((SELECT max(next_billing_date) FROM b) AT TIME ZONE 'Africa/Johannesburg' - make_interval(days => $1), 'YYYY-MM-DD') AS as_of, (SELECT count(*) FROM b) AS due`,
      [ISSUE_DAYS_AHEAD],
    )).rows
    const [{ mark }] = (await db.query<{ mark: number }>(`SELECT coalesce(max(id), 0)::int AS mark FROM invoices`)).rows
    log(`${Number(due).toLocaleString('en-US')} services due once as of ${asOf}; starting four job runners`)
    const env = { ...baseEnv, DATABASE_URL: databaseUrl }
    for (let i = 1; i <= 4; i++) workers.push(startWorker(`runner-${i}`, env, logDir))
    await until('a leader', 180_000, async () => workers.some((w) => w.leading))
    // The run, as an external scheduler's start would queue it (src/endpoints/admin/jobRuns.ts).
    const [{ id: jobId }] = (await db.query<{ id: number }>(
      `INSERT INTO payload_jobs (input, task_slug, queue, total_tried, has_error, processing, updated_at, created_at)
       VALUES (jsonb_build_object('asOf', $1::text, 'trigger', 'api_key'), 'runInvoiceRun', 'billing', 0, false, false, now(), now()) RETURNING id`,
      [asOf],
    )).rows
    const issued = async () => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM invoices WHERE id > $1`, [mark])).rows[0]!.n)
    const killAt = Math.floor(Number(due) / 3)
    await until(`${killAt} invoices issued`, 300_000, async () => (await issued()) >= killAt)
    const leader = workers.find((w) => w.leading)!
    const before = await issued()
    leader.child.kill('SIGKILL')
    await leader.exited
    log(`killed ${leader.name} (the leader) with SIGKILL after ${before} invoices`)
    const rest = workers.filter((w) => w !== leader)
    // The killed machine comes back: its runner starts again and stands by (or leads, if it is first).
    const restarted = startWorker(`${leader.name}-restarted`, env, logDir)
    workers.push(restarted)
    rest.push(restarted)
    await until('another runner to lead', 120_000, async () => rest.some((w) => w.leading))
    log(`${rest.find((w) => w.leading)!.name} took over`)
    await until('the invoice run to finish', 600_000, async () => {
      const { rows } = await db.query<{ done: boolean }>(`SELECT completed_at IS NOT NULL AS done FROM payload_jobs WHERE id = $1`, [jobId])
      return rows[0]!.done
    })
    // Let the notifications the run queued go out for a while (they are sent ten at a time).
    await new Promise((r) => setTimeout(r, 15_000))

    const count = async (text: string, values: unknown[] = []) => Number((await db.query<{ n: string }>(text, values)).rows[0]!.n)
    const total = await issued()
    checks.push({ check: 'every due service invoiced for its period', passed: total === Number(due), detail: `${total} invoices for ${due} due services` })
    const twice = await count(`SELECT count(*) AS n FROM (SELECT 1 FROM invoices WHERE id > $1 AND kind = 'recurring' GROUP BY service_id, period_start HAVING count(*) > 1) d`, [mark])
    checks.push({ check: 'no service invoiced twice for a period (the unique index guarantees it; counted all the same)', passed: twice === 0, detail: `${twice} duplicates` })
    const jobsTwice = await count(
      `SELECT count(*) AS n FROM (SELECT 1 FROM payload_jobs WHERE task_slug = 'notifyCustomer' AND (input->>'invoiceId')::int > $1 GROUP BY input->>'eventKey' HAVING count(*) > 1) d`,
      [mark],
    )
    checks.push({ check: 'no notification queued twice (queued in the statement that writes its invoice)', passed: jobsTwice === 0, detail: `${jobsTwice} events queued more than once` })
    const sentTwice = await count(`SELECT count(*) AS n FROM (SELECT 1 FROM notifications WHERE status IN ('sent', 'delivered') GROUP BY event_key, template, channel HAVING count(*) > 1) d`)
    const sent = await count(`SELECT count(*) AS n FROM notifications WHERE status IN ('sent', 'delivered') AND template = 'invoice_issued'`)
    checks.push({ check: 'no notification sent twice (unique per event, template and channel; counted all the same)', passed: sentTwice === 0, detail: `${sent} invoice emails sent in the 15 s after the run, ${sentTwice} sent twice` })
    const [job] = (await db.query<{ has_error: boolean; processing: boolean }>(`SELECT has_error, processing FROM payload_jobs WHERE id = $1`, [jobId])).rows
    checks.push({ check: 'the killed runner\'s job released and finished without error', passed: !job!.has_error && !job!.processing, detail: `has_error ${job!.has_error}, processing ${job!.processing}` })
    const runs = (await db.query<{ status: string; summary: string | null }>(`SELECT status, summary FROM job_runs WHERE job_name = 'generate-invoices' ORDER BY id`)).rows
    checks.push({
      check: 'the run the kill cut short is closed as such, the one that finished it succeeded',
      passed: runs.length === 2 && runs[0]!.status !== 'running' && runs[1]!.status === 'succeeded',
      detail: runs.map((r) => `${r.status}: ${r.summary ?? ''}`).join(' | '),
    })
    const reconciled = await runReconcile(env)
    checks.push({ check: 'reconcile clean', passed: reconciled.code === 0, detail: reconciled.summary })
  } catch (err) {
    checks.push({ check: 'the scenario ran to the end', passed: false, detail: err instanceof Error ? err.message : String(err) })
  } finally {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGTERM')
    await Promise.race([Promise.all(workers.map((w) => w.exited)), new Promise((r) => setTimeout(r, 20_000))])
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL')
    await db.end()
  }
  return { scenario, passed: checks.every((c) => c.passed), checks, seconds: (Date.now() - started) / 1000 }
}

/** `npm run reconcile` on the scenario's database: its exit code and last line. */
async function runReconcile(env: NodeJS.ProcessEnv): Promise<{ code: number; summary: string }> {
  const child = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'scripts/reconcile.ts')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (d) => (output += d))
  child.stderr!.on('data', (d) => (output += d))
  const code = await new Promise<number>((resolve) => child.once('close', (c) => resolve(c ?? 1)))
  return { code, summary: output.trim().split('\n').filter(Boolean).at(-1) ?? `exit ${code}` }
}

async function main(): Promise<number> {
  const options = parseOptions([], process.env, root)
  const spec = datasetSpec(options.size, { seed: options.seed, asOf: options.asOf })
  const logDir = path.join(root, 'test-results', 'faults')
  fs.mkdirSync(logDir, { recursive: true })
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'isp-faults-'))
  const bench = await startBenchCluster(options.benchDir, log)
  const { startMailCatcher } = await import('../simulators/smtp/server')
  const mail = await startMailCatcher({ smtpPort: 0, httpPort: 0 })
  undo = async () => {
    const admin = new pg.Client({ connectionString: bench.adminUrl })
    await admin.connect().then(() => admin.query(`DROP DATABASE IF EXISTS ${FAULTS_DATABASE} WITH (FORCE)`)).catch(() => undefined)
    await admin.end().catch(() => undefined)
    await mail.stop()
    await bench.stop()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
  try {
    await prepareDatabase(bench, spec, { regenerate: false, asOfMatters: false, log })
    const baseEnv: NodeJS.ProcessEnv = {
      ...process.env,
      PAYLOAD_SECRET: bench.secrets.PAYLOAD_SECRET,
      PAYMENT_DATA_KEYS: bench.secrets.PAYMENT_DATA_KEYS,
      DATA_DIR: dataDir,
      NODE_ENV: 'production',
      JOBS_RUNNER: 'true',
      JOBS_POLL_SECONDS: '1',
      LOG_LEVEL: 'info',
      // The vendors these scenarios do not exercise are off; SMS too (the data set's mobiles are made up).
      SMS_ENABLED: 'false',
      INTERSTELLIO_ENABLED: 'false',
      NETCASH_ENABLED: 'false',
      CLICKATELL_CALLBACK_SECRET: 'faults-callback-secret-not-used-000000',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(mail.smtpPort),
      SERVER_URL: 'http://localhost:3000',
    }
    const results: Result[] = [await fourRunnersAndAKill(bench, baseEnv, logDir)]
    for (const r of results) {
      log(`${r.passed ? 'PASS' : 'FAIL'} ${r.scenario} (${r.seconds.toFixed(0)} s)`)
      for (const c of r.checks) log(`  ${c.passed ? 'ok  ' : 'FAIL'} ${c.check}: ${c.detail}`)
    }
    const reports = path.join(root, 'test-results', 'reports')
    fs.mkdirSync(reports, { recursive: true })
    fs.writeFileSync(path.join(reports, 'faults.json'), JSON.stringify({ at: new Date().toISOString(), results }, null, 2))
    const passed = results.filter((r) => r.passed).length
    console.log(`${passed} passed, ${results.length - passed} failed`)
    return passed === results.length ? 0 : 1
  } finally {
    await undoOnce()
  }
}

// Ctrl-C or a CI cancel: the runners killed, the scenario's database dropped, Postgres stopped.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const w of running) w.child.kill('SIGKILL')
    void undoOnce().finally(() => process.exit(130))
  })
}

process.exitCode = await main().catch((err: unknown) => {
  console.error(err)
  return 1
})
