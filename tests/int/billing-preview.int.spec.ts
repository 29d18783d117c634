import type { Payload } from 'payload'
import { beforeAll, describe, expect, it } from 'vitest'

import { issueProRataInvoice } from '../../src/services/billing/issueProRataInvoice'
import { settleCancellation } from '../../src/services/billing/settleCancellation'
import { withTransaction } from '../../src/services/withTransaction'
import { createCustomer, createStaff } from '../factories/accounts'
import { createService } from '../factories/services'
import { api, loginCustomer, loginStaff, type Auth } from '../helpers/http'
import { testPayload } from '../helpers/payload'

let payload: Payload
let billing: Auth
let activator: Auth
let support: Auth
let customer: Auth

beforeAll(async () => {
  payload = await testPayload()
  const b = await createStaff(payload, 'billing', ['billing_manage'])
  const a = await createStaff(payload, 'billing', ['services_activate'])
  const s = await createStaff(payload, 'support')
  const c = await createCustomer(payload)
  billing = { jwt: await loginStaff(b.email, b.password) }
  activator = { jwt: await loginStaff(a.email, a.password) }
  support = { jwt: await loginStaff(s.email, s.password) }
  customer = { jwt: await loginCustomer(c.email, c.password) }
})

const preview = (auth: Auth, body: unknown) => api('/api/admin/billing/preview', { ...auth, body })

describe('POST /api/admin/billing/preview', () => {
  it('explains an activation on 15 Nov: 16 of 30 days of R 799.00', async () => {
    const res = await preview(billing, { monthlyPriceCents: 79900, accountType: 'residential', billingDay: 1, date: '2026-11-15', kind: 'activation' })
    expect(res.status).toBe(200)
    expect(res.body.totals).toEqual({ exclVatCents: 37055, vatCents: 5558, inclVatCents: 42613 })
    expect(res.body.explanation).toBe('16 of 30 days (15 Nov to 30 Nov) of R 799.00 = R 426.13 incl. VAT')
    expect(res.body.lines).toHaveLength(1)
  })

  it('adds VAT to business prices', async () => {
    const res = await preview(activator, { monthlyPriceCents: 119900, accountType: 'business', billingDay: 1, date: '2026-11-01', kind: 'activation' })
    expect(res.body.totals).toEqual({ exclVatCents: 119900, vatCents: 17985, inclVatCents: 137885 })
  })

  it('is exactly what activating the service invoices', async () => {
    const c = await createCustomer(payload)
    const service = await createService(payload, c.id, { status: 'pending', billingDay: 25, monthlyPriceCents: 99900 })
    const res = await preview(billing, { serviceId: service.id, date: '2026-12-28', kind: 'activation' })
    const real = await withTransaction(payload, (req) =>
      issueProRataInvoice(req, { service, customerId: c.id, accountType: 'residential', kind: 'activation', date: '2026-12-28', invoiceDate: new Date().toISOString().slice(0, 10) }),
    )
    expect(res.body.totals).toEqual({ exclVatCents: real.invoice.subtotalCents, vatCents: real.invoice.vatCents, inclVatCents: real.invoice.totalCents })
    expect(res.body.lines.map((l: { description: string }) => l.description)).toEqual(real.invoice.lines.map((l) => l.description))
  })

  it('is exactly what cancelling the service settles (credits negative)', async () => {
    const c = await createCustomer(payload)
    const service = await createService(payload, c.id, { activationDate: '2026-10-01', billingDay: 1 })
    const res = await preview(billing, { serviceId: service.id, date: '2026-12-02', kind: 'cancellation' })
    const real = await withTransaction(payload, (req) =>
      settleCancellation(req, { service, customerId: c.id, accountType: 'residential', cancellationDate: '2026-12-02', invoiceDate: new Date().toISOString().slice(0, 10) }),
    )
    expect(res.body.totals.inclVatCents).toBe(real.finalInvoice!.totalCents)
  })

  it.each([
    ['no date', { monthlyPriceCents: 79900, accountType: 'residential', billingDay: 1, kind: 'activation' }],
    ['billing day 7', { monthlyPriceCents: 79900, accountType: 'residential', billingDay: 7, date: '2026-11-15', kind: 'activation' }],
    ['fractional cents', { monthlyPriceCents: 799.5, accountType: 'residential', billingDay: 1, date: '2026-11-15', kind: 'activation' }],
    ['an impossible date', { monthlyPriceCents: 79900, accountType: 'residential', billingDay: 1, date: '2026-02-30', kind: 'activation' }],
    ['an unknown kind', { serviceId: 1, date: '2026-11-15', kind: 'upgrade' }],
  ])('answers %s with a 400', async (_why, body) => {
    const res = await preview(billing, body)
    expect(res.status).toBe(400)
    expect(res.body.errors[0].code).toBe('VALIDATION_FAILED')
  })

  it('answers an unknown service with 404', async () => {
    expect((await preview(billing, { serviceId: 999999999, date: '2026-11-15', kind: 'activation' })).status).toBe(404)
  })

  it('answers input it cannot price with a 400 naming the field, never a 500', async () => {
    const customerId = (await createCustomer(payload)).id
    const service = await createService(payload, customerId, { activationDate: '2026-11-15', billingDay: 1 })
    const cases: Array<[unknown, string, string]> = [
      [{ serviceId: service.id, date: '2026-11-01', kind: 'cancellation' }, 'DATE_BEFORE_ACTIVATION', 'date'],
      [{ serviceId: 2 ** 40, date: '2026-11-15', kind: 'activation' }, 'VALIDATION_FAILED', 'serviceId'],
      [{ monthlyPriceCents: 79900, accountType: 'residential', billingDay: 30, date: '9999-12-31', kind: 'activation' }, 'VALIDATION_FAILED', 'date'],
      [{ monthlyPriceCents: 79900, accountType: 'residential', billingDay: 1, date: '1980-01-01', kind: 'activation' }, 'VALIDATION_FAILED', 'date'],
      [{ monthlyPriceCents: Number.MAX_SAFE_INTEGER, accountType: 'business', billingDay: 1, date: '2026-11-15', kind: 'activation' }, 'VALIDATION_FAILED', 'monthlyPriceCents'],
    ]
    for (const [body, code, field] of cases) {
      const res = await preview(billing, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body.errors[0]).toMatchObject({ code, field })
    }
  })

  it('previews nothing for cancelling a service that was never activated, as cancelling then settles nothing', async () => {
    const customerId = (await createCustomer(payload)).id
    const service = await createService(payload, customerId, { status: 'pending', billingDay: 1 })
    const res = await preview(billing, { serviceId: service.id, date: '2026-11-20', kind: 'cancellation' })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ lines: [], totals: { inclVatCents: 0 } })
  })

  it('is for staff with billing_manage or services_activate only', async () => {
    const body = { monthlyPriceCents: 79900, accountType: 'residential', billingDay: 1, date: '2026-11-15', kind: 'activation' }
    expect((await preview(support, body)).status).toBe(403)
    expect((await preview(customer, body)).status).toBe(403)
    expect((await preview({}, body)).status).toBe(401)
  })
})
