import { MigrateDownArgs, MigrateUpArgs, sql } from '@payloadcms/db-postgres'

/**
 * Hand-written: the per-IP login counter (src/services/loginRateLimit.ts). A plain table rather
 * than a Payload collection: it is written on every login attempt with an atomic upsert, and no
 * one browses it.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
    CREATE TABLE login_rate_limits (
      ip text NOT NULL,
      window_start timestamptz NOT NULL,
      attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      PRIMARY KEY (ip, window_start)
    );
    CREATE INDEX login_rate_limits_window_start_idx ON login_rate_limits (window_start);
  `)
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`DROP TABLE IF EXISTS login_rate_limits;`)
}
