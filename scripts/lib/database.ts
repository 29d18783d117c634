import path from 'node:path'

import { localSecrets } from '../../src/lib/config'
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embeddedPostgres'

export const LOCAL_DATABASE = 'isp_billing'

/**
 * DATABASE_URL when set; otherwise the embedded cluster in `<dataDir>/postgres`, started now and
 * stopped by the caller. Production never falls back to an embedded database.
 */
export async function resolveDatabase(opts: {
  dataDir: string
  port: number
  log: (line: string) => void
}): Promise<{ url: string; embedded?: EmbeddedPostgres }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL }
  if (process.env.NODE_ENV === 'production') {
    throw new Error('DATABASE_URL is required in production (the embedded database is for local runs only)')
  }
  const embedded = await startEmbeddedPostgres({
    dataDir: path.join(opts.dataDir, 'postgres'),
    port: opts.port,
    password: localSecrets(opts.dataDir).EMBEDDED_PG_PASSWORD,
    log: opts.log,
  })
  await embedded.ensureDatabase(LOCAL_DATABASE)
  return { url: embedded.url(LOCAL_DATABASE), embedded }
}
