import type { Payload, PayloadRequest } from 'payload'

import { withTransaction } from './withTransaction'

export type BootstrapResult = { created: false; reason: 'STAFF_EXISTS' } | { created: true; email: string }

/** Creates the first admin from configuration, only while no staff user exists at all. */
export async function bootstrapAdmin(
  on: Payload | PayloadRequest,
  admin: { email: string; password: string },
): Promise<BootstrapResult> {
  return withTransaction(on, async (req) => {
    const { payload } = req
    const { totalDocs } = await payload.count({ collection: 'users', req })
    if (totalDocs > 0) return { created: false, reason: 'STAFF_EXISTS' }
    await payload.create({
      collection: 'users',
      data: { email: admin.email, password: admin.password, name: 'Administrator', role: 'admin' },
      req,
    })
    return { created: true, email: admin.email }
  })
}
