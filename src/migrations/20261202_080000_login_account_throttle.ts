import { MigrateDownArgs, MigrateUpArgs, sql } from '@payloadcms/db-postgres'

/**
 * Hand-written: the per-account login throttle (src/services/loginRateLimit.ts), which replaces
 * Payload's lockout. One row per account key, written with an atomic upsert on every attempt and
 * removed on a successful login. The per-address counter moves to one window per address, started
 * by its first attempt (a clock-aligned window let a burst straddle the boundary with twice the
 * limit); its old windows are short-lived counters and are simply dropped.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
    CREATE TABLE login_account_throttle (
      account text PRIMARY KEY,
      attempts integer NOT NULL CHECK (attempts >= 1),
      last_attempt_at timestamptz NOT NULL,
      refused boolean NOT NULL DEFAULT false
    );
    CREATE INDEX login_account_throttle_last_attempt_idx ON login_account_throttle (last_attempt_at);
    DELETE FROM login_rate_limits;
    ALTER TABLE login_rate_limits DROP CONSTRAINT login_rate_limits_pkey;
    ALTER TABLE login_rate_limits ADD PRIMARY KEY (ip);
  `)
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
    DROP TABLE IF EXISTS login_account_throttle;
    DELETE FROM login_rate_limits;
    ALTER TABLE login_rate_limits DROP CONSTRAINT login_rate_limits_pkey;
    ALTER TABLE login_rate_limits ADD PRIMARY KEY (ip, window_start);
  `)
}
