/**
 * Run by tests/int/logs.int.spec.ts as a child process: updates rows that hold known secrets (a
 * password hash and salt, bank-details ciphertext, a postal address, a mobile) through Payload's
 * local API while a test trigger makes each update fail with a chosen SQLSTATE, and logs each error
 * the way Payload's route handlers do. Its whole output is then searched for the secrets. It
 * prints, as its last line, how many errors it provoked and how many carried a secret before
 * redaction, so the test knows the errors were worth redacting.
 */
import { getPayload } from 'payload'

import config from '../../../payload.config'

const secrets = JSON.parse(process.env.SECRETS_JSON ?? '[]') as string[]
const customerId = Number(process.env.CUSTOMER_ID)
const methodId = Number(process.env.METHOD_ID)
const codes = ['23514', '22021', '22003', 'XX000']

const payload = await getPayload({ config })
const attempts: Array<() => Promise<unknown>> = [
  ...codes.map((code) => () => payload.update({ collection: 'customers', id: customerId, data: { firstName: `raise-${code}` } })),
  () => payload.update({ collection: 'payment-methods', id: methodId, data: { displayName: 'raise-22021' } }),
]
let provoked = 0
let carriedSecrets = 0
for (const attempt of attempts) {
  try {
    await attempt()
  } catch (err) {
    provoked += 1
    const raw = [err instanceof Error ? err.message : String(err), String((err as { cause?: { message?: string } }).cause?.message ?? '')].join('\n')
    if (secrets.some((s) => raw.includes(s))) carriedSecrets += 1
    payload.logger.error({ err }, 'query failed')
    payload.logger.error(err as Error)
    payload.logger.warn(`failed: ${err instanceof Error ? err.message : String(err)}`)
  }
}
console.log(JSON.stringify({ provoked, carriedSecrets }))
process.exit(0)
