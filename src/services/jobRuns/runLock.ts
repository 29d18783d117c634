import type { Payload } from 'payload'

import { poolOf } from '../pool'

export class RunInProgressError extends Error {
  constructor(readonly jobName: string) {
    super(`Another ${jobName} run is in progress; this one waits for a retry`)
    this.name = 'RunInProgressError'
  }
}

/**
 * Runs `work` while holding a session advisory lock named for the job, on a connection of its own:
 * two executions of the same run (a runner that lost its lock mid-run and the one that took over,
 * or a job released while it was still working) never overlap. A second caller gets
 * RunInProgressError at once (the job fails and Payload retries it later). The lock ends with the
 * connection, so a crashed run never holds it.
 */
export async function withRunLock<T>(payload: Payload, jobName: string, work: () => Promise<T>): Promise<T> {
  const pool = poolOf(payload)
  const client = await pool.connect()
  let locked = false
  try {
    const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(hashtext('job-run:' || $1)) AS locked`, [jobName])
    locked = rows[0]?.locked === true
    if (!locked) throw new RunInProgressError(jobName)
    return await work()
  } finally {
    if (locked) await client.query(`SELECT pg_advisory_unlock(hashtext('job-run:' || $1))`, [jobName]).catch(() => undefined)
    client.release()
  }
}
