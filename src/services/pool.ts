import type { Payload } from 'payload'
import type { Pool } from 'pg'

/**
 * The Postgres adapter's pool, for single statements the local API cannot express (bulk upserts,
 * aggregates, guarded updates). Anything that must be atomic with other writes goes on a
 * transaction instead (withTransaction, transactionSql).
 */
export const poolOf = (payload: Payload): Pool => (payload.db as unknown as { pool: Pool }).pool
