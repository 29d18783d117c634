import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { createLocalReq, killTransaction, initTransaction, type Payload } from 'payload'
import { sql } from 'drizzle-orm'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { migrations } from '../../src/migrations'
import { DEMO_CUSTOMERS, DEMO_STAFF } from '../../src/seed/demoAccounts'
import { bootstrapAdmin } from '../../src/services/bootstrapAdmin'
import { transactionSql } from '../../src/services/transactionSql'
import { testEnv } from '../helpers/env'
import { testPayload } from '../helpers/payload'
import { runTsxScript, scriptBudgetMs } from '../helpers/scripts'


/**
 * The seed issues about a thousand documents: 25-30 s on an idle 2-core machine, several times that
 * on a busy one. Its tests get the script's whole budget (the default 60 s test timeout, shorter
 * than the script's own, once failed a seed that was merely slow).
 */
const SEED_TIMEOUT_MS = 150_000

describe('an empty database: migrations and the demo seed', () => {
  const name = `isp_empty_${Date.now()}`
  let url: string
  let dataDir: string

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: testEnv().adminUrl })
    await admin.connect()
    await admin.query(`CREATE DATABASE "${name}"`)
    await admin.end()
    const u = new URL(testEnv().adminUrl)
    u.pathname = `/${name}`
    url = u.toString()
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'isp-seed-'))
  })

  afterAll(async () => {
    const admin = new pg.Client({ connectionString: testEnv().adminUrl })
    await admin.connect()
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    await admin.end()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  const seed = () =>
    runTsxScript(['scripts/seed.ts'], {
      env: { ...process.env, NODE_ENV: 'development', DATABASE_URL: url, DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      timeoutMs: SEED_TIMEOUT_MS,
    })

  const query = async (sql: string) => {
    const c = new pg.Client({ connectionString: url })
    await c.connect()
    try {
      return (await c.query(sql)).rows
    } finally {
      await c.end()
    }
  }

  it('`npm run seed` applies every committed migration and loads the demo accounts', async () => {
    const run = await seed()
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toContain('Seeded')
    const applied = (await query('SELECT name FROM payload_migrations ORDER BY name')).map((r) => r.name)
    expect(applied).toEqual(migrations.map((m) => m.name))
    const tables = (await query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)).map((r) => r.tablename)
    expect(tables).toEqual(expect.arrayContaining(['users', 'customers', 'login_rate_limits', 'payload_jobs']))
    const staff = await query('SELECT email, role FROM users ORDER BY id')
    expect(staff).toEqual(DEMO_STAFF.map((s) => ({ email: s.email, role: s.role })))
    const customers = (await query('SELECT email FROM customers')).map((r) => r.email)
    expect(customers).toEqual(expect.arrayContaining(DEMO_CUSTOMERS.map((c) => c.email)))
    expect(customers).toHaveLength(50)
    const [counts] = await query(
      `SELECT (SELECT count(*) FROM services)::int AS services, (SELECT count(*) FROM invoices)::int AS invoices, (SELECT count(*) FROM usage_records)::int AS usage`,
    )
    expect(counts.services).toBeGreaterThanOrEqual(65)
    expect(counts.invoices).toBeGreaterThan(300)
    expect(counts.usage).toBeGreaterThan(5000)
    // The ledger the seed wrote reconciles: every balance is what was invoiced minus what was paid.
    const drift = await query(`
      SELECT b.customer_id FROM billing_accounts b
      WHERE b.balance_cents <> (SELECT coalesce(sum(total_cents), 0) FROM invoices i WHERE i.customer_id = b.customer_id)
                             - (SELECT coalesce(sum(amount_cents), 0) FROM payment_transactions t WHERE t.customer_id = b.customer_id AND t.status = 'completed')`)
    expect(drift).toEqual([])
    const unpaidMismatch = await query(`
      SELECT i.id FROM invoices i
      WHERE i.amount_paid_cents <> (SELECT coalesce(sum(amount_cents), 0) FROM payment_transactions t WHERE t.invoice_id = i.id AND t.status = 'completed')`)
    expect(unpaidMismatch).toEqual([])
  }, scriptBudgetMs(SEED_TIMEOUT_MS))

  it('a second run changes nothing: no duplicate data, no re-applied migrations', async () => {
    const before = await query('SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM payload_migrations) AS migrations')
    const run = await seed()
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toContain('Nothing seeded')
    expect(await query('SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM payload_migrations) AS migrations')).toEqual(before)
  }, scriptBudgetMs(SEED_TIMEOUT_MS))
})

describe('the first admin from ADMIN_EMAIL and ADMIN_PASSWORD', () => {
  let payload: Payload
  beforeAll(async () => {
    payload = await testPayload()
  })

  it('is created only while no staff user exists', async () => {
    // Inside a transaction that is rolled back, so the shared test database keeps its staff.
    const req = await createLocalReq({}, payload)
    await initTransaction(req)
    try {
      // Staff with audit history cannot be deleted (the audit log is append-only); this rolled-back
      // transaction switches triggers off to reach the "no staff yet" state of a fresh install.
      await (await transactionSql(req)).execute(sql`SET LOCAL session_replication_role = replica`)
      await payload.delete({ collection: 'users', where: { id: { exists: true } }, req })
      const first = await bootstrapAdmin(req, { email: 'first-admin@test.example', password: 'a-long-admin-password' })
      expect(first).toEqual({ created: true, email: 'first-admin@test.example' })
      const made = await payload.find({ collection: 'users', req })
      expect(made.docs).toHaveLength(1)
      expect(made.docs[0]).toMatchObject({ email: 'first-admin@test.example', role: 'admin' })

      const again = await bootstrapAdmin(req, { email: 'second-admin@test.example', password: 'a-long-admin-password' })
      expect(again).toEqual({ created: false, reason: 'STAFF_EXISTS' })
      expect((await payload.count({ collection: 'users', req })).totalDocs).toBe(1)
    } finally {
      await killTransaction(req)
    }
  })
})
