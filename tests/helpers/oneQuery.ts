import pg from 'pg'

/**
 * One query straight on the test database (scripts/test.ts puts DATABASE_URL in the environment),
 * under every Payload hook and access rule: for checking what a row really holds (a field no API
 * may show) or arranging what no API may write. Free of vitest, so Playwright's specs use it too.
 */
export async function sql<T extends Record<string, unknown> = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL })
  await client.connect()
  try {
    return (await client.query(text, params)).rows as T[]
  } finally {
    await client.end()
  }
}
