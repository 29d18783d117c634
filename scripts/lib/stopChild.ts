import type { ChildProcess } from 'node:child_process'

/**
 * Stops a child process: SIGTERM, then SIGKILL if it has not exited within `graceMs`. Resolves
 * when it has exited. (Next closes its HTTP server on SIGTERM and then waits for the event loop to
 * drain, which Payload's database pool never lets happen: the grace ends it.)
 */
export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
    setTimeout(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'), graceMs).unref()
  })
}
