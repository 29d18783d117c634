/** What scripts/test.ts started for the integration phase. */
export function testEnv() {
  const serverUrl = process.env.TEST_SERVER_URL
  const adminUrl = process.env.TEST_PG_ADMIN_URL
  const databaseUrl = process.env.DATABASE_URL
  if (!serverUrl || !adminUrl || !databaseUrl) {
    throw new Error('integration tests run through `npm test` (or `npm run test:int`), which starts the database and server')
  }
  return { serverUrl, adminUrl, databaseUrl }
}
