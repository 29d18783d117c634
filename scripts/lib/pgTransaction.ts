import type pg from 'pg'

/**
 * `work` on one pooled connection inside BEGIN … COMMIT (ROLLBACK when it throws), for the
 * scripts that write with plain SQL. `ledger` declares the transaction a ledger write, as the
 * billing services do (src/services/billing/ledger.ts), for a script that must put balances or
 * invoice statuses back.
 */
export async function inPgTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>, opts: { ledger?: boolean } = {}): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    if (opts.ledger) await client.query(`SELECT set_config('isp.ledger', 'on', true)`)
    const result = await work(client)
    await client.query('COMMIT')
    return result
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw err
  } finally {
    client.release()
  }
}
