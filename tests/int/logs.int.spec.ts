import fs from 'node:fs'
import path from 'node:path'

import type { Payload } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createCustomer, createStaff } from '../factories/accounts'
import { createPaymentMethod } from '../factories/billing'
import { api, loginStaff } from '../helpers/http'
import { testPayload } from '../helpers/payload'
import { projectRoot, runTsxScript, scriptBudgetMs } from '../helpers/scripts'
import { sql } from '../helpers/sql'

/**
 * Nothing the processes write holds a secret, whatever fails: the web server (its log, written by
 * the test harness to test-results/server.log) and a process that makes queries fail on rows full
 * of secrets and logs the errors as Payload would.
 */

const SCRIPT_TIMEOUT_MS = 90_000
const ADDRESS = '17 Jacaranda Crescent'
const MOBILE = '27825550173'
const CIPHERTEXT = 'v1.S3cr3tIvAbCdEf1234.T4gT4gT4gT4gT4gT4gXyZw.C1ph3rT3xtC1ph3rT3xtC1ph3rT3xt0987'

let payload: Payload
let secrets: string[]
let customerId: number
let methodId: number

beforeAll(async () => {
  payload = await testPayload()
  const customer = await createCustomer(payload, { firstName: 'Secretive' })
  customerId = customer.id
  await payload.update({ collection: 'customers', id: customer.id, data: { mobile: MOBILE, postalAddress: { line1: ADDRESS, postalCode: '8001' } } })
  const method = await createPaymentMethod(payload, customer.id)
  methodId = method.id
  await sql('UPDATE payment_methods SET encrypted_details = $1 WHERE id = $2', [CIPHERTEXT, method.id])
  const [row] = await sql<{ hash: string; salt: string; email: string }>('SELECT hash, salt, email FROM customers WHERE id = $1', [customer.id])
  secrets = [row.hash, row.salt, row.hash.slice(0, 40), row.salt.slice(0, 24), CIPHERTEXT, ADDRESS, MOBILE, row.email]
  // A test trigger: an update that sets a name to `raise-<SQLSTATE>` fails with that SQLSTATE, so
  // the failed statement (with every column of the row as a parameter) is what gets logged.
  await sql(`CREATE OR REPLACE FUNCTION test_raise_on_marker() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE marker text := coalesce(to_jsonb(NEW)->>'first_name', to_jsonb(NEW)->>'display_name');
    BEGIN
      IF marker LIKE 'raise-%' THEN RAISE EXCEPTION 'injected %', marker USING ERRCODE = substr(marker, 7); END IF;
      RETURN NEW;
    END $$`)
  await sql('CREATE TRIGGER test_raise_customers BEFORE UPDATE ON customers FOR EACH ROW EXECUTE FUNCTION test_raise_on_marker()')
  await sql('CREATE TRIGGER test_raise_payment_methods BEFORE UPDATE ON payment_methods FOR EACH ROW EXECUTE FUNCTION test_raise_on_marker()')
})

afterAll(async () => {
  await sql('DROP TRIGGER IF EXISTS test_raise_customers ON customers')
  await sql('DROP TRIGGER IF EXISTS test_raise_payment_methods ON payment_methods')
  await sql('DROP FUNCTION IF EXISTS test_raise_on_marker()')
})

describe('secrets stay out of the logs', () => {
  it('a process that makes queries fail on rows holding secrets writes none of them', async () => {
    const run = await runTsxScript(['tests/int/support/failing-queries.ts'], {
      env: { ...process.env, NODE_ENV: 'test', LOG_FORMAT: 'json', LOG_LEVEL: 'info', SECRETS_JSON: JSON.stringify(secrets), CUSTOMER_ID: String(customerId), METHOD_ID: String(methodId) },
      timeoutMs: SCRIPT_TIMEOUT_MS,
    })
    expect(run.status, run.stderr.slice(-2000)).toBe(0)
    const report = JSON.parse(run.stdout.trim().split('\n').pop()!)
    expect(report.provoked).toBe(5)
    expect(report.carriedSecrets).toBeGreaterThan(0)
    const written = run.stdout + run.stderr
    for (const secret of secrets) expect(written, `the output holds ${secret.slice(0, 12)}...`).not.toContain(secret)
    expect(written).toContain('params: [redacted]')
  }, scriptBudgetMs(SCRIPT_TIMEOUT_MS))

  it('the web server logs the failures clients provoke without their values, and client errors without stacks', async () => {
    const staff = await createStaff(payload, 'admin')
    const jwt = await loginStaff(staff.email, staff.password)
    const provoked = [
      await api(`/api/services?where[customer][equals]=99999999999`, { jwt }),
      await api(`/api/customers/${customerId}`, { jwt, method: 'PATCH', body: { postalAddress: { line1: `${ADDRESS}\u0000` } } }),
      await api(`/api/customers/${customerId}`, { jwt, method: 'PATCH', body: { mobile: { toString: MOBILE } } }),
      await api('/api/customers/login', { body: { email: { $ne: null }, password: 'x' } }),
      await api(`/api/customers/${customerId}`, { jwt, method: 'PATCH', body: { firstName: 'raise-23514' } }),
      await api(`/api/customers/${customerId}`, { jwt, method: 'PATCH', body: { firstName: 'raise-22021' } }),
    ]
    for (const res of provoked) expect(res.status).toBeGreaterThanOrEqual(400)
    for (const res of provoked) expect(res.status).toBeLessThan(500)
    // A server fault (a trigger failing for its own reasons) is logged too, still without secrets.
    const fault = await api(`/api/customers/${customerId}`, { jwt, method: 'PATCH', body: { firstName: 'raise-XX000' } })
    expect(fault.status).toBe(500)
    expect(fault.body.errors[0]).toEqual({ code: 'INTERNAL', message: 'Something went wrong on our side' })
    const requestId = fault.headers.get('x-request-id')
    // The server writes its log synchronously; give the file a moment to be flushed by the OS.
    const log = fs.readFileSync(path.join(projectRoot, 'test-results', 'server.log'), 'utf8')
    for (const secret of secrets) expect(log, `the server log holds ${secret.slice(0, 12)}...`).not.toContain(secret)
    const lines = log.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { level: string; err?: { stack?: string }; requestId?: string })
    const clientErrors = lines.filter((l) => l.level === 'warn' && l.err)
    expect(clientErrors.length).toBeGreaterThan(0)
    for (const line of clientErrors) expect(line.err!.stack).toBeUndefined()
    // The fault is at error, with its stack, under the id its response carried.
    const faultLines = lines.filter((l) => l.requestId === requestId)
    expect(faultLines.some((l) => l.level === 'error' && l.err?.stack)).toBe(true)
  })
})
