import type { Payload } from 'payload'

export type LoginRateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number }

type Pool = { query: (text: string, values: unknown[]) => Promise<{ rows: Record<string, unknown>[] }> }

/**
 * Counts one login attempt for an address and says whether it may proceed: at most `limit`
 * attempts in the `windowSeconds` that start at the address's first attempt (a window of its
 * own, so a burst cannot straddle a clock-aligned boundary and get twice the limit).
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
  const expired = 'r.window_start + make_interval(secs => $2) <= now()'
  const { rows } = await pool.query(
    `INSERT INTO login_rate_limits AS r (ip, window_start, attempts) VALUES ($1, now(), 1)
     ON CONFLICT (ip) DO UPDATE SET
       attempts = CASE WHEN ${expired} THEN 1 ELSE r.attempts + 1 END,
       window_start = CASE WHEN ${expired} THEN now() ELSE r.window_start END
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

export type AccountThrottle = { freeAttempts: number; maxDelaySeconds: number; windowSeconds: number }

/**
 * Counts one attempt under a key (an account from one address, an account from anywhere, a reset
 * request) and says whether it may proceed. The first `freeAttempts` in a row go through; after
 * that each attempt must wait 2, 4, 8 ... seconds after the last allowed one, never more than
 * `maxDelaySeconds`. A refused attempt does not lengthen the wait, a successful login clears the
 * count (`clearAccountAttempts`), and a quiet `windowSeconds` starts afresh. How the keys combine
 * is src/hooks/limitLoginRate.ts. Atomic upsert on the pool, outside the login's transaction.
 */
export async function consumeAccountAttempt(payload: Payload, account: string, t: AccountThrottle): Promise<LoginRateDecision> {
  const pool = (payload.db as unknown as { pool: Pool }).pool
  // The exponent stops at 20 (2^20 s is past any ceiling) and the count at a million, so a long
  // attack never overflows a double or an int.
  const delay = (attempts: string) => `least(power(2, least(${attempts} - $3 + 1, 20)), $4)`
  const waiting = `l.attempts >= $3 AND l.last_attempt_at >= now() - make_interval(secs => $2)
    AND now() < l.last_attempt_at + make_interval(secs => ${delay('l.attempts')})`
  const { rows } = await pool.query(
    `INSERT INTO login_account_throttle AS l (account, attempts, last_attempt_at, refused)
     VALUES ($1, 1, now(), false)
     ON CONFLICT (account) DO UPDATE SET
       refused = (${waiting}),
       attempts = CASE WHEN l.last_attempt_at < now() - make_interval(secs => $2) THEN 1
                       WHEN ${waiting} THEN l.attempts ELSE least(l.attempts + 1, 1000000) END,
       last_attempt_at = CASE WHEN ${waiting} THEN l.last_attempt_at ELSE now() END
     RETURNING refused,
       ceil(extract(epoch FROM (last_attempt_at + make_interval(secs => ${delay('attempts')}) - now())))::int AS retry_after`,
    [account, t.windowSeconds, t.freeAttempts, t.maxDelaySeconds],
  )
  if (!rows[0].refused) return { allowed: true }
  return { allowed: false, retryAfterSeconds: Math.max(1, Number(rows[0].retry_after)) }
}

export async function clearAccountAttempts(payload: Payload, account: string): Promise<void> {
  const pool = (payload.db as unknown as { pool: Pool }).pool
  await pool.query(`DELETE FROM login_account_throttle WHERE account = $1`, [account])
}

/** Drops account counts quiet for longer than the window; run by the housekeeping job. */
export async function purgeQuietAccountThrottles(payload: Payload, windowSeconds: number): Promise<number> {
  const pool = (payload.db as unknown as { pool: Pool }).pool
  const result = (await pool.query(
    `DELETE FROM login_account_throttle WHERE last_attempt_at + make_interval(secs => $1) < now()`,
    [windowSeconds],
  )) as unknown as { rowCount: number | null }
  return result.rowCount ?? 0
}
