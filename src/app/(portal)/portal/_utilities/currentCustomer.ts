import config from '@payload-config'
import { headers } from 'next/headers'
import { getPayload } from 'payload'

import type { Customer } from '../../../../payload-types'

/** The signed-in customer for a portal page, from the portal cookie; null for anyone else (staff included). */
export async function currentCustomer(): Promise<Customer | null> {
  const payload = await getPayload({ config })
  const { user } = await payload.auth({ headers: await headers() })
  return user?.collection === 'customers' ? (user as Customer) : null
}
