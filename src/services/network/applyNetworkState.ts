import type { Payload } from 'payload'

import { formatSastDateTime } from '../../domain/display'
import type { InterstellioClient, InterstellioError } from '../../integrations/interstellio'
import { poolOf } from '../pool'

export type NetworkAccess = 'enable' | 'disable'

/** What the network should do for a service in this status now: on while active, off when suspended or cancelled. */
export function desiredAccess(status: string): NetworkAccess | null {
  if (status === 'active') return 'enable'
  if (status === 'suspended' || status === 'cancelled') return 'disable'
  return null
}

export type ApplyOutcome =
  | { outcome: 'applied'; state: 'enabled' | 'disabled'; serviceId: number }
  | { outcome: 'nothing_to_do'; serviceId: number; why: string }
  | { outcome: 'failed'; serviceId: number; error: InterstellioError }

/** Rounds of read-apply-record before giving up on a service whose status keeps changing under us. */
const MAX_ROUNDS = 3

/**
 * Sets on Interstellio the state the service should have now, whatever the job that asked was
 * queued for: a late job for an old change applies the current status, so it cannot undo a newer
 * one. The state is recorded only if the status is still the one it applied (else it goes round
 * again). A failure is recorded on the service (`failed`, the error, since when) for staff and
 * the API; `attempt` says which try of the job this is.
 */
export async function applyNetworkState(payload: Payload, client: InterstellioClient, serviceId: number, opts: { attempt?: number; now?: () => Date } = {}): Promise<ApplyOutcome> {
  const pool = poolOf(payload)
  const now = opts.now ?? (() => new Date())
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const { rows } = await pool.query(`SELECT status, connection_id FROM services WHERE id = $1`, [serviceId])
    if (rows.length === 0) return { outcome: 'nothing_to_do', serviceId, why: 'no such service' }
    const status = String(rows[0].status)
    const access = desiredAccess(status)
    if (access === null) return { outcome: 'nothing_to_do', serviceId, why: `a ${status} service is not on the network yet` }
    const connectionId = rows[0].connection_id ? String(rows[0].connection_id) : ''
    if (!connectionId) return { outcome: 'nothing_to_do', serviceId, why: 'the service has no connection id yet' }

    const result = await client.setSubscriberEnabled(connectionId, access === 'enable')
    if (!result.ok) {
      const attempt = opts.attempt ? `Attempt ${opts.attempt} ` : ''
      await pool.query(
        `UPDATE services SET network_state = 'failed', network_error = $2, network_failing_since = coalesce(network_failing_since, now()) WHERE id = $1`,
        [serviceId, `${attempt}(${formatSastDateTime(now().toISOString())}): ${result.error.message}${result.error.requestId ? ` [request ${result.error.requestId}]` : ''}`.trim()],
      )
      return { outcome: 'failed', serviceId, error: result.error }
    }
    const state = access === 'enable' ? 'enabled' : 'disabled'
    const recorded = await pool.query(
      `UPDATE services SET network_state = $2, network_state_at = now(), network_error = NULL, network_failing_since = NULL WHERE id = $1 AND status = $3 RETURNING id`,
      [serviceId, state, status],
    )
    if (recorded.rows.length > 0) return { outcome: 'applied', state, serviceId }
    // The status changed while we talked to the network: apply the new one.
  }
  return { outcome: 'nothing_to_do', serviceId, why: 'the status kept changing; the job for the latest change applies it' }
}

/**
 * Services whose network does not (or may not) follow their status, with no job live to fix it:
 * a change that failed and whose job gave up, one made before the service had a connection id,
 * or one whose job was lost. Queued again by the hourly run, so the network follows the status
 * in the end, however long the vendor was down. At most 1,000 an hour. Returns the ids queued.
 */
export async function queueNetworkRepairs(payload: Payload): Promise<number[]> {
  const { rows } = await poolOf(payload).query(
    `SELECT s.id FROM services s
     WHERE s.connection_id IS NOT NULL AND s.connection_id <> ''
       AND (s.network_state = 'failed'
         OR (s.status = 'active' AND s.network_state IS DISTINCT FROM 'enabled')
         OR (s.status IN ('suspended', 'cancelled') AND s.network_state IS DISTINCT FROM 'disabled'))
       AND NOT EXISTS (
         SELECT 1 FROM payload_jobs j
         WHERE j.task_slug = 'syncNetworkAccess' AND j.completed_at IS NULL AND coalesce(j.has_error, false) = false
           AND j.input->>'serviceId' = s.id::text)
     ORDER BY s.id LIMIT 1000`,
  )
  const ids = rows.map((r) => Number(r.id))
  for (const id of ids) await payload.jobs.queue({ task: 'syncNetworkAccess', queue: 'network', input: { serviceId: id, access: 'repair' } as never })
  return ids
}
