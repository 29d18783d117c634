/**
 * The access matrix: every collection x every kind of caller x create / read / update / delete,
 * over REST and over GraphQL, against the production server and the real database.
 *
 * `MATRIX` below is the specification, one row per collection. The tests are generated from it:
 * what it allows must work, what it refuses must be refused and leave the database as it was
 * (checked through the local API afterwards). Reads are checked by row id: a customer's list holds
 * exactly their own rows, never another customer's.
 *
 * After the matrix come the probes the matrix cannot express: cross-customer queries (by id, by
 * `where`, counts, bulk writes, duplicates), relationship population and GraphQL nesting,
 * staff-only fields, the fields a customer may and may not change on their own records, the
 * never-exposed `encryptedDetails` of payment methods, and Payload's own collections.
 */
import type { CollectionSlug, Payload, Where } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createCustomer, createStaff, PASSWORD } from '../factories/accounts'
import {
  accountChangeData,
  consumerOrderData,
  createConsumerOrder,
  createCustomerEstate,
  createPaymentMethod,
  createService,
  createUsageRecord,
  createValidationError,
  fakeCiphertext,
  invoiceData,
  jobRunData,
  notificationData,
  paymentMethodData,
  serviceActionData,
  serviceData,
  suspensionData,
  transactionData,
  uniqueToken,
  usageRecordData,
  validationErrorData,
  type CustomerEstate,
} from '../factories/billing'
import { api, graphql, loginCustomer, loginStaff, type ApiResponse, type Auth } from '../helpers/http'
import { testPayload } from '../helpers/payload'
import { sql } from '../helpers/sql'

// The specification ----------------------------------------------------------------------------

const ACTORS = ['anonymous', 'customerA', 'customerB', 'support', 'billing', 'admin'] as const
type Actor = (typeof ACTORS)[number]
type Customer = 'customerA' | 'customerB'
const OPS = ['create', 'read', 'update', 'delete'] as const
type Op = (typeof OPS)[number]

/**
 * Per actor, one character each for create / read / update / delete:
 *
 *   C R U D   allowed, on any row
 *   o         allowed on the actor's own rows only: a customer's own records (their customer
 *             record, or rows whose `customer` is them; for invoices, issued ones only), a staff
 *             member's own user record
 *   -         refused
 *
 * support is the read-only staff role; billing is role `billing` holding `billing_manage`.
 */
const MATRIX: ReadonlyArray<readonly [CollectionSlug, string, string, string, string, string, string]> = [
  //  collection              anonymous  customerA  customerB  support  billing  admin
  ['customers',               '----',    '-oo-',    '-oo-',    '-R--',  'CRU-',  'CRU-'],
  ['consumer-orders',         '----',    '-o--',    '-o--',    '-R--',  'CRU-',  'CRUD'],
  ['services',                '----',    '-o--',    '-o--',    '-R--',  'CRU-',  'CRU-'],
  ['usage-records',           '----',    '-o--',    '-o--',    '-R--',  'CRU-',  'CRUD'],
  ['service-suspensions',     '----',    '----',    '----',    '-R--',  '-R--',  '-RU-'],
  ['billing-accounts',        '----',    '-oo-',    '-oo-',    '-R--',  'CRU-',  'CRU-'],
  ['invoices',                '----',    '-o--',    '-o--',    '-R--',  'CRU-',  'CRU-'],
  ['payment-transactions',    '----',    '-o--',    '-o--',    '-R--',  '-R--',  '-R--'],
  ['payment-methods',         '----',    '-o--',    '-o--',    '-R--',  '-R--',  '-R--'],
  ['service-actions',         '----',    '----',    '----',    '-R--',  '-R--',  '-R--'],
  ['account-changes',         '----',    '----',    '----',    '-R--',  '-R--',  '-R--'],
  ['job-runs',                '----',    '----',    '----',    '-R--',  '-R--',  '-R--'],
  ['notifications',           '----',    '-o--',    '-o--',    '-R--',  '-R--',  '-R--'],
  ['validation-errors',       '----',    '----',    '----',    '-R--',  'CRU-',  'CRUD'],
  ['users',                   '----',    '----',    '----',    '-Ro-',  '-Ro-',  'CRUD'],
]

type Verdict = 'allowed' | 'own' | 'refused'
const verdictOf = (ch: string): Verdict => (ch === '-' ? 'refused' : ch === 'o' ? 'own' : 'allowed')

// Fixtures -------------------------------------------------------------------------------------

type Id = number
let payload: Payload
let tokens: Record<Exclude<Actor, 'anonymous'>, string>
let staff: Record<'admin' | 'billing' | 'support' | 'other', Id>
let customers: Record<'A' | 'B' | 'C', Id>
let emails: Record<'A' | 'B', string>
let estate: Record<'A' | 'B', CustomerEstate>
/** Customer C: no login; the target of the rows staff create. */
let serviceC: Id

beforeAll(async () => {
  payload = await testPayload()
  const [admin, billing, support, other] = [
    await createStaff(payload, 'admin'),
    await createStaff(payload, 'billing', ['billing_manage']),
    await createStaff(payload, 'support'),
    await createStaff(payload, 'support'),
  ]
  const [a, b, c] = [
    await createCustomer(payload, { firstName: 'Ayanda', lastName: 'Matrix' }),
    await createCustomer(payload, { firstName: 'Busisiwe', lastName: 'Matrix' }),
    await createCustomer(payload, { firstName: 'Chris', lastName: 'Matrix' }),
  ]
  staff = { admin: admin.id, billing: billing.id, support: support.id, other: other.id }
  customers = { A: a.id, B: b.id, C: c.id }
  emails = { A: a.email, B: b.email }
  estate = {
    // Service actions are left as system actions (no staff user): the row would otherwise pin the
    // staff user for good, since deleting a user nulls service_actions.staff_user_id and the table
    // is append-only (bootstrap.int.spec.ts deletes every user inside a rolled-back transaction).
    A: await createCustomerEstate(payload, a.id),
    B: await createCustomerEstate(payload, b.id),
  }
  serviceC = (await createService(payload, c.id)).id
  tokens = {
    admin: await loginStaff(admin.email, PASSWORD),
    billing: await loginStaff(billing.email, PASSWORD),
    support: await loginStaff(support.email, PASSWORD),
    customerA: await loginCustomer(a.email, PASSWORD),
    customerB: await loginCustomer(b.email, PASSWORD),
  }
})

const as = (who: Actor): Auth => (who === 'anonymous' ? {} : { jwt: tokens[who] })
const isCustomer = (who: Actor): who is Customer => who === 'customerA' || who === 'customerB'
const letterOf = (who: Customer) => (who === 'customerA' ? 'A' : 'B')
const otherOf = (who: Customer) => (who === 'customerA' ? 'B' : 'A')
/** Whom an actor's new rows are for: a customer tries their own account; staff write for customer C. */
const targetCustomer = (who: Actor): Id => (isCustomer(who) ? customers[letterOf(who)] : who === 'anonymous' ? customers.A : customers.C)
const serviceOf = (customer: Id): Id =>
  customer === customers.A ? estate.A.service.id : customer === customers.B ? estate.B.service.id : serviceC

/** A fresh customer whose billing account is gone, so creating one is possible at all. */
async function customerWithoutBillingAccount(): Promise<Id> {
  const c = await createCustomer(payload, { firstName: 'Unbilled' })
  await payload.delete({ collection: 'billing-accounts', where: { customer: { equals: c.id } } })
  return c.id
}

const randomInt = (min: number, max: number) => min + Math.floor(Math.random() * (max - min))

// What each collection needs for the matrix ------------------------------------------------------

type Draft = { data: Record<string, unknown>; where: Where }
type Change = { data: Record<string, unknown>; expected: Record<string, unknown> }

type Subject = {
  gql: { one: string; many: string }
  /** The fixture row of customer A's or B's estate (for staff-only collections: the one about them). */
  row: (owner: 'A' | 'B') => Id
  /** The actor's own row, if the collection has such a thing, and a row that is not theirs. */
  rowsOf?: (who: Actor) => { own?: Id; foreign: Id }
  /** The ids a customer's list must hold exactly, read from the database. */
  ownIds?: (customer: Id) => Promise<Id[]>
  /** A valid new row for this actor to try, and how to find it afterwards. */
  draft: (who: Actor) => Promise<Draft>
  /** A valid change for this actor, and what the row holds once it is applied. */
  change: (who: Actor, id: Id) => Promise<Change>
  /** A row made only to be deleted. */
  throwaway?: () => Promise<Id>
}

const idsWhere = async (slug: CollectionSlug, where: Where) =>
  (await payload.find({ collection: slug, where, depth: 0, pagination: false })).docs.map((d) => d.id as Id)
const ownedBy = (slug: CollectionSlug) => (customer: Id) => idsWhere(slug, { customer: { equals: customer } })

const SUBJECTS: Record<string, Subject> = {
  customers: {
    gql: { one: 'Customer', many: 'Customers' },
    row: (o) => customers[o],
    ownIds: async (customer) => [customer],
    draft: async () => {
      const email = `${uniqueToken('matrix-new')}@test.example`
      return {
        data: { email, password: PASSWORD, firstName: 'New', lastName: 'Customer', accountStatus: 'active', accountType: 'residential' },
        where: { email: { equals: email } },
      }
    },
    change: async (who) => {
      if (isCustomer(who)) {
        const national = `82${randomInt(1_000_000, 9_999_999)}`
        return { data: { mobile: `0${national}` }, expected: { mobile: `27${national}` } }
      }
      const lastName = uniqueToken('Renamed')
      return { data: { lastName }, expected: { lastName } }
    },
  },
  'consumer-orders': {
    gql: { one: 'ConsumerOrder', many: 'ConsumerOrders' },
    row: (o) => estate[o].consumerOrder.id,
    ownIds: ownedBy('consumer-orders'),
    draft: async (who) => {
      const data = consumerOrderData({ customer: targetCustomer(who) })
      return { data, where: { orderNumber: { equals: data.orderNumber } } }
    },
    change: async () => {
      const customerEmail = `${uniqueToken('changed')}@test.example`
      return { data: { customerEmail }, expected: { customerEmail } }
    },
    throwaway: async () => (await createConsumerOrder(payload)).id,
  },
  services: {
    gql: { one: 'Service', many: 'Services' },
    row: (o) => estate[o].service.id,
    ownIds: ownedBy('services'),
    draft: async (who) => {
      const data = serviceData(targetCustomer(who))
      return { data, where: { packageName: { equals: data.packageName } } }
    },
    change: async () => {
      const packageName = uniqueToken('Fibre renamed ')
      return { data: { packageName }, expected: { packageName } }
    },
  },
  'usage-records': {
    gql: { one: 'UsageRecord', many: 'UsageRecords' },
    row: (o) => estate[o].usageRecord.id,
    ownIds: ownedBy('usage-records'),
    draft: async (who) => {
      const customer = targetCustomer(who)
      const data = usageRecordData(customer, serviceOf(customer))
      return { data, where: { uploadBytes: { equals: data.uploadBytes } } }
    },
    change: async () => {
      const downloadBytes = randomInt(1, 1_000_000_000)
      return { data: { downloadBytes }, expected: { downloadBytes } }
    },
    throwaway: async () => (await createUsageRecord(payload, customers.C, serviceC)).id,
  },
  'service-suspensions': {
    gql: { one: 'ServiceSuspension', many: 'ServiceSuspensions' },
    row: (o) => estate[o].suspension.id,
    draft: async (who) => {
      const data = suspensionData(serviceOf(targetCustomer(who)))
      return { data, where: { reason: { equals: data.reason } } }
    },
    change: async () => {
      const reason = uniqueToken('corrected ')
      return { data: { reason }, expected: { reason } }
    },
  },
  'billing-accounts': {
    gql: { one: 'BillingAccount', many: 'BillingAccounts' },
    row: (o) => estate[o].billingAccount.id,
    ownIds: ownedBy('billing-accounts'),
    draft: async () => {
      const customer = await customerWithoutBillingAccount()
      return {
        data: { customer, balanceCents: 0, creditLimitCents: 50_000, autoPay: false, notifyBySms: true, notifyByEmail: true },
        where: { customer: { equals: customer } },
      }
    },
    change: async (who, id) => {
      if (isCustomer(who)) {
        const now = await payload.findByID({ collection: 'billing-accounts', id, depth: 0 })
        const data = { notifyBySms: !now.notifyBySms, notifyByEmail: !now.notifyByEmail }
        return { data, expected: data }
      }
      const creditLimitCents = randomInt(1, 10_000) * 100
      return { data: { creditLimitCents }, expected: { creditLimitCents } }
    },
  },
  invoices: {
    gql: { one: 'Invoice', many: 'Invoices' },
    row: (o) => estate[o].issuedInvoice.id,
    ownIds: (customer) => idsWhere('invoices', { customer: { equals: customer }, status: { not_equals: 'draft' } }),
    draft: async (who) => {
      const customer = targetCustomer(who)
      const data = invoiceData(customer, serviceOf(customer), { status: 'draft' })
      return { data, where: { 'lines.description': { equals: data.lines[0].description } } }
    },
    change: async () => {
      const notes = uniqueToken('note ')
      return { data: { notes }, expected: { notes } }
    },
  },
  'payment-transactions': {
    gql: { one: 'PaymentTransaction', many: 'PaymentTransactions' },
    row: (o) => estate[o].transaction.id,
    ownIds: ownedBy('payment-transactions'),
    draft: async (who) => {
      const data = transactionData(targetCustomer(who))
      return { data, where: { transactionId: { equals: data.transactionId } } }
    },
    change: async () => {
      const failureReason = uniqueToken('reason ')
      return { data: { failureReason }, expected: { failureReason } }
    },
  },
  'payment-methods': {
    gql: { one: 'PaymentMethod', many: 'PaymentMethods' },
    row: (o) => estate[o].paymentMethod.id,
    ownIds: ownedBy('payment-methods'),
    draft: async (who) => {
      const data = paymentMethodData(targetCustomer(who))
      return { data, where: { displayName: { equals: data.displayName } } }
    },
    change: async () => {
      const displayName = uniqueToken('Debit Order - renamed ')
      return { data: { displayName }, expected: { displayName } }
    },
  },
  'service-actions': {
    gql: { one: 'ServiceAction', many: 'ServiceActions' },
    row: (o) => estate[o].serviceAction.id,
    draft: async (who) => {
      const customer = targetCustomer(who)
      const data = serviceActionData(serviceOf(customer), customer)
      return { data, where: { reason: { equals: data.reason } } }
    },
    change: async () => {
      const notes = uniqueToken('rewritten ')
      return { data: { notes }, expected: { notes } }
    },
  },
  'account-changes': {
    gql: { one: 'AccountChange', many: 'AccountChanges' },
    row: (o) => estate[o].accountChange.id,
    draft: async (who) => {
      const data = accountChangeData(targetCustomer(who), { field: uniqueToken('field-') })
      return { data, where: { field: { equals: data.field } } }
    },
    change: async () => {
      const field = uniqueToken('rewritten-')
      return { data: { field }, expected: { field } }
    },
  },
  'job-runs': {
    gql: { one: 'JobRun', many: 'JobRuns' },
    row: (o) => estate[o].jobRun.id,
    draft: async () => {
      const data = jobRunData()
      return { data, where: { jobName: { equals: data.jobName } } }
    },
    change: async () => {
      const recordsProcessed = randomInt(1, 1000)
      return { data: { recordsProcessed }, expected: { recordsProcessed } }
    },
  },
  notifications: {
    gql: { one: 'Notification', many: 'Notifications' },
    row: (o) => estate[o].notification.id,
    ownIds: ownedBy('notifications'),
    draft: async (who) => {
      const data = notificationData(targetCustomer(who))
      return { data, where: { eventKey: { equals: data.eventKey } } }
    },
    change: async () => ({ data: { status: 'delivered' }, expected: { status: 'delivered' } }),
  },
  'validation-errors': {
    gql: { one: 'ValidationError', many: 'ValidationErrors' },
    row: (o) => estate[o].validationError.id,
    draft: async () => {
      const data = validationErrorData()
      return { data, where: { recordReference: { equals: data.recordReference } } }
    },
    // What was found is read-only (src/collections/ValidationErrors); staff write the note.
    change: async () => {
      const note = uniqueToken('note ')
      return { data: { note }, expected: { note } }
    },
    throwaway: async () => (await createValidationError(payload)).id,
  },
  users: {
    gql: { one: 'User', many: 'Users' },
    row: (o) => (o === 'A' ? staff.other : staff.admin),
    // A staff member's own row is their user record; the row that is not theirs is another support user.
    rowsOf: (who) => ({ own: who === 'support' || who === 'billing' || who === 'admin' ? staff[who] : undefined, foreign: staff.other }),
    draft: async () => {
      const email = `${uniqueToken('matrix-staff')}@test.example`
      return { data: { email, password: PASSWORD, name: 'New Staff', role: 'support' }, where: { email: { equals: email } } }
    },
    change: async () => {
      const name = uniqueToken('Renamed ')
      return { data: { name }, expected: { name } }
    },
    throwaway: async () => (await createStaff(payload, 'support')).id,
  },
}

function rowsOf(slug: CollectionSlug, who: Actor): { own?: Id; foreign: Id } {
  const s = SUBJECTS[slug]
  if (s.rowsOf) return s.rowsOf(who)
  if (isCustomer(who)) return { own: s.row(letterOf(who)), foreign: s.row(otherOf(who)) }
  return { foreign: s.row('A') }
}

const snapshot = (slug: CollectionSlug, id: Id) =>
  payload.find({ collection: slug, where: { id: { equals: id } }, depth: 0, pagination: false }).then((r) => r.docs[0] ?? null)

// Transports: the same questions asked over REST and over GraphQL ---------------------------------

/** `ok`: done; `refused`: forbidden; `not-found`: the row is outside what the caller may see. */
type Outcome = 'ok' | 'refused' | 'not-found' | `unexpected: ${string}`
type ListResult = { outcome: Outcome; ids: Id[] }

type Transport = {
  list: (who: Actor, slug: CollectionSlug) => Promise<ListResult>
  byId: (who: Actor, slug: CollectionSlug, id: Id) => Promise<Outcome>
  create: (who: Actor, slug: CollectionSlug, data: Record<string, unknown>) => Promise<Outcome>
  update: (who: Actor, slug: CollectionSlug, id: Id, data: Record<string, unknown>) => Promise<Outcome>
  remove: (who: Actor, slug: CollectionSlug, id: Id) => Promise<Outcome>
}

const unexpected = (res: ApiResponse): Outcome => `unexpected: ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`

/** A refusal must not carry the document it refused. */
function restOutcome(res: ApiResponse, okStatus: number): Outcome {
  if (res.status === okStatus) return 'ok'
  if (res.body?.doc !== undefined || res.body?.id !== undefined) return unexpected(res)
  if (res.status === 403) return 'refused'
  if (res.status === 404) return 'not-found'
  return unexpected(res)
}

/** Every row a list shows, page by page (a page holds at most 100: the API never returns all at once). */
async function everyPage(path: string, auth: Auth): Promise<ApiResponse & { docs: Array<Record<string, unknown>> }> {
  const docs: Array<Record<string, unknown>> = []
  for (let page = 1; ; page++) {
    const res = await api(`${path}${path.includes('?') ? '&' : '?'}limit=100&page=${page}`, auth)
    if (res.status !== 200) return { ...res, docs }
    docs.push(...res.body.docs)
    if (!res.body.hasNextPage) return { ...res, docs }
  }
}

const REST: Transport = {
  async list(who, slug) {
    const res = await everyPage(`/api/${slug}?depth=0`, as(who))
    if (res.status === 200) return { outcome: 'ok', ids: res.docs.map((d) => d.id as Id) }
    return { outcome: restOutcome(res, 200), ids: [] }
  },
  async byId(who, slug, id) {
    const res = await api(`/api/${slug}/${id}?depth=0`, as(who))
    if (res.status === 200 && res.body?.id !== id) return unexpected(res)
    return restOutcome(res, 200)
  },
  create: async (who, slug, data) => restOutcome(await api(`/api/${slug}?depth=0`, { ...as(who), body: data }), 201),
  update: async (who, slug, id, data) => restOutcome(await api(`/api/${slug}/${id}?depth=0`, { ...as(who), method: 'PATCH', body: data }), 200),
  remove: async (who, slug, id) => restOutcome(await api(`/api/${slug}/${id}?depth=0`, { ...as(who), method: 'DELETE' }), 200),
}

function gqlOutcome(res: ApiResponse, field: string): Outcome {
  const doc = res.body?.data?.[field]
  if (doc) return 'ok'
  const message: string = res.body?.errors?.[0]?.message ?? ''
  if (/not allowed/i.test(message)) return 'refused'
  if (/not found/i.test(message)) return 'not-found'
  return unexpected(res)
}

const GRAPHQL: Transport = {
  async list(who, slug) {
    const { many } = SUBJECTS[slug].gql
    // Every page: lists come in pages of at most 100 over GraphQL as over REST.
    const ids: Id[] = []
    for (let page = 1; ; page++) {
      const res = await graphql(`{ ${many}(limit: 100, page: ${page}) { hasNextPage docs { id } } }`, {}, as(who))
      const list = res.body.data?.[many]
      if (!list) return { outcome: gqlOutcome(res, many), ids: [] }
      ids.push(...list.docs.map((d: { id: Id }) => d.id))
      if (!list.hasNextPage) return { outcome: 'ok', ids }
    }
  },
  async byId(who, slug, id) {
    const { one } = SUBJECTS[slug].gql
    const res = await graphql(`query($id: Int!) { ${one}(id: $id) { id } }`, { id }, as(who))
    if (res.body.data?.[one] && res.body.data[one].id !== id) return unexpected(res)
    return gqlOutcome(res, one)
  },
  async create(who, slug, data) {
    const { one } = SUBJECTS[slug].gql
    const res = await graphql(`mutation($data: mutation${one}Input!) { create${one}(data: $data) { id } }`, { data }, as(who))
    return gqlOutcome(res, `create${one}`)
  },
  async update(who, slug, id, data) {
    const { one } = SUBJECTS[slug].gql
    const res = await graphql(
      `mutation($id: Int!, $data: mutation${one}UpdateInput!) { update${one}(id: $id, data: $data) { id } }`,
      { id, data },
      as(who),
    )
    return gqlOutcome(res, `update${one}`)
  },
  async remove(who, slug, id) {
    const { one } = SUBJECTS[slug].gql
    const res = await graphql(`mutation($id: Int!) { delete${one}(id: $id) { id } }`, { id }, as(who))
    return gqlOutcome(res, `delete${one}`)
  },
}

const TRANSPORTS = { REST, GraphQL: GRAPHQL } as const

// The checks, one per verdict ---------------------------------------------------------------------

const REFUSED_WRITE = /^(refused|not-found)$/

async function checkCreate(t: Transport, slug: CollectionSlug, who: Actor, verdict: Verdict) {
  const { data, where } = await SUBJECTS[slug].draft(who)
  const outcome = await t.create(who, slug, data)
  const landed = (await payload.count({ collection: slug, where })).totalDocs
  if (verdict === 'refused') {
    expect(outcome).toBe('refused')
    expect(landed).toBe(0)
  } else {
    expect(outcome).toBe('ok')
    expect(landed, 'the API reported the row created; the database must hold it').toBe(1)
  }
}

async function checkRead(t: Transport, slug: CollectionSlug, who: Actor, verdict: Verdict) {
  const s = SUBJECTS[slug]
  const { own, foreign } = rowsOf(slug, who)
  const list = await t.list(who, slug)
  if (verdict === 'refused') {
    expect(list).toEqual({ outcome: 'refused', ids: [] })
    for (const id of [own, foreign]) if (id !== undefined) expect(await t.byId(who, slug, id)).toBe('refused')
  } else if (verdict === 'own') {
    if (!isCustomer(who) || !s.ownIds) throw new Error(`no notion of own ${slug} rows for ${who}`)
    expect(list.outcome).toBe('ok')
    const expected = await s.ownIds(customers[letterOf(who)])
    expect([...list.ids].sort((x, y) => x - y)).toEqual([...expected].sort((x, y) => x - y))
    expect(list.ids).toContain(own)
    expect(list.ids).not.toContain(foreign)
    expect(await t.byId(who, slug, own!)).toBe('ok')
    expect(await t.byId(who, slug, foreign)).toBe('not-found')
  } else {
    expect(list.outcome).toBe('ok')
    expect(list.ids).toEqual(expect.arrayContaining([s.row('A'), s.row('B')]))
    expect(await t.byId(who, slug, s.row('A'))).toBe('ok')
    expect(await t.byId(who, slug, s.row('B'))).toBe('ok')
  }
}

async function expectRefusedUpdate(t: Transport, slug: CollectionSlug, who: Actor, id: Id) {
  const before = await snapshot(slug, id)
  const { data } = await SUBJECTS[slug].change(who, id)
  expect(await t.update(who, slug, id, data)).toMatch(REFUSED_WRITE)
  expect(await snapshot(slug, id)).toEqual(before)
}

async function expectUpdate(t: Transport, slug: CollectionSlug, who: Actor, id: Id) {
  const { data, expected } = await SUBJECTS[slug].change(who, id)
  expect(await t.update(who, slug, id, data)).toBe('ok')
  expect(await snapshot(slug, id), 'the API reported the row updated; the database must hold the change').toMatchObject(expected)
}

async function checkUpdate(t: Transport, slug: CollectionSlug, who: Actor, verdict: Verdict) {
  const { own, foreign } = rowsOf(slug, who)
  if (verdict === 'refused') {
    for (const id of [own, foreign]) if (id !== undefined) await expectRefusedUpdate(t, slug, who, id)
  } else if (verdict === 'own') {
    await expectUpdate(t, slug, who, own!)
    await expectRefusedUpdate(t, slug, who, foreign)
  } else {
    await expectUpdate(t, slug, who, foreign)
  }
}

async function checkDelete(t: Transport, slug: CollectionSlug, who: Actor, verdict: Verdict) {
  if (verdict === 'allowed') {
    const id = await SUBJECTS[slug].throwaway!()
    expect(await t.remove(who, slug, id)).toBe('ok')
    expect(await snapshot(slug, id)).toBeNull()
    return
  }
  const { own, foreign } = rowsOf(slug, who)
  for (const id of [own, foreign]) {
    if (id === undefined) continue
    const before = await snapshot(slug, id)
    expect(await t.remove(who, slug, id)).toMatch(REFUSED_WRITE)
    expect(await snapshot(slug, id)).toEqual(before)
  }
}

const CHECKS: Record<Op, typeof checkCreate> = { create: checkCreate, read: checkRead, update: checkUpdate, delete: checkDelete }

const titleOf = (slug: string, who: Actor, op: Op, verdict: Verdict) =>
  `${slug}: ${who} ${verdict === 'refused' ? 'may not' : 'may'} ${op}${verdict === 'own' ? ' their own rows only' : ''}`
const cells = MATRIX.flatMap(([slug, ...columns]) =>
  ACTORS.flatMap((who, i) =>
    OPS.map((op, j) => {
      const verdict = verdictOf(columns[i][j])
      return [titleOf(slug, who, op, verdict), { slug, who, op, verdict }] as const
    }),
  ),
)

describe('the rows the matrix tries to write are valid, so a refusal is the access rule at work', () => {
  it.each(MATRIX.map(([slug]) => slug))('%s: a new row and a change are accepted with access overridden', async (slug) => {
    const { data, where } = await SUBJECTS[slug].draft('admin')
    const doc = await payload.create({ collection: slug, data: data as never, depth: 0 })
    expect((await payload.count({ collection: slug, where })).totalDocs).toBe(1)
    // service_actions and account_changes refuse every change at the database, whoever asks:
    // their update rule is checked at the API only.
    if (slug === 'service-actions' || slug === 'account-changes') return
    const { data: change, expected } = await SUBJECTS[slug].change('admin', doc.id as Id)
    await payload.update({ collection: slug, id: doc.id, data: change as never, depth: 0 })
    expect(await snapshot(slug, doc.id as Id)).toMatchObject(expected)
  })
})

describe.each(Object.keys(TRANSPORTS) as Array<keyof typeof TRANSPORTS>)('access matrix over %s', (transport) => {
  it.each(cells)('%s', async (_title, { slug, who, op, verdict }) => {
    await CHECKS[op](TRANSPORTS[transport], slug, who, verdict)
  })
})

// Cross-customer probes -------------------------------------------------------------------------

/** Customer-owned collections, and the field that says whose a row is. */
const OWNED: ReadonlyArray<readonly [CollectionSlug, string]> = [
  ['customers', 'id'],
  ['services', 'customer'],
  ['usage-records', 'customer'],
  ['billing-accounts', 'customer'],
  ['invoices', 'customer'],
  ['payment-transactions', 'customer'],
  ['payment-methods', 'customer'],
  ['notifications', 'customer'],
  ['consumer-orders', 'customer'],
]

describe("a customer cannot reach another customer's rows", () => {
  it.each(OWNED)("%s: customer A asking for B's rows by id, by where and by count gets nothing", async (slug, ownerField) => {
    const { one, many } = SUBJECTS[slug].gql
    const bRow = SUBJECTS[slug].row('B')
    const bMarker = String(customers.B)

    const byId = await api(`/api/${slug}/${bRow}?depth=1`, as('customerA'))
    expect(byId.status).toBe(404)
    expect(JSON.stringify(byId.body)).not.toContain(emails.B)
    expect(byId.body?.id).toBeUndefined()

    const byWhere = await api(`/api/${slug}?where[${ownerField}][equals]=${bMarker}&depth=0`, as('customerA'))
    expect(byWhere.status).toBe(200)
    expect(byWhere.body.docs).toEqual([])
    expect(byWhere.body.totalDocs).toBe(0)

    // OR-ing in B's row must not widen the customer's own filter.
    const widened = await api(`/api/${slug}?where[or][0][id][equals]=${bRow}&where[or][1][${ownerField}][equals]=${bMarker}&depth=0`, as('customerA'))
    expect(widened.body.docs).toEqual([])

    const count = await api(`/api/${slug}/count?where[${ownerField}][equals]=${bMarker}`, as('customerA'))
    expect(count.status).toBe(200)
    expect(count.body.totalDocs).toBe(0)

    const gqlWhere = await graphql(
      `query($w: ${one}_where) { ${many}(where: $w) { docs { id } totalDocs } count${many}(where: $w) { totalDocs } }`,
      { w: { [ownerField]: { equals: customers.B } } },
      as('customerA'),
    )
    expect(gqlWhere.body.errors).toBeUndefined()
    expect(gqlWhere.body.data[many]).toEqual({ docs: [], totalDocs: 0 })
    expect(gqlWhere.body.data[`count${many}`]).toEqual({ totalDocs: 0 })

    const gqlById = await graphql(`query($id: Int!) { ${one}(id: $id) { id } }`, { id: bRow }, as('customerA'))
    expect(gqlById.body.data?.[one] ?? null).toBeNull()
    expect(JSON.stringify(gqlById.body)).not.toContain(emails.B)
  })

  it.each(OWNED)("%s: customer A's bulk update, bulk delete and duplicate of B's row change nothing", async (slug) => {
    const bRow = SUBJECTS[slug].row('B')
    const before = await snapshot(slug, bRow)
    const countBefore = (await payload.count({ collection: slug })).totalDocs
    const { data } = await SUBJECTS[slug].change('customerA', SUBJECTS[slug].row('A'))

    const bulkPatch = await api(`/api/${slug}?where[id][equals]=${bRow}`, { ...as('customerA'), method: 'PATCH', body: data })
    expect([200, 403]).toContain(bulkPatch.status)
    expect(bulkPatch.body?.docs ?? []).toEqual([])
    const bulkDelete = await api(`/api/${slug}?where[id][equals]=${bRow}`, { ...as('customerA'), method: 'DELETE' })
    expect([200, 403]).toContain(bulkDelete.status)
    expect(bulkDelete.body?.docs ?? []).toEqual([])
    const duplicate = await api(`/api/${slug}/${bRow}/duplicate`, { ...as('customerA'), body: {} })
    expect([403, 404]).toContain(duplicate.status)
    expect(JSON.stringify(duplicate.body)).not.toContain(emails.B)
    const { one } = SUBJECTS[slug].gql
    if (slug !== 'customers') {
      const gqlDuplicate = await graphql(`mutation($id: Int!) { duplicate${one}(id: $id, data: {}) { id } }`, { id: bRow }, as('customerA'))
      expect(gqlDuplicate.body.data?.[`duplicate${one}`] ?? null).toBeNull()
    }

    expect(await snapshot(slug, bRow)).toEqual(before)
    expect((await payload.count({ collection: slug })).totalDocs).toBe(countBefore)
  })

  it("a customer never sees their own draft invoices, by id, by where or through a payment's relationship", async () => {
    const draft = estate.A.draftInvoice.id
    expect((await api(`/api/invoices/${draft}`, as('customerA'))).status).toBe(404)
    expect((await api('/api/invoices?where[status][equals]=draft', as('customerA'))).body.docs).toEqual([])
    const gql = await graphql('query($id: Int!) { Invoice(id: $id) { id lines { description } } }', { id: draft }, as('customerA'))
    expect(gql.body.data?.Invoice ?? null).toBeNull()
    const drafts = await graphql('{ Invoices(where: { status: { equals: draft } }) { docs { id } } }', {}, as('customerA'))
    expect(drafts.body.data.Invoices.docs).toEqual([])

    // The pending payment points at the draft: the id shows (Payload never hides ids), the draft does not.
    const payment = await api(`/api/payment-transactions/${estate.A.transactionOnDraft.id}?depth=2`, as('customerA'))
    expect(payment.status).toBe(200)
    expect(payment.body.invoice).toBe(draft)
    const nested = await graphql('query($id: Int!) { PaymentTransaction(id: $id) { id invoice { id status } } }', { id: estate.A.transactionOnDraft.id }, as('customerA'))
    expect(nested.body.data.PaymentTransaction).toEqual({ id: estate.A.transactionOnDraft.id, invoice: null })
  })
})

// Relationship population and GraphQL nesting ----------------------------------------------------

describe('relationships a customer follows lead only to their own rows', () => {
  const onlyA = () => customers.A

  it('Invoices -> customer and service (and the service -> customer) over GraphQL', async () => {
    const res = await graphql(
      '{ Invoices(limit: 100) { docs { id customer { id email } service { id customer { id email } } } } }',
      {},
      as('customerA'),
    )
    expect(res.body.errors).toBeUndefined()
    const docs = res.body.data.Invoices.docs
    expect(docs.map((d: { id: Id }) => d.id).sort()).toEqual((await SUBJECTS.invoices.ownIds!(onlyA())).sort())
    for (const d of docs) {
      expect(d.customer).toEqual({ id: onlyA(), email: emails.A })
      expect(d.service).toEqual({ id: estate.A.service.id, customer: { id: onlyA(), email: emails.A } })
    }
    expect(JSON.stringify(res.body)).not.toContain(emails.B)
  })

  it('Services -> customer, UsageRecords -> service -> customer, Notifications -> customer over GraphQL', async () => {
    const res = await graphql(
      `{
        Services(limit: 100) { docs { id customer { id email firstName } } }
        UsageRecords(limit: 100) { docs { id service { id customer { id } } customer { id } } }
        Notifications(limit: 100) { docs { id customer { id } providerMessageId error } }
      }`,
      {},
      as('customerA'),
    )
    expect(res.body.errors).toBeUndefined()
    const { Services, UsageRecords, Notifications } = res.body.data
    expect(Services.docs.length).toBeGreaterThan(0)
    for (const s of Services.docs) expect(s.customer).toEqual({ id: onlyA(), email: emails.A, firstName: 'Ayanda' })
    expect(UsageRecords.docs.map((u: { id: Id }) => u.id)).toEqual([estate.A.usageRecord.id])
    for (const u of UsageRecords.docs) expect(u).toMatchObject({ service: { customer: { id: onlyA() } }, customer: { id: onlyA() } })
    expect(Notifications.docs).toEqual([{ id: estate.A.notification.id, customer: { id: onlyA() }, providerMessageId: null, error: null }])
    expect(JSON.stringify(res.body)).not.toContain(emails.B)
  })

  it('PaymentTransactions -> invoice, payment method and customer over GraphQL', async () => {
    const res = await graphql(
      `{ PaymentTransactions(limit: 100) { docs {
          id gatewayResponse customer { id }
          invoice { id customer { id } }
          paymentMethod { id encryptedDetails mandateReference customer { id } }
      } } }`,
      {},
      as('customerA'),
    )
    expect(res.body.errors).toBeUndefined()
    const docs = res.body.data.PaymentTransactions.docs
    expect(docs.map((d: { id: Id }) => d.id).sort()).toEqual([estate.A.transaction.id, estate.A.transactionOnDraft.id].sort())
    for (const d of docs) {
      expect(d.customer).toEqual({ id: onlyA() })
      expect(d.gatewayResponse).toBeNull()
      expect(d.paymentMethod).toEqual({ id: estate.A.paymentMethod.id, encryptedDetails: null, mandateReference: null, customer: { id: onlyA() } })
    }
    expect(docs.find((d: { id: Id }) => d.id === estate.A.transaction.id).invoice).toEqual({ id: estate.A.issuedInvoice.id, customer: { id: onlyA() } })
  })

  it('BillingAccounts -> primaryPaymentMethod -> customer over GraphQL', async () => {
    const method = await payload.findByID({ collection: 'payment-methods', id: estate.A.paymentMethod.id, depth: 0 })
    const res = await graphql(
      '{ BillingAccounts { docs { id customer { id } primaryPaymentMethod { id displayName encryptedDetails mandateReference customer { id email } } } } }',
      {},
      as('customerA'),
    )
    expect(res.body.errors).toBeUndefined()
    expect(res.body.data.BillingAccounts.docs).toEqual([
      {
        id: estate.A.billingAccount.id,
        customer: { id: onlyA() },
        primaryPaymentMethod: {
          id: estate.A.paymentMethod.id,
          displayName: method.displayName,
          encryptedDetails: null,
          mandateReference: null,
          customer: { id: onlyA(), email: emails.A },
        },
      },
    ])
  })

  it('billing-accounts at depth=2 over REST populate only the own payment method and customer', async () => {
    for (const path of ['/api/billing-accounts?depth=2', `/api/billing-accounts/${estate.A.billingAccount.id}?depth=2`]) {
      const res = await api(path, as('customerA'))
      expect(res.status).toBe(200)
      const account = res.body.docs ? res.body.docs[0] : res.body
      if (res.body.docs) expect(res.body.docs).toHaveLength(1)
      expect(account.id).toBe(estate.A.billingAccount.id)
      expect(account.customer).toMatchObject({ id: onlyA(), email: emails.A })
      expect(account.primaryPaymentMethod).toMatchObject({ id: estate.A.paymentMethod.id, customer: { id: onlyA() } })
      expect(account.primaryPaymentMethod).not.toHaveProperty('encryptedDetails')
      expect(account.primaryPaymentMethod).not.toHaveProperty('mandateReference')
      expect(JSON.stringify(res.body)).not.toContain(emails.B)
    }
    const theirs = await api(`/api/billing-accounts/${estate.B.billingAccount.id}?depth=2`, as('customerA'))
    expect(theirs.status).toBe(404)
    expect(JSON.stringify(theirs.body)).not.toContain(emails.B)
    expect(JSON.stringify(theirs.body)).not.toContain(estate.B.paymentMethod.displayName)
  })

  it('a filter through a relationship cannot reach another customer (services by customer email)', async () => {
    const res = await api(`/api/services?where[customer.email][equals]=${encodeURIComponent(emails.B)}`, as('customerA'))
    expect(res.body?.docs ?? []).toEqual([])
    const inv = await api(`/api/invoices?where[service.customer][equals]=${customers.B}`, as('customerA'))
    expect(inv.body?.docs ?? []).toEqual([])
  })
})

// Staff-only fields -----------------------------------------------------------------------------

const STAFF_ONLY_FIELDS: ReadonlyArray<readonly [CollectionSlug, string, (e: CustomerEstate) => { id: Id; value: unknown }]> = [
  ['payment-methods', 'mandateReference', (e) => ({ id: e.paymentMethod.id, value: e.paymentMethod.mandateReference })],
  ['payment-transactions', 'gatewayResponse', (e) => ({ id: e.transaction.id, value: e.transaction.gatewayResponse })],
  ['notifications', 'providerMessageId', (e) => ({ id: e.notification.id, value: e.notification.providerMessageId })],
  ['notifications', 'error', (e) => ({ id: e.notification.id, value: e.notification.error })],
]

describe('staff-only fields', () => {
  it.each(STAFF_ONLY_FIELDS)("%s.%s: staff read it; the customer reading their own row does not, nor can they filter by it", async (slug, field, pick) => {
    const { id, value } = pick(estate.A)
    expect(value).toBeTruthy()
    const { one } = SUBJECTS[slug].gql

    const mine = await api(`/api/${slug}/${id}`, as('customerA'))
    expect(mine.status).toBe(200)
    expect(mine.body).not.toHaveProperty(field)
    const mineGql = await graphql(`query($id: Int!) { ${one}(id: $id) { id ${field} } }`, { id }, as('customerA'))
    expect(mineGql.body.data[one]).toEqual({ id, [field]: null })
    expect(JSON.stringify(mine.body) + JSON.stringify(mineGql.body)).not.toContain(JSON.stringify(value).replace(/^"|"$/g, ''))

    // Filtering on a field one may not read must not tell a right guess from a wrong one.
    if (typeof value === 'string') {
      const right = await api(`/api/${slug}?where[${field}][equals]=${encodeURIComponent(value)}`, as('customerA'))
      const wrong = await api(`/api/${slug}?where[${field}][equals]=not-the-value`, as('customerA'))
      expect(right.status).toBe(wrong.status)
      expect(right.body?.docs?.map((d: { id: Id }) => d.id)).toEqual(wrong.body?.docs?.map((d: { id: Id }) => d.id))
    }

    for (const who of ['support', 'billing', 'admin'] as const) {
      const theirs = await api(`/api/${slug}/${id}`, as(who))
      expect(theirs.body[field]).toEqual(value)
      const gql = await graphql(`query($id: Int!) { ${one}(id: $id) { ${field} } }`, { id }, as(who))
      expect(gql.body.data[one][field]).toEqual(value)
    }
  })
})

// What a customer may change on their own records -----------------------------------------------

describe('a customer changing their own records changes only what customers may change', () => {
  it.each(['REST', 'GraphQL'] as const)('customer record over %s: mobile and postal address change, everything else stays', async (transport) => {
    const id = customers.A
    const before = await payload.findByID({ collection: 'customers', id, depth: 0 })
    const national = `83${randomInt(1_000_000, 9_999_999)}`
    const city = uniqueToken('Johannesburg ')
    const data = {
      mobile: `0${national}`,
      postalAddress: { line1: '1 Main Road', city, postalCode: '2001', province: 'Gauteng' },
      firstName: 'Hacked',
      lastName: 'Hacked',
      email: `${uniqueToken('hijack')}@test.example`,
      idNumber: '0000000000000',
      accountStatus: 'closed',
      accountType: 'business',
      companyName: 'Hacked (Pty) Ltd',
      customerSince: '2000-01-01',
    }
    if (transport === 'REST') {
      expect((await api(`/api/customers/${id}`, { ...as('customerA'), method: 'PATCH', body: data })).status).toBe(200)
    } else {
      const res = await graphql(
        'mutation($id: Int!, $data: mutationCustomerUpdateInput!) { updateCustomer(id: $id, data: $data) { id } }',
        { id, data },
        as('customerA'),
      )
      expect(res.body.errors).toBeUndefined()
    }
    const after = await payload.findByID({ collection: 'customers', id, depth: 0 })
    expect(after.mobile).toBe(`27${national}`)
    expect(after.postalAddress).toMatchObject({ line1: '1 Main Road', city, postalCode: '2001', province: 'Gauteng' })
    for (const field of ['firstName', 'lastName', 'email', 'idNumber', 'accountStatus', 'accountType', 'companyName', 'customerSince', 'accountNumber'] as const) {
      expect(after[field]).toEqual(before[field])
    }
  })

  it.each(['REST', 'GraphQL'] as const)('billing account over %s: notification preferences change, money and payment settings stay', async (transport) => {
    const id = estate.A.billingAccount.id
    const before = await payload.findByID({ collection: 'billing-accounts', id, depth: 0 })
    const data = {
      notifyBySms: !before.notifyBySms,
      notifyByEmail: !before.notifyByEmail,
      balanceCents: -1_000_000,
      creditLimitCents: 99_999_900,
      autoPay: !before.autoPay,
      primaryPaymentMethod: null,
      customer: customers.B,
    }
    if (transport === 'REST') {
      expect((await api(`/api/billing-accounts/${id}`, { ...as('customerA'), method: 'PATCH', body: data })).status).toBe(200)
    } else {
      const res = await graphql(
        'mutation($id: Int!, $data: mutationBillingAccountUpdateInput!) { updateBillingAccount(id: $id, data: $data) { id } }',
        { id, data },
        as('customerA'),
      )
      expect(res.body.errors).toBeUndefined()
    }
    const after = await payload.findByID({ collection: 'billing-accounts', id, depth: 0 })
    expect(after).toMatchObject({
      notifyBySms: data.notifyBySms,
      notifyByEmail: data.notifyByEmail,
      balanceCents: before.balanceCents,
      creditLimitCents: before.creditLimitCents,
      autoPay: before.autoPay,
      primaryPaymentMethod: before.primaryPaymentMethod,
      customer: customers.A,
    })
  })

  it("support staff cannot change a customer's preferences, nor billing staff without billing_manage", async () => {
    const plainBilling = await createStaff(payload, 'billing')
    const token = await loginStaff(plainBilling.email, PASSWORD)
    const id = estate.A.billingAccount.id
    const before = await snapshot('billing-accounts', id)
    const current = await payload.findByID({ collection: 'billing-accounts', id, depth: 0 })
    for (const auth of [as('support'), { jwt: token }]) {
      const res = await api(`/api/billing-accounts/${id}`, { ...auth, method: 'PATCH', body: { notifyBySms: !current.notifyBySms, creditLimitCents: 123_400 } })
      expect(res.status).toBe(403)
    }
    const invoice = await api('/api/invoices', { jwt: token, body: invoiceData(customers.C, serviceC, { status: 'draft' }) })
    expect(invoice.status).toBe(403)
    expect(await snapshot('billing-accounts', id)).toEqual(before)
  })
})

// encryptedDetails --------------------------------------------------------------------------------

/** Every value under a key of that name, anywhere in a response. */
function valuesUnder(value: unknown, key: string): unknown[] {
  if (Array.isArray(value)) return value.flatMap((v) => valuesUnder(v, key))
  if (!value || typeof value !== 'object') return []
  return Object.entries(value).flatMap(([k, v]) => [...(k === key ? [v] : []), ...valuesUnder(v, key)])
}

const storedDetails = async (id: Id) =>
  (await sql<{ encrypted_details: string | null }>('SELECT encrypted_details FROM payment_methods WHERE id = $1', [id]))[0]?.encrypted_details

describe('payment-methods.encryptedDetails never leaves the server and is never written through the API', () => {
  const secrets = () => [estate.A.encryptedDetails, estate.B.encryptedDetails]
  const expectNoSecret = (res: ApiResponse) => {
    const text = JSON.stringify(res.body)
    for (const s of secrets()) expect(text).not.toContain(s)
    expect(valuesUnder(res.body, 'encryptedDetails').filter((v) => v !== null && v !== undefined)).toEqual([])
  }

  it('the rows do hold ciphertext in the database', async () => {
    expect(await storedDetails(estate.A.paymentMethod.id)).toBe(estate.A.encryptedDetails)
    expect(await storedDetails(estate.B.paymentMethod.id)).toBe(estate.B.encryptedDetails)
  })

  it.each(ACTORS)('%s reads no ciphertext over REST, at any depth, by select or through a relationship', async (who) => {
    const method = isCustomer(who) ? estate[letterOf(who)].paymentMethod.id : estate.A.paymentMethod.id
    const paths = [
      '/api/payment-methods?limit=100&depth=0',
      '/api/payment-methods?limit=100&depth=2',
      `/api/payment-methods/${method}`,
      `/api/payment-methods/${method}?depth=2&select[encryptedDetails]=true&select[displayName]=true`,
      '/api/payment-methods?select[encryptedDetails]=true',
      '/api/billing-accounts?limit=100&depth=2',
      '/api/payment-transactions?limit=100&depth=2',
      '/api/invoices?limit=100&depth=3',
      '/api/customers?limit=100&depth=3',
    ]
    for (const path of paths) {
      const res = await api(path, as(who))
      expect([200, 403]).toContain(res.status)
      expectNoSecret(res)
    }
  })

  it.each(ACTORS)('%s reads no ciphertext over GraphQL, directly or nested', async (who) => {
    const method = isCustomer(who) ? estate[letterOf(who)].paymentMethod.id : estate.A.paymentMethod.id
    const queries = [
      '{ PaymentMethods(limit: 100) { docs { id encryptedDetails } } }',
      `{ PaymentMethod(id: ${method}) { id encryptedDetails } }`,
      '{ BillingAccounts(limit: 100) { docs { primaryPaymentMethod { id encryptedDetails } } } }',
      '{ PaymentTransactions(limit: 100) { docs { paymentMethod { id encryptedDetails } } } }',
    ]
    for (const q of queries) expectNoSecret(await graphql(q, {}, as(who)))
  })

  it.each(['support', 'admin', 'customerA'] as const)('%s cannot use a filter on it as an oracle', async (who) => {
    const secret = estate.A.encryptedDetails
    const right = await api(`/api/payment-methods?where[encryptedDetails][equals]=${encodeURIComponent(secret)}`, as(who))
    const wrong = await api('/api/payment-methods?where[encryptedDetails][equals]=enc:v1:wrong', as(who))
    expect(right.status).toBe(wrong.status)
    expect(right.body?.docs?.map((d: { id: Id }) => d.id)).toEqual(wrong.body?.docs?.map((d: { id: Id }) => d.id))
    const prefix = await api(`/api/payment-methods?where[encryptedDetails][like]=${encodeURIComponent(secret.slice(0, 12))}`, as(who))
    const noPrefix = await api('/api/payment-methods?where[encryptedDetails][like]=zzzz-none', as(who))
    expect(prefix.status).toBe(noPrefix.status)
    expect(prefix.body?.docs?.map((d: { id: Id }) => d.id)).toEqual(noPrefix.body?.docs?.map((d: { id: Id }) => d.id))

    const gql = (s: string) =>
      graphql('query($s: String) { PaymentMethods(where: { encryptedDetails: { equals: $s } }) { docs { id } } }', { s }, as(who))
    const [gRight, gWrong] = [await gql(secret), await gql('enc:v1:wrong')]
    expect(gRight.body.data?.PaymentMethods?.docs ?? null).toEqual(gWrong.body.data?.PaymentMethods?.docs ?? null)
  })

  it.each(['REST', 'GraphQL'] as const)('an admin writing it over %s changes nothing, on update or on create', async (transport) => {
    const id = estate.B.paymentMethod.id
    const attempt = fakeCiphertext()
    const created = paymentMethodData(customers.C, { encryptedDetails: attempt })
    const before = await sql('SELECT count(*)::int AS n FROM payment_methods WHERE customer_id = $1', [customers.C])
    if (transport === 'REST') {
      const upd = await api(`/api/payment-methods/${id}`, { ...as('admin'), method: 'PATCH', body: { encryptedDetails: attempt } })
      expect(upd.status).toBe(403)
      expectNoSecret(upd)
      // Payment methods are made by the payment-method service alone (validated, encrypted), never through the API.
      const res = await api('/api/payment-methods', { ...as('admin'), body: created })
      expect(res.status).toBe(403)
      expect(JSON.stringify(res.body)).not.toContain(attempt)
    } else {
      const upd = await graphql(
        'mutation($id: Int!, $s: String) { updatePaymentMethod(id: $id, data: { encryptedDetails: $s }) { id encryptedDetails } }',
        { id, s: attempt },
        as('admin'),
      )
      expectNoSecret(upd)
      const res = await graphql('mutation($data: mutationPaymentMethodInput!) { createPaymentMethod(data: $data) { id encryptedDetails } }', { data: created }, as('admin'))
      expect(res.body.data?.createPaymentMethod ?? null).toBeNull()
      expect(JSON.stringify(res.body)).not.toContain(attempt)
    }
    expect(await storedDetails(id)).toBe(estate.B.encryptedDetails)
    expect(await sql('SELECT count(*)::int AS n FROM payment_methods WHERE customer_id = $1', [customers.C])).toEqual(before)
  })

  it('duplicating a payment method as an admin is refused and copies nothing', async () => {
    const secret = fakeCiphertext()
    const source = await createPaymentMethod(payload, customers.C, { encryptedDetails: secret })
    const before = await sql('SELECT count(*)::int AS n FROM payment_methods WHERE customer_id = $1', [customers.C])
    const rest = await api(`/api/payment-methods/${source.id}/duplicate`, { ...as('admin'), body: {} })
    expect(rest.status).toBe(403)
    expect(JSON.stringify(rest.body)).not.toContain(secret)
    const gql = await graphql(
      'mutation($id: Int!) { duplicatePaymentMethod(id: $id, data: { type: debit_order, displayName: "Copy" }) { id encryptedDetails } }',
      { id: source.id },
      as('admin'),
    )
    expect(gql.body.data?.duplicatePaymentMethod ?? null).toBeNull()
    expect(JSON.stringify(gql.body)).not.toContain(secret)
    expect(await sql('SELECT count(*)::int AS n FROM payment_methods WHERE customer_id = $1', [customers.C])).toEqual(before)
    expect(await storedDetails(source.id)).toBe(secret)
  })
})

// Payload's own collections ------------------------------------------------------------------------

describe("Payload's own collections are not a way round the rules", () => {
  let lockId: Id
  beforeAll(async () => {
    // Billing staff editing customer B's invoice in the admin panel hold a document lock on it.
    const lock = await payload.create({
      collection: 'payload-locked-documents',
      data: { document: { relationTo: 'invoices', value: estate.B.issuedInvoice.id }, user: { relationTo: 'users', value: staff.billing } },
    })
    lockId = lock.id as Id
  })
  afterAll(async () => {
    await payload.delete({ collection: 'payload-locked-documents', where: { id: { exists: true } } })
  })

  it.each(['anonymous', 'customerA'] as const)('%s cannot list, read, create or delete document locks', async (who) => {
    const countBefore = (await payload.count({ collection: 'payload-locked-documents' })).totalDocs
    const list = await api('/api/payload-locked-documents?depth=1', as(who))
    const read = await api(`/api/payload-locked-documents/${lockId}`, as(who))
    const gql = await graphql('{ PayloadLockedDocuments { docs { id globalSlug } } }', {}, as(who))
    const create = await api('/api/payload-locked-documents', {
      ...as(who),
      body: { document: { relationTo: 'invoices', value: estate.A.issuedInvoice.id }, user: { relationTo: 'customers', value: customers.A } },
    })
    const del = await api(`/api/payload-locked-documents/${lockId}`, { ...as(who), method: 'DELETE' })
    const observed = {
      list: list.status,
      read: read.status,
      graphQL: gql.body.data?.PayloadLockedDocuments ?? null,
      create: create.status,
      delete: del.status,
      locksAfter: (await payload.count({ collection: 'payload-locked-documents' })).totalDocs,
      staffLockStillThere: (await snapshot('payload-locked-documents', lockId)) !== null,
    }
    // Restore what a wrongly allowed write changed, so later tests see the same data.
    if (!observed.staffLockStillThere) {
      const lock = await payload.create({
        collection: 'payload-locked-documents',
        data: { document: { relationTo: 'invoices', value: estate.B.issuedInvoice.id }, user: { relationTo: 'users', value: staff.billing } },
      })
      lockId = lock.id as Id
    }
    if (create.status < 300) await payload.delete({ collection: 'payload-locked-documents', where: { id: { not_equals: lockId } } })
    expect(observed, `what ${who} got: ${JSON.stringify(list.body).slice(0, 300)}`).toEqual({
      list: 403,
      read: 403,
      graphQL: null,
      create: 403,
      delete: 403,
      locksAfter: countBefore,
      staffLockStillThere: true,
    })
  })

  it.each(ACTORS)('%s cannot read the job queue or the key-value store', async (who) => {
    expect((await api('/api/payload-jobs', as(who))).status).toBe(403)
    expect([403, 404]).toContain((await api('/api/payload-kv', as(who))).status)
    const gql = await graphql('{ PayloadJobs { docs { id } } PayloadKvs { docs { id key } } }', {}, as(who))
    expect(gql.body.data?.PayloadJobs ?? null).toBeNull()
    expect(gql.body.data?.PayloadKvs ?? null).toBeNull()
  })
})
