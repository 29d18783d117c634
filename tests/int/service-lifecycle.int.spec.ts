import type { Payload } from 'payload'
import { beforeAll, describe, expect, it } from 'vitest'

import type { ServiceStatus } from '../../src/domain/catalogue'
import { issueRecurringInvoices } from '../../src/services/billing/issueRecurringInvoices'
import { activateService } from '../../src/services/lifecycle/activateService'
import { cancelService } from '../../src/services/lifecycle/cancelService'
import { reactivateService } from '../../src/services/lifecycle/reactivateService'
import { suspendService } from '../../src/services/lifecycle/suspendService'
import { addPaymentMethod } from '../../src/services/paymentMethods/addPaymentMethod'
import { createCustomer, createStaff } from '../factories/accounts'
import { createService } from '../factories/services'
import { api, graphql, loginCustomer, loginStaff, type Auth } from '../helpers/http'
import { testPayload } from '../helpers/payload'
import { plainSql } from '../helpers/sql'

let payload: Payload
const db = plainSql()
let staffId: number
let auth: Record<'admin' | 'activator' | 'suspender' | 'canceller' | 'billing' | 'support' | 'customer', Auth>
let staffEmail: string

const at = (iso: string) => new Date(iso)
/** How a calendar date is stored: SAST midnight, as UTC (the day before, 22:00), date part. */
const sastIso = (date: string) => new Date(`${date}T00:00:00+02:00`).toISOString().slice(0, 10)
const NOV_15 = at('2026-11-15T09:00:00+02:00')

beforeAll(async () => {
  payload = await testPayload()
  const admin = await createStaff(payload, 'admin')
  const activator = await createStaff(payload, 'billing', ['services_activate'])
  const suspender = await createStaff(payload, 'billing', ['services_suspend'])
  const canceller = await createStaff(payload, 'billing', ['services_cancel'])
  const billing = await createStaff(payload, 'billing', ['billing_manage'])
  const support = await createStaff(payload, 'support')
  const someone = await createCustomer(payload)
  staffId = admin.id
  staffEmail = admin.email
  auth = {
    admin: { jwt: await loginStaff(admin.email, admin.password) },
    activator: { jwt: await loginStaff(activator.email, activator.password) },
    suspender: { jwt: await loginStaff(suspender.email, suspender.password) },
    canceller: { jwt: await loginStaff(canceller.email, canceller.password) },
    billing: { jwt: await loginStaff(billing.email, billing.password) },
    support: { jwt: await loginStaff(support.email, support.password) },
    customer: { jwt: await loginCustomer(someone.email, someone.password) },
  }
})

const actor = () => ({ staffUserId: staffId })

/** Everything a lifecycle operation may touch, for one service: compared before and after. */
async function footprint(serviceId: number, customerId: number) {
  const [service] = await db.query(`SELECT status, activation_date, suspension_date, cancellation_date, next_billing_date, billing_paused FROM services WHERE id = $1`, [serviceId])
  const [counts] = await db.query(
    `SELECT (SELECT count(*) FROM invoices WHERE customer_id = $2)::int AS invoices,
            (SELECT count(*) FROM service_actions WHERE service_id = $1)::int AS actions,
            (SELECT count(*) FROM service_suspensions WHERE service_id = $1)::int AS suspensions,
            (SELECT count(*) FROM payload_jobs WHERE input->>'serviceId' = $1::text OR input->>'customerId' = $2::text)::int AS jobs,
            (SELECT balance_cents FROM billing_accounts WHERE customer_id = $2)::int AS balance`,
    [serviceId, customerId],
  )
  return { service, counts }
}

const actionsOf = (serviceId: number) =>
  payload.find({ collection: 'service-actions', where: { service: { equals: serviceId } }, sort: 'createdAt', depth: 0, pagination: false }).then((r) => r.docs)
const jobsFor = (serviceId: number) =>
  db.query<{ task_slug: string; queue: string; input: Record<string, unknown> }>(`SELECT task_slug, queue, input FROM payload_jobs WHERE input->>'serviceId' = $1::text ORDER BY id`, [serviceId])

describe('the lifecycle operations', () => {
  it('activate: pending to active with a pro-rata invoice, the next billing date, one audit entry and queued side effects', async () => {
    const customer = await createCustomer(payload)
    const service = await createService(payload, customer.id, { status: 'pending', billingDay: 1, monthlyPriceCents: 79900 })
    const result = await activateService(payload, { customerId: customer.id, serviceId: service.id, actor: actor(), reason: 'Installed and tested', now: NOV_15 })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value.service).toMatchObject({ status: 'active', billingPaused: false })
    expect(result.value.service.activationDate?.slice(0, 10)).toBe('2026-11-14') // 15 Nov 00:00 SAST is 14 Nov 22:00 UTC
    expect(result.value.invoice).toMatchObject({ kind: 'pro_rata', totalCents: 42613, status: 'unpaid' })
    expect(result.value.invoice.lines[0].description).toContain('16 of 30 days')
    const stored = await payload.findByID({ collection: 'services', id: service.id, depth: 0 })
    expect(stored.nextBillingDate).toBe(new Date('2026-12-01T00:00:00+02:00').toISOString())
    const actions = await actionsOf(service.id)
    expect(actions).toHaveLength(1)
    expect(actions[0]).toMatchObject({ action: 'activate', staffUser: staffId, reason: 'Installed and tested', previousStatus: 'pending', newStatus: 'active' })
    const jobs = await jobsFor(service.id)
    expect(jobs.map((j) => [j.task_slug, j.queue])).toEqual(
      expect.arrayContaining([
        ['notifyCustomer', 'notifications'],
        ['syncNetworkAccess', 'network'],
      ]),
    )
    expect(jobs.find((j) => j.task_slug === 'syncNetworkAccess')?.input).toMatchObject({ access: 'enable' })
  })

  it('suspend with billing paused, then reactivate: the suspension opens and closes, and the rest of the period is invoiced', async () => {
    const customer = await createCustomer(payload)
    const service = await createService(payload, customer.id, { status: 'pending', billingDay: 1, monthlyPriceCents: 60000 })
    await activateService(payload, { customerId: customer.id, serviceId: service.id, actor: actor(), reason: 'Live', now: at('2026-10-01T09:00:00+02:00') })
    // October invoiced in full by the activation; November's recurring invoice never issued.
    const suspended = await suspendService(payload, {
      customerId: customer.id, serviceId: service.id, actor: actor(), reason: 'Arrears', suspensionType: 'non_payment', skipBilling: true, now: at('2026-10-20T09:00:00+02:00'),
    })
    expect(suspended.ok && suspended.value.service).toMatchObject({ status: 'suspended', billingPaused: true })
    expect(suspended.ok && suspended.value.suspension).toMatchObject({ suspensionType: 'non_payment', skipBilling: true, reason: 'Arrears' })

    const reactivated = await reactivateService(payload, { customerId: customer.id, serviceId: service.id, actor: actor(), reason: 'Paid up', now: at('2026-11-16T09:00:00+02:00') })
    expect(reactivated.ok).toBe(true)
    if (!reactivated.ok) return
    expect(reactivated.value.service).toMatchObject({ status: 'active', billingPaused: false })
    // 16 Nov to 30 Nov: 15 of 30 days of R 600.00.
    expect(reactivated.value.invoice).toMatchObject({ kind: 'pro_rata', totalCents: 30000 })
    const suspensions = await payload.find({ collection: 'service-suspensions', where: { service: { equals: service.id } }, depth: 0 })
    expect(suspensions.docs).toHaveLength(1)
    expect(suspensions.docs[0].reactivatedAt).toBe(at('2026-11-16T09:00:00+02:00').toISOString())
    expect((await actionsOf(service.id)).map((a) => [a.action, a.previousStatus, a.newStatus])).toEqual([
      ['activate', 'pending', 'active'],
      ['suspend', 'active', 'suspended'],
      ['reactivate', 'suspended', 'active'],
    ])
  })

  it('a suspension that keeps billing leaves nothing to invoice on reactivation', async () => {
    const customer = await createCustomer(payload)
    const service = await createService(payload, customer.id, { status: 'pending', billingDay: 1 })
    await activateService(payload, { customerId: customer.id, serviceId: service.id, actor: actor(), reason: 'Live', now: NOV_15 })
    await suspendService(payload, { customerId: customer.id, serviceId: service.id, actor: actor(), reason: 'Router fault', suspensionType: 'technical', now: at('2026-11-18T09:00:00+02:00') })
    const back = await reactivateService(payload, { customerId: customer.id, serviceId: service.id, actor: actor(), reason: 'Fixed', now: at('2026-11-20T09:00:00+02:00') })
    expect(back.ok && back.value.invoice).toBeNull()
  })

  it('cancel: active to cancelled with the final settlement; cancelled is final', async () => {
    const customer = await createCustomer(payload)
    const service = await createService(payload, customer.id, { status: 'pending', billingDay: 1, monthlyPriceCents: 79900 })
    await activateService(payload, { customerId: customer.id, serviceId: service.id, actor: actor(), reason: 'Live', now: NOV_15 })
    // Invoiced to 30 Nov by the activation; cancelled on the 20th: 10 prepaid days come back.
    const cancelled = await cancelService(payload, { customerId: customer.id, serviceId: service.id, actor: actor(), reason: 'Moving overseas', now: at('2026-11-20T09:00:00+02:00') })
    expect(cancelled.ok).toBe(true)
    if (!cancelled.ok) return
    expect(cancelled.value.service).toMatchObject({ status: 'cancelled', billingPaused: true, nextBillingDate: null })
    expect(cancelled.value.finalInvoice).toBeNull()
    expect(cancelled.value.creditNotes).toHaveLength(1)
    expect(cancelled.value.creditNotes[0]).toMatchObject({ kind: 'credit_note', totalCents: 26633 })
    const again = await reactivateService(payload, { customerId: customer.id, serviceId: service.id, actor: actor(), reason: 'Changed mind', now: at('2026-11-21T09:00:00+02:00') })
    expect(again).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' })
  })

  it('refuses every invalid transition with a clear error and changes nothing', async () => {
    const invalid: Array<[ServiceStatus, 'activate' | 'suspend' | 'reactivate' | 'cancel']> = [
      ['pending', 'suspend'],
      ['pending', 'reactivate'],
      ['active', 'activate'],
      ['active', 'reactivate'],
      ['suspended', 'activate'],
      ['suspended', 'suspend'],
      ['cancelled', 'activate'],
      ['cancelled', 'suspend'],
      ['cancelled', 'reactivate'],
      ['cancelled', 'cancel'],
    ]
    for (const [status, command] of invalid) {
      const customer = await createCustomer(payload)
      const service = await createService(payload, customer.id, { status, billingDay: 1 })
      const before = await footprint(service.id, customer.id)
      const base = { customerId: customer.id, serviceId: service.id, actor: actor(), reason: 'Testing the rules', now: NOV_15 }
      const result =
        command === 'activate' ? await activateService(payload, base)
        : command === 'suspend' ? await suspendService(payload, { ...base, suspensionType: 'technical' })
        : command === 'reactivate' ? await reactivateService(payload, base)
        : await cancelService(payload, base)
      expect(result, `${command} a ${status} service`).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' })
      expect(result.ok ? '' : result.message).toMatch(new RegExp(`A ${status} service cannot become`))
      expect(await footprint(service.id, customer.id)).toEqual(before)
    }
  })

  it('refuses a blank reason, a future date, a cancellation before activation, and someone else’s service', async () => {
    const customer = await createCustomer(payload)
    const other = await createCustomer(payload)
    const service = await createService(payload, customer.id, { status: 'pending', billingDay: 1 })
    const base = { customerId: customer.id, serviceId: service.id, actor: actor(), now: NOV_15 }
    expect(await activateService(payload, { ...base, reason: '  ' })).toMatchObject({ ok: false, code: 'REASON_REQUIRED', field: 'reason' })
    expect(await activateService(payload, { ...base, reason: 'x', activationDate: '2026-11-16' })).toMatchObject({ ok: false, code: 'DATE_IN_FUTURE', field: 'activationDate' })
    expect(await activateService(payload, { ...base, customerId: other.id, reason: 'x' })).toMatchObject({ ok: false, code: 'SERVICE_NOT_FOUND' })
    await activateService(payload, { ...base, reason: 'Live', activationDate: '2026-11-10' })
    expect(await cancelService(payload, { ...base, reason: 'x', cancellationDate: '2026-11-09' })).toMatchObject({ ok: false, code: 'DATE_BEFORE_ACTIVATION' })
    expect((await actionsOf(service.id)).map((a) => a.action)).toEqual(['activate'])
  })

  it('bills a suspension that keeps billing, and a cancellation bills the whole periods a run missed', async () => {
    const customer = await createCustomer(payload)
    const service = await createService(payload, customer.id, { status: 'pending', billingDay: 1, monthlyPriceCents: 60000 })
    await activateService(payload, { customerId: customer.id, serviceId: service.id, actor: actor(), reason: 'Live', now: at('2026-09-01T09:00:00+02:00') })
    await suspendService(payload, { customerId: customer.id, serviceId: service.id, actor: actor(), reason: 'Arrears', suspensionType: 'non_payment', now: at('2026-09-10T09:00:00+02:00') })
    // Suspended without a pause: October is still billed.
    const october = await issueRecurringInvoices(payload, { serviceId: service.id, asOf: '2026-09-25' })
    expect(october.ok && october.value.issued.map((i) => i.periodStart?.slice(0, 10))).toEqual([sastIso('2026-10-01')])
    // No run since: November was never invoiced. Cancelled on 10 Dec: November in full, then 1-10 Dec.
    const cancelled = await cancelService(payload, { customerId: customer.id, serviceId: service.id, actor: actor(), reason: 'Closed account', now: at('2026-12-10T09:00:00+02:00') })
    expect(cancelled.ok).toBe(true)
    const invoices = await payload.find({ collection: 'invoices', where: { service: { equals: service.id } }, sort: 'id', depth: 0 })
    expect(invoices.docs.map((i) => [i.kind, i.totalCents])).toEqual([
      ['pro_rata', 60000],
      ['recurring', 60000],
      ['recurring', 60000],
      ['final', 19355],
    ])
  })

  it('refuses dates more than 62 days back, and a run more than 24 periods behind', async () => {
    const customer = await createCustomer(payload)
    const service = await createService(payload, customer.id, { status: 'pending', billingDay: 1 })
    expect(await activateService(payload, { customerId: customer.id, serviceId: service.id, actor: actor(), reason: 'Typo', activationDate: '2016-11-15', now: NOV_15 })).toMatchObject({
      ok: false,
      code: 'DATE_TOO_FAR_BACK',
      field: 'activationDate',
    })
    const stale = await createService(payload, customer.id, { status: 'active', billingDay: 1, activationDate: '2020-01-15', nextBillingDate: '2020-02-01' })
    expect(await issueRecurringInvoices(payload, { serviceId: stale.id, asOf: '2026-11-24' })).toMatchObject({ ok: false, code: 'TOO_FAR_BEHIND' })
    expect((await payload.count({ collection: 'invoices', where: { service: { equals: stale.id } } })).totalDocs).toBe(0)
  })

  it('is atomic: a failure after the status change, before the invoice, leaves service, invoices, audit and jobs as they were', async () => {
    const customer = await createCustomer(payload)
    const service = await createService(payload, customer.id, { status: 'pending', billingDay: 1 })
    const before = await footprint(service.id, customer.id)
    // The injected failure: the database refuses this customer's next invoice insert. The
    // operation has by then already written the new status.
    const fn = `test_fail_invoice_${customer.id}`
    await db.query(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$`)
    await db.query(`CREATE TRIGGER ${fn} BEFORE INSERT ON invoices FOR EACH ROW WHEN (NEW.customer_id = ${customer.id}) EXECUTE FUNCTION ${fn}()`)
    try {
      await expect(activateService(payload, { customerId: customer.id, serviceId: service.id, actor: actor(), reason: 'Live', now: NOV_15 })).rejects.toThrow()
      const res = await api(`/api/admin/customers/${customer.id}/services/activate`, { ...auth.admin, body: { serviceId: service.id, reason: 'Live' } })
      expect(res.status).not.toBe(200)
    } finally {
      await db.query(`DROP TRIGGER ${fn} ON invoices; DROP FUNCTION ${fn}()`)
    }
    expect(await footprint(service.id, customer.id)).toEqual(before)
    expect(before.service.status).toBe('pending')
  })
})

describe('the staff endpoints', () => {
  const post = (who: Auth, customerId: number, command: string, body: unknown, key?: string) =>
    api(`/api/admin/customers/${customerId}/services/${command}`, { ...who, body, headers: key ? { 'Idempotency-Key': key } : undefined })

  it.each([
    ['activate', 'activator', 'pending', {}],
    ['suspend', 'suspender', 'active', { suspensionType: 'customer_request', skipBilling: true }],
    ['reactivate', 'activator', 'suspended', {}],
    ['cancel', 'canceller', 'active', {}],
  ] as const)('%s: good body 200, bad body 400 naming the field, no permission 403, another customer 404', async (command, who, status, extra) => {
    const customer = await createCustomer(payload)
    const other = await createCustomer(payload)
    const service = await createService(payload, customer.id, { status, billingDay: 1, activationDate: status === 'pending' ? undefined : '2026-10-01' })
    const body = { serviceId: service.id, reason: `Staff ${command}`, notes: 'Called the customer first', ...extra }

    const bad = await post(auth[who], customer.id, command, { ...body, reason: '' })
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0]).toMatchObject({ code: 'VALIDATION_FAILED', field: 'reason' })
    const badType = await post(auth[who], customer.id, command, { ...body, serviceId: 'seven' })
    expect(badType.status).toBe(400)
    expect(badType.body.errors[0].field).toBe('serviceId')

    for (const lacking of ['support', 'billing', 'customer'] as const) {
      expect((await post(auth[lacking], customer.id, command, body)).status).toBe(403)
    }
    expect((await post({}, customer.id, command, body)).status).toBe(401)
    const foreign = await post(auth[who], other.id, command, body)
    expect(foreign.status).toBe(404)
    expect(foreign.body.errors![0].code).toBe('SERVICE_NOT_FOUND')
    expect((await payload.findByID({ collection: 'services', id: service.id, depth: 0 })).status).toBe(status)

    const good = await post(auth[who], customer.id, command, body)
    expect(good.status, JSON.stringify(good.body)).toBe(200)
    expect(good.body.service.id).toBe(service.id)
    expect(good.body.action).toMatchObject({ reason: `Staff ${command}`, notes: 'Called the customer first', previousStatus: status })
    if (command === 'activate') expect(good.body.invoice.kind).toBe('pro_rata')
    if (command === 'cancel') expect(good.body).toHaveProperty('creditNotes')
    expect((await actionsOf(service.id))).toHaveLength(1)
  })

  it('a retried POST with the same Idempotency-Key acts once and answers the same, even concurrently', async () => {
    const customer = await createCustomer(payload)
    const service = await createService(payload, customer.id, { status: 'pending', billingDay: 1 })
    const body = { serviceId: service.id, reason: 'Installed' }
    const key = `activate-${service.id}-${Date.now()}`
    const [a, b] = await Promise.all([post(auth.activator, customer.id, 'activate', body, key), post(auth.activator, customer.id, 'activate', body, key)])
    const c = await post(auth.activator, customer.id, 'activate', body, key)
    for (const r of [a, b, c]) expect(r.status).toBe(200)
    expect(b.body).toEqual(a.body)
    expect(c.body).toEqual(a.body)
    expect(c.headers.get('idempotent-replayed')).toBe('true')
    expect(await actionsOf(service.id)).toHaveLength(1)
    expect((await payload.count({ collection: 'invoices', where: { service: { equals: service.id } } })).totalDocs).toBe(1)

    const reused = await post(auth.activator, customer.id, 'activate', { ...body, reason: 'Something else' }, key)
    expect(reused.status).toBe(422)
    expect(reused.body.errors[0].code).toBe('IDEMPOTENCY_KEY_REUSED')
    // Without a key, a second activation is simply an invalid transition.
    const twice = await post(auth.activator, customer.id, 'activate', body)
    expect(twice.status).toBe(409)
    expect(twice.body.errors[0].code).toBe('INVALID_TRANSITION')
  })

  it('a refused command does not use up its key', async () => {
    const customer = await createCustomer(payload)
    const service = await createService(payload, customer.id, { status: 'pending', billingDay: 1 })
    const key = `refused-${service.id}`
    const future = await post(auth.activator, customer.id, 'activate', { serviceId: service.id, reason: 'x', activationDate: '2099-01-01' }, key)
    expect(future.status).toBe(400)
    expect(future.body.errors[0]).toMatchObject({ code: 'DATE_IN_FUTURE', field: 'activationDate' })
    const fixed = await post(auth.activator, customer.id, 'activate', { serviceId: service.id, reason: 'x', activationDate: '2099-01-01' }, key)
    expect(fixed.status).toBe(400)
    expect(await actionsOf(service.id)).toHaveLength(0)
  })

  it('the audit endpoint lists the actions newest first, with the staff member’s name and email', async () => {
    const customer = await createCustomer(payload)
    const other = await createCustomer(payload)
    const service = await createService(payload, customer.id, { status: 'pending', billingDay: 1 })
    await post(auth.admin, customer.id, 'activate', { serviceId: service.id, reason: 'Installed' })
    await post(auth.admin, customer.id, 'suspend', { serviceId: service.id, reason: 'Asked to pause', suspensionType: 'customer_request' })
    const res = await api(`/api/admin/customers/${customer.id}/services/${service.id}/audit`, auth.support)
    expect(res.status).toBe(200)
    expect(res.body.entries.map((e: { action: string }) => e.action)).toEqual(['suspend', 'activate'])
    expect(res.body.entries[0]).toMatchObject({ reason: 'Asked to pause', previousStatus: 'active', newStatus: 'suspended', staff: { id: staffId, email: staffEmail, name: 'Test admin' } })
    expect((await api(`/api/admin/customers/${other.id}/services/${service.id}/audit`, auth.support)).status).toBe(404)
    expect((await api(`/api/admin/customers/${customer.id}/services/${service.id}/audit`, auth.customer)).status).toBe(403)
  })

  it('the billing overview shows balance, services, invoices, transactions and masked payment methods, to staff only', async () => {
    const customer = await createCustomer(payload)
    const service = await createService(payload, customer.id, { status: 'pending', billingDay: 1 })
    await post(auth.admin, customer.id, 'activate', { serviceId: service.id, reason: 'Installed' })
    await addPaymentMethod(payload, { customerId: customer.id, type: 'debit_order', bank: { bankCode: 'fnb', branchCode: '250655', accountType: 'cheque', accountNumber: '62812345678', accountHolder: 'T Customer' } })
    const res = await api(`/api/admin/customers/${customer.id}/billing`, auth.support)
    expect(res.status).toBe(200)
    expect(res.body.customer).toMatchObject({ id: customer.id })
    expect(res.body.services).toEqual([expect.objectContaining({ id: service.id, status: 'active' })])
    expect(res.body.invoices[0]).toMatchObject({ kind: 'pro_rata', status: 'unpaid' })
    expect(res.body.account.balanceCents).toBe(res.body.invoices[0].amountDueCents)
    expect(res.body.paymentMethods).toEqual([expect.objectContaining({ type: 'debit_order', displayName: 'Debit Order - FNB ***5678' })])
    expect(JSON.stringify(res.body)).not.toContain('62812345678')
    expect((await api(`/api/admin/customers/${customer.id}/billing`, auth.customer)).status).toBe(403)
    expect((await api(`/api/admin/customers/99999999/billing`, auth.support)).status).toBe(404)
  })

  it('generate invoices now: billing_manage only; counts issued, skipped (already issued) and failed, with reasons', async () => {
    const customer = await createCustomer(payload)
    const due = await createService(payload, customer.id, { status: 'active', billingDay: 1, activationDate: '2026-10-15', nextBillingDate: '2026-12-01' })
    const pending = await createService(payload, customer.id, { status: 'pending', billingDay: 1 })
    const body = { serviceIds: [due.id, pending.id], asOf: '2026-11-24' }
    expect((await api('/api/admin/billing/generate-invoices-now', { ...auth.activator, body })).status).toBe(403)
    const first = await api('/api/admin/billing/generate-invoices-now', { ...auth.billing, body })
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({ asOf: '2026-11-24', issued: 1, skipped: 0, failed: 1 })
    expect(first.body.results).toEqual([
      expect.objectContaining({ serviceId: due.id, outcome: 'issued' }),
      expect.objectContaining({ serviceId: pending.id, outcome: 'failed', reason: expect.stringContaining('pending') }),
    ])
    const second = await api('/api/admin/billing/generate-invoices-now', { ...auth.billing, body: { serviceIds: [due.id], asOf: '2026-11-25' } })
    expect(second.body).toMatchObject({ issued: 0, skipped: 1, failed: 0 })
    expect((await payload.count({ collection: 'invoices', where: { and: [{ service: { equals: due.id } }, { kind: { equals: 'recurring' } }] } })).totalDocs).toBe(1)
    const future = await api('/api/admin/billing/generate-invoices-now', { ...auth.billing, body: { asOf: '2099-01-01' } })
    expect(future.status).toBe(400)
    expect(future.body.errors[0]).toMatchObject({ code: 'DATE_IN_FUTURE', field: 'asOf' })
    const bad = await api('/api/admin/billing/generate-invoices-now', { ...auth.billing, body: { asOf: '29/11/2026' } })
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0].field).toBe('asOf')
    const run = await payload.findByID({ collection: 'job-runs', id: first.body.jobRunId, depth: 0 })
    expect(run).toMatchObject({ jobName: 'generate-invoices', status: 'partially_failed', recordsProcessed: 2, recordsFailed: 1 })
  })

  it('nobody changes a service’s status or billing dates through the collection API', async () => {
    const customer = await createCustomer(payload)
    const service = await createService(payload, customer.id, { status: 'pending', billingDay: 1 })
    const res = await api(`/api/services/${service.id}`, { ...auth.admin, method: 'PATCH', body: { status: 'active', billingPaused: true, packageName: 'Fibre 100/100' } })
    expect(res.status).toBe(200)
    const stored = await payload.findByID({ collection: 'services', id: service.id, depth: 0 })
    expect(stored).toMatchObject({ status: 'pending', billingPaused: false, packageName: 'Fibre 100/100' })
    const created = await api('/api/services', {
      ...auth.admin,
      body: { customer: customer.id, type: 'fibre', packageName: 'Fibre 20', downloadMbps: 20, uploadMbps: 10, monthlyPriceCents: 49900, installationAddress: '1 Main Rd', billingDay: 5, status: 'active' },
    })
    expect(created.status).toBe(201)
    expect(created.body.doc.status).toBe('pending')
    // Its audit trail starts with who created it.
    expect((await actionsOf(created.body.doc.id)).map((a) => [a.action, a.staffUser, a.newStatus])).toEqual([['create', staffId, 'pending']])
  })
})

describe('the GraphQL mutations', () => {
  it('activate, suspend, reactivate and cancel a service, with the same rules as REST', async () => {
    const customer = await createCustomer(payload)
    const service = await createService(payload, customer.id, { status: 'pending', billingDay: 1 })
    const run = (mutation: string, who: Auth = auth.admin) => graphql(`mutation { ${mutation} }`, {}, who)
    const ids = `customerId: ${customer.id}, serviceId: ${service.id}`

    const activated = await run(`activateService(${ids}, reason: "Installed", idempotencyKey: "gql-${service.id}") { service { id status } invoice { kind totalCents } action { action newStatus } replayed }`)
    expect(activated.body.errors).toBeUndefined()
    expect(activated.body.data.activateService).toMatchObject({ service: { id: service.id, status: 'active' }, invoice: { kind: 'pro_rata' }, action: { action: 'activate', newStatus: 'active' }, replayed: false })
    const replay = await run(`activateService(${ids}, reason: "Installed", idempotencyKey: "gql-${service.id}") { replayed service { status } }`)
    expect(replay.body.data.activateService).toMatchObject({ replayed: true, service: { status: 'active' } })

    const longKey = await run(`suspendService(${ids}, reason: "x", suspensionType: "technical", idempotencyKey: "${'k'.repeat(300)}") { service { id } }`)
    expect(longKey.body.errors![0].extensions).toMatchObject({ statusCode: 400 })
    const refused = await run(`suspendService(${ids}, reason: "x", suspensionType: "technical") { service { id } }`, auth.activator)
    expect(refused.body.errors![0].message).toMatch(/services_suspend/)
    const invalid = await run(`suspendService(${ids}, reason: "x", suspensionType: "holiday") { service { id } }`)
    expect(invalid.body.errors![0].extensions).toMatchObject({ statusCode: 400 })

    expect((await run(`suspendService(${ids}, reason: "Arrears", suspensionType: "non_payment", skipBilling: true) { service { status billingPaused } }`)).body.data.suspendService.service).toEqual({ status: 'suspended', billingPaused: true })
    expect((await run(`reactivateService(${ids}, reason: "Paid") { service { status } }`)).body.data.reactivateService.service.status).toBe('active')
    const cancelled = await run(`cancelService(${ids}, reason: "Moving") { service { status } creditNotes { kind } finalInvoice { kind } }`)
    expect(cancelled.body.data.cancelService.service.status).toBe('cancelled')
    const again = await run(`cancelService(${ids}, reason: "Again") { service { status } }`)
    expect(again.body.errors![0].extensions).toMatchObject({ statusCode: 409 })
    expect((await actionsOf(service.id)).map((a) => a.action)).toEqual(['activate', 'suspend', 'reactivate', 'cancel'])

    const other = await createCustomer(payload)
    const foreign = await run(`cancelService(customerId: ${other.id}, serviceId: ${service.id}, reason: "x") { service { id } }`)
    expect(foreign.body.errors![0].extensions).toMatchObject({ statusCode: 404 })
  })

  it('generateInvoicesNow reports like the endpoint and needs billing_manage', async () => {
    const customer = await createCustomer(payload)
    const due = await createService(payload, customer.id, { status: 'active', billingDay: 5, activationDate: '2026-10-20', nextBillingDate: '2026-12-05' })
    const q = `mutation { generateInvoicesNow(serviceIds: [${due.id}], asOf: "2026-11-28") { issued skipped failed results { serviceId outcome } } }`
    expect((await graphql(q, {}, auth.support)).body.errors![0].message).toMatch(/billing_manage/)
    const res = await graphql(q, {}, auth.billing)
    expect(res.body.data!.generateInvoicesNow).toEqual({ issued: 1, skipped: 0, failed: 0, results: [{ serviceId: due.id, outcome: 'issued' }] })
  })
})
