import pg from 'pg'
import { afterAll } from 'vitest'

/**
 * Plain SQL on the test database, bypassing Payload entirely: for proving that a rule holds at
 * the database, not just in the application. One pooled client per test file.
 */
export function plainSql() {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 })
  afterAll(() => pool.end())
  return {
    query: <T extends Record<string, unknown> = Record<string, unknown>>(text: string, values: unknown[] = []) =>
      pool.query<T>(text, values).then((r) => r.rows),
    /**
     * A statement run as the billing services run ledger writes (in a transaction that declared
     * itself one): to prove what the CHECKs refuse even then. Returns the SQLSTATE, or undefined.
     */
    asLedgerWrite: async (text: string, values: unknown[] = []) => {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        await client.query(`SELECT set_config('isp.ledger', 'on', true)`)
        await client.query(text, values)
        await client.query('COMMIT')
        return undefined
      } catch (err) {
        await client.query('ROLLBACK')
        return (err as { code?: string }).code
      } finally {
        client.release()
      }
    },
    /** The SQLSTATE a statement fails with (undefined when it succeeds). */
    errorCode: async (text: string, values: unknown[] = []) => {
      try {
        await pool.query(text, values)
        return undefined
      } catch (err) {
        return (err as { code?: string }).code
      }
    },
  }
}

export const SQLSTATE = {
  check: '23514',
  unique: '23505',
  notNull: '23502',
  invalidEnum: '22P02',
} as const

export { sql } from './oneQuery'
