import type { Payload } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startJobRunner } from '../../src/jobs/runner'
import { BILLING_QUEUE, queueDueSchedules, SCHEDULES } from '../../src/jobs/schedules'
import { generateInvoicesNow } from '../../src/services/billing/generateInvoicesNow'
import { createCustomer, createStaff } from '../factories/accounts'
import { createService } from '../factories/services'
import { api, loginCustomer, loginStaff, type Auth } from '../helpers/http'
import { testPayload } from '../helpers/payload'
import { clickatell, uniqueMobile } from '../helpers/simulators'
import { plainSql } from '../helpers/sql'

let payload: Payload
const db = plainSql()
const invoiceRun = SCHEDULES.filter((s) => s.name === 'invoice-run')
const overdueMarking = SCHEDULES.filter((s) => s.name === 'overdue-marking')

/** 155 services due on 1 June 2026, so due to be invoiced from 25 May (7 days ahead), for five customers. */
let customers: Array<{ id: number; mobile: string }>
let serviceIds: number[]
let failing: number

beforeAll(async () => {
  payload = await testPayload()
  customers = []
  serviceIds = []
  for (let c = 0; c < 5; c++) {
    const customer = await createCustomer(payload, { firstName: `Run${c}` })
    const mobile = uniqueMobile()
    await payload.update({ collection: 'customers', id: customer.id, data: { mobile } })
    await db.query(`UPDATE billing_accounts SET notify_by_email = false WHERE customer_id = $1`, [customer.id])
    customers.push({ id: customer.id, mobile })
    for (let s = 0; s < 31; s++) {
      const service = await createService(payload, customer.id, { activationDate: '2026-05-10', nextBillingDate: '2026-06-01', billingDay: 1, packageName: `Fibre ${s + 10} Mbps` })
      serviceIds.push(service.id)
    }
  }
  failing = serviceIds[77]
  // One service made to fail at the database, as a broken row would.
  await db.query(`CREATE OR REPLACE FUNCTION test_refuse_invoice() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF NEW.service_id = ${failing} THEN RAISE EXCEPTION 'simulated failure for service %', NEW.service_id; END IF; RETURN NEW; END $$`)
  await db.query(`CREATE TRIGGER test_refuse_invoice BEFORE INSERT ON invoices FOR EACH ROW EXECUTE FUNCTION test_refuse_invoice()`)
}, 180_000)

afterAll(async () => {
  // Months behind by now (their clock was moved): keep them out of later tests' runs as of today.
  await db.query(`UPDATE services SET billing_paused = true WHERE id = ANY($1)`, [serviceIds])
  await db.query(`DROP TRIGGER IF EXISTS test_refuse_invoice ON invoices`)
  await db.query(`DROP FUNCTION IF EXISTS test_refuse_invoice()`)
})

const invoicesFor = (ids: number[], periodStart?: string) =>
  db.query<{ service_id: number; n: number }>(
    `SELECT service_id, count(*)::int AS n FROM invoices WHERE service_id = ANY($1) AND kind = 'recurring' ${periodStart ? `AND period_start = '${periodStart}T00:00:00+02:00'` : ''} GROUP BY service_id ORDER BY service_id`,
    [ids],
  )

describe('schedules run in SAST', () => {
  it('the 02:00 SAST invoice run is due at 00:00 UTC, once per slot, however often the runner looks', async () => {
    expect(await queueDueSchedules(payload, new Date('2026-05-24T23:59:00Z'), invoiceRun)).toEqual([])
    const queued = await queueDueSchedules(payload, new Date('2026-05-25T00:00:00Z'), invoiceRun)
    expect(queued).toHaveLength(1)
    expect(queued[0]).toMatchObject({ schedule: 'invoice-run', scheduledFor: '2026-05-25T00:00:00.000Z' })
    // The same minute again, later in it, and an hour on (catching up): the slot has its job.
    expect(await queueDueSchedules(payload, new Date('2026-05-25T00:00:40Z'), invoiceRun)).toEqual([])
    expect(await queueDueSchedules(payload, new Date('2026-05-25T01:10:00Z'), invoiceRun)).toEqual([])
    // Two runners looking at the same moment queue it once between them.
    const [a, b] = await Promise.all([
      queueDueSchedules(payload, new Date('2026-05-26T00:00:00Z'), invoiceRun),
      queueDueSchedules(payload, new Date('2026-05-26T00:00:00Z'), invoiceRun),
    ])
    expect(a.length + b.length).toBe(1)
    const [job] = await db.query(`SELECT task_slug, queue, input FROM payload_jobs WHERE id = $1`, [queued[0].jobId])
    expect(job).toMatchObject({ task_slug: 'runInvoiceRun', queue: BILLING_QUEUE, input: { scheduledFor: '2026-05-25T00:00:00.000Z' } })
    await db.query(`DELETE FROM payload_jobs WHERE id = $1`, [(a[0] ?? b[0]).jobId])
  })

  it('the runner at 02:00 issues every due invoice once, reports the one that failed, and a re-run issues and sends nothing new', async () => {
    // The runner itself, its clock moved to 02:00 SAST on 25 May: it finds the slot's job and runs it.
    const runner = startJobRunner(payload, { pollSeconds: 3600, clock: () => new Date('2026-05-25T00:00:30Z'), queues: [BILLING_QUEUE], schedules: invoiceRun })
    try {
      await runner.tick()
    } finally {
      await runner.stop()
    }
    const [slot] = await db.query<{ job_id: number }>(`SELECT job_id FROM job_schedule_slots WHERE schedule = 'invoice-run' AND scheduled_for = '2026-05-25T00:00:00Z'`)
    const [job] = await db.query<{ completed_at: string | null; has_error: boolean }>(`SELECT completed_at, has_error FROM payload_jobs WHERE id = $1`, [slot.job_id])
    expect(job.has_error).toBe(false)
    expect(job.completed_at).not.toBeNull()

    const issued = await invoicesFor(serviceIds, '2026-06-01')
    expect(issued.length).toBe(154)
    expect(issued.every((r) => r.n === 1)).toBe(true)
    expect(issued.some((r) => r.service_id === failing)).toBe(false)

    const [run] = await db.query<Record<string, any>>(`SELECT * FROM job_runs WHERE job_name = 'generate-invoices' AND scheduled_for = '2026-05-25T00:00:00Z'`)
    expect(run).toMatchObject({ trigger: 'schedule', status: 'partially_failed', input: { asOf: '2026-05-25', jobId: slot.job_id } })
    expect(Number(run.records_processed)).toBe(Number(run.records_succeeded) + Number(run.records_skipped) + Number(run.records_failed))
    expect(Number(run.duration_ms)).toBeGreaterThan(0)
    // Exactly this suite's services: 154 issued, the one made to fail reported with its database error.
    const mine = (run.errors as Array<{ serviceId: number; reason: string }>).filter((e) => serviceIds.includes(e.serviceId))
    expect(mine).toEqual([{ serviceId: failing, reason: `simulated failure for service ${failing}` }])
    expect(run.summary).toMatch(/invoices issued as of 25 May 2026/)

    // Every issued invoice tells its customer once (SMS: these customers chose no email).
    const notifyJobs = await db.query<{ id: number }>(
      `SELECT id FROM payload_jobs WHERE task_slug = 'notifyCustomer' AND input->>'customerId' = ANY($1) AND completed_at IS NULL ORDER BY id`,
      [customers.map((c) => String(c.id))],
    )
    expect(notifyJobs.length).toBe(154)
    for (const j of notifyJobs) await payload.jobs.runByID({ id: j.id })
    const sms = async () => (await Promise.all(customers.map((c) => clickatell.messages(c.mobile)))).flat()
    expect((await sms()).length).toBe(154)
    expect((await sms()).every((m) => /INV-\d{4}-\d{5,}/.test(m.content))).toBe(true)

    // The runner dies and the job runs again (or someone queues the same slot again): nothing new.
    const again = await payload.jobs.queue({ task: 'runInvoiceRun', queue: BILLING_QUEUE, input: { scheduledFor: '2026-05-25T00:00:00.000Z' } })
    await payload.jobs.runByID({ id: again.id })
    expect(await invoicesFor(serviceIds, '2026-06-01')).toEqual(issued)
    const [pending] = await db.query(
      `SELECT count(*)::int AS n FROM payload_jobs WHERE task_slug = 'notifyCustomer' AND input->>'customerId' = ANY($1) AND completed_at IS NULL`,
      [customers.map((c) => String(c.id))],
    )
    expect(pending.n).toBe(0)
    const [rows] = await db.query(`SELECT count(*)::int AS n FROM notifications WHERE customer_id = ANY($1)`, [customers.map((c) => c.id)])
    expect(rows.n).toBe(154)
    expect((await sms()).length).toBe(154)
  }, 180_000)

  it('two runners at once: one leads and runs the 02:00 job; each invoice is issued once', async () => {
    const at = () => new Date('2026-06-25T00:00:10Z')
    const a = startJobRunner(payload, { pollSeconds: 3600, clock: at, queues: [BILLING_QUEUE], schedules: invoiceRun })
    const b = startJobRunner(payload, { pollSeconds: 3600, clock: at, queues: [BILLING_QUEUE], schedules: invoiceRun })
    try {
      await Promise.all([a.tick(), b.tick()])
      expect([a.isLeader(), b.isLeader()].filter(Boolean)).toHaveLength(1)
    } finally {
      await a.stop()
      await b.stop()
    }
    const july = await invoicesFor(serviceIds, '2026-07-01')
    expect(july.length).toBe(154)
    expect(july.every((r) => r.n === 1)).toBe(true)
    const runs = await db.query(`SELECT id FROM job_runs WHERE job_name = 'generate-invoices' AND scheduled_for = '2026-06-25T00:00:00Z'`)
    expect(runs).toHaveLength(1)
  }, 180_000)

  it('two executions of the run at once never overlap: the second waits for a retry', async () => {
    const jobs = await Promise.all([1, 2].map(() => payload.jobs.queue({ task: 'runInvoiceRun', queue: BILLING_QUEUE, input: { asOf: '2026-07-25', trigger: 'schedule' } })))
    await Promise.all(jobs.map((j) => payload.jobs.runByID({ id: j.id })))
    const states = await db.query<{ completed_at: string | null; total_tried: number }>(`SELECT completed_at, total_tried FROM payload_jobs WHERE id = ANY($1) ORDER BY id`, [jobs.map((j) => j.id)])
    expect(states.filter((j) => j.completed_at !== null)).toHaveLength(1)
    const august = await invoicesFor(serviceIds, '2026-08-01')
    expect(august.length).toBe(154)
    expect(august.every((r) => r.n === 1)).toBe(true)
    await db.query(`DELETE FROM payload_jobs WHERE id = ANY($1) AND completed_at IS NULL`, [jobs.map((j) => j.id)])
  }, 180_000)

  it('two generate-invoices-now calls at once issue each invoice once', async () => {
    const now = new Date()
    const [a, b] = await Promise.all([
      generateInvoicesNow(payload, { asOf: '2026-08-25', serviceIds, now, trigger: 'staff' }),
      generateInvoicesNow(payload, { asOf: '2026-08-25', serviceIds, now, trigger: 'staff' }),
    ])
    expect(a.invoicesIssued + b.invoicesIssued).toBe(154)
    const september = await invoicesFor(serviceIds, '2026-09-01')
    expect(september.length).toBe(154)
    expect(september.every((r) => r.n === 1)).toBe(true)
  }, 180_000)

  it('overdue marking runs at 00:30 SAST and is recorded', async () => {
    const queued = await queueDueSchedules(payload, new Date('2026-05-24T22:30:00Z'), overdueMarking)
    expect(queued).toMatchObject([{ schedule: 'overdue-marking', scheduledFor: '2026-05-24T22:30:00.000Z' }])
    await payload.jobs.runByID({ id: queued[0].jobId })
    const [run] = await db.query(`SELECT * FROM job_runs WHERE job_name = 'mark-overdue' ORDER BY id DESC LIMIT 1`)
    expect(run).toMatchObject({ trigger: 'schedule', status: 'succeeded', input: { asOf: '2026-05-25' } })
    expect(run.summary).toMatch(/marked overdue/)
  })
})

describe('the job runner', () => {
  it('one runner leads; a standby takes over when it stops, and releases what the dead one left processing', async () => {
    const quiet = { pollSeconds: 3600, queues: [], schedules: [] }
    const first = startJobRunner(payload, quiet)
    const second = startJobRunner(payload, quiet)
    try {
      await first.tick()
      await second.tick()
      expect([first.isLeader(), second.isLeader()].filter(Boolean)).toHaveLength(1)
      const [leader, standby] = first.isLeader() ? [first, second] : [second, first]
      const orphan = await payload.jobs.queue({ task: 'purgeIdempotencyKeys', queue: 'housekeeping', input: {} })
      await db.query(`UPDATE payload_jobs SET processing = true WHERE id = $1`, [orphan.id])
      await leader.stop()
      await standby.tick()
      expect(standby.isLeader()).toBe(true)
      const [row] = await db.query(`SELECT processing FROM payload_jobs WHERE id = $1`, [orphan.id])
      expect(row.processing).toBe(false)
      await db.query(`DELETE FROM payload_jobs WHERE id = $1`, [orphan.id])
    } finally {
      await first.stop()
      await second.stop()
    }
  })
})

describe('starting a run: billing staff or an API key, nobody else', () => {
  let billing: Auth
  let support: Auth
  let customer: Auth
  let billingKey: string
  let supportKey: string
  let billingId: number

  beforeAll(async () => {
    const b = await createStaff(payload, 'billing', ['billing_manage'])
    const s = await createStaff(payload, 'support')
    const c = await createCustomer(payload)
    billingId = b.id
    billing = { jwt: await loginStaff(b.email, b.password) }
    support = { jwt: await loginStaff(s.email, s.password) }
    customer = { jwt: await loginCustomer(c.email, c.password) }
    billingKey = `it-${crypto.randomUUID()}`
    supportKey = `it-${crypto.randomUUID()}`
    await payload.update({ collection: 'users', id: b.id, data: { enableAPIKey: true, apiKey: billingKey } })
    await payload.update({ collection: 'users', id: s.id, data: { enableAPIKey: true, apiKey: supportKey } })
  })

  const start = (auth: Auth, run = 'mark-overdue', body: unknown = {}) => api(`/api/admin/job-runs/${run}/start`, { ...auth, body })
  const key = (k: string): Auth => ({ headers: { Authorization: `users API-Key ${k}` } })

  it('is refused without billing:manage or a valid key', async () => {
    expect((await start({})).status).toBe(401)
    expect((await start(key('not-a-key'))).status).toBe(401)
    expect((await start(customer)).status).toBe(403)
    expect((await start(support)).status).toBe(403)
    expect((await start(key(supportKey))).status).toBe(403)
    // Payload's own job routes cannot run or queue anything for anyone.
    expect([401, 403]).toContain((await api('/api/payload-jobs/run', billing)).status)
    expect([401, 403, 404]).toContain((await api('/api/payload-jobs/queue', { ...billing, body: { task: 'runInvoiceRun', input: {} } })).status)
    expect([401, 403, 404]).toContain((await api('/api/payload-jobs/run?queue=default', { ...billing, method: 'POST' })).status)
  })

  it('bad input is a 4xx naming the problem', async () => {
    expect((await start(billing, 'drop-tables')).status).toBe(404)
    const future = await start(billing, 'mark-overdue', { asOf: '2099-01-01' })
    expect([future.status, future.body.errors[0].code]).toEqual([400, 'DATE_IN_FUTURE'])
    const unknown = await start(billing, 'mark-overdue', { asOf: '2026-12-01', extra: 1 })
    expect([unknown.status, unknown.body.errors[0].code]).toEqual([400, 'UNKNOWN_FIELD'])
  })

  it('the usage sync is startable too: as of now only, on the usage queue, by billing staff or their key', async () => {
    expect((await start(support, 'usage-sync')).status).toBe(403)
    const past = await start(billing, 'usage-sync', { asOf: '2026-05-01' })
    expect([past.status, past.body.errors[0].code]).toEqual([400, 'TODAY_ONLY'])
    const res = await start(key(billingKey), 'usage-sync')
    expect(res.status).toBe(202)
    expect(res.body).toMatchObject({ run: 'usage-sync', queued: true })
    const [job] = await db.query(`SELECT queue, task_slug, input FROM payload_jobs WHERE id = $1`, [res.body.jobId])
    expect(job).toMatchObject({ queue: 'usage', task_slug: 'syncUsage', input: { trigger: 'api_key', requestedBy: billingId } })
    // Not left for a later test's runner to pick up.
    await db.query(`DELETE FROM payload_jobs WHERE id = $1`, [res.body.jobId])
  })

  it('billing staff and their API key queue a run for the runner; a retried call in the same minute queues nothing more', async () => {
    const res = await start(key(billingKey), 'mark-overdue', { asOf: '2026-05-20' })
    expect(res.status).toBe(202)
    expect(res.body).toMatchObject({ run: 'mark-overdue', queued: true })
    const retry = await start(key(billingKey), 'mark-overdue', { asOf: '2026-05-20' })
    if (retry.body.slot === res.body.slot) expect(retry.body).toMatchObject({ queued: false, jobId: null })
    await payload.jobs.runByID({ id: res.body.jobId })
    const [run] = await db.query(`SELECT trigger, requested_by_id, input FROM job_runs WHERE job_name = 'mark-overdue' ORDER BY id DESC LIMIT 1`)
    expect(run).toMatchObject({ trigger: 'api_key', requested_by_id: billingId, input: { asOf: '2026-05-20' } })
    const bySession = await start(billing, 'generate-invoices', { asOf: '2026-05-01' })
    expect(bySession.status).toBe(202)
    await db.query(`DELETE FROM payload_jobs WHERE id = $1`, [bySession.body.jobId])
  })

  it('only an admin gives a staff user an API key, and it is long', async () => {
    const own = await api(`/api/users/${billingId}`, { ...billing, method: 'PATCH', body: { enableAPIKey: true, apiKey: `self-${crypto.randomUUID()}` } })
    expect(own.status).toBe(403)
    const a = await createStaff(payload, 'admin')
    const admin = { jwt: await loginStaff(a.email, a.password) }
    const short = await api(`/api/users/${billingId}`, { ...admin, method: 'PATCH', body: { enableAPIKey: true, apiKey: 'short' } })
    expect([short.status, short.body.errors?.[0]?.data?.errors?.[0]?.path ?? short.body.errors?.[0]?.field]).toEqual([400, 'apiKey'])
    // The key set in beforeAll still works: nothing above changed it.
    expect((await start(key(billingKey), 'mark-overdue', { asOf: '2026-05-19' })).status).toBe(202)
  })

  it('a bare POST from an external scheduler (no body) starts a run as of today', async () => {
    const res = await fetch(`${process.env.TEST_SERVER_URL}/api/admin/job-runs/mark-overdue/start`, { method: 'POST', headers: { Authorization: `users API-Key ${billingKey}` } })
    expect(res.status).toBe(202)
    const body = await res.json()
    if (body.jobId) await db.query(`DELETE FROM payload_jobs WHERE id = $1`, [body.jobId])
  })

  it('an API key is never returned by the API', async () => {
    const res = await api(`/api/users/${billingId}`, billing)
    expect(res.status).toBe(200)
    expect(JSON.stringify(res.body)).not.toContain(billingKey)
    expect(res.body.apiKey).toBeUndefined()
  })

  it('staff see every run; customers do not', async () => {
    const runs = await api('/api/job-runs?limit=5&sort=-startedAt', support)
    expect(runs.status).toBe(200)
    expect(runs.body.docs.length).toBeGreaterThan(0)
    expect((await api('/api/job-runs', customer)).status).toBe(403)
  })
})

describe('keeping up with a month', () => {
  it('a queue whose tick share runs out goes on at once, not after the poll interval, and the PDF lane drains to empty, each document once', async () => {
    const ids = async (queue: string) =>
      (await db.query<{ id: number }>(`SELECT id FROM payload_jobs WHERE queue = $1 AND completed_at IS NULL AND NOT has_error ORDER BY id`, [queue])).map((r) => r.id)
    // The runs above queued their invoices' PDFs on `documents`; 60 of them go to `default` (one
    // job at a time, 50 batches a tick), the rest stay in the PDF lane.
    const moved = (await ids('documents')).slice(0, 60)
    await db.query(`UPDATE payload_jobs SET queue = 'default' WHERE id = ANY($1::int[])`, [moved])
    const lane = await ids('documents')
    expect(moved).toHaveLength(60)
    expect(lane.length).toBeGreaterThan(0)
    const left = async () =>
      Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM payload_jobs WHERE id = ANY($1::int[]) AND completed_at IS NULL`, [[...moved, ...lane]]))[0].n)
    // One job a batch, so `default` needs two ticks; the poll interval is an hour: only going on at once finishes it.
    const runner = startJobRunner(payload, { pollSeconds: 3600, limit: 1, queues: ['default', 'documents'], schedules: [] })
    try {
      const deadline = Date.now() + 120_000
      while ((await left()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200))
    } finally {
      await runner.stop()
    }
    expect(await left()).toBe(0)
    const failed = await db.query(`SELECT id FROM payload_jobs WHERE id = ANY($1::int[]) AND has_error`, [[...moved, ...lane]])
    expect(failed).toEqual([])
    // Every job did its work: each of their invoices has its document.
    const missing = await db.query(
      `SELECT j.id FROM payload_jobs j WHERE j.id = ANY($1::int[])
          AND NOT EXISTS (SELECT 1 FROM invoice_pdfs p WHERE p.invoice_id = (j.input->>'invoiceId')::int)`,
      [[...moved, ...lane]],
    )
    expect(missing).toEqual([])
  }, 180_000)
})
