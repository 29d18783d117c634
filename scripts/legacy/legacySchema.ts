import type pg from 'pg'

/**
 * The old website's `orders` table as it exists there: an auto-increment id, the order number the
 * website printed (double submits left duplicates), free-text contact fields, the package as text,
 * the price in rand with cents as a decimal, the statuses people typed over the years, and a local
 * (SAST, zone-less) timestamp. Created in any Postgres: LEGACY_DATABASE_URL, or the schema `legacy`
 * in ours.
 */
export type LegacySource = { pool: pg.Pool; schema: string }

export const LEGACY_TABLE = 'orders'
export const LEGACY_RENAMED = 'orders_legacy'

export const quoteIdent = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain SQL name: ${name}`)
  return `"${name}"`
}

export async function createLegacySchema(source: LegacySource): Promise<void> {
  const s = quoteIdent(source.schema)
  await source.pool.query(`
    CREATE SCHEMA IF NOT EXISTS ${s};
    CREATE TABLE IF NOT EXISTS ${s}.${LEGACY_TABLE} (
      id         integer PRIMARY KEY,
      order_no   varchar(32),
      ref        varchar(64),
      email      varchar(255),
      name       varchar(200),
      cell       varchar(32),
      package    varchar(120),
      price      numeric(10, 2),
      status     varchar(20),
      created    timestamp without time zone,
      address    text,
      notes      text
    );`)
}

/** Which of the two names the table has now (renamed once the migration validated), or null. */
export async function legacyTableName(source: LegacySource): Promise<string | null> {
  const { rows } = await source.pool.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name IN ($2, $3) ORDER BY table_name`,
    [source.schema, LEGACY_TABLE, LEGACY_RENAMED],
  )
  return rows.find((r) => r.table_name === LEGACY_TABLE)?.table_name ?? rows[0]?.table_name ?? null
}
