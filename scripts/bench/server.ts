import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

export type BenchServer = { baseUrl: string; logFile: string; stop: () => Promise<void> }

/**
 * The production app as `npm start` and `npm test` run it: `scripts/web-server.mjs` (Next behind
 * the thin front that sets the client address and security headers) with NODE_ENV=production,
 * serving the build in `distDir`. Its output goes to `logFile`.
 */
export async function startBenchServer(opts: { root: string; port: number; env: NodeJS.ProcessEnv; logFile: string }): Promise<BenchServer> {
  fs.mkdirSync(path.dirname(opts.logFile), { recursive: true })
  const logFd = fs.openSync(opts.logFile, 'w')
  const server = spawn(process.execPath, [path.join(opts.root, 'scripts/web-server.mjs'), '-p', String(opts.port)], {
    cwd: opts.root,
    env: opts.env,
    stdio: ['ignore', logFd, logFd],
  })
  fs.closeSync(logFd)
  const stop = () =>
    new Promise<void>((resolve) => {
      if (server.exitCode !== null || server.signalCode !== null) return resolve()
      server.once('exit', () => resolve())
      server.kill('SIGTERM')
      // Payload's pool keeps Next's event loop alive after SIGTERM: give it a moment, then end it.
      setTimeout(() => server.exitCode === null && server.kill('SIGKILL'), 10_000).unref()
    })
  const baseUrl = `http://127.0.0.1:${opts.port}`
  const deadline = Date.now() + 180_000
  while (Date.now() < deadline && server.exitCode === null) {
    try {
      // The first request also initialises Payload; wait until it answers.
      const res = await fetch(`${baseUrl}/api/users/me`)
      if (res.status < 500) return { baseUrl, logFile: opts.logFile, stop }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500))
  }
  await stop()
  throw new Error(`the app server did not start; the end of ${opts.logFile}:\n${fs.readFileSync(opts.logFile, 'utf8').slice(-4000)}`)
}
