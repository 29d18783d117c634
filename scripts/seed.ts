/** `npm run seed`: loads the demo data into an empty database; never wipes, never in production. */
import { runWithPayload } from './lib/runWithPayload'

await runWithPayload(async (payload, config) => {
  const { seedDemoData } = await import('../src/seed')
  const result = await seedDemoData(payload, { production: config.isProduction })
  console.log(result.seeded ? `Seeded: ${JSON.stringify(result.counts)}` : `Nothing seeded: ${result.reason}`)
  return 0
})
