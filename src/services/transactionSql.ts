import type { PayloadRequest } from 'payload'
import type { SQL } from 'drizzle-orm'

type Executor = { execute: (query: SQL) => Promise<{ rows: Record<string, unknown>[] }> }

/**
 * Raw SQL on the connection of `req`'s transaction (or the pool when it has none), for what the
 * local API cannot express: bulk inserts, sequences, row locks. The pattern Payload's own drizzle
 * utilities use (`getTransaction`).
 */
export async function transactionSql(req: PayloadRequest): Promise<Executor> {
  const adapter = req.payload.db as unknown as { drizzle: Executor; sessions?: Record<string, { db: Executor }> }
  const id = req.transactionID instanceof Promise ? await req.transactionID : req.transactionID
  return (id !== undefined && adapter.sessions?.[String(id)]?.db) || adapter.drizzle
}
