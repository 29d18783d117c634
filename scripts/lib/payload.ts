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
  return payload
}

type PgPool = {
  end: () => Promise<void>
  ended?: boolean
  _clients?: Array<{ release?: (destroy?: boolean) => void }>
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
  for (const client of [...(pool._clients ?? [])]) {
    try {
      client.release?.(true)
    } catch {
      // already released: the pool closes it below
    }
  }
  await pool.end().catch(() => undefined)
}
