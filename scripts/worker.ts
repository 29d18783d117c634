/**
 * A job runner on its own, without a web server: `npm run worker`. The same runner `npm start`
 * runs in its supervisor (src/jobs/runner.ts): it takes the runner lock or stands by, queues what
 * the schedules say is due (in SAST) and works every queue. Run it where web processes are
 * multiplied behind a load balancer with `JOBS_RUNNER=false`, and as many of it as you like: one
 * leads, the others wait to take over.
 *
 * `--no-schedules` works the queues only: for tests (a journey queues what it needs through the
 * app, never the wall clock). Never beside a production runner: whichever leads decides whether
 * schedules are queued at all. `JOBS_POLL_SECONDS` sets how often it looks; `JOBS_RUNNER` is
 * `npm start`'s switch and means nothing here (starting this is asking for a runner).
 * It applies no migrations: `npm start` (or `npm run payload -- migrate`) does, once.
 * Stops cleanly on SIGINT and SIGTERM (the job in hand finishes first).
 */
import { getConfig } from '../src/lib/config'

const schedulesOn = !process.argv.includes('--no-schedules')

const { default: config } = await import('../payload.config')
const { getPayload } = await import('payload')
const { closePayload } = await import('./lib/payload')
const payload = await getPayload({ config })
// An idle client that loses its connection must be logged, not crash the worker (the pool replaces it).
;(payload.db as unknown as { pool?: { on?: (e: 'error', fn: (err: Error) => void) => void } }).pool?.on?.('error', (err) => payload.logger.warn(`database connection lost: ${err.message}`))
const { startJobRunner } = await import('../src/jobs/runner')
const { pollSeconds } = getConfig().jobs
const runner = startJobRunner(payload, { pollSeconds, ...(schedulesOn ? {} : { schedules: [] }) })
// On stdout whatever the log level: whoever started the worker waits for this line.
console.log(`worker: job runner polling every ${pollSeconds}s${schedulesOn ? ' (schedules in SAST)' : ', schedules off'}`)

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    void runner
      .stop()
      .then(() => closePayload(payload))
      .finally(() => process.exit(0))
  })
}
