import { Writable } from 'node:stream'

import { describe, expect, it } from 'vitest'

import { createLogger } from '../../src/lib/logger'
import { redactText } from '../../src/lib/logRedaction'
import { runInRequest } from '../../src/lib/requestContext'

const HASH = 'a3f1'.repeat(256)
const SALT = '9c0d'.repeat(16)
const CIPHERTEXT = 'v1.AbCdEfGh12345678.QrStUvWx_-12345678ab.ZzYyXx0987654321AbCdEf'
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJpZCI6MSwiY29sbGVjdGlvbiI6InVzZXJzIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ'
const SECRETS = [HASH, SALT, CIPHERTEXT, JWT, 'thandi@demo.test', '27821234567', '12 Long Street', 'Pa55word!']

function capture() {
  const lines: string[] = []
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk))
      done()
    },
  })
  const logger = createLogger({ level: 'debug', format: 'json', destination })
  return { logger, lines, parsed: () => lines.map((l) => JSON.parse(l)) }
}

/** What drizzle throws for a failed query: the SQL, then every parameter, then the pg error as cause. */
function failedQuery(sqlState: string) {
  const cause = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: sqlState })
  return Object.assign(
    new Error(`Failed query: update "customers" set "hash" = $1, "salt" = $2, "postal_address" = $3 where "id" = $4\nparams: ${HASH},${SALT},12 Long Street,thandi@demo.test,27821234567,7`),
    { cause, name: 'DrizzleQueryError' },
  )
}

describe('the logger', () => {
  it('keeps query parameters and secret shapes out of the message, the error and its causes', () => {
    const { logger, lines } = capture()
    logger.error({ err: failedQuery('XX000') })
    logger.error(failedQuery('XX000'))
    logger.info(`token ${JWT} for thandi@demo.test`)
    logger.warn({ user: { email: 'thandi@demo.test', password: 'Pa55word!', hash: HASH, details: CIPHERTEXT } }, 'user %s', 'x')
    logger.error({ err: { message: `wrapped ${CIPHERTEXT}`, cause: failedQuery('XX000') } })
    const all = lines.join('')
    for (const secret of SECRETS) expect(all, secret).not.toContain(secret)
    expect(lines).toHaveLength(5)
  })

  it('logs a client-caused database error at warn, without a stack, and a server fault at error with one', () => {
    const { logger, parsed } = capture()
    logger.error({ err: failedQuery('22021') })
    logger.error({ err: failedQuery('XX000') })
    logger.error({ err: Object.assign(new Error('Not allowed'), { status: 403 }) })
    const [client, server, forbidden] = parsed()
    expect(client.level).toBe('warn')
    expect(client.err.stack).toBeUndefined()
    expect(client.err.type).toBe('Error')
    expect(server.level).toBe('error')
    expect(server.err.stack).toContain('Failed query')
    expect(forbidden.level).toBe('warn')
  })

  it('stamps every line written for a request with its id', async () => {
    const { logger, parsed } = capture()
    await runInRequest('req-12345678', async () => {
      await new Promise((r) => setTimeout(r, 1))
      logger.info('inside')
    })
    logger.info('outside')
    const [inside, outside] = parsed()
    expect(inside.requestId).toBe('req-12345678')
    expect(outside.requestId).toBeUndefined()
  })

  it('redacts secrets by key in fields and in objects interpolated into the message, and only there', () => {
    const { logger, parsed } = capture()
    logger.info({ password: 'Pa55word!', db_pass: 'x', passed: 3, bypassed: 'yes' }, 'settings %o', { apiKey: 'k-123456', resetPasswordToken: 'abc', user: 'thandi' })
    const [line] = parsed()
    expect(line).toMatchObject({ password: '[redacted]', db_pass: '[redacted]', passed: 3, bypassed: 'yes' })
    expect(line.msg).not.toContain('k-123456')
    expect(line.msg).not.toContain("'abc'")
    expect(line.msg).toContain('thandi')
  })

  it('leaves ordinary text and file paths in stack traces readable', () => {
    const path = 'at routeError (/work/main/node_modules/payload/dist/utilities/routeError.js:12:5)'
    expect(redactText(path)).toBe(path)
    expect(redactText('invoice INV-2026-00042 for CT-2026-00007, R 1 234.56')).toBe('invoice INV-2026-00042 for CT-2026-00007, R 1 234.56')
    expect(redactText('call 082 123 4567 or +27821234567')).toBe('call [mobile] or [mobile]')
  })

  it('never logs the secret in a vendor callback path, whatever its shape', () => {
    expect(redactText('POST /api/webhooks/netcash/Short-But-Secret_1234567890abcdefXYZ/mandate failed')).toBe('POST /api/webhooks/netcash/[secret]/mandate failed')
    expect(redactText('{"path":"/api/webhooks/clickatell/abcdefghijklmnopqrstuvwxyzABCDEF"}')).toBe('{"path":"/api/webhooks/clickatell/[secret]"}')
  })
})
