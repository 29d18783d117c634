import type { Payload } from 'payload'

export type LoginRateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number }

type Pool = { query: (text: string, values: unknown[]) => Promise<{ rows: Record<string, unknown>[] }> }

/**
 * Counts one login attempt for an address in a fixed window and says whether it may proceed.
 *
 * The counter lives in Postgres (table `login_rate_limits`, see the migrations) so every web
 * process behind a load balancer shares it. It runs on the pool, outside the login's own
 * transaction: a failed login rolls its transaction back, and the attempt must still count.
 */
export async function consumeLoginAttempt(
  payload: Payload,
  ip: string,
  limits: { limit: number; windowSeconds: number },
): Promise<LoginRateDecision> {
  const pool = (payload.db as unknown as { pool: Pool }).pool
  const { rows } = await pool.query(
    `INSERT INTO login_rate_limits (ip, window_start, attempts)
     VALUES ($1, to_timestamp(floor(extract(epoch FROM now()) / $2) * $2), 1)
     ON CONFLICT (ip, window_start) DO UPDATE SET attempts = login_rate_limits.attempts + 1
     RETURNING attempts,
       ceil(extract(epoch FROM (window_start + make_interval(secs => $2) - now())))::int AS retry_after`,
    [ip, limits.windowSeconds],
  )
  const attempts = Number(rows[0].attempts)
  if (attempts <= limits.limit) return { allowed: true }
  return { allowed: false, retryAfterSeconds: Math.max(1, Number(rows[0].retry_after)) }
}

/** Drops windows that ended; run by the housekeeping job. Returns how many rows went. */
export async function purgeExpiredLoginWindows(payload: Payload, windowSeconds: number): Promise<number> {
  const pool = (payload.db as unknown as { pool: Pool & { query: Function } }).pool
  const result = (await pool.query(
    `DELETE FROM login_rate_limits WHERE window_start + make_interval(secs => $1) < now()`,
    [windowSeconds],
  )) as unknown as { rowCount: number | null }
  return result.rowCount ?? 0
}
