import type { Payload } from 'payload'
import type pg from 'pg'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'

import { poolOf } from '../../src/services/pool'
import { generateLegacyOrders } from '../../scripts/legacy/generateLegacy'
import { createLegacySchema, legacyTableName, type LegacySource } from '../../scripts/legacy/legacySchema'
import { applyLegacyMigration, orphanCsv, planLegacyMigration, randToCentsExact, rollbackLegacyMigration, validateLegacyMigration } from '../../scripts/legacy/migrateLegacy'
import { createCustomer, createStaff } from '../factories/accounts'
import { api, loginCustomer, loginStaff } from '../helpers/http'
import { testPayload } from '../helpers/payload'

let payload: Payload
let pool: pg.Pool
let schemaCount = 0

beforeAll(async () => {
  payload = await testPayload()
  pool = poolOf(payload)
})

let source: LegacySource | undefined
afterEach(async () => {
  if (!source) return
  // Each test's own legacy schema; whatever it migrated is removed with it (worked errors too).
  await rollbackLegacyMigration({ source, target: pool, force: true })
  await pool.query(`DROP SCHEMA IF EXISTS "${source.schema}" CASCADE`)
  source = undefined
})

async function freshSource(): Promise<LegacySource> {
  const fresh = { pool, schema: `legacy_t${process.pid}_${++schemaCount}` }
  source = fresh
  await createLegacySchema(fresh)
  return fresh
}

type Row = { id: number; order_no: string | null; email: string | null; price?: string | null; status?: string | null }
async function insertLegacy(s: LegacySource, rows: Row[]) {
  for (const r of rows) {
    await pool.query(`INSERT INTO "${s.schema}".orders (id, order_no, email, name, package, price, status, created) VALUES ($1, $2, $3, 'A Customer', 'Fibre 50/50', $4, $5, '2019-03-04 10:15:00')`, [r.id, r.order_no, r.email, r.price === undefined ? '799.00' : r.price, r.status === undefined ? 'paid' : r.status])
  }
}

/** Row count and an md5 of every row of every table we own (and the legacy schema): what "changed nothing" means. */
async function checksums(extraSchema?: string): Promise<Record<string, string>> {
  const { rows: tables } = await pool.query<{ schema: string; name: string }>(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema = ANY($1::text[]) ORDER BY 1, 2`,
    [['public', ...(extraSchema ? [extraSchema] : [])]],
  )
  const out: Record<string, string> = {}
  for (const t of tables) {
    const { rows } = await pool.query<{ n: string; sum: string }>(`SELECT count(*) AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS sum FROM "${t.schema}"."${t.name}" x`)
    out[`${t.schema}.${t.name}`] = `${rows[0]!.n}:${rows[0]!.sum}`
  }
  return out
}

/** What the migration wrote, without ids or times: equal for equal outcomes. */
async function outcome() {
  const orders = await pool.query(`SELECT legacy_id, order_number, customer_email, customer_id, status::text, amount_cents, placed_at, reference FROM consumer_orders WHERE legacy_id IS NOT NULL ORDER BY legacy_id`)
  const errors = await pool.query(`SELECT legacy_id, code::text, record_reference, reason, (consumer_order_id IS NOT NULL) AS linked FROM validation_errors WHERE source = 'legacy-orders' ORDER BY legacy_id, code`)
  return { orders: orders.rows, errors: errors.rows }
}

const errorsOf = (legacyId: number) => pool.query<{ code: string; reason: string; suggested_fix: string }>(`SELECT code::text, reason, suggested_fix FROM validation_errors WHERE source = 'legacy-orders' AND legacy_id = $1 ORDER BY code`, [legacyId]).then((r) => r.rows)
const orderOf = (legacyId: number) => pool.query<{ customer_id: number | null; status: string; amount_cents: string | null; customer_email: string }>(`SELECT customer_id, status::text, amount_cents, customer_email FROM consumer_orders WHERE legacy_id = $1`, [legacyId]).then((r) => r.rows[0])

describe('rand to cents', () => {
  it('is exact for every price the old table can hold', () => {
    expect(['799.00', '0.10', '1234.5', '0.01', '99999999.99', '-10.00'].map(randToCentsExact)).toEqual([79_900, 10, 123_450, 1, 9_999_999_999, -1_000])
    expect(randToCentsExact(null)).toBeNull()
    expect(randToCentsExact('12.345')).toBe('invalid')
  })
})

describe('the legacy orders migration', () => {
  it('matches by trimmed, lower-cased email; reports two customers with one email, emails nobody has, duplicates and bad rows instead of guessing', async () => {
    const s = await freshSource()
    const thandi = await createCustomer(payload, { firstName: 'Thandi' })
    const sam1 = await createCustomer(payload, { firstName: 'Sam' })
    const sam2 = await createCustomer(payload, { firstName: 'Sam' })
    // Two customers whose emails differ only in case and spaces: one email to a person.
    await pool.query(`UPDATE customers SET email = $2 WHERE id = $1`, [sam2.id, ` ${sam1.email.toUpperCase()} `])
    await insertLegacy(s, [
      { id: 1, order_no: 'WEB-19-000001', email: `  ${thandi.email.toUpperCase()} `, price: '799.99' },
      { id: 2, order_no: 'WEB-19-000002', email: sam1.email },
      { id: 3, order_no: 'WEB-19-000003', email: 'nobody.here@oldmail.test' },
      { id: 4, order_no: 'WEB-19-000001', email: thandi.email },
      { id: 5, order_no: 'WEB-19-000005', email: null },
      { id: 6, order_no: 'WEB-19-000006', email: 'thandi at gmail' },
      { id: 7, order_no: 'WEB-19-000007', email: thandi.email, status: 'see notes', price: null },
      { id: 8, order_no: 'WEB-19-000008', email: thandi.email, status: 'Canceled', price: '-5.00' },
    ])
    const { report, validation, renamed } = await applyLegacyMigration({ source: s, target: pool, batchSize: 3 })
    expect(validation.problems).toEqual([])
    expect(renamed).toBe(true)
    expect(await orderOf(1)).toMatchObject({ customer_id: thandi.id, status: 'confirmed', amount_cents: '79999', customer_email: thandi.email.toLowerCase() })
    expect(await orderOf(2)).toMatchObject({ customer_id: null })
    expect((await errorsOf(2)).map((e) => e.code)).toEqual(['AMBIGUOUS'])
    expect((await errorsOf(2))[0]!.reason).toContain('2 customers have the email')
    expect(await orderOf(3)).toMatchObject({ customer_id: null })
    expect((await errorsOf(3))[0]).toMatchObject({ code: 'ORPHAN', reason: 'No customer has the email nobody.here@oldmail.test' })
    expect(await orderOf(4)).toBeUndefined()
    expect((await errorsOf(4))[0]).toMatchObject({ code: 'DUPLICATE', reason: 'Order number WEB-19-000001 is also legacy order 1 (a double submit)' })
    expect((await errorsOf(5)).map((e) => e.code)).toEqual(['NO_EMAIL'])
    expect((await errorsOf(6)).map((e) => e.code)).toEqual(['BAD_EMAIL'])
    expect(await orderOf(7)).toMatchObject({ customer_id: thandi.id, status: 'pending', amount_cents: null })
    expect((await errorsOf(7)).map((e) => e.code)).toEqual(['UNKNOWN_STATUS'])
    expect((await errorsOf(8)).map((e) => e.code)).toEqual(['INVALID_PRICE'])
    expect(report).toMatchObject({ migrated: 4, matched: 2, orphans: 1, ambiguous: 1, unknownStatus: 1, notMigrated: { DUPLICATE: 1, NO_EMAIL: 1, BAD_EMAIL: 1, INVALID_PRICE: 1 } })
    // Nothing lost, to the cent: 8 rows and R 7 984.99 - R 5.00 either migrated or reported.
    expect(validation).toMatchObject({ ok: true, legacyRows: 8, migratedRows: 4, notMigratedRows: 4, legacyTotalCents: 79_999 + 79_900 * 5 - 500 })
    expect(validation.migratedTotalCents + validation.notMigratedTotalCents).toBe(validation.legacyTotalCents)
    const csv = await orphanCsv(pool)
    const lines = csv.trim().split('\r\n')
    expect(lines[0]).toBe('problem,legacy_id,order_number,email,name,phone,package,amount_rand,placed_at,status,reason,suggested_fix')
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual(['AMBIGUOUS,2,WEB-19-000002', 'ORPHAN,3,WEB-19-000003'])
    // The pair would make every later test's data set ambiguous too.
    await pool.query(`UPDATE customers SET email = $2 WHERE id = $1`, [sam2.id, sam2.email])
  })

  it('a dry run writes nothing: every table and the legacy table unchanged, row for row', async () => {
    const s = await freshSource()
    const { rows } = await pool.query<{ email: string }>(`SELECT email FROM customers ORDER BY id LIMIT 200`)
    await generateLegacyOrders(s, { count: 1_500, seed: 7, emails: rows.map((r) => r.email) })
    const before = await checksums(s.schema)
    const report = await planLegacyMigration({ source: s, target: pool, batchSize: 400 })
    expect(report.processed).toBe(1_500)
    expect(await checksums(s.schema)).toEqual(before)
    expect(await legacyTableName(s)).toBe('orders')
  })

  it('a generated legacy data set: apply reconciles to the cent with 95% or more matched, renames the table, and a second apply changes nothing', async () => {
    const s = await freshSource()
    const { rows } = await pool.query<{ email: string }>(`SELECT email FROM customers ORDER BY id LIMIT 300`)
    const made = await generateLegacyOrders(s, { count: 3_000, seed: 11, emails: rows.map((r) => r.email) })
    const planned = await planLegacyMigration({ source: s, target: pool, batchSize: 700 })
    const { report, validation, renamed } = await applyLegacyMigration({ source: s, target: pool, batchSize: 700 })
    // The dry run said what the apply did.
    expect({ ...report, mode: 'x', seconds: 0, rowsPerSecond: 0 }).toEqual({ ...planned, mode: 'x', seconds: 0, rowsPerSecond: 0 })
    expect(validation).toMatchObject({ ok: true, legacyRows: made.rows, legacyTotalCents: made.totalCents, unexplained: 0, overlap: 0 })
    expect(report.orphans).toBe(made.orphans)
    expect(report.notMigrated.DUPLICATE).toBe(made.duplicates)
    expect(validation.matchedShare, JSON.stringify(report)).toBeGreaterThanOrEqual(0.95)
    expect(renamed).toBe(true)
    expect(await legacyTableName(s)).toBe('orders_legacy')
    const { rows: comment } = await pool.query<{ c: string }>(`SELECT obj_description('"${s.schema}".orders_legacy'::regclass) AS c`)
    expect(comment[0]!.c).toMatch(/keep until \d{4}-\d{2}-\d{2}/)
    const after = await checksums(s.schema)
    const again = await applyLegacyMigration({ source: s, target: pool, batchSize: 700 })
    expect(again.renamed).toBe(false)
    expect(again.validation.ok).toBe(true)
    expect(await checksums(s.schema)).toEqual(after)
  })

  it('killed half-way and resumed ends exactly as an uninterrupted run; the rollback restores the starting state', async () => {
    const s = await freshSource()
    const { rows } = await pool.query<{ email: string }>(`SELECT email FROM customers ORDER BY id LIMIT 300`)
    await generateLegacyOrders(s, { count: 2_000, seed: 23, emails: rows.map((r) => r.email) })
    const start = await checksums(s.schema)
    await applyLegacyMigration({ source: s, target: pool, batchSize: 300 })
    const uninterrupted = await outcome()
    await rollbackLegacyMigration({ source: s, target: pool })
    expect(await checksums(s.schema)).toEqual(start)

    const stopped = await applyLegacyMigration({ source: s, target: pool, batchSize: 300, stopAfterBatches: 3 })
    expect(stopped.stopped).toBe(true)
    expect(stopped.validation.ok).toBe(false)
    expect(await legacyTableName(s)).toBe('orders')
    const resumed = await applyLegacyMigration({ source: s, target: pool, batchSize: 300 })
    // The resumed run started after the checkpoint: it looked at the rest only.
    expect(resumed.report.processed).toBe(2_000 - 900)
    expect(resumed.validation.ok).toBe(true)
    expect(await outcome()).toEqual(uninterrupted)
    await rollbackLegacyMigration({ source: s, target: pool })
    expect(await checksums(s.schema)).toEqual(start)
  })

  it('the review queue: a clerk links an orphaned order to its customer and resolves it with a note; support may only read', async () => {
    const s = await freshSource()
    const person = await createCustomer(payload, { firstName: 'Pieter' })
    await insertLegacy(s, [{ id: 1, order_no: 'WEB-21-000001', email: 'pieter.old@oldmail.test' }])
    await applyLegacyMigration({ source: s, target: pool })
    const [error] = (await pool.query<{ id: number; consumer_order_id: number }>(`SELECT id, consumer_order_id FROM validation_errors WHERE source = 'legacy-orders' AND legacy_id = 1`)).rows
    const clerk = await createStaff(payload, 'billing', ['billing_manage'])
    const support = await createStaff(payload, 'support')
    const clerkJwt = await loginStaff(clerk.email, clerk.password)
    const readOnly = await api(`/api/validation-errors/${error!.id}`, { method: 'PATCH', jwt: await loginStaff(support.email, support.password), body: { customer: person.id } })
    expect(readOnly.status).toBe(403)
    // Resolving needs a note; what was found cannot be rewritten.
    const noNote = await api(`/api/validation-errors/${error!.id}`, { method: 'PATCH', jwt: await loginStaff(clerk.email, clerk.password), body: { resolved: true } })
    expect(noNote.status).toBe(400)
    await api(`/api/validation-errors/${error!.id}`, { method: 'PATCH', jwt: await loginStaff(clerk.email, clerk.password), body: { reason: 'nothing wrong', code: 'DUPLICATE' } })
    expect((await pool.query(`SELECT reason, code::text FROM validation_errors WHERE id = $1`, [error!.id])).rows[0]).toEqual({ reason: 'No customer has the email pieter.old@oldmail.test', code: 'ORPHAN' })
    // A wrong link undone takes the order back off that customer.
    const wrong = await createCustomer(payload, { firstName: 'Wrong' })
    expect((await api(`/api/validation-errors/${error!.id}`, { method: 'PATCH', jwt: await loginStaff(clerk.email, clerk.password), body: { customer: wrong.id } })).status).toBe(200)
    expect((await pool.query(`SELECT customer_id FROM consumer_orders WHERE id = $1`, [error!.consumer_order_id])).rows[0]).toEqual({ customer_id: wrong.id })
    expect((await api(`/api/validation-errors/${error!.id}`, { method: 'PATCH', jwt: await loginStaff(clerk.email, clerk.password), body: { customer: null } })).status).toBe(200)
    expect((await pool.query(`SELECT customer_id FROM consumer_orders WHERE id = $1`, [error!.consumer_order_id])).rows[0]).toEqual({ customer_id: null })
    const linked = await api(`/api/validation-errors/${error!.id}`, { method: 'PATCH', jwt: clerkJwt, body: { customer: person.id, note: 'Same phone number as the account', resolved: true } })
    expect(linked.status, JSON.stringify(linked.body)).toBe(200)
    expect(linked.body.doc).toMatchObject({ resolved: true, note: 'Same phone number as the account', resolvedBy: expect.anything(), resolvedAt: expect.any(String) })
    expect((await pool.query(`SELECT customer_id FROM consumer_orders WHERE id = $1`, [error!.consumer_order_id])).rows[0]).toEqual({ customer_id: person.id })
    // The customer now sees the order in the portal.
    const jwt = await loginCustomer(person.email, person.password)
    const mine = await api(`/api/consumer-orders?where[legacyId][equals]=1`, { jwt })
    expect(mine.body.docs.map((o: { orderNumber: string }) => o.orderNumber)).toEqual(['WEB-21-000001'])
    const left = await api(`/api/validation-errors?where[source][equals]=legacy-orders&where[resolved][equals]=false&limit=1`, { jwt: clerkJwt })
    expect(left.body.totalDocs).toBe(0)
  })

  it('a record with no order cannot be linked to a customer; a taken order number is predicted by the dry run; the first valid copy of a duplicate is the one migrated', async () => {
    const s = await freshSource()
    const c = await createCustomer(payload)
    await pool.query(`INSERT INTO consumer_orders (order_number, customer_email, status, updated_at, created_at) VALUES ('WEB-22-000009', 'someone@x.test', 'pending', now(), now())`)
    await insertLegacy(s, [
      { id: 1, order_no: 'WEB-22-000001', email: null },
      { id: 2, order_no: 'WEB-22-000001 ', email: c.email },
      { id: 3, order_no: 'WEB-22-000009', email: c.email },
      { id: 4, order_no: '  ', email: c.email },
    ])
    const planned = await planLegacyMigration({ source: s, target: pool })
    const { report } = await applyLegacyMigration({ source: s, target: pool })
    expect({ ...report, mode: 'x', seconds: 0, rowsPerSecond: 0 }).toEqual({ ...planned, mode: 'x', seconds: 0, rowsPerSecond: 0 })
    expect(await orderOf(2)).toMatchObject({ customer_id: c.id })
    expect((await errorsOf(1)).map((e) => e.code)).toEqual(['NO_EMAIL'])
    expect((await errorsOf(3)).map((e) => e.code)).toEqual(['NUMBER_TAKEN'])
    expect((await errorsOf(4)).map((e) => e.code)).toEqual(['NO_NUMBER'])
    const clerk = await createStaff(payload, 'billing', ['billing_manage'])
    const [noOrder] = (await pool.query<{ id: number }>(`SELECT id FROM validation_errors WHERE source = 'legacy-orders' AND legacy_id = 1`)).rows
    const refused = await api(`/api/validation-errors/${noOrder!.id}`, { method: 'PATCH', jwt: await loginStaff(clerk.email, clerk.password), body: { customer: c.id } })
    expect(refused.status).toBe(400)
    await pool.query(`DELETE FROM consumer_orders WHERE order_number = 'WEB-22-000009' AND legacy_id IS NULL`)
  })

  it('validation fails, and the table keeps its name, when something is lost', async () => {
    const s = await freshSource()
    const c = await createCustomer(payload)
    await insertLegacy(s, [
      { id: 1, order_no: 'WEB-20-000001', email: c.email },
      { id: 2, order_no: 'WEB-20-000002', email: c.email },
    ])
    await applyLegacyMigration({ source: s, target: pool, stopAfterBatches: 0 })
    // An order deleted by hand mid-migration is noticed: the counts no longer add up.
    await applyLegacyMigration({ source: s, target: pool, batchSize: 1, stopAfterBatches: 1 })
    await pool.query(`DELETE FROM consumer_orders WHERE legacy_id = 1`)
    const result = await applyLegacyMigration({ source: s, target: pool, batchSize: 1 })
    expect(result.validation.ok).toBe(false)
    expect(result.validation.problems[0]).toBe('2 legacy orders, but 1 migrated and 0 reported not migrated')
    expect(result.renamed).toBe(false)
    expect(await legacyTableName(s)).toBe('orders')
    expect((await validateLegacyMigration({ source: s, target: pool })).ok).toBe(false)
  })
})
