import type { Payload } from 'payload'
import { beforeAll, describe, expect, it } from 'vitest'

import { createCustomer, createStaff } from '../factories/accounts'
import { api, graphql, loginCustomer, loginStaff, type Auth } from '../helpers/http'
import { testPayload } from '../helpers/payload'

let payload: Payload
let tokens: Record<'admin' | 'billing' | 'support' | 'customerA' | 'customerB', string>
let ids: Record<'admin' | 'billing' | 'support' | 'customerA' | 'customerB', number | string>

beforeAll(async () => {
  payload = await testPayload()
  const [admin, billing, support] = [
    await createStaff(payload, 'admin'),
    await createStaff(payload, 'billing', ['billing_manage']),
    await createStaff(payload, 'support'),
  ]
  const [customerA, customerB] = [
    await createCustomer(payload, { firstName: 'Ayesha' }),
    await createCustomer(payload, { firstName: 'Bheki' }),
  ]
  tokens = {
    admin: await loginStaff(admin.email, admin.password),
    billing: await loginStaff(billing.email, billing.password),
    support: await loginStaff(support.email, support.password),
    customerA: await loginCustomer(customerA.email, customerA.password),
    customerB: await loginCustomer(customerB.email, customerB.password),
  }
  ids = { admin: admin.id, billing: billing.id, support: support.id, customerA: customerA.id, customerB: customerB.id }
})

const as = (who: keyof typeof tokens | 'anonymous'): Auth => (who === 'anonymous' ? {} : { jwt: tokens[who] })

describe('staff users are invisible to customers and the public', () => {
  it.each(['anonymous', 'customerA'] as const)('%s cannot list or read users over REST', async (who) => {
    const list = await api('/api/users', as(who))
    expect(list.status).toBe(403)
    expect(JSON.stringify(list.body)).not.toContain('@test.example')
    const one = await api(`/api/users/${ids.admin}`, as(who))
    expect(one.status).toBe(403)
    expect(JSON.stringify(one.body)).not.toContain('@test.example')
  })

  it.each(['anonymous', 'customerA'] as const)('%s cannot list or read users over GraphQL', async (who) => {
    const list = await graphql('{ Users { docs { id email role } } }', {}, as(who))
    expect(list.body.data?.Users ?? null).toBeNull()
    expect(list.body.errors?.[0]?.message).toMatch(/not allowed/i)
    const one = await graphql('query($id: Int!) { User(id: $id) { email } }', { id: Number(ids.admin) }, as(who))
    expect(one.body.data?.User ?? null).toBeNull()
    expect(JSON.stringify(one.body)).not.toContain('@test.example')
  })

  it('support staff can read the staff list (read-only role)', async () => {
    const list = await api('/api/users?limit=100', as('support'))
    expect(list.status).toBe(200)
    expect(list.body.docs.map((d: { id: unknown }) => d.id)).toContain(ids.admin)
  })
})

describe('customers see only themselves', () => {
  it('a customer listing customers gets exactly their own record, over REST and GraphQL', async () => {
    const list = await api('/api/customers?limit=100', as('customerA'))
    expect(list.status).toBe(200)
    expect(list.body.docs.map((d: { id: unknown }) => d.id)).toEqual([ids.customerA])

    const gql = await graphql('{ Customers(limit: 100) { docs { id firstName } } }', {}, as('customerA'))
    expect(gql.body.data.Customers.docs).toEqual([{ id: ids.customerA, firstName: 'Ayesha' }])
  })

  it("a customer cannot read, query for or change another customer's record", async () => {
    expect((await api(`/api/customers/${ids.customerB}`, as('customerA'))).status).toBe(404)
    const byWhere = await api(`/api/customers?where[id][equals]=${ids.customerB}`, as('customerA'))
    expect(byWhere.body.docs).toEqual([])
    const patch = await api(`/api/customers/${ids.customerB}`, { ...as('customerA'), method: 'PATCH', body: { firstName: 'Hacked' } })
    expect([403, 404]).toContain(patch.status)
    const gql = await graphql('query($id: Int!) { Customer(id: $id) { firstName } }', { id: Number(ids.customerB) }, as('customerA'))
    expect(gql.body.data?.Customer ?? null).toBeNull()
    const b = await payload.findByID({ collection: 'customers', id: ids.customerB })
    expect(b.firstName).toBe('Bheki')
  })

  it('a customer cannot create customers or delete themselves', async () => {
    const create = await api('/api/customers', { ...as('customerA'), body: { email: 'new@test.example', password: 'x'.repeat(12), firstName: 'N', lastName: 'N' } })
    expect(create.status).toBe(403)
    const del = await api(`/api/customers/${ids.customerA}`, { ...as('customerA'), method: 'DELETE' })
    expect(del.status).toBe(403)
  })
})

describe('support staff are read-only', () => {
  const attempts: Array<[string, () => Promise<{ status: number; body: unknown }>]> = [
    ['create a staff user', () => api('/api/users', { ...as('support'), body: { email: 'x1@test.example', password: 'x'.repeat(14), name: 'X', role: 'admin' } })],
    ['update another staff user', () => api(`/api/users/${ids.billing}`, { ...as('support'), method: 'PATCH', body: { name: 'Renamed' } })],
    ['delete a staff user', () => api(`/api/users/${ids.billing}`, { ...as('support'), method: 'DELETE' })],
    ['create a customer', () => api('/api/customers', { ...as('support'), body: { email: 'x2@test.example', password: 'x'.repeat(14), firstName: 'X', lastName: 'Y' } })],
    ['update a customer', () => api(`/api/customers/${ids.customerA}`, { ...as('support'), method: 'PATCH', body: { firstName: 'Renamed' } })],
    ['delete a customer', () => api(`/api/customers/${ids.customerA}`, { ...as('support'), method: 'DELETE' })],
  ]

  it.each(attempts)('cannot %s over REST', async (_what, attempt) => {
    expect((await attempt()).status).toBe(403)
  })

  it.each([
    ['createCustomer', 'mutation { createCustomer(data: { email: "x3@test.example", password: "xxxxxxxxxxxxxx", firstName: "X", lastName: "Y", accountStatus: active, accountType: residential }) { id } }'],
    ['updateCustomer', `mutation { updateCustomer(id: ID_A, data: { firstName: "Renamed" }) { id } }`],
    ['createUser', 'mutation { createUser(data: { email: "x4@test.example", password: "xxxxxxxxxxxxxx", name: "X", role: admin }) { id } }'],
    ['updateUser', `mutation { updateUser(id: ID_BILLING, data: { name: "Renamed" }) { id } }`],
  ])('cannot %s over GraphQL', async (name, mutation) => {
    const res = await graphql(mutation.replace('ID_A', String(ids.customerA)).replace('ID_BILLING', String(ids.billing)), {}, as('support'))
    expect(res.body.data?.[name] ?? null).toBeNull()
    expect(res.body.errors?.[0]?.message).toMatch(/not allowed/i)
  })

  it('cannot create or update through the local API with access enforced', async () => {
    const support = { ...(await payload.findByID({ collection: 'users', id: ids.support })), collection: 'users' as const }
    await expect(
      payload.create({
        collection: 'customers',
        data: { email: 'x5@test.example', password: 'x'.repeat(14), firstName: 'X', lastName: 'Y', accountStatus: 'active', accountType: 'residential' },
        overrideAccess: false,
        user: support,
      }),
    ).rejects.toThrow(/not allowed/i)
    await expect(
      payload.update({ collection: 'customers', id: ids.customerA, data: { firstName: 'Renamed' }, overrideAccess: false, user: support }),
    ).rejects.toThrow(/not allowed/i)
  })

  it('left everything as it was', async () => {
    expect((await payload.findByID({ collection: 'customers', id: ids.customerA })).firstName).toBe('Ayesha')
    expect((await payload.findByID({ collection: 'users', id: ids.billing })).name).toBe('Test billing')
    const strays = await payload.count({ collection: 'customers', where: { email: { in: ['x2@test.example', 'x3@test.example', 'x5@test.example'] } } })
    expect(strays.totalDocs).toBe(0)
  })
})

describe('staff roles', () => {
  it('billing staff may create customers but not staff users', async () => {
    const customer = await api('/api/customers', { ...as('billing'), body: { email: `billing-made-${Date.now()}@test.example`, password: 'x'.repeat(14), firstName: 'Made', lastName: 'ByBilling' } })
    expect(customer.status).toBe(201)
    const staff = await api('/api/users', { ...as('billing'), body: { email: 'x6@test.example', password: 'x'.repeat(14), name: 'X', role: 'billing' } })
    expect(staff.status).toBe(403)
  })

  it('staff cannot raise their own role or permissions; admins can change them', async () => {
    const self = await api(`/api/users/${ids.billing}`, { ...as('billing'), method: 'PATCH', body: { role: 'admin', permissions: ['services_cancel'], name: 'Still Billing' } })
    expect(self.status).toBe(200)
    const after = await payload.findByID({ collection: 'users', id: ids.billing })
    expect(after).toMatchObject({ role: 'billing', permissions: ['billing_manage'], name: 'Still Billing' })

    const byAdmin = await api(`/api/users/${ids.billing}`, { ...as('admin'), method: 'PATCH', body: { permissions: ['billing_manage', 'services_activate'] } })
    expect(byAdmin.status).toBe(200)
    expect((await payload.findByID({ collection: 'users', id: ids.billing })).permissions).toEqual(['billing_manage', 'services_activate'])
  })

  it('support staff cannot be granted permissions', async () => {
    const res = await api(`/api/users/${ids.support}`, { ...as('admin'), method: 'PATCH', body: { permissions: ['billing_manage'] } })
    expect(res.status).toBe(400)
    expect(JSON.stringify(res.body)).toMatch(/read-only/)
  })

  it("nobody runs jobs through Payload's own route: only the elected runner runs jobs", async () => {
    // Payload's run endpoint answers a refused caller with 401 rather than 403.
    for (const who of ['support', 'customerA', 'billing', 'admin'] as const) {
      expect([401, 403]).toContain((await api('/api/payload-jobs/run', as(who))).status)
    }
  })
})
