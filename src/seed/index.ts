import type { Payload, PayloadRequest } from 'payload'

import { withTransaction } from '../services/withTransaction'
import { DEMO_CUSTOMERS, DEMO_PASSWORD, DEMO_STAFF } from './demoAccounts'

export type SeedResult = { seeded: true; counts: Record<string, number> } | { seeded: false; reason: string }

/**
 * Loads the demo data into an empty database, all in one transaction (a crash leaves nothing
 * half-seeded). A database that already has staff or customers is left untouched: the seed never
 * wipes anything. Deterministic: the same data on every machine.
 */
export async function seedDemoData(on: Payload | PayloadRequest, opts: { production: boolean }): Promise<SeedResult> {
  if (opts.production) return { seeded: false, reason: 'The demo seed never runs in production' }
  return withTransaction(on, async (req) => {
    const { payload } = req
    const staff = await payload.count({ collection: 'users', req })
    const customers = await payload.count({ collection: 'customers', req })
    if (staff.totalDocs > 0 || customers.totalDocs > 0) {
      return { seeded: false, reason: 'The database already has data' }
    }
    for (const s of DEMO_STAFF) {
      await payload.create({
        collection: 'users',
        data: { ...s, permissions: [...s.permissions], password: DEMO_PASSWORD },
        req,
      })
    }
    for (const c of DEMO_CUSTOMERS) {
      await payload.create({ collection: 'customers', data: { ...c, accountStatus: 'active', accountType: 'residential', password: DEMO_PASSWORD }, req })
    }
    return { seeded: true, counts: { users: DEMO_STAFF.length, customers: DEMO_CUSTOMERS.length } }
  })
}
