/** `npm run with-db -- npx tsx scripts/psql.ts "<sql>"`: one query against DATABASE_URL, rows printed as a table. */
import pg from 'pg'

const client = new pg.Client({ connectionString: process.env.DATABASE_URL })
await client.connect()
try {
  const result = await client.query(process.argv[2] ?? 'SELECT 1')
  console.table(result.rows)
} finally {
  await client.end()
}
