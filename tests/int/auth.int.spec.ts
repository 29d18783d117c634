import http from 'node:http'
import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'

import type { Payload } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createCustomer, createStaff } from '../factories/accounts'
import { api, cookiesFrom, graphql, loginStaff, uniqueIp } from '../helpers/http'
import { testPayload } from '../helpers/payload'
import { projectRoot } from '../helpers/scripts'
import { sql } from '../helpers/sql'

let payload: Payload
beforeAll(async () => {
  payload = await testPayload()
})

const RATE_LIMIT = 20 // LOGIN_RATE_LIMIT default

describe('per-account login throttle', () => {
  it.each([
    ['staff', '/api/users/login', 'users'],
    ['customer', '/api/dashboard/login', 'customers'],
  ] as const)('slows guesses at a %s account from one address after 5, and never slows its owner elsewhere', async (_who, path, collection) => {
    const account = collection === 'users' ? await createStaff(payload, 'billing') : await createCustomer(payload)
    const attacker = uniqueIp()
    for (let i = 0; i < 5; i++) {
      const res = await api(path, { ip: attacker, body: { email: account.email, password: `wrong-${i}` } })
      expect(res.status).toBe(401)
    }
    // The sixth guess from that address, at once, must wait (2 s after the fifth)...
    const throttled = await api(path, { ip: attacker, body: { email: account.email.toUpperCase(), password: 'wrong-6' } })
    expect(throttled.status).toBe(429)
    expect(throttled.body.errors[0]).toMatchObject({ code: 'LOGIN_THROTTLED' })
    const retryAfter = Number(throttled.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(2)
    // ...while the owner, from their own address, signs in at once, and their counts are cleared.
    const owner = await api(path, { body: { email: account.email, password: account.password } })
    expect(owner.status).toBe(200)
    expect(await sql('SELECT 1 FROM login_account_throttle WHERE account = $1', [`${collection}:${account.email.toLowerCase()}`])).toEqual([])
    // Once the wait is over the attacker's address may try again: nothing is ever locked.
    await new Promise((r) => setTimeout(r, retryAfter * 1000 + 100))
    expect((await api(path, { ip: attacker, body: { email: account.email, password: account.password } })).status).toBe(200)
  })

  it('many addresses together are slowed once the account-wide allowance is spent', async () => {
    const account = await createCustomer(payload)
    const key = `customers:${account.email.toLowerCase()}`
    // Arrange 100 attempts from many addresses (LOGIN_ACCOUNT_WIDE_FREE_ATTEMPTS), the last just now.
    await sql(`INSERT INTO login_account_throttle (account, attempts, last_attempt_at) VALUES ($1, 100, now())`, [key])
    const fresh = await api('/api/dashboard/login', { body: { email: account.email, password: 'wrong' } })
    expect(fresh.status).toBe(429)
    expect(fresh.body.errors[0]).toMatchObject({ code: 'LOGIN_THROTTLED' })
    expect(Number(fresh.headers.get('retry-after'))).toBeLessThanOrEqual(2)
  })

  it('waits double after each further attempt, up to a minute, and a refused attempt does not lengthen it', async () => {
    const account = await createCustomer(payload)
    const ip = uniqueIp()
    const key = `customers:${account.email.toLowerCase()}@${ip}`
    const login = () => api('/api/dashboard/login', { ip, body: { email: account.email, password: account.password } })
    // Arrange 9 attempts from this address, the last one just now: the next may come 2^(9-5+1) = 32 s later.
    await sql(`INSERT INTO login_account_throttle (account, attempts, last_attempt_at) VALUES ($1, 9, now())`, [key])
    const first = await login()
    expect(first.status).toBe(429)
    expect(Number(first.headers.get('retry-after'))).toBeGreaterThan(25)
    const again = await login()
    expect(Number(again.headers.get('retry-after'))).toBeLessThanOrEqual(Number(first.headers.get('retry-after')))
    // Far along (a long attack: 2^n past any double), the wait is capped at LOGIN_ACCOUNT_MAX_DELAY_SECONDS (60).
    await sql(`UPDATE login_account_throttle SET attempts = 1000000, last_attempt_at = now() WHERE account = $1`, [key])
    const capped = await login()
    expect(capped.status).toBe(429)
    expect(Number(capped.headers.get('retry-after'))).toBeLessThanOrEqual(60)
    // A minute after the last allowed attempt the owner is in.
    await sql(`UPDATE login_account_throttle SET last_attempt_at = now() - interval '61 seconds' WHERE account = $1`, [key])
    expect((await login()).status).toBe(200)
  })
})

describe('per-IP login limit', () => {
  it(`answers the ${RATE_LIMIT + 1}st attempt from one address with 429, Retry-After and a code`, async () => {
    const ip = uniqueIp()
    for (let i = 0; i < RATE_LIMIT; i++) {
      const res = await api('/api/users/login', { ip, body: { email: `nobody-${i}@test.example`, password: 'x' } })
      expect(res.status).toBe(401)
    }
    const staff = await createStaff(payload, 'support')
    const limited = await api('/api/users/login', { ip, body: { email: staff.email, password: staff.password } })
    expect(limited.status).toBe(429)
    const retryAfter = Number(limited.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(900)
    expect(limited.body.errors[0]).toMatchObject({ code: 'RATE_LIMITED' })
    expect(limited.body.errors[0].data).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: retryAfter })
    expect(limited.body.token).toBeUndefined()

    // The portal login and GraphQL login from that address are limited too...
    const portal = await api('/api/dashboard/login', { ip, body: { email: 'x@test.example', password: 'x' } })
    expect(portal.status).toBe(429)
    expect(portal.headers.get('retry-after')).toBeTruthy()
    const gql = await graphql(
      'mutation($e: String!, $p: String!) { loginUser(email: $e, password: $p) { token } }',
      { e: staff.email, p: staff.password },
      { ip },
    )
    expect(gql.body.data?.loginUser ?? null).toBeNull()
    expect(gql.body.errors?.[0]?.message).toMatch(/too many login attempts/i)

    // ...while another address logs in as usual.
    expect(await loginStaff(staff.email, staff.password)).toBeTruthy()
  })
})

describe('staff and customer sessions in one browser', () => {
  it('the portal login sets only the path-scoped portal cookie, never the staff cookie', async () => {
    const customer = await createCustomer(payload)
    for (const path of ['/api/dashboard/login', '/api/customers/login']) {
      const res = await api(path, { body: { email: customer.email, password: customer.password } })
      expect(res.status).toBe(200)
      const setCookies = res.headers.getSetCookie()
      expect(setCookies).toHaveLength(2)
      expect(setCookies.every((c) => c.startsWith('isp-portal-token='))).toBe(true)
      expect(setCookies.map((c) => /Path=([^;]+)/.exec(c)?.[1]).sort()).toEqual(['/api/dashboard', '/portal'])
      expect(setCookies.every((c) => /HttpOnly/.test(c) && /SameSite=Lax/.test(c))).toBe(true)
    }
  })

  it('both sessions live side by side: staff on the API, the customer on the portal API', async () => {
    const staff = await createStaff(payload, 'billing', ['billing_manage'])
    const customer = await createCustomer(payload, { firstName: 'Lerato' })
    const staffLogin = await api('/api/users/login', { body: { email: staff.email, password: staff.password } })
    const portalLogin = await api('/api/dashboard/login', { body: { email: customer.email, password: customer.password } })
    const staffCookie = cookiesFrom(staffLogin, 'isp-token')
    const portalCookie = cookiesFrom(portalLogin, 'isp-portal-token')
    expect(staffCookie).toMatch(/^isp-token=/)

    // A browser sends the staff cookie everywhere, the portal cookie only under its paths.
    const me = await api('/api/users/me', { cookie: staffCookie })
    expect(me.body.user).toMatchObject({ email: staff.email, role: 'billing' })
    const portalMe = await api('/api/dashboard/me', { cookie: `${staffCookie}; ${portalCookie}` })
    expect(portalMe.status).toBe(200)
    expect(portalMe.body.customer).toMatchObject({ email: customer.email, firstName: 'Lerato' })
  })

  it('a staff session alone is not a portal session', async () => {
    const staff = await createStaff(payload, 'admin')
    const login = await api('/api/users/login', { body: { email: staff.email, password: staff.password } })
    const res = await api('/api/dashboard/me', { cookie: cookiesFrom(login, 'isp-token') })
    expect(res.status).toBe(401)
    expect(res.body.errors[0].code).toBe('NOT_AUTHENTICATED')
  })

  it('a portal cookie sent cross-site is ignored', async () => {
    const customer = await createCustomer(payload)
    const login = await api('/api/dashboard/login', { body: { email: customer.email, password: customer.password } })
    const res = await api('/api/dashboard/me', {
      cookie: cookiesFrom(login, 'isp-portal-token'),
      headers: { 'Sec-Fetch-Site': 'cross-site' },
    })
    expect(res.status).toBe(401)
  })

  it('a person arriving from another site (back from Pay Now) keeps the session for reading; a cross-site form post does not', async () => {
    const customer = await createCustomer(payload)
    const login = await api('/api/dashboard/login', { body: { email: customer.email, password: customer.password } })
    const cookie = cookiesFrom(login, 'isp-portal-token')
    const navigation = { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'navigate', 'Sec-Fetch-Dest': 'document' }
    // node:http, not fetch: undici writes its own Sec-Fetch-Mode (cors) over the one a test sets.
    const page = (headers: Record<string, string>) =>
      new Promise<{ status: number }>((resolve, reject) => {
        const req = http.get(`${process.env.TEST_SERVER_URL}/portal/invoices`, { headers: { Cookie: cookie, ...headers } }, (res) => {
          res.resume()
          resolve({ status: res.statusCode ?? 0 })
        })
        req.on('error', reject)
      })
    // The page renders for its customer (no redirect to sign in), from this site and from another...
    expect((await page({ 'Sec-Fetch-Site': 'same-origin', 'Sec-Fetch-Mode': 'navigate', 'Sec-Fetch-Dest': 'document' })).status).toBe(200)
    expect((await page(navigation)).status).toBe(200)
    // ...as it does not for a request that is not a top-level navigation.
    expect((await page({ ...navigation, 'Sec-Fetch-Mode': 'cors', 'Sec-Fetch-Dest': 'empty' })).status).toBe(307)
    const post = await api('/api/dashboard/payment-methods', { cookie, headers: navigation, body: { type: 'eft' } })
    expect(post.status).toBe(401)
    expect((await api('/api/dashboard/me', { cookie, headers: { ...navigation, 'Sec-Fetch-Mode': 'cors', 'Sec-Fetch-Dest': 'empty' } })).status).toBe(401)
  })

  it('portal logout clears the cookie and ends the session on the server', async () => {
    const customer = await createCustomer(payload)
    const login = await api('/api/dashboard/login', { body: { email: customer.email, password: customer.password } })
    const cookie = cookiesFrom(login, 'isp-portal-token')
    const logout = await api('/api/dashboard/logout', { method: 'POST', cookie })
    expect(logout.status).toBe(200)
    expect(logout.headers.getSetCookie().every((c) => /Max-Age=0/.test(c))).toBe(true)
    // The old token no longer names a live session.
    expect((await api('/api/dashboard/me', { cookie })).status).toBe(401)
    expect((await api('/api/customers/me', { jwt: login.body.token })).body.user).toBeNull()
  })
})

describe('portal login input', () => {
  it.each([
    ['a missing password', { email: 'a@test.example' }, 'password'],
    ['a malformed email', { email: 'not-an-email', password: 'x' }, 'email'],
  ])('refuses %s with a 400 naming the field', async (_why, body, field) => {
    const res = await api('/api/dashboard/login', { body })
    expect(res.status).toBe(400)
    expect(res.body.errors).toContainEqual(expect.objectContaining({ code: 'VALIDATION_FAILED', field }))
  })

  it('refuses a body that is not JSON with a 400', async () => {
    const res = await api('/api/dashboard/login', { method: 'POST', rawBody: '{"email":' })
    expect(res.status).toBe(400)
    expect(res.body.errors[0].code).toBe('INVALID_JSON')
  })

  it('answers wrong credentials with 401 and no token', async () => {
    const customer = await createCustomer(payload)
    const res = await api('/api/dashboard/login', { body: { email: customer.email, password: 'wrong-password' } })
    expect(res.status).toBe(401)
    expect(res.body.token).toBeUndefined()
    expect(res.headers.getSetCookie()).toHaveLength(0)
  })
})

describe('the client address behind no proxy and behind one', () => {
  let second: ChildProcess | undefined
  let secondUrl: string

  beforeAll(async () => {
    // A second web server on the same build and database, trusting no proxy (the default).
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo
        probe.close(() => resolve(port))
      })
    })
    secondUrl = `http://127.0.0.1:${port}`
    second = spawn(process.execPath, [path.join(projectRoot, 'scripts/web-server.mjs'), '-p', String(port)], {
      cwd: projectRoot,
      env: { ...process.env, NODE_ENV: 'production', TRUSTED_PROXY_HOPS: '0', SERVER_URL: secondUrl },
      stdio: 'ignore',
    })
    const deadline = Date.now() + 90_000
    while (Date.now() < deadline) {
      const res = await fetch(`${secondUrl}/api/users/me`).catch(() => undefined)
      if (res && res.status < 500) return
      await new Promise((r) => setTimeout(r, 300))
    }
    throw new Error('the second web server did not start')
  }, 120_000)

  afterAll(async () => {
    second?.kill('SIGKILL')
    // Leave the loopback address's count as it was for the browser tests that follow.
    await sql(`DELETE FROM login_rate_limits WHERE ip IN ('127.0.0.1', '::1')`)
  })

  it('with no proxy trusted, no X-Forwarded-For value escapes the per-address limit', async () => {
    await sql(`DELETE FROM login_rate_limits WHERE ip IN ('127.0.0.1', '::1')`)
    const spoofs = ['203.0.113.1', '203.0.113.2, 198.51.100.3', 'unknown', '', '127.0.0.1, 10.0.0.1', '::1', 'x'.repeat(200)]
    const statuses: number[] = []
    for (let i = 0; i <= RATE_LIMIT; i++) {
      const res = await fetch(`${secondUrl}/api/users/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': spoofs[i % spoofs.length], 'X-Real-Ip': `198.51.100.${i}`, 'X-Client-Ip': `192.0.2.${i}` },
        body: JSON.stringify({ email: `spoofer-${i}@test.example`, password: 'x' }),
      })
      statuses.push(res.status)
    }
    expect(statuses.slice(0, RATE_LIMIT).every((s) => s === 401)).toBe(true)
    expect(statuses[RATE_LIMIT]).toBe(429)
  })

  it('behind one trusted proxy, the entry that proxy appended is the address that counts', async () => {
    // The main test server trusts one hop: the rightmost X-Forwarded-For entry is the client.
    const client = uniqueIp()
    for (let i = 0; i < RATE_LIMIT; i++) {
      const res = await api('/api/users/login', { headers: { 'X-Forwarded-For': `6.6.6.${i}, ${client}` }, body: { email: `proxied-${i}@test.example`, password: 'x' } })
      expect(res.status).toBe(401)
    }
    const limited = await api('/api/users/login', { headers: { 'X-Forwarded-For': `9.9.9.9, ${client}` }, body: { email: 'proxied-last@test.example', password: 'x' } })
    expect(limited.status).toBe(429)
    const other = await api('/api/users/login', { headers: { 'X-Forwarded-For': `${client}, ${uniqueIp()}` }, body: { email: 'proxied-other@test.example', password: 'x' } })
    expect(other.status).toBe(401)
  })
})
