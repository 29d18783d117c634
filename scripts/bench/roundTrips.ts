import pg from 'pg'

/**
 * What the app asked of the database, counted by the database itself: pg_stat_statements (loaded
 * into the benchmark cluster, see cluster.ts) records every top-level statement a client sends,
 * BEGIN, COMMIT and SET included, the moment it finishes. The app's driver (node-postgres) sends
 * one statement per round trip (a parameterised query is Parse/Bind/Execute/Sync in one write), so
 * statements are round trips. Counted from a connection to the `postgres` database and filtered
 * to the benchmark database, so the counting itself is never counted.
 *
 * Not counted: statements that failed (pg_stat_statements records only completed ones) and work
 * inside functions and triggers (one round trip however much it does, which is the point).
 */
export type DbTotals = {
  /** Statements completed, i.e. round trips. */
  statements: number
  /** Explicit transactions (BEGIN / START TRANSACTION); statements outside one are their own. */
  transactions: number
  /** Time the server spent executing them, in milliseconds. */
  execMs: number
  /** The most frequent statements (normalised by pg_stat_statements), most calls first. */
  top: Array<{ calls: number; query: string }>
}

export type DbCounter = {
  /** False when pg_stat_statements is not loaded: then nothing is counted. */
  available: boolean
  reset: () => Promise<void>
  read: () => Promise<DbTotals | undefined>
  close: () => Promise<void>
}

export async function openDbCounter(opts: { adminUrl: string; database: string; available: boolean }): Promise<DbCounter> {
  if (!opts.available) return { available: false, reset: async () => undefined, read: async () => undefined, close: async () => undefined }
  const client = new pg.Client({ connectionString: opts.adminUrl })
  client.on('error', () => undefined)
  await client.connect()
  return {
    available: true,
    reset: async () => {
      await client.query('SELECT pg_stat_statements_reset()')
    },
    read: async () => {
      const { rows } = await client.query(
        `SELECT coalesce(sum(s.calls), 0)::float8 AS statements,
                coalesce(sum(s.calls) FILTER (WHERE s.query ~* '^\\s*(begin|start\\s+transaction)'), 0)::float8 AS transactions,
                coalesce(sum(s.total_exec_time), 0)::float8 AS exec_ms
           FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
          WHERE d.datname = $1`,
        [opts.database],
      )
      const { rows: top } = await client.query(
        `SELECT s.calls::float8 AS calls, left(regexp_replace(s.query, '\\s+', ' ', 'g'), 160) AS query
           FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
          WHERE d.datname = $1 ORDER BY s.calls DESC, s.total_exec_time DESC LIMIT 8`,
        [opts.database],
      )
      return { statements: rows[0].statements, transactions: rows[0].transactions, execMs: rows[0].exec_ms, top }
    },
    close: () => client.end(),
  }
}
