import type { Payload } from 'payload'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { notifyCustomer } from '../../src/services/notifications/notifyCustomer'
import { suspendService } from '../../src/services/lifecycle/suspendService'
import { createCustomer, createStaff } from '../factories/accounts'
import { createService } from '../factories/services'
import { api, loginStaff, type Auth } from '../helpers/http'
import { testPayload } from '../helpers/payload'
import { clickatell, eventually, mail, uniqueMobile } from '../helpers/simulators'
import { plainSql } from '../helpers/sql'

let payload: Payload
const db = plainSql()
let admin: Auth
let adminId: number

beforeAll(async () => {
  payload = await testPayload()
  const staff = await createStaff(payload, 'admin')
  adminId = staff.id
  admin = { jwt: await loginStaff(staff.email, staff.password) }
})

beforeEach(async () => {
  await clickatell.clearRules()
  await mail.clearRules()
})

/** A customer reachable on both channels, with a pending service ready to activate. */
async function customerWithService(opts: { sms?: boolean; email?: boolean } = {}) {
  const c = await createCustomer(payload, { firstName: 'Naledi', lastName: 'Dlamini' })
  const mobile = uniqueMobile()
  await payload.update({ collection: 'customers', id: c.id, data: { mobile } })
  if (opts.sms === false || opts.email === false) {
    await db.query(`UPDATE billing_accounts SET notify_by_sms = $2, notify_by_email = $3 WHERE customer_id = $1`, [c.id, opts.sms !== false, opts.email !== false])
  }
  const service = await createService(payload, c.id, { status: 'pending', activationDate: undefined, packageName: 'Fibre 100/100 Uncapped' })
  return { customer: { ...c, mobile }, service }
}

/** Runs the customer's queued notification jobs, as the runner would. */
async function deliverQueued(customerId: number) {
  const jobs = await db.query<{ id: number }>(
    `SELECT id FROM payload_jobs WHERE task_slug = 'notifyCustomer' AND input->>'customerId' = $1 AND completed_at IS NULL AND NOT has_error ORDER BY id`,
    [String(customerId)],
  )
  for (const j of jobs) await payload.jobs.runByID({ id: j.id })
  return jobs.length
}

const notificationsOf = (customerId: number) =>
  db.query<{ id: number; channel: string; template: string; status: string; recipient: string; content: string; provider_message_id: string | null; error: string | null; attempts: string; delivery_status: string | null; event_key: string }>(
    `SELECT * FROM notifications WHERE customer_id = $1 ORDER BY id`,
    [customerId],
  )

async function activate(customerId: number, serviceId: number) {
  const res = await api(`/api/admin/customers/${customerId}/services/activate`, { ...admin, body: { serviceId, reason: 'Installed and tested' } })
  expect(res.status).toBe(200)
  return res.body
}

describe('notifications through the simulators', () => {
  it('activating a service sends the activation SMS and email, and the invoice email with a working signed PDF link', async () => {
    const { customer, service } = await customerWithService()
    await activate(customer.id, service.id)
    expect(await deliverQueued(customer.id)).toBe(2)

    const sms = await eventually(async () => {
      const m = await clickatell.messages(customer.mobile)
      return m.length >= 2 && m
    }, { what: 'two SMS' })
    expect(sms.map((m) => m.content).join('\n')).toMatch(/Fibre 100\/100 Uncapped/)
    for (const m of sms) expect(m.content).toContain(customer.accountNumber!)

    const emails = await eventually(async () => {
      const m = await mail.messages(customer.email)
      return m.length >= 2 && m
    }, { what: 'two emails' })
    const invoiceMail = emails.find((m) => /^Invoice INV-/.test(m.subject))!
    expect(invoiceMail).toBeDefined()
    expect(invoiceMail.attachments.some((a) => a.cid)).toBe(true)
    const link = /https?:\/\/[^\s"<>]+\/api\/invoice-links\/\d+\?expires=\d+&(?:amp;)?signature=[\w-]+/.exec(invoiceMail.text)![0].replace('&amp;', '&')
    const pdf = await fetch(link)
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toContain('application/pdf')

    // Delivery receipts come back to our callback endpoint and are stored against the notification.
    await eventually(async () => {
      const rows = (await notificationsOf(customer.id)).filter((n) => n.channel === 'sms')
      return rows.length === 2 && rows.every((n) => n.status === 'delivered') && rows
    }, { what: 'both SMS delivered' })
    const receipts = await db.query(`SELECT r.status_code FROM notification_receipts r JOIN notifications n ON n.id = r.notification_id WHERE n.customer_id = $1`, [customer.id])
    expect(receipts.map((r) => r.status_code).sort()).toEqual([3, 3, 4, 4])
    const rows = await notificationsOf(customer.id)
    expect(rows.map((r) => `${r.template}/${r.channel}/${r.status}`).sort()).toEqual([
      'invoice_issued/email/sent',
      'invoice_issued/sms/delivered',
      'service_activated/email/sent',
      'service_activated/sms/delivered',
    ])
  })

  it('a re-run sends nothing twice: one message per event, template and channel', async () => {
    const { customer, service } = await customerWithService()
    await activate(customer.id, service.id)
    await deliverQueued(customer.id)
    const [action] = await db.query<{ id: number }>(`SELECT id FROM service_actions WHERE service_id = $1 AND action = 'activate'`, [service.id])
    const again = await notifyCustomer(payload, { customerId: customer.id, template: 'service_activated', eventKey: `service-action:${action.id}`, refs: { serviceId: service.id, serviceActionId: action.id }, now: new Date() })
    expect(again.kind === 'notified' && again.rows.map((r) => r.result)).toEqual(['already_done', 'already_done'])
    await Promise.all([1, 2].map(() => notifyCustomer(payload, { customerId: customer.id, template: 'service_activated', eventKey: `service-action:${action.id}`, refs: { serviceId: service.id }, now: new Date() })))
    expect((await notificationsOf(customer.id)).length).toBe(4)
    expect((await clickatell.messages(customer.mobile)).length).toBe(2)
    expect((await mail.messages(customer.email)).length).toBe(2)
  })

  it('402 out of credit: the SMS fails and says why, the email goes, and the operation stays committed', async () => {
    const { customer, service } = await customerWithService()
    await clickatell.addRule({ mode: 'out_of_credit', to: customer.mobile })
    await activate(customer.id, service.id)
    await deliverQueued(customer.id)
    const rows = await notificationsOf(customer.id)
    const sms = rows.filter((r) => r.channel === 'sms')
    expect(sms.map((r) => r.status)).toEqual(['failed', 'failed'])
    expect(sms[0].error).toMatch(/out of credit/i)
    expect(rows.filter((r) => r.channel === 'email').map((r) => r.status)).toEqual(['sent', 'sent'])
    const [s] = await db.query(`SELECT status FROM services WHERE id = $1`, [service.id])
    expect(s.status).toBe('active')
    // The job itself finished: an out-of-credit account is a person's problem, not a retry loop.
    const [job] = await db.query(`SELECT count(*)::int AS n FROM payload_jobs WHERE task_slug = 'notifyCustomer' AND input->>'customerId' = $1 AND completed_at IS NULL`, [String(customer.id)])
    expect(job.n).toBe(0)
  })

  it('503 then success: the client retries and the message goes once', async () => {
    const { customer } = await customerWithService({ email: false })
    await clickatell.addRule({ mode: 'server_error', to: customer.mobile, times: 1 })
    const before = (await clickatell.requests()).length
    const outcome = await notifyCustomer(payload, {
      customerId: customer.id,
      template: 'payment_received',
      eventKey: `test-payment:${customer.id}`,
      refs: { params: { amountCents: 79900, paymentDate: '2026-12-01', reference: 'EFT 1234', balanceCents: 0 } },
      now: new Date(),
    })
    expect(outcome.kind === 'notified' && outcome.rows.map((r) => `${r.channel} ${r.result}`)).toEqual(['sms sent'])
    const calls = (await clickatell.requests()).slice(before).filter((r) => JSON.stringify(r.body).includes(customer.mobile))
    expect(calls.map((c) => c.status)).toEqual([503, 202])
    expect((await clickatell.messages(customer.mobile)).length).toBe(1)
  })

  it('a provider that stays down leaves the message queued for the job to retry, then fails it after five attempts', async () => {
    const { customer } = await customerWithService({ email: false })
    await clickatell.addRule({ mode: 'server_error', to: customer.mobile })
    const send = () => notifyCustomer(payload, {
      customerId: customer.id,
      template: 'payment_received',
      eventKey: `test-down:${customer.id}`,
      refs: { params: { amountCents: 1000, paymentDate: '2026-12-01', reference: 'EFT', balanceCents: 0 } },
      now: new Date(),
    })
    const first = await send()
    expect(first.kind === 'notified' && first.retryLater).toBe(1)
    let [row] = await notificationsOf(customer.id)
    expect([row.status, Number(row.attempts)]).toEqual(['queued', 1])
    for (let i = 0; i < 4; i++) await send()
    ;[row] = await notificationsOf(customer.id)
    expect([row.status, Number(row.attempts)]).toEqual(['failed', 5])
    expect(row.error).toMatch(/503/)
  }, 90_000)

  it('a duplicated or replayed delivery callback is processed once', async () => {
    const { customer, service } = await customerWithService({ email: false })
    await clickatell.addRule({ mode: 'duplicate_callbacks', to: customer.mobile })
    await activate(customer.id, service.id)
    await deliverQueued(customer.id)
    const [first] = await eventually(async () => {
      const m = await clickatell.messages(customer.mobile)
      return m.length === 2 && m.every((x) => x.callbacks.filter((c) => c.answeredStatus === 200).length >= 4) && m
    }, { what: 'duplicated callbacks answered' })
    await clickatell.replay(first.apiMessageId)
    const receipts = await db.query(`SELECT provider_message_id, status_code FROM notification_receipts WHERE provider_message_id = $1 ORDER BY status_code`, [first.apiMessageId])
    expect(receipts.map((r) => r.status_code)).toEqual([3, 4])
    const [n] = await db.query(`SELECT status, delivery_status FROM notifications WHERE provider_message_id = $1`, [first.apiMessageId])
    expect(n).toEqual({ status: 'delivered', delivery_status: 'Received by recipient' })
  })

  it('a reordered receipt never turns a delivered message back', async () => {
    const { customer, service } = await customerWithService({ email: false })
    await clickatell.addRule({ mode: 'reorder_callbacks', to: customer.mobile })
    await activate(customer.id, service.id)
    await deliverQueued(customer.id)
    await eventually(async () => {
      const m = await clickatell.messages(customer.mobile)
      return m.length === 2 && m.every((x) => x.callbacks.filter((c) => c.answeredStatus === 200).length === 2) && m
    }, { what: 'both callbacks answered' })
    const rows = await notificationsOf(customer.id)
    expect(rows.map((r) => r.status)).toEqual(['delivered', 'delivered'])
  })

  it('an undeliverable number ends failed with the receipt as the reason', async () => {
    const { customer, service } = await customerWithService({ email: false })
    await clickatell.addRule({ mode: 'undeliverable', to: customer.mobile })
    await activate(customer.id, service.id)
    await deliverQueued(customer.id)
    const rows = await eventually(async () => {
      const r = await notificationsOf(customer.id)
      return r.length === 2 && r.every((x) => x.status === 'failed') && r
    }, { what: 'both SMS failed' })
    expect(rows[0].error).toMatch(/Not delivered/)
  })

  it('a callback with a wrong secret is refused and changes nothing', async () => {
    const { customer, service } = await customerWithService({ email: false })
    await clickatell.addRule({ mode: 'drop_callbacks', to: customer.mobile })
    await activate(customer.id, service.id)
    await deliverQueued(customer.id)
    const [row] = await notificationsOf(customer.id)
    expect(row.status).toBe('sent')
    const body = { messageId: row.provider_message_id, status: 'RECEIVED_BY_RECIPIENT', statusCode: 4, statusDescription: 'Received by recipient', timestamp: Date.now() }
    for (const secret of ['wrong', 'a'.repeat(64), `${process.env.CLICKATELL_CALLBACK_SECRET}x`]) {
      const res = await api(`/api/webhooks/clickatell/${secret}`, { body })
      expect([res.status, res.body.errors[0].code]).toEqual([401, 'UNAUTHORIZED'])
    }
    expect((await api(`/api/webhooks/clickatell/`, { body })).status).not.toBeLessThan(300)
    const bad = await api(`/api/webhooks/clickatell/${process.env.CLICKATELL_CALLBACK_SECRET}`, { body: { messageId: row.provider_message_id, statusCode: 'soon' } })
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0].code).toBe('VALIDATION_FAILED')
    const [after] = await notificationsOf(customer.id)
    expect(after.status).toBe('sent')
    expect(await db.query(`SELECT 1 FROM notification_receipts WHERE provider_message_id = $1`, [row.provider_message_id])).toEqual([])
    // With the right secret the same receipt is taken.
    const good = await api(`/api/webhooks/clickatell/${process.env.CLICKATELL_CALLBACK_SECRET}`, { body })
    expect([good.status, good.body.outcome]).toEqual([200, 'applied'])
  })

  it('a retry after the customer turned SMS off sends no SMS', async () => {
    const { customer } = await customerWithService({ email: false })
    await clickatell.addRule({ mode: 'server_error', to: customer.mobile })
    const args = { customerId: customer.id, template: 'payment_received' as const, eventKey: `optout:${customer.id}`, refs: { params: { amountCents: 1000, paymentDate: '2026-12-01', reference: 'EFT', balanceCents: 0 } }, now: new Date() }
    const first = await notifyCustomer(payload, args)
    expect(first.kind === 'notified' && first.rows[0].result).toBe('retry')
    await clickatell.clearRules()
    await db.query(`UPDATE billing_accounts SET notify_by_sms = false WHERE customer_id = $1`, [customer.id])
    const retried = await notifyCustomer(payload, args)
    expect(retried.kind === 'notified' && retried.rows[0].result).toBe('failed')
    const [row] = await notificationsOf(customer.id)
    expect(row.error).toMatch(/no longer receives/)
    expect(await clickatell.messages(customer.mobile)).toEqual([])
  }, 60_000)

  it('a customer who chose no SMS gets email only', async () => {
    const { customer, service } = await customerWithService({ sms: false })
    await activate(customer.id, service.id)
    await deliverQueued(customer.id)
    const rows = await notificationsOf(customer.id)
    expect(rows.map((r) => r.channel)).toEqual(['email', 'email'])
    expect(await clickatell.messages(customer.mobile)).toEqual([])
  })

  it('a mail server that defers the message leaves it for the retry; one that refuses fails it', async () => {
    const { customer } = await customerWithService({ sms: false })
    await mail.addRule({ mode: 'temporary_failure', to: customer.email, times: 1 })
    const send = (key: string) => notifyCustomer(payload, {
      customerId: customer.id,
      template: 'payment_received',
      eventKey: key,
      refs: { params: { amountCents: 1000, paymentDate: '2026-12-01', reference: 'EFT', balanceCents: -500 } },
      now: new Date(),
    })
    const deferred = await send(`mail-451:${customer.id}`)
    expect(deferred.kind === 'notified' && deferred.rows[0].result).toBe('retry')
    const retried = await send(`mail-451:${customer.id}`)
    expect(retried.kind === 'notified' && retried.rows[0].result).toBe('sent')
    await mail.addRule({ mode: 'permanent_failure', to: customer.email, times: 1 })
    const refused = await send(`mail-550:${customer.id}`)
    expect(refused.kind === 'notified' && refused.rows[0].result).toBe('failed')
    expect((await mail.messages(customer.email)).length).toBe(1)
  })

  it('a send interrupted by a crash is failed, not resent', async () => {
    const { customer } = await customerWithService({ email: false })
    const args = { customerId: customer.id, template: 'payment_received' as const, eventKey: `crash:${customer.id}`, refs: { params: { amountCents: 1000, paymentDate: '2026-12-01', reference: 'EFT', balanceCents: 0 } }, now: new Date() }
    await clickatell.addRule({ mode: 'server_error', to: customer.mobile, times: 4 })
    await notifyCustomer(payload, args)
    // As a runner killed mid-send leaves it: claimed, never finished. The job that runs again at
    // once leaves it alone and asks to be retried later...
    await db.query(`UPDATE notifications SET claimed_at = now() WHERE customer_id = $1`, [customer.id])
    const soon = await notifyCustomer(payload, args)
    expect(soon.kind === 'notified' && [soon.rows[0].result, soon.retryLater]).toEqual(['in_progress', 1])
    // ...and once the claim is older than any send can take, fails it without sending.
    await db.query(`UPDATE notifications SET claimed_at = now() - interval '1 day' WHERE customer_id = $1`, [customer.id])
    const after = await notifyCustomer(payload, args)
    expect(after.kind === 'notified' && after.rows[0].result).toBe('failed')
    const [row] = await notificationsOf(customer.id)
    expect(row.error).toMatch(/not resent/)
    expect(await clickatell.messages(customer.mobile)).toEqual([])
  })

  it('a template missing a parameter sends nothing and says which', async () => {
    const { customer } = await customerWithService()
    const outcome = await notifyCustomer(payload, { customerId: customer.id, template: 'payment_failed', eventKey: `bad:${customer.id}`, refs: { params: { amountCents: 1000 } }, now: new Date() })
    expect(outcome.kind).toBe('invalid_params')
    expect(outcome.kind === 'invalid_params' && outcome.message).toMatch(/invoiceNumber/)
    expect(await notificationsOf(customer.id)).toEqual([])
  })

  it('suspending for non-payment tells the customer what they owe', async () => {
    const { customer, service } = await customerWithService({ email: false })
    await activate(customer.id, service.id)
    await deliverQueued(customer.id)
    const suspended = await suspendService(payload, { customerId: customer.id, serviceId: service.id, actor: { staffUserId: adminId }, reason: 'Arrears', suspensionType: 'non_payment', now: new Date() })
    expect(suspended.ok).toBe(true)
    await deliverQueued(customer.id)
    const sms = await clickatell.messages(customer.mobile)
    expect(sms.at(-1)!.content).toMatch(/suspended/i)
    expect(sms.at(-1)!.content).toMatch(/R \d/)
  })
})
