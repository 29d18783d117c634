import { randomUUID } from 'node:crypto'

import type { Payload } from 'payload'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { addDays, sastDateOf, sastMidnight, type CalendarDate } from '../../src/domain/calendarDate'
import { formatSastDateTime } from '../../src/domain/display'
import { cycleOf } from '../../src/domain/usage'
import { interstellio } from '../../src/integrations/interstellio'
import { applyNetworkState, queueNetworkRepairs } from '../../src/services/network/applyNetworkState'
import { thresholdFor, warnIfNearCap } from '../../src/services/usage/capWarnings'
import { syncTargets, syncUsageForService, type SyncTarget } from '../../src/services/usage/syncUsage'
import { runUsageSync } from '../../src/services/usage/syncUsageRun'
import { createCustomer, createStaff } from '../factories/accounts'
import { createService } from '../factories/services'
import { api, loginStaff, type Auth } from '../helpers/http'
import { testPayload } from '../helpers/payload'
import { clickatell, eventually, interstellio as sim, uniqueMobile } from '../helpers/simulators'
import { plainSql } from '../helpers/sql'

let payload: Payload
const db = plainSql()
let admin: Auth
const GB = 1_000_000_000
const now = () => new Date()
const today = () => sastDateOf(now())
const opts = { now: () => new Date(), concurrency: 4, serviceTimeoutMs: 10_000, breakerFailures: 20, backfillDays: 35 }

beforeAll(async () => {
  payload = await testPayload()
  const staff = await createStaff(payload, 'admin')
  admin = { jwt: await loginStaff(staff.email, staff.password) }
})

beforeEach(async () => {
  await sim.clearRules()
})

/** A customer with one service on the network, its usage on the simulator exactly as given (zero otherwise). */
async function serviceOnNetwork(opts: { capGb?: number | null; billingDay?: number; days?: Record<CalendarDate, number>; status?: 'active' | 'suspended'; activationDate?: CalendarDate } = {}) {
  const customer = await createCustomer(payload, { firstName: 'Sipho', lastName: 'Nkosi' })
  const mobile = uniqueMobile()
  await payload.update({ collection: 'customers', id: customer.id, data: { mobile } })
  const connectionId = `T-${randomUUID().slice(0, 12)}`
  const service = await createService(payload, customer.id, {
    connectionId,
    packageName: 'LTE 100 GB',
    type: 'lte',
    dataCapGb: opts.capGb === undefined ? 100 : opts.capGb,
    billingDay: opts.billingDay ?? 1,
    status: opts.status ?? 'active',
    activationDate: opts.activationDate ?? addDays(today(), -20),
  })
  await setUsage(connectionId, opts.days ?? {})
  return { customer: { ...customer, mobile }, service, connectionId }
}

/** Exact bytes per day (download; upload zero), everything else zero. Today's figure grows with the clock, so tests set only closed days. */
const setUsage = (connectionId: string, days: Record<CalendarDate, number>) =>
  sim.setSubscriber(connectionId, { dailyDownloadBytes: 0, dailyUploadBytes: 0, days: Object.fromEntries(Object.entries(days).map(([d, b]) => [d, { downloadBytes: b, uploadBytes: 0 }])) })

const targetOf = async (serviceId: number): Promise<SyncTarget> => (await syncTargets(payload, { serviceIds: [serviceId] }))[0]!

const rowsOf = (serviceId: number) =>
  db.query<{ day: string; download_bytes: string; upload_bytes: string; total_bytes: string; source: string; customer_id: number }>(
    `SELECT to_char(date AT TIME ZONE 'Africa/Johannesburg', 'YYYY-MM-DD') AS day, download_bytes, upload_bytes, total_bytes, source, customer_id FROM usage_records WHERE service_id = $1 ORDER BY date`,
    [serviceId],
  )
const warningsOf = (serviceId: number) => db.query<{ threshold: string; cycle_start: Date; percent_used: string; event_key: string }>(`SELECT * FROM usage_warnings WHERE service_id = $1 ORDER BY id`, [serviceId])
const notificationJobsOf = (customerId: number) =>
  db.query<{ id: number; input: { template: string; eventKey: string; params: Record<string, unknown> } }>(
    `SELECT id, input FROM payload_jobs WHERE task_slug = 'notifyCustomer' AND input->>'customerId' = $1 ORDER BY id`,
    [String(customerId)],
  )

describe('syncUsageForService', () => {
  it('writes one row per day from activation to today, exact bytes, the customer taken from the service', async () => {
    const yesterday = addDays(today(), -1)
    const { service, customer } = await serviceOnNetwork({ days: { [yesterday]: 12_345_678_901 }, activationDate: addDays(today(), -5) })
    const outcome = await syncUsageForService(payload, interstellio(), await targetOf(service.id), { now: now(), backfillDays: 35 })
    expect(outcome).toMatchObject({ ok: true, from: addDays(today(), -5), to: today(), daysRead: 6 })
    const rows = await rowsOf(service.id)
    expect(rows.map((r) => r.day)).toEqual([-5, -4, -3, -2, -1, 0].map((d) => addDays(today(), d)))
    const y = rows.find((r) => r.day === yesterday)!
    expect([Number(y.download_bytes), Number(y.total_bytes), y.source, y.customer_id]).toEqual([12_345_678_901, 12_345_678_901, 'interstellio', customer.id])
    const [svc] = await db.query<{ usage_synced_at: Date }>(`SELECT usage_synced_at FROM services WHERE id = $1`, [service.id])
    expect(Date.now() - svc.usage_synced_at.getTime()).toBeLessThan(60_000)
  })

  it('run twice changes nothing the second time; run concurrently writes no duplicates', async () => {
    const { service } = await serviceOnNetwork({ days: { [addDays(today(), -2)]: 3 * GB } })
    const target = await targetOf(service.id)
    const first = await syncUsageForService(payload, interstellio(), target, { now: now(), backfillDays: 35 })
    const again = await syncUsageForService(payload, interstellio(), await targetOf(service.id), { now: now(), backfillDays: 35 })
    expect(first.ok && first.rowsChanged).toBeGreaterThan(0)
    // Only today's figure (growing with the clock) can have moved.
    expect(again.ok && again.rowsChanged).toBeLessThanOrEqual(1)
    expect(again.ok && again.from).toBe(addDays(today(), -1))
    const both = await Promise.all([0, 1, 2].map(async () => syncUsageForService(payload, interstellio(), target, { now: now(), backfillDays: 35 })))
    expect(both.every((o) => o.ok)).toBe(true)
    const rows = await rowsOf(service.id)
    expect(new Set(rows.map((r) => r.day)).size).toBe(rows.length)
    expect(rows.length).toBe(21)
  })

  it('re-reads the last two days: a figure that grew after the day closed is updated', async () => {
    const yesterday = addDays(today(), -1)
    const { service, connectionId } = await serviceOnNetwork({ days: { [yesterday]: 1 * GB } })
    await syncUsageForService(payload, interstellio(), await targetOf(service.id), { now: now(), backfillDays: 35 })
    await setUsage(connectionId, { [yesterday]: 1.5 * GB })
    const outcome = await syncUsageForService(payload, interstellio(), await targetOf(service.id), { now: now(), backfillDays: 35 })
    expect(outcome.ok && outcome.rowsChanged).toBeGreaterThanOrEqual(1)
    expect(Number((await rowsOf(service.id)).find((r) => r.day === yesterday)!.download_bytes)).toBe(1.5 * GB)
  })

  it('a malformed, garbage or partial answer, or a vendor that is down, writes nothing for the service', async () => {
    const { service, connectionId } = await serviceOnNetwork({ days: { [addDays(today(), -1)]: GB } })
    for (const mode of ['malformed', 'garbage', 'partial', 'server_error'] as const) {
      await sim.addRule({ mode, endpoint: 'usage', subscriberId: connectionId })
      const outcome = await syncUsageForService(payload, interstellio(), await targetOf(service.id), { now: now(), backfillDays: 35 })
      expect(outcome.ok, mode).toBe(false)
      await sim.clearRules()
    }
    expect(await rowsOf(service.id)).toEqual([])
    const [svc] = await db.query<{ usage_synced_at: Date | null }>(`SELECT usage_synced_at FROM services WHERE id = $1`, [service.id])
    expect(svc.usage_synced_at).toBeNull()
  })
})

describe('the usage run', () => {
  it('a failing service does not stop the batch, and its reason is reported', async () => {
    const a = await serviceOnNetwork()
    const b = await serviceOnNetwork({ days: { [addDays(today(), -1)]: GB } })
    await sim.addRule({ mode: 'server_error', endpoint: 'usage', subscriberId: a.connectionId })
    const report = await runUsageSync(payload, interstellio(), { ...opts, serviceIds: [a.service.id, b.service.id] })
    expect(report).toMatchObject({ services: 2, failed: 1, skipped: 0, circuitOpen: false })
    expect(report.tally.errors).toEqual([expect.objectContaining({ serviceId: a.service.id, code: 'UNAVAILABLE', reason: expect.stringMatching(/503/) })])
    expect((await rowsOf(b.service.id)).length).toBe(21)
  })

  it('opens the circuit when the vendor is down: stops early and leaves the rest for the next hour', async () => {
    const services = await Promise.all(Array.from({ length: 6 }, () => serviceOnNetwork()))
    await sim.addRule({ mode: 'server_error', endpoint: 'usage' })
    const report = await runUsageSync(payload, interstellio(), { ...opts, concurrency: 1, breakerFailures: 3, serviceIds: services.map((s) => s.service.id) })
    expect(report).toMatchObject({ services: 6, failed: 3, skipped: 3, circuitOpen: true })
    expect(report.tally.summary).toMatch(/stopped, 3 left for the next hour/)
  })

  it('a service that takes too long is given up and written nothing; the rest go on', async () => {
    const slow = await serviceOnNetwork()
    const fine = await serviceOnNetwork()
    await sim.addRule({ mode: 'slow', endpoint: 'usage', subscriberId: slow.connectionId, latencyMs: 3000 })
    const report = await runUsageSync(payload, interstellio(), { ...opts, serviceTimeoutMs: 500, serviceIds: [slow.service.id, fine.service.id] })
    expect(report.failed).toBe(1)
    expect(report.tally.errors[0]).toMatchObject({ serviceId: slow.service.id, code: 'TIMEOUT' })
    expect(await rowsOf(slow.service.id)).toEqual([])
    expect((await rowsOf(fine.service.id)).length).toBe(21)
  })

  it('the hourly job records its run in job-runs', async () => {
    await serviceOnNetwork()
    const job = await payload.jobs.queue({ task: 'syncUsage', queue: 'usage', input: { trigger: 'staff' } })
    await payload.jobs.runByID({ id: job.id })
    const [run] = await db.query<{ status: string; records_processed: number; summary: string; duration_ms: number; trigger: string }>(
      `SELECT * FROM job_runs WHERE job_name = 'usage-sync' ORDER BY id DESC LIMIT 1`,
    )
    // It syncs every service in the shared test database, other files' too: only this run's own facts are asserted.
    expect(run.trigger).toBe('staff')
    expect(['succeeded', 'partially_failed']).toContain(run.status)
    expect(Number(run.records_processed)).toBeGreaterThan(0)
    expect(Number(run.duration_ms)).toBeGreaterThanOrEqual(0)
    expect(run.summary).toMatch(/services? synced of \d+/)
  })
})

describe('cap warnings', () => {
  // Usage is put on yesterday (closed, and inside the two days every sync re-reads). Billing day 1
  // puts it in this cycle unless today is the 1st; then billing day 5 does.
  // One instant per test for the sync, the cap check and the simulator, so a test that runs
  // across SAST midnight (or a month's end) still agrees with itself about the day and the cycle.
  let at = new Date()
  const atDay = () => sastDateOf(at)
  beforeEach(async () => {
    at = new Date()
    await sim.config({ now: at.toISOString() })
  })
  afterEach(async () => {
    await sim.config({ now: null })
  })
  const day0 = () => addDays(atDay(), -1)
  const billingDay = () => (atDay() === cycleOf(atDay(), 1).start ? 5 : 1)

  it('thresholds: 79.9% nothing, 80% the 80 warning, 95% the 95 warning', () => {
    expect(thresholdFor(79.9)).toBeNull()
    expect(thresholdFor(80)).toBe(80)
    expect(thresholdFor(94.9)).toBe(80)
    expect(thresholdFor(95)).toBe(95)
    expect(thresholdFor(null)).toBeNull()
  })

  async function syncOnce(serviceId: number) {
    return runUsageSync(payload, interstellio(), { ...opts, now: () => at, serviceIds: [serviceId] })
  }

  it('79.9% sends nothing; 80% one usage_80; 95% one usage_95 and no second usage_80; reruns and the next hour nothing more', async () => {
    const { service, customer, connectionId } = await serviceOnNetwork({ billingDay: billingDay(), days: { [day0()]: 79.9 * GB }, activationDate: addDays(day0(), 0) })
    await syncOnce(service.id)
    expect(await warningsOf(service.id)).toEqual([])

    await setUsage(connectionId, { [day0()]: 80 * GB })
    const at80 = await syncOnce(service.id)
    expect(at80.warnings.map((w) => w.threshold)).toEqual([80])
    await syncOnce(service.id)
    expect((await warningsOf(service.id)).map((w) => w.threshold)).toEqual(['80'])

    await setUsage(connectionId, { [day0()]: 96 * GB })
    await syncOnce(service.id)
    await syncOnce(service.id)
    expect((await warningsOf(service.id)).map((w) => w.threshold)).toEqual(['80', '95'])
    const jobs = await notificationJobsOf(customer.id)
    expect(jobs.map((j) => j.input.template)).toEqual(['usage_80', 'usage_95'])
    expect(jobs[1].input.params).toMatchObject({ capBytes: 100 * GB, percentUsed: expect.any(Number), serviceName: 'LTE 100 GB' })
  })

  it('a jump straight past 95% sends usage_95 only', async () => {
    const { service, customer } = await serviceOnNetwork({ billingDay: billingDay(), days: { [day0()]: 99 * GB }, activationDate: day0() })
    await syncOnce(service.id)
    expect((await warningsOf(service.id)).map((w) => w.threshold)).toEqual(['95'])
    expect((await notificationJobsOf(customer.id)).map((j) => j.input.template)).toEqual(['usage_95'])
  })

  it('concurrent runs send one warning', async () => {
    const { service, customer } = await serviceOnNetwork({ billingDay: billingDay(), days: { [day0()]: 85 * GB }, activationDate: day0() })
    await syncOnce(service.id)
    await db.query(`DELETE FROM usage_warnings WHERE service_id = $1`, [service.id])
    await db.query(`DELETE FROM payload_jobs WHERE task_slug = 'notifyCustomer' AND input->>'customerId' = $1`, [String(customer.id)])
    const target = await targetOf(service.id)
    const results = await Promise.all(Array.from({ length: 5 }, () => warnIfNearCap(payload, target, { now: at, measuredAt: at.toISOString() })))
    expect(results.filter(Boolean)).toHaveLength(1)
    expect(await warningsOf(service.id)).toHaveLength(1)
    expect(await notificationJobsOf(customer.id)).toHaveLength(1)
  })

  it('the next billing cycle warns again', async () => {
    const { service } = await serviceOnNetwork({ billingDay: billingDay(), days: { [day0()]: 90 * GB }, activationDate: day0() })
    await syncOnce(service.id)
    expect(await warningsOf(service.id)).toHaveLength(1)
    const thisCycle = cycleOf(atDay(), billingDay())
    const nextStart = addDays(thisCycle.end, 1)
    await db.query(`INSERT INTO usage_records (service_id, customer_id, date, upload_bytes, download_bytes, total_bytes, source) SELECT id, customer_id, $2::timestamptz, 0, $3, $3, 'interstellio' FROM services WHERE id = $1`, [service.id, sastMidnight(nextStart), 81 * GB])
    const inNextCycle = new Date(Date.parse(sastMidnight(nextStart)) + 14 * 3_600_000)
    const warning = await warnIfNearCap(payload, await targetOf(service.id), { now: inNextCycle, measuredAt: inNextCycle.toISOString() })
    expect(warning).toMatchObject({ threshold: 80 })
    expect((await warningsOf(service.id)).map((w) => sastDateOf(w.cycle_start))).toEqual([thisCycle.start, nextStart])
  })

  it('an uncapped service is never warned', async () => {
    const { service } = await serviceOnNetwork({ capGb: null, billingDay: billingDay(), days: { [day0()]: 900 * GB }, activationDate: day0() })
    const report = await syncOnce(service.id)
    expect(report.warnings).toEqual([])
  })

  it('the SMS states how fresh the figure is, and staff see the warning with its delivery', async () => {
    const { service, customer } = await serviceOnNetwork({ billingDay: billingDay(), days: { [day0()]: 82 * GB }, activationDate: day0() })
    await syncOnce(service.id)
    const [job] = await notificationJobsOf(customer.id)
    await payload.jobs.runByID({ id: job.id })
    const measuredAt = String(job.input.params.measuredAt)
    const [sms] = await eventually(async () => {
      const m = await clickatell.messages(customer.mobile)
      return m.length > 0 && m
    }, { what: 'the usage SMS' })
    expect(sms.content).toContain(`as of ${formatSastDateTime(measuredAt)}`)
    expect(sms.content).toMatch(/82(\.0)?%/)
    const res = await api(`/api/usage-warnings?where[service][equals]=${service.id}&depth=0`, admin)
    expect(res.status).toBe(200)
    expect(res.body.docs[0]).toMatchObject({ threshold: '80', delivery: expect.stringMatching(/SMS (sent|delivered)/) })
  })

  it('a customer reads their own warnings and nobody else’s', async () => {
    const mine = await serviceOnNetwork({ billingDay: billingDay(), days: { [day0()]: 88 * GB }, activationDate: day0() })
    const theirs = await serviceOnNetwork({ billingDay: billingDay(), days: { [day0()]: 88 * GB }, activationDate: day0() })
    await syncOnce(mine.service.id)
    await syncOnce(theirs.service.id)
    const own = await payload.find({ collection: 'usage-warnings', overrideAccess: false, user: { ...mine.customer, collection: 'customers' } as never, depth: 0 })
    expect(own.docs.map((d) => (typeof d.service === 'object' ? d.service.id : d.service))).toEqual([mine.service.id])
  })
})

describe('network access follows the service', () => {
  async function runNetworkJobs(serviceId: number) {
    const jobs = await db.query<{ id: number }>(
      `SELECT id FROM payload_jobs WHERE task_slug = 'syncNetworkAccess' AND input->>'serviceId' = $1 AND completed_at IS NULL AND NOT has_error ORDER BY id`,
      [String(serviceId)],
    )
    for (const j of jobs) await payload.jobs.runByID({ id: j.id })
    return jobs.length
  }
  const stateOf = async (serviceId: number) =>
    (await db.query<{ network_state: string; network_error: string | null; network_failing_since: Date | null; network_state_at: Date | null }>(`SELECT network_state, network_error, network_failing_since, network_state_at FROM services WHERE id = $1`, [serviceId]))[0]

  it('suspend disables the subscriber, reactivate enables it, each recorded on the service', async () => {
    const { service, customer, connectionId } = await serviceOnNetwork()
    const suspend = await api(`/api/admin/customers/${customer.id}/services/suspend`, { ...admin, body: { serviceId: service.id, suspensionType: 'non_payment', reason: 'Arrears' } })
    expect(suspend.status).toBe(200)
    expect(await runNetworkJobs(service.id)).toBe(1)
    expect((await sim.subscriber(connectionId)).enabled).toBe(false)
    expect(await stateOf(service.id)).toMatchObject({ network_state: 'disabled', network_error: null })

    const reactivate = await api(`/api/admin/customers/${customer.id}/services/reactivate`, { ...admin, body: { serviceId: service.id, reason: 'Paid' } })
    expect(reactivate.status).toBe(200)
    expect(await runNetworkJobs(service.id)).toBe(1)
    expect((await sim.subscriber(connectionId)).enabled).toBe(true)
    expect((await stateOf(service.id)).network_state).toBe('enabled')
  })

  it('a late job for an older change applies the current state, so it cannot undo a newer one', async () => {
    const { service, customer, connectionId } = await serviceOnNetwork()
    await payload.jobs.queue({ task: 'syncNetworkAccess', queue: 'network', input: { serviceId: service.id, access: 'enable' } })
    const suspend = await api(`/api/admin/customers/${customer.id}/services/suspend`, { ...admin, body: { serviceId: service.id, suspensionType: 'technical', reason: 'Line fault' } })
    expect(suspend.status).toBe(200)
    // The new change's job runs first, the old one after it.
    const jobs = await db.query<{ id: number }>(`SELECT id FROM payload_jobs WHERE task_slug = 'syncNetworkAccess' AND input->>'serviceId' = $1 ORDER BY id DESC`, [String(service.id)])
    for (const j of jobs) await payload.jobs.runByID({ id: j.id })
    expect((await sim.subscriber(connectionId)).enabled).toBe(false)
    expect((await sim.subscriber(connectionId)).history.map((h: { enabled: boolean }) => h.enabled)).toEqual([false, false])
    expect((await stateOf(service.id)).network_state).toBe('disabled')
  })

  it('while the vendor fails: failed with the error and since when, retried, then applied', async () => {
    const { service, connectionId } = await serviceOnNetwork()
    await db.query(`UPDATE services SET status = 'suspended', suspension_date = $2 WHERE id = $1`, [service.id, sastMidnight(today())])
    await sim.addRule({ mode: 'server_error', endpoint: 'subscriber', subscriberId: connectionId })
    const failed = await applyNetworkState(payload, interstellio(), service.id, { attempt: 1 })
    expect(failed).toMatchObject({ outcome: 'failed', error: { code: 'UNAVAILABLE' } })
    const s1 = await stateOf(service.id)
    expect(s1.network_state).toBe('failed')
    expect(s1.network_error).toMatch(/^Attempt 1 .*503/)
    expect(s1.network_failing_since).not.toBeNull()
    // The job gave up: the hourly run queues it again.
    expect(await queueNetworkRepairs(payload)).toContain(service.id)
    expect(await queueNetworkRepairs(payload)).not.toContain(service.id)
    await sim.clearRules()
    expect(await runNetworkJobs(service.id)).toBe(1)
    expect(await stateOf(service.id)).toMatchObject({ network_state: 'disabled', network_error: null, network_failing_since: null })
    expect((await sim.subscriber(connectionId)).enabled).toBe(false)
  })

  it('a service whose network was never told (or told before it had a connection id) is queued by the hourly sweep', async () => {
    const { service } = await serviceOnNetwork()
    await db.query(`UPDATE services SET network_state = 'pending' WHERE id = $1`, [service.id])
    await db.query(`DELETE FROM payload_jobs WHERE task_slug = 'syncNetworkAccess' AND input->>'serviceId' = $1`, [String(service.id)])
    expect(await queueNetworkRepairs(payload)).toContain(service.id)
    expect(await runNetworkJobs(service.id)).toBe(1)
    expect((await stateOf(service.id)).network_state).toBe('enabled')
    expect(await queueNetworkRepairs(payload)).not.toContain(service.id)
  })

  it('a suspension marks the network pending until its job has told the network', async () => {
    const { service, customer } = await serviceOnNetwork()
    await db.query(`UPDATE services SET network_state = 'enabled' WHERE id = $1`, [service.id])
    const suspend = await api(`/api/admin/customers/${customer.id}/services/suspend`, { ...admin, body: { serviceId: service.id, suspensionType: 'technical', reason: 'Line fault' } })
    expect(suspend.status).toBe(200)
    expect((await stateOf(service.id)).network_state).toBe('pending')
    await runNetworkJobs(service.id)
    expect((await stateOf(service.id)).network_state).toBe('disabled')
  })

  it('the network state is in the API for staff; the error only for staff', async () => {
    const { service, customer } = await serviceOnNetwork()
    await db.query(`UPDATE services SET network_state = 'failed', network_error = 'Attempt 1: Interstellio answered 503', network_failing_since = now() WHERE id = $1`, [service.id])
    const staffView = await api(`/api/services/${service.id}?depth=0`, admin)
    expect(staffView.body).toMatchObject({ networkState: 'failed', networkError: expect.stringMatching(/503/) })
    const own = await payload.findByID({ collection: 'services', id: service.id, overrideAccess: false, user: { ...customer, collection: 'customers' } as never, depth: 0 })
    expect(own.networkState).toBe('failed')
    expect(own.networkError).toBeUndefined()
    expect(own.networkFailingSince).toBeUndefined()
  })
})
