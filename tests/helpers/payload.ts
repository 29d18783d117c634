import { getPayload, type Payload } from 'payload'
import { afterAll } from 'vitest'

import { closePayload } from '../../scripts/lib/payload'

/**
 * The local API on the test database, for arranging fixtures and checking outcomes. Each test
 * file gets its own instance and closes its pool when done.
 */
export async function testPayload(): Promise<Payload> {
  const { default: config } = await import('../../payload.config')
  const payload = await getPayload({ config })
  afterAll(() => closePayload(payload))
  return payload
}
