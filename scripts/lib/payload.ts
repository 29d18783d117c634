import type { Payload } from 'payload'

type MigrationList = NonNullable<NonNullable<Parameters<Payload['db']['migrate']>[0]>['migrations']>

/** Payload on the configured database with every committed migration applied. */
export async function payloadWithMigrations(): Promise<Payload> {
  // Order matters: load the config's module graph before anything else pulls in
  // @payloadcms/db-postgres. Importing the migrations (which import the adapter) first made the
  // later import of the config hang in about a third of runs under tsx on Node 20.
  const { default: config } = await import('../../payload.config')
  const { getPayload } = await import('payload')
  const { migrations } = await import('../../src/migrations')
  const payload = await getPayload({ config })
  // The generated array's element type is narrower than the adapter's parameter: a known cast.
  await payload.db.migrate({ migrations: migrations as unknown as MigrationList })
  // An idle client that loses its connection (the database restarted) must be logged, not crash
  // the launcher with an unhandled 'error' event; the pool replaces it on next use.
  const pool = (payload.db as unknown as { pool?: { on?: (e: 'error', fn: (err: Error) => void) => void } }).pool
  pool?.on?.('error', (err) => payload.logger.warn(`database connection lost: ${err.message}`))
  return payload
}

type PgClient = { release?: (destroy?: boolean) => void; on?: (event: 'error', fn: () => void) => void }
type PgPool = {
  end: () => Promise<void>
  ended?: boolean
  on?: (event: 'error', fn: () => void) => void
  removeAllListeners?: (event: 'error') => void
  _clients?: PgClient[]
}

/**
 * `payload.destroy()` leaves the pg pool open, and the Postgres adapter keeps one client checked
 * out from the moment it connects (`connectWithReconnect`), so `pool.end()` alone waits forever.
 * Destroy every client the pool holds, then end it, so the process can exit.
 */
export async function closePayload(payload: Payload): Promise<void> {
  await payload.destroy().catch(() => undefined)
  const pool = (payload.db as unknown as { pool?: PgPool }).pool
  if (!pool || pool.ended) return
  // The database may stop right after this (the embedded one does): a client that hears about it
  // late must not crash the process with an unhandled 'error' event.
  const ignore = () => undefined
  pool.removeAllListeners?.('error')
  pool.on?.('error', ignore)
  for (const client of pool._clients ?? []) client.on?.('error', ignore)
  for (const client of [...(pool._clients ?? [])]) {
    try {
      client.release?.(true)
    } catch {
      // already released: the pool closes it below
    }
  }
  await pool.end().catch(() => undefined)
}
