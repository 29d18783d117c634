/**
 * The package catalogue: who may read and write it, and services made from it. A service copies
 * its package's terms once, on create, on its customer's price basis; the catalogue changing
 * afterwards leaves the service as it was.
 */
import type { Payload } from 'payload'
import { beforeAll, describe, expect, it } from 'vitest'

import { createCustomer, createStaff } from '../factories/accounts'
import { api, graphql, loginCustomer, loginStaff, type Auth } from '../helpers/http'
import { testPayload } from '../helpers/payload'
import { plainSql, SQLSTATE } from '../helpers/sql'

let payload: Payload
const db = plainSql()
let catalogueClerk: Auth
let serviceClerk: Auth
let support: Auth
let admin: Auth
let customerAuth: Auth
let customerUser: Record<string, unknown>
let residentialId: number
let businessId: number

const run = Date.now().toString(36)
const named = (name: string) => `${name} (${run})`

const fibre100 = { type: 'fibre', downloadMbps: 100, uploadMbps: 100, monthlyPriceCents: 99_900, priceIncludesVat: true, installationFeeCents: 99_900 }
const newService = (customer: number, product: number, extra: Record<string, unknown> = {}) => ({
  customer,
  product,
  installationAddress: '12 Jan Smuts Ave, Randburg, 2194',
  billingDay: 1,
  ...extra,
})

async function createProduct(data: Record<string, unknown>) {
  const res = await api('/api/products?depth=0', { ...catalogueClerk, body: data })
  if (res.status !== 201) throw new Error(`product not created: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body.doc as { id: number; name: string; active: boolean }
}

const serviceRow = async (id: number) =>
  (
    await db.query(
      `SELECT type::text, package_name, download_mbps::int AS down, upload_mbps::int AS up, data_cap_gb::int AS cap, monthly_price_cents::int AS price, product_id FROM services WHERE id = $1`,
      [id],
    )
  )[0]

beforeAll(async () => {
  payload = await testPayload()
  const [catalogue, writer, readOnly, boss] = [
    await createStaff(payload, 'billing', ['billing_manage']),
    await createStaff(payload, 'billing'),
    await createStaff(payload, 'support'),
    await createStaff(payload, 'admin'),
  ]
  catalogueClerk = { jwt: await loginStaff(catalogue.email, catalogue.password) }
  serviceClerk = { jwt: await loginStaff(writer.email, writer.password) }
  support = { jwt: await loginStaff(readOnly.email, readOnly.password) }
  admin = { jwt: await loginStaff(boss.email, boss.password) }
  const home = await createCustomer(payload, { firstName: 'Thandi', lastName: 'Catalogue' })
  residentialId = home.id
  customerAuth = { jwt: await loginCustomer(home.email, home.password) }
  customerUser = { ...(await payload.findByID({ collection: 'customers', id: home.id })), collection: 'customers' }
  const company = await payload.create({
    collection: 'customers',
    data: { email: `catalogue-business-${run}@test.example`, password: 'correct-horse-battery-9', firstName: 'Pieter', lastName: 'Botha', companyName: 'Karoo Logistics (Pty) Ltd', accountType: 'business', accountStatus: 'active' },
  })
  businessId = company.id
})

describe('the catalogue', () => {
  it('is written by staff holding billing_manage only, and never deleted', async () => {
    const product = await createProduct({ name: named('Fibre 100/100'), ...fibre100 })
    expect(product.active).toBe(true)
    const body = { name: named('Not allowed'), ...fibre100 }
    for (const who of [serviceClerk, support, customerAuth, {}]) {
      const res = await api('/api/products', { ...who, body })
      expect(res.status).toBe(403)
      expect((await api(`/api/products/${product.id}`, { ...who, method: 'PATCH', body: { monthlyPriceCents: 1 } })).status).toBe(403)
    }
    expect((await api(`/api/products/${product.id}`, { ...admin, method: 'DELETE' })).status).toBe(403)
    expect(await db.errorCode(`DELETE FROM products WHERE id = $1`, [product.id])).toBe(SQLSTATE.check)
    expect((await db.query(`SELECT monthly_price_cents::int AS price FROM products WHERE id = $1`, [product.id]))[0].price).toBe(99_900)
    expect(await payload.count({ collection: 'products', where: { name: { equals: named('Not allowed') } } })).toMatchObject({ totalDocs: 0 })
  })

  it('holds whole cents, positive speeds and a unique name, at the API and in the database', async () => {
    const base = { name: named('Rules'), ...fibre100 }
    for (const [bad, field] of [
      [{ monthlyPriceCents: 10.5 }, 'monthlyPriceCents'],
      [{ monthlyPriceCents: -1 }, 'monthlyPriceCents'],
      [{ installationFeeCents: -100 }, 'installationFeeCents'],
      [{ downloadMbps: 0 }, 'downloadMbps'],
      [{ type: 'satellite' }, 'type'],
      // Payload reads number text with parseFloat: these would have saved as 1 cent and 12 cents.
      [{ monthlyPriceCents: '1 234,56' }, 'monthlyPriceCents'],
      [{ installationFeeCents: '12abc' }, 'installationFeeCents'],
    ] as const) {
      const res = await api('/api/products', { ...catalogueClerk, body: { ...base, ...bad } })
      expect([res.status, res.body.errors[0].data?.errors?.[0]?.path ?? res.body.errors[0].field]).toEqual([400, field])
    }
    const product = await createProduct(base)
    expect((await api('/api/products', { ...catalogueClerk, body: base })).status).toBe(400)
    expect(await db.errorCode(`UPDATE products SET monthly_price_cents = 10.5 WHERE id = $1`, [product.id])).toBe(SQLSTATE.check)
    expect(await db.errorCode(`UPDATE products SET installation_fee_cents = -1 WHERE id = $1`, [product.id])).toBe(SQLSTATE.check)
    expect(await db.errorCode(`UPDATE products SET data_cap_gb = 0 WHERE id = $1`, [product.id])).toBe(SQLSTATE.check)
  })

  it('takes a number as plain text, as a form sends it, and refuses any other text on update without changing anything', async () => {
    const product = await createProduct({ name: named('Text prices'), ...fibre100, monthlyPriceCents: '59900' })
    const price = async () => (await db.query(`SELECT monthly_price_cents::int AS price FROM products WHERE id = $1`, [product.id]))[0].price
    expect(await price()).toBe(59_900)
    for (const text of ['1 234,56', 'R 599', '599.00 ZAR']) {
      const res = await api(`/api/products/${product.id}`, { ...catalogueClerk, method: 'PATCH', body: { monthlyPriceCents: text } })
      expect([res.status, res.body.errors?.[0]?.data?.errors?.[0]?.path], text).toEqual([400, 'monthlyPriceCents'])
    }
    const many = await api(`/api/products?where[id][equals]=${product.id}`, { ...catalogueClerk, method: 'PATCH', body: { monthlyPriceCents: '1 000' } })
    expect(many.status).toBe(400)
    expect(await price()).toBe(59_900)
  })
})

describe('a service made from a package', () => {
  it('copies type, name, speeds, cap and price; a residential account keeps an incl. VAT price as it is', async () => {
    const product = await createProduct({ name: named('LTE 100 GB'), type: 'lte', downloadMbps: 30, uploadMbps: 15, dataCapGb: 100, monthlyPriceCents: 44_900, priceIncludesVat: true, installationFeeCents: 0 })
    const res = await api('/api/services?depth=0', { ...serviceClerk, body: newService(residentialId, product.id) })
    expect(res.status).toBe(201)
    expect(res.body.doc).toMatchObject({ type: 'lte', packageName: named('LTE 100 GB'), downloadMbps: 30, uploadMbps: 15, dataCapGb: 100, monthlyPriceCents: 44_900, product: product.id, status: 'pending' })
    expect(await serviceRow(res.body.doc.id)).toMatchObject({ type: 'lte', price: 44_900, cap: 100, product_id: product.id })
  })

  it('prices a business account excl. VAT, rounded half-up once', async () => {
    // 99900 x 15/115 = 13030.43 -> 13030 VAT; 99900 - 13030 = 86870 excl. VAT
    const product = await createProduct({ name: named('Fibre 100/100 for business'), ...fibre100 })
    const res = await api('/api/services?depth=0', { ...serviceClerk, body: newService(businessId, product.id) })
    expect([res.status, res.body.doc?.monthlyPriceCents, res.body.doc?.dataCapGb ?? null]).toEqual([201, 86_870, null])
    // A price quoted excl. VAT sold to a home: 249900 + 37485 (15%) = 287385
    const business = await createProduct({ name: named('Business Fibre 500/250'), type: 'fibre', downloadMbps: 500, uploadMbps: 250, monthlyPriceCents: 249_900, priceIncludesVat: false, installationFeeCents: 0 })
    const home = await api('/api/services?depth=0', { ...serviceClerk, body: newService(residentialId, business.id) })
    expect([home.status, home.body.doc?.monthlyPriceCents]).toEqual([201, 287_385])
    const office = await api('/api/services?depth=0', { ...serviceClerk, body: newService(businessId, business.id) })
    expect([office.status, office.body.doc?.monthlyPriceCents]).toEqual([201, 249_900])
  })

  it('keeps what the clerk typed over the package (an uncapped override included)', async () => {
    const product = await createProduct({ name: named('LTE 50 GB'), type: 'lte', downloadMbps: 20, uploadMbps: 10, dataCapGb: 50, monthlyPriceCents: 29_900, priceIncludesVat: true, installationFeeCents: 0 })
    const res = await api('/api/services?depth=0', {
      ...serviceClerk,
      body: newService(residentialId, product.id, { packageName: 'LTE 50 GB (loyalty)', monthlyPriceCents: 24_900, dataCapGb: null }),
    })
    expect(res.status).toBe(201)
    expect(await serviceRow(res.body.doc.id)).toMatchObject({ package_name: 'LTE 50 GB (loyalty)', price: 24_900, cap: null, down: 20, up: 10, type: 'lte' })
  })

  it('is not moved by a later catalogue change, and its package cannot be swapped', async () => {
    const product = await createProduct({ name: named('Fibre 50/50'), ...fibre100, downloadMbps: 50, uploadMbps: 50, monthlyPriceCents: 79_900 })
    const other = await createProduct({ name: named('Fibre 25/25'), ...fibre100, downloadMbps: 25, uploadMbps: 25, monthlyPriceCents: 49_900 })
    const made = await api('/api/services?depth=0', { ...serviceClerk, body: newService(residentialId, product.id) })
    expect(made.status).toBe(201)
    const changed = await api(`/api/products/${product.id}?depth=0`, { ...catalogueClerk, method: 'PATCH', body: { monthlyPriceCents: 89_900, downloadMbps: 60, name: named('Fibre 60/60') } })
    expect([changed.status, changed.body.doc?.monthlyPriceCents]).toEqual([200, 89_900])
    expect(await serviceRow(made.body.doc.id)).toMatchObject({ price: 79_900, down: 50, package_name: named('Fibre 50/50'), product_id: product.id })
    // The package is chosen once: a later PATCH leaves it (and copies nothing).
    const swap = await api(`/api/services/${made.body.doc.id}?depth=0`, { ...serviceClerk, method: 'PATCH', body: { product: other.id } })
    expect(swap.status).toBe(200)
    expect(await serviceRow(made.body.doc.id)).toMatchObject({ product_id: product.id, price: 79_900 })
    // A new service gets the new terms.
    const later = await api('/api/services?depth=0', { ...serviceClerk, body: newService(residentialId, product.id) })
    expect([later.body.doc?.monthlyPriceCents, later.body.doc?.downloadMbps]).toEqual([89_900, 60])
  })

  it('cannot choose a withdrawn package, which existing services keep', async () => {
    const product = await createProduct({ name: named('Fibre 10/10'), ...fibre100, downloadMbps: 10, uploadMbps: 10 })
    const made = await api('/api/services?depth=0', { ...serviceClerk, body: newService(residentialId, product.id) })
    expect(made.status).toBe(201)
    expect((await api(`/api/products/${product.id}`, { ...catalogueClerk, method: 'PATCH', body: { active: false } })).status).toBe(200)
    const refused = await api('/api/services', { ...serviceClerk, body: newService(residentialId, product.id) })
    expect(refused.status).toBe(400)
    expect(JSON.stringify(refused.body)).toContain('product')
    // The service made from it still saves.
    const edit = await api(`/api/services/${made.body.doc.id}?depth=0`, { ...serviceClerk, method: 'PATCH', body: { installationAddress: '14 Jan Smuts Ave, Randburg, 2194' } })
    expect([edit.status, edit.body.doc?.product]).toEqual([200, product.id])
  })

  it('over GraphQL records the package; the create input makes the required terms non-null, so the client sends them', async () => {
    const product = await createProduct({ name: named('LTE 20 GB'), type: 'lte', downloadMbps: 10, uploadMbps: 5, dataCapGb: 20, monthlyPriceCents: 19_900, priceIncludesVat: true, installationFeeCents: 0 })
    const res = await graphql(
      `mutation($data: mutationServiceInput!) { createService(data: $data) { id packageName dataCapGb monthlyPriceCents product { id } } }`,
      { data: newService(businessId, product.id, { status: 'pending', type: 'lte', packageName: named('LTE 20 GB'), downloadMbps: 10, uploadMbps: 5, monthlyPriceCents: 17_304 }) },
      serviceClerk,
    )
    expect(res.body.errors).toBeUndefined()
    // The cap was left out, so it comes from the package.
    expect(res.body.data?.createService).toMatchObject({ dataCapGb: 20, monthlyPriceCents: 17_304, product: { id: product.id } })
  })
})

describe('what customers see', () => {
  let onSale: number
  let withdrawn: number

  beforeAll(async () => {
    onSale = (await createProduct({ name: named('On sale'), ...fibre100 })).id
    withdrawn = (await createProduct({ name: named('Withdrawn'), ...fibre100, active: false })).id
  })

  it('over REST: the packages on sale only', async () => {
    const list = await api('/api/products?limit=100&depth=0', customerAuth)
    expect(list.status).toBe(200)
    const ids = list.body.docs.map((d: { id: number }) => d.id)
    expect(ids).toContain(onSale)
    expect(ids).not.toContain(withdrawn)
    expect(list.body.docs.every((d: { active: boolean }) => d.active)).toBe(true)
    expect((await api(`/api/products/${withdrawn}`, customerAuth)).status).toBe(404)
    expect((await api(`/api/products/${onSale}`, customerAuth)).status).toBe(200)
    const sneaky = await api(`/api/products?limit=100&where[active][equals]=false`, customerAuth)
    expect(sneaky.body.docs).toEqual([])
    const counted = await api(`/api/products/count?where[id][equals]=${withdrawn}`, customerAuth)
    expect(counted.body.totalDocs).toBe(0)
    // Staff see both; nobody signed in sees none.
    const staffIds = (await api('/api/products?limit=100&depth=0&where[active][equals]=false', support)).body.docs.map((d: { id: number }) => d.id)
    expect(staffIds).toContain(withdrawn)
    expect((await api('/api/products')).status).toBe(403)
  })

  it('over GraphQL: the packages on sale only', async () => {
    const res = await graphql(`{ Products(limit: 100) { docs { id active } } }`, {}, customerAuth)
    const docs = res.body.data?.Products?.docs ?? []
    expect(docs.map((d: { id: number }) => d.id)).toContain(onSale)
    expect(docs.map((d: { id: number }) => d.id)).not.toContain(withdrawn)
    const one = await graphql(`query($id: Int!) { Product(id: $id) { id name } }`, { id: withdrawn }, customerAuth)
    expect(one.body.data?.Product ?? null).toBeNull()
  })

  it('through the local API with access enforced: the packages on sale only', async () => {
    const found = await payload.find({ collection: 'products', limit: 100, depth: 0, overrideAccess: false, user: customerUser as never })
    expect(found.docs.map((d) => d.id)).toContain(onSale)
    expect(found.docs.map((d) => d.id)).not.toContain(withdrawn)
    await expect(payload.findByID({ collection: 'products', id: withdrawn, overrideAccess: false, user: customerUser as never })).rejects.toThrow()
    await expect(
      payload.create({ collection: 'products', data: { name: named('By a customer'), type: 'fibre', downloadMbps: 1, uploadMbps: 1, monthlyPriceCents: 1, priceIncludesVat: true, installationFeeCents: 0, active: true }, overrideAccess: false, user: customerUser as never }),
    ).rejects.toThrow(/not allowed/i)
  })

  it("a customer's own service shows its package only while it is on sale", async () => {
    const made = await api('/api/services?depth=0', { ...serviceClerk, body: newService(residentialId, withdrawn) })
    expect(made.status).toBe(400)
    const service = await api('/api/services?depth=0', { ...serviceClerk, body: newService(residentialId, onSale) })
    const mine = await api(`/api/services/${service.body.doc.id}?depth=1`, customerAuth)
    expect(mine.body.product).toMatchObject({ id: onSale, active: true })
  })
})
