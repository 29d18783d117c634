import fc from 'fast-check'
import pg from 'pg'
import type { Payload } from 'payload'
import { beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest'

import { createLocalReq } from 'payload'

import { sendPasswordResetEmail } from '../../src/services/auth/passwordResetEmail'
import { reconcile } from '../../src/services/billing/reconcile'
import { createCustomer, createStaff } from '../factories/accounts'
import { createCustomerEstate, invoiceLine, type CustomerEstate } from '../factories/billing'
import { testEnv } from '../helpers/env'
import { api, graphql, loginCustomer, loginStaff, responseOf, uniqueIp, type ApiResponse, type Auth } from '../helpers/http'
import { testPayload } from '../helpers/payload'
import { sql } from '../helpers/sql'

/**
 * Nothing a client sends gets a 500: the concrete cases a probe found, then generated bodies,
 * ids, query strings and headers (fast-check, fixed seed, bounded runs) over every collection's
 * REST routes, our endpoints and GraphQL. Every 4xx comes in the one error shape.
 */

let payload: Payload
let jwt: Record<'admin' | 'billing' | 'support' | 'customer', string>
let customerId: number
let estate: CustomerEstate

beforeAll(async () => {
  payload = await testPayload()
  const [admin, billing, support] = [await createStaff(payload, 'admin'), await createStaff(payload, 'billing', ['billing_manage']), await createStaff(payload, 'support')]
  const customer = await createCustomer(payload, { firstName: 'Fuzz' })
  customerId = customer.id
  estate = await createCustomerEstate(payload, customer.id)
  jwt = {
    admin: await loginStaff(admin.email, admin.password),
    billing: await loginStaff(billing.email, billing.password),
    support: await loginStaff(support.email, support.password),
    customer: await loginCustomer(customer.email, customer.password),
  }
})

const as = (who: keyof typeof jwt): Auth => ({ jwt: jwt[who] })

const COLLECTIONS = [
  'customers',
  'consumer-orders',
  'services',
  'usage-records',
  'service-suspensions',
  'billing-accounts',
  'invoices',
  'invoice-pdfs',
  'payment-transactions',
  'payment-allocations',
  'payment-methods',
  'service-actions',
  'job-runs',
  'notifications',
  'validation-errors',
  'users',
  'payload-locked-documents',
  'payload-preferences',
  'payload-jobs',
] as const

/** A 4xx in the one shape: `{ errors: [{ code, message }] }`, codes and messages as text. */
function expectClientError(res: ApiResponse, context: string) {
  expect(res.status, `${context}: ${JSON.stringify(res.body)?.slice(0, 300)}`).toBeGreaterThanOrEqual(400)
  expect(res.status, context).toBeLessThan(500)
  expect(Array.isArray(res.body?.errors), `${context}: ${JSON.stringify(res.body)?.slice(0, 300)}`).toBe(true)
  for (const e of res.body.errors) {
    expect(typeof e.code, `${context}: ${JSON.stringify(e)}`).toBe('string')
    expect(typeof e.message, context).toBe('string')
  }
}

/** Any answer but a server error; a 4xx must come in the one shape. */
function expectNoServerError(res: ApiResponse, context: string) {
  expect(res.status, `${context}: ${JSON.stringify(res.body)?.slice(0, 300)}`).toBeLessThan(500)
  if (res.status >= 400) expectClientError(res, context)
}

/** A request exactly as given: this body, this content type (or none), nothing added. */
async function raw(path: string, init: { method: string; body?: string; contentType?: string; who?: keyof typeof jwt }): Promise<ApiResponse> {
  const headers: Record<string, string> = { 'X-Forwarded-For': uniqueIp() }
  if (init.who) headers.Authorization = `JWT ${jwt[init.who]}`
  if (init.contentType) headers['Content-Type'] = init.contentType
  return responseOf(await fetch(`${testEnv().serverUrl}${path}`, { method: init.method, headers, body: init.body === undefined ? undefined : new TextEncoder().encode(init.body) }))
}

describe('the concrete cases the probe found', () => {
  const big = '99999999999'
  it.each([
    ['an id past 32 bits in the path', 'GET', `/api/customers/${big}`],
    ['an id past 32 bits on update', 'PATCH', `/api/services/${big}`],
    ['an id past 32 bits on delete', 'DELETE', `/api/consumer-orders/${big}`],
    ['a relationship value past 32 bits in where', 'GET', `/api/services?where[customer][equals]=${big}`],
    ['an id past 32 bits in where', 'GET', `/api/invoices?where[id][in]=1,${big}`],
    ['a negative page', 'GET', '/api/customers?page=-1'],
    ['a page of text', 'GET', '/api/customers?page=abc'],
    ['a limit of text', 'GET', '/api/customers?limit=abc'],
    ['a negative limit', 'GET', '/api/customers?limit=-5'],
    ['limit 0 on a read', 'GET', '/api/customers?limit=0'],
    ['a limit past the page size', 'GET', '/api/customers?limit=100000'],
    ['pagination turned off', 'GET', '/api/customers?pagination=false'],
    ['near on a numeric field', 'GET', '/api/invoices?where[totalCents][near]=1,2'],
    ['a NUL byte in a query value', 'GET', '/api/customers?where[email][equals]=a%00b'],
    ['a NUL byte in the path', 'GET', '/api/customers/%00'],
    ['a depth past the limit', 'GET', '/api/invoices?depth=50'],
    ['a deeply nested where', 'GET', `/api/customers?${'where' + '[or][0]'.repeat(40)}[email][equals]=x`],
    ['a bracketed limit (an array, which Payload reads as 0)', 'GET', '/api/customers?limit[0]=0'],
    ['an empty bracketed limit', 'GET', '/api/customers?limit[]='],
    ['a bracketed depth', 'GET', '/api/invoices?depth[]=50'],
    ['a repeated limit', 'GET', '/api/customers?limit=5&limit=0'],
    ['a where that is not JSON', 'GET', '/api/customers?where={nope'],
    ['a where that is a JSON list', 'GET', '/api/customers?where=[1]'],
    ['a JSON where with near', 'GET', '/api/invoices?where={"totalCents":{"near":"1,2"}}'],
    ['a data that is not JSON', 'GET', `/api/customers/${1}?data={nope`],
    ['verify with verification off', 'POST', '/api/customers/verify/abc'],
    ['verify for staff with verification off', 'POST', '/api/users/verify/abc'],
  ])('%s (%s %s) is a 4xx', async (_why, method, path) => {
    for (const who of ['admin', 'customer'] as const) {
      const res = await raw(path, { method, who })
      expectClientError(res, `${who} ${method} ${path}`)
    }
  })

  const bodies: Array<[string, string, string | undefined]> = [
    ['null', 'null', 'application/json'],
    ['a string', '"text"', 'application/json'],
    ['a number', '42', 'application/json'],
    ['an array', '[1,2]', 'application/json'],
    ['invalid JSON', '{"a":', 'application/json'],
    ['text/plain', '{"firstName":"x"}', 'text/plain'],
    ['a form', 'firstName=x', 'application/x-www-form-urlencoded'],
    ['XML', '<customer><firstName>x</firstName></customer>', 'application/xml'],
    ['no content type', '{"firstName":"x"}', undefined],
    ['very deep JSON', '{"a":'.repeat(5000) + '1' + '}'.repeat(5000), 'application/json'],
    ['a NUL byte in a string', '{"firstName":"a\\u0000b"}', 'application/json'],
    ['a NUL byte in a key', '{"a\\u0000b":"x"}', 'application/json'],
    ['malformed multipart', '--xyz\r\nContent-Disposition: form-data; name="_payload"\r\n\r\n{"a":1}', 'multipart/form-data; boundary=abc'],
    ['multipart with a _payload that is not JSON', '--b\r\nContent-Disposition: form-data; name="_payload"\r\n\r\n{nope\r\n--b--\r\n', 'multipart/form-data; boundary=b'],
  ]
  it.each(bodies)('a body that is %s is a 4xx on REST create, update and GraphQL', async (_why, body, contentType) => {
    const targets: Array<[string, string]> = [
      ['POST', '/api/customers'],
      ['PATCH', `/api/customers/${customerId}`],
      ['POST', '/api/invoices'],
      ['PATCH', `/api/services/${estate.service.id}`],
      ['POST', '/api/users/login'],
      ['POST', '/api/customers/forgot-password'],
      ['POST', '/api/dashboard/login'],
      ['POST', '/api/admin/billing/preview'],
      ['POST', `/api/admin/customers/${customerId}/services/suspend`],
      ['POST', '/api/graphql'],
    ]
    for (const [method, path] of targets) {
      const res = await raw(path, { method, body, contentType, who: 'admin' })
      expectClientError(res, `${method} ${path} with ${_why}`)
    }
  })

  it('a read by POST (the admin panel\'s pickers) is held to the read rules, in the URL and in the body', async () => {
    const override = { 'X-Payload-HTTP-Method-Override': 'GET' }
    const cases: Array<[string, string | undefined, string | undefined, Record<string, string>]> = [
      ['/api/customers?pagination=false', undefined, undefined, override],
      ['/api/customers?limit=0', undefined, undefined, { 'X-HTTP-Method-Override': 'GET' }],
      ['/api/customers', 'limit=0&depth=0', 'application/x-www-form-urlencoded', override],
      ['/api/customers', '{"limit":0}', 'application/json', override],
      ['/api/customers', '{"pagination":false}', 'application/json', override],
      ['/api/customers/1', '{"depth":1000}', 'application/json', override],
    ]
    for (const [path, body, contentType, headers] of cases) {
      const res = await fetch(`${testEnv().serverUrl}${path}`, {
        method: 'POST',
        headers: { 'X-Forwarded-For': uniqueIp(), Authorization: `JWT ${jwt.admin}`, ...(contentType ? { 'Content-Type': contentType } : {}), ...headers },
        body,
      })
      expect(res.status, `${path} ${body}`).toBe(400)
    }
    // A picker's ordinary page still reads.
    const picker = await fetch(`${testEnv().serverUrl}/api/customers`, {
      method: 'POST',
      headers: { 'X-Forwarded-For': uniqueIp(), Authorization: `JWT ${jwt.admin}`, 'Content-Type': 'application/x-www-form-urlencoded', ...override },
      body: 'limit=10&depth=0',
    })
    expect(picker.status).toBe(200)
  })

  it('GraphQL lists come in pages too: pagination false and a limit outside 1 to 100 are refused', async () => {
    for (const query of ['{ Customers(pagination: false) { docs { id } } }', '{ Customers(limit: 0) { docs { id } } }', '{ Invoices(limit: 500) { docs { id } } }']) {
      const res = await graphql(query, {}, as('admin'))
      expect(res.body.data ?? null, query).toBeNull()
      expect(res.body.errors?.[0]?.extensions, query).toMatchObject({ code: 'INVALID_LIMIT', statusCode: 400 })
    }
    const page = await graphql('{ Customers(limit: 100) { docs { id } } }', {}, as('admin'))
    expect(page.body.errors).toBeUndefined()
  })

  it('invalid dates in a where clause find nothing; they are never a 500', async () => {
    for (const path of ['/api/invoices?where[invoiceDate][equals]=not-a-date', '/api/job-runs?where[startedAt][greater_than]=2025-13-45']) {
      expectNoServerError(await raw(path, { method: 'GET', who: 'admin' }), path)
    }
  })

  it('GraphQL bodies that are not a query get a 400, never a 500 or an empty body', async () => {
    for (const body of ['', '{}', '{"query":1}', '{"query":"{ Customers { docs { id } } }","variables":"x"}']) {
      const res = await raw('/api/graphql', { method: 'POST', body, contentType: 'application/json', who: 'admin' })
      expectClientError(res, `GraphQL body ${body}`)
    }
    // A query that does not parse is a GraphQL error in a 200, as GraphQL over HTTP has it.
    const broken = await raw('/api/graphql', { method: 'POST', body: '{"query":"{"}', contentType: 'application/json', who: 'admin' })
    expect(broken.status).toBeLessThan(500)
    expect(broken.body.errors.length).toBeGreaterThan(0)
  })

  it('a GraphQL error the client caused reports a 4xx status, not 500', async () => {
    const res = await graphql('{ Customers(where: { id: { equals: 99999999999 } }) { docs { id } } }', {}, as('admin'))
    expect(res.status).toBeLessThan(500)
    for (const e of res.body.errors ?? []) expect(e.extensions?.statusCode ?? 400, JSON.stringify(e)).toBeLessThan(500)
  })

  it.each([
    ['a text field given an object', { firstName: { a: 1 } }, 'firstName'],
    ['a text field given an array', { lastName: ['x'] }, 'lastName'],
    ['an email given an object', { email: { $gt: '' } }, 'email'],
    ['a mobile given a list', { mobile: ['0821234567'] }, 'mobile'],
  ])('%s is a 400 naming the field, and nothing is stored', async (_why, data, field) => {
    const before = await sql('SELECT first_name, last_name, email FROM customers WHERE id = $1', [customerId])
    const res = await api(`/api/customers/${customerId}`, { ...as('admin'), method: 'PATCH', body: data })
    expectClientError(res, _why)
    if (field) expect(JSON.stringify(res.body)).toContain(field)
    expect(await sql('SELECT first_name, last_name, email FROM customers WHERE id = $1', [customerId])).toEqual(before)
  })

  it.each([
    ['an impossible day', '2025-02-30'],
    ['a year past the window', '9999-12-31'],
    ['a year before it', '0226-11-01'],
    ['an empty required date', ''],
    ['an object', { a: 1 }],
  ])('a calendar date that is %s is refused', async (_why, value) => {
    const res = await api('/api/invoices', {
      ...as('admin'),
      body: { customer: customerId, kind: 'adhoc', invoiceDate: value, dueDate: '2026-12-08', lines: [invoiceLine('x')] },
    })
    expectClientError(res, String(_why))
    expect(JSON.stringify(res.body)).toContain('invoiceDate')
  })

  it('a service relationship past 32 bits in a body is a 400 naming it', async () => {
    const res = await api('/api/usage-records', {
      ...as('admin'),
      body: { customer: customerId, service: 99999999999, usageDate: '2026-11-01', downloadBytes: 1, uploadBytes: 1 },
    })
    expectClientError(res, 'usage with a huge service id')
    expect(JSON.stringify(res.body)).toContain('service')
  })

  it('forgot-password answers the same for known and unknown accounts, and never a 500 while mail is down', async () => {
    const [{ email }] = await sql<{ email: string }>('SELECT email FROM customers WHERE id = $1', [customerId])
    const known = await api('/api/customers/forgot-password', { body: { email } })
    const unknown = await api('/api/customers/forgot-password', { body: { email: 'nobody-here@test.example' } })
    expect(known.status).toBe(200)
    expect(unknown.status).toBe(200)
    expect(known.body).toEqual(unknown.body)
    const object = await api('/api/customers/forgot-password', { body: { email: { a: 1 } } })
    expectClientError(object, 'forgot-password with an object')
    // The admin panel's form sends multipart with a _payload part: held to the same rules.
    const form = new FormData()
    form.set('_payload', JSON.stringify({ email: { a: 1 } }))
    const multipart = await fetch(`${testEnv().serverUrl}/api/users/forgot-password`, { method: 'POST', headers: { 'X-Forwarded-For': uniqueIp() }, body: form })
    expect(multipart.status).toBe(400)
    const good = new FormData()
    good.set('_payload', JSON.stringify({ email: 'nobody-staff@test.example' }))
    expect((await fetch(`${testEnv().serverUrl}/api/users/forgot-password`, { method: 'POST', headers: { 'X-Forwarded-For': uniqueIp() }, body: good })).status).toBe(200)
    // The request does the same work for both: one job each, which finds out whether the account exists.
    for (const address of [email, 'nobody-here@test.example']) {
      const queued = await sql(`SELECT input FROM payload_jobs WHERE task_slug = 'sendPasswordResetEmail' AND input->>'email' = $1`, [address])
      expect(queued, address).toHaveLength(1)
    }
    // Nothing is set on the account until the job runs.
    expect(await sql('SELECT reset_password_token FROM customers WHERE id = $1', [customerId])).toEqual([{ reset_password_token: null }])
  })

  it('the reset job sets a fresh token and emails its link; for an email nobody has it sends nothing', async () => {
    const [{ email }] = await sql<{ email: string }>('SELECT email FROM customers WHERE id = $1', [customerId])
    const sent: Array<{ to: string; text: string }> = []
    // No mail server in this suite: the message is caught where it would leave.
    const sendEmail = vi.spyOn(payload, 'sendEmail').mockImplementation(async (message) => void sent.push(message as { to: string; text: string }))
    onTestFinished(() => sendEmail.mockRestore())
    const req = await createLocalReq({}, payload)
    expect(await sendPasswordResetEmail(req, { collection: 'customers', email: ` ${email.toUpperCase()} `, now: new Date() })).toBe('sent')
    const [{ reset_password_token: token }] = await sql<{ reset_password_token: string }>('SELECT reset_password_token FROM customers WHERE id = $1', [customerId])
    expect(token).toMatch(/^[0-9a-f]{40}$/)
    expect(sent).toHaveLength(1)
    expect(sent[0].to).toBe(email)
    expect(sent[0].text).toContain(`/portal/reset-password/${token}`)
    expect(await sendPasswordResetEmail(req, { collection: 'customers', email: 'nobody-at-all@test.example', now: new Date() })).toBe('no such account')
    expect(sent).toHaveLength(1)
  })

  it('a staff user\'s email given as an object is a 400, not a 500', async () => {
    const staff = await createStaff(payload, 'support')
    const token = await loginStaff(staff.email, staff.password)
    const res = await api(`/api/users/${staff.id}`, { jwt: token, method: 'PATCH', body: { email: 1 } })
    expectClientError(res, 'users email as a number')
    expect(JSON.stringify(res.body)).toContain('email')
  })

  it('a lifecycle reason over 500 characters says so', async () => {
    const res = await api(`/api/admin/customers/${customerId}/services/suspend`, {
      ...as('admin'),
      body: { serviceId: estate.service.id, suspensionType: 'technical', reason: 'x'.repeat(501) },
    })
    expect(res.status).toBe(400)
    expect(res.body.errors[0].message).toBe('A reason is at most 500 characters')
  })

  it('staff cannot take a document lock in another user’s name', async () => {
    const other = await createStaff(payload, 'support')
    const res = await api('/api/payload-locked-documents', {
      ...as('admin'),
      body: { document: { relationTo: 'customers', value: customerId }, user: { relationTo: 'users', value: other.id } },
    })
    expect(res.status).toBeLessThan(300)
    const [lock] = await sql<{ users_id: number }>(`SELECT users_id FROM payload_locked_documents_rels WHERE parent_id = $1 AND path = 'user'`, [res.body.doc.id])
    expect(lock.users_id).not.toBe(other.id)
  })

  it('every response carries a request id, and security headers', async () => {
    for (const path of ['/api/customers', '/portal/login', '/admin/login']) {
      const res = await api(path, as('admin'))
      expect(res.headers.get('x-frame-options'), path).toBe('DENY')
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(res.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin')
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'")
    }
    expect((await api('/portal/login')).headers.get('content-security-policy')).toContain("default-src 'self'")
    expect((await api('/api/customers/1')).headers.get('x-request-id')).toMatch(/^[\w-]{8,}$/)
  })
})

describe('money changes only through the billing services', () => {
  const draftBody = () => ({ customer: customerId, kind: 'adhoc', invoiceDate: '2026-12-01', dueDate: '2026-12-08', lines: [invoiceLine('Router')] })

  it.each([
    ['issued as paid', { status: 'paid' }, 'status'],
    ['issued as partially paid', { status: 'partially_paid' }, 'status'],
    ['issued as overdue', { status: 'overdue' }, 'status'],
    ['with money already paid', { amountPaidCents: 100 }, 'amountPaidCents'],
    ['numbered by the client', { invoiceNumber: 'INV-2026-99999' }, 'invoiceNumber'],
    ['a credit note tied to no invoice', { kind: 'credit_note' }, 'kind'],
    ['as a recurring invoice that would hold the billing run\'s period slot', { kind: 'recurring', periodStart: '2026-12-01', periodEnd: '2026-12-31' }, 'kind'],
    ['as a pro-rata invoice', { kind: 'pro_rata' }, 'kind'],
    ['a credit note for another invoice', { creditedInvoice: 1 }, 'creditedInvoice'],
  ])('a REST create %s is refused and moves nothing', async (_why, extra, field) => {
    const balance = await sql('SELECT balance_cents FROM billing_accounts WHERE customer_id = $1', [customerId])
    const count = await sql('SELECT count(*) FROM invoices WHERE customer_id = $1', [customerId])
    const res = await api('/api/invoices', { ...as('billing'), body: { ...draftBody(), ...extra } })
    expectClientError(res, _why)
    expect(JSON.stringify(res.body)).toContain(field)
    expect(await sql('SELECT balance_cents FROM billing_accounts WHERE customer_id = $1', [customerId])).toEqual(balance)
    expect(await sql('SELECT count(*) FROM invoices WHERE customer_id = $1', [customerId])).toEqual(count)
  })

  it('the same holes are refused over GraphQL', async () => {
    const res = await graphql(
      `mutation($data: mutationInvoiceInput!) { createInvoice(data: $data) { id status } }`,
      { data: { ...draftBody(), status: 'paid', lines: [{ ...invoiceLine('Router'), id: undefined }] } },
      as('billing'),
    )
    expect(res.body.data?.createInvoice ?? null).toBeNull()
    expect(res.body.errors?.[0]?.extensions?.statusCode).toBe(400)
  })

  it('a REST create makes a draft; a client-chosen createdAt is ignored', async () => {
    const res = await api('/api/invoices', { ...as('billing'), body: { ...draftBody(), createdAt: '2001-01-01T00:00:00.000Z' } })
    expect(res.status).toBe(201)
    expect(res.body.doc.status).toBe('draft')
    expect(res.body.doc.invoiceNumber ?? null).toBeNull()
    expect(new Date(res.body.doc.createdAt).getUTCFullYear()).toBeGreaterThan(2001)
    const patched = await api(`/api/invoices/${res.body.doc.id}`, { ...as('billing'), method: 'PATCH', body: { status: 'paid' } })
    expectClientError(patched, 'draft patched to paid')
    const notes = await api(`/api/invoices/${estate.issuedInvoice.id}`, { ...as('billing'), method: 'PATCH', body: { createdAt: '2001-01-01T00:00:00.000Z' } })
    expect(notes.status).toBeLessThan(500)
    const [row] = await sql<{ created_at: Date }>('SELECT created_at FROM invoices WHERE id = $1', [estate.issuedInvoice.id])
    expect(row.created_at.getUTCFullYear()).toBeGreaterThan(2001)
  })

  it('payment methods are not created or changed through REST or GraphQL, even by admins', async () => {
    const before = await sql('SELECT count(*) FROM payment_methods WHERE customer_id = $1', [customerId])
    for (const who of ['admin', 'billing'] as const) {
      const created = await api('/api/payment-methods', { ...as(who), body: { customer: customerId, type: 'debit_order', displayName: 'Debit Order - FNB ***1234', isPrimary: true, isActive: true } })
      expectClientError(created, `${who} creates a payment method`)
      const updated = await api(`/api/payment-methods/${estate.paymentMethod.id}`, { ...as(who), method: 'PATCH', body: { isPrimary: false } })
      expectClientError(updated, `${who} updates a payment method`)
      const gql = await graphql(`mutation { createPaymentMethod(data: { customer: ${customerId}, type: eft, displayName: "EFT" }) { id } }`, {}, as(who))
      expect(gql.body.data?.createPaymentMethod ?? null).toBeNull()
    }
    expect(await sql('SELECT count(*) FROM payment_methods WHERE customer_id = $1', [customerId])).toEqual(before)
    const account = await api(`/api/billing-accounts/${estate.billingAccount.id}`, { ...as('admin'), method: 'PATCH', body: { primaryPaymentMethod: null } })
    expect(account.status).toBeLessThan(500)
    const [row] = await sql<{ primary_payment_method_id: number }>('SELECT primary_payment_method_id FROM billing_accounts WHERE id = $1', [estate.billingAccount.id])
    expect(row.primary_payment_method_id).toBe(estate.paymentMethod.id)
  })
})

describe('reconcile sees a status that disagrees with the amounts', () => {
  it('reports an invoice marked paid that still owes and an account whose primary method is not flagged primary', async () => {
    const customer = await createCustomer(payload, { firstName: 'Planted' })
    const planted = await createCustomerEstate(payload, customer.id)
    expect(await reconcile(payload, { customerIds: [customer.id] })).toEqual([])
    // Planted as the billing services write (a declared ledger write), past every API rule.
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL })
    await client.connect()
    try {
      await client.query('BEGIN')
      await client.query(`SELECT set_config('isp.ledger', 'on', true)`)
      await client.query(`UPDATE invoices SET status = 'paid' WHERE id = $1`, [planted.issuedInvoice.id])
      await client.query(`UPDATE payment_methods SET is_primary = false WHERE id = $1`, [planted.paymentMethod.id])
      await client.query('COMMIT')
    } finally {
      await client.end()
    }
    const found = await reconcile(payload, { customerIds: [customer.id] })
    const checks = found.map((d) => d.check)
    expect(checks).toContain('invoice status agrees with its amounts')
    expect(checks).toContain("account's primary payment method is its primary")
  })
})

describe('generated requests never get a 500', () => {
  const seed = 20261202
  const runs = 12

  const scalar = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.constantFrom(0, -1, 2_147_483_648, 99_999_999_999, Number.MAX_SAFE_INTEGER, 1e308, -0.5),
    fc.string({ maxLength: 40 }),
    fc.constantFrom('', '\u0000', 'a\u0000b', '2025-02-30', '9999-12-31', 'NaN', '<script>', "'; DROP TABLE customers; --", '{"a":1}', '\uD800'),
  )
  const jsonish = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 12 }), tie('value'), { maxKeys: 4 })),
  })).value
  const FIELD_NAMES = ['customer', 'service', 'status', 'kind', 'email', 'firstName', 'invoiceDate', 'dueDate', 'lines', 'amountCents', 'totalCents', 'id', 'user', 'document', 'password', 'isPrimary', 'createdAt', 'usageDate', 'page', 'limit']
  const body = fc.dictionary(fc.constantFrom(...FIELD_NAMES), jsonish, { maxKeys: 6 })
  const idSegment = fc.oneof(fc.constantFrom('0', '-1', '1', '2147483647', '2147483648', '99999999999', 'abc', '1.5', '%00', 'me', '..%2f', '1e3'), fc.nat().map(String))
  const queryValue = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('-1', '0', '99999999999', 'abc', '1e9', 'false', 'true', '%00', '[]', '{}'))
  const queryKey = fc.constantFrom('page', 'limit', 'depth', 'sort', 'pagination', 'where[id][equals]', 'where[customer][in]', 'where[createdAt][greater_than]', 'where[status][like]', 'where[totalCents][near]', 'where[or][0][email][exists]', 'select[email]', 'populate[customer]', 'draft', 'locale')
  const query = fc.array(fc.tuple(queryKey, queryValue), { maxLength: 4 }).map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'))
  const who = fc.constantFrom<keyof typeof jwt>('admin', 'billing', 'support', 'customer')
  const headers = fc.record({
    'X-Forwarded-For': fc.oneof(fc.constant('203.0.113.9'), fc.string({ maxLength: 30 }).map((s) => s.replace(/[^\x20-\x7e]/g, '') || '1.2.3.4')),
    'Accept-Language': fc.constantFrom('en', 'xx', '*', ''),
  })

  it.each(COLLECTIONS)('%s: create, read, update and delete with generated input', async (collection) => {
    await fc.assert(
      fc.asyncProperty(who, body, idSegment, query, headers, async (user, data, id, qs, extra) => {
        const path = `/api/${collection}`
        const calls: Array<[string, string, unknown]> = [
          ['POST', `${path}?${qs}`, data],
          ['GET', `${path}?${qs}`, undefined],
          ['GET', `${path}/${id}?${qs}`, undefined],
          ['PATCH', `${path}/${id}`, data],
          ['DELETE', `${path}/${id}`, undefined],
        ]
        for (const [method, url, payloadBody] of calls) {
          const res = await api(url, { method, body: payloadBody, jwt: jwt[user], headers: extra })
          expectNoServerError(res, `${user} ${method} ${url} ${JSON.stringify(payloadBody)?.slice(0, 200)}`)
        }
      }),
      { seed, numRuns: runs },
    )
  })

  const ENDPOINTS: Array<[string, string]> = [
    ['POST', '/api/admin/billing/preview'],
    ['POST', '/api/admin/billing/generate-invoices-now'],
    ['GET', '/api/admin/customers/:id/billing'],
    ['POST', '/api/admin/customers/:id/services/activate'],
    ['POST', '/api/admin/customers/:id/services/suspend'],
    ['POST', '/api/admin/customers/:id/services/reactivate'],
    ['POST', '/api/admin/customers/:id/services/cancel'],
    ['GET', '/api/admin/customers/:id/services/:id/audit'],
    ['GET', '/api/dashboard/invoices/:id/pdf'],
    ['GET', '/api/invoices/:id/pdf'],
    ['GET', '/api/invoice-links/:id'],
    ['POST', '/api/dashboard/login'],
    ['POST', '/api/dashboard/logout'],
    ['GET', '/api/dashboard/me'],
    ['POST', '/api/users/login'],
    ['POST', '/api/customers/login'],
    ['POST', '/api/users/forgot-password'],
    ['POST', '/api/customers/reset-password'],
    ['POST', '/api/users/unlock'],
    ['POST', '/api/users/refresh-token'],
    ['POST', '/api/customers/verify/:id'],
    ['GET', '/api/payload-jobs/run'],
  ]
  it.each(ENDPOINTS)('%s %s with generated input', async (method, template) => {
    await fc.assert(
      fc.asyncProperty(who, body, idSegment, query, async (user, data, id, qs) => {
        const url = `${template.replace(/:id/g, id)}?${qs}`
        const res = await api(url, { method, body: method === 'GET' ? undefined : data, jwt: jwt[user] })
        expectNoServerError(res, `${user} ${method} ${url} ${JSON.stringify(data)?.slice(0, 200)}`)
      }),
      { seed, numRuns: runs },
    )
  })

  it('GraphQL with generated queries, variables and arguments', async () => {
    const operations = [
      'query($id: Int!) { Customer(id: $id) { id email } }',
      'query($w: Customer_where, $l: Int, $p: Int) { Customers(where: $w, limit: $l, page: $p) { docs { id } } }',
      'query($w: Invoice_where) { Invoices(where: $w) { totalDocs } }',
      'mutation($d: mutationCustomerUpdateInput!, $id: Int!) { updateCustomer(id: $id, data: $d) { id } }',
      'mutation($d: mutationServiceInput!) { createService(data: $d) { id } }',
      'mutation($id: Int!) { deleteConsumerOrder(id: $id) { id } }',
      'mutation($e: String!, $p: String!) { loginUser(email: $e, password: $p) { token } }',
      'mutation($e: String!) { forgotPasswordCustomer(email: $e) }',
    ]
    await fc.assert(
      fc.asyncProperty(who, fc.constantFrom(...operations), fc.dictionary(fc.constantFrom('id', 'w', 'l', 'p', 'd', 'e'), jsonish, { maxKeys: 4 }), async (user, query, variables) => {
        const res = await graphql(query, variables as Record<string, unknown>, { jwt: jwt[user] })
        expect(res.status, `${query} ${JSON.stringify(variables)}`).toBeLessThan(500)
        for (const e of res.body?.errors ?? []) {
          expect(e.extensions?.statusCode ?? 400, `${query} ${JSON.stringify(variables)}: ${JSON.stringify(e)}`).toBeLessThan(500)
        }
      }),
      { seed, numRuns: runs * 4 },
    )
  })
})
