import type { Payload } from 'payload'
import { beforeAll, describe, expect, it } from 'vitest'

import { createCustomer, createStaff } from '../factories/accounts'
import { api, cookiesFrom, graphql, loginStaff, uniqueIp } from '../helpers/http'
import { testPayload } from '../helpers/payload'

let payload: Payload
beforeAll(async () => {
  payload = await testPayload()
})

const RATE_LIMIT = 20 // LOGIN_RATE_LIMIT default

describe('account lockout', () => {
  it.each([
    ['staff', '/api/users/login', 'users'],
    ['customer', '/api/dashboard/login', 'customers'],
  ] as const)('locks a %s account after 5 failed logins; the right password is then refused', async (_who, path, collection) => {
    const account = collection === 'users' ? await createStaff(payload, 'billing') : await createCustomer(payload)
    for (let i = 0; i < 5; i++) {
      const res = await api(path, { body: { email: account.email, password: `wrong-${i}` } })
      expect(res.status).toBe(401)
    }
    const locked = await api(path, { body: { email: account.email, password: account.password } })
    expect(locked.status).toBe(401)
    expect(locked.body.token).toBeUndefined()
    expect(JSON.stringify(locked.body)).toMatch(/locked/i)

    const stored = (await payload.findByID({ collection, id: account.id, showHiddenFields: true })) as {
      lockUntil?: string
    }
    expect(new Date(stored.lockUntil!).getTime()).toBeGreaterThan(Date.now())
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
