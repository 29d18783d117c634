import { describe, expect, it } from 'vitest'

import { BILLING_DAYS } from '../../src/domain/catalogue'
import { normaliseSaMobile } from '../../src/domain/mobileNumber'
import { generateDemoData } from '../../src/seed/demoData'

describe('the demo data', () => {
  const data = generateDemoData('2026-11-28')

  it('is deterministic', () => {
    expect(generateDemoData('2026-11-28')).toEqual(data)
  })

  it('is a believable small ISP', () => {
    expect(data.customers).toHaveLength(50)
    expect(data.services.length).toBeGreaterThanOrEqual(65)
    expect(data.services.length).toBeLessThanOrEqual(80)
    expect(new Set(data.services.map((s) => s.billingDay))).toEqual(new Set(BILLING_DAYS))
    for (const status of ['pending', 'active', 'suspended', 'cancelled']) {
      expect(data.services.some((s) => s.status === status)).toBe(true)
    }
    expect(data.customers.some((c) => c.accountType === 'business' && c.companyName)).toBe(true)
    expect(data.customers.map((c) => c.email)).toContain('thandi@demo.test')
    expect(data.customers.map((c) => c.email)).toContain('pieter@demo.test')
    expect(new Set(data.customers.map((c) => c.email)).size).toBe(50)
    for (const c of data.customers) expect(normaliseSaMobile(c.mobile)).toBe(c.mobile)
  })

  it('has six months of invoices, most paid, some not', () => {
    const months = new Set(data.invoices.map((i) => i.periodStart.slice(0, 7)))
    expect(months.size).toBeGreaterThanOrEqual(6)
    expect(data.payments.length).toBeGreaterThan(data.invoices.length * 0.7)
    expect(data.payments.length).toBeLessThan(data.invoices.length)
    for (const inv of data.invoices) expect(inv.split.exclVatCents + inv.split.vatCents).toBe(inv.split.inclVatCents)
  })

  it('never pays more than an invoice is for', () => {
    const paid = new Map<number, number>()
    for (const p of data.payments) paid.set(p.invoiceIndex, (paid.get(p.invoiceIndex) ?? 0) + p.amountCents)
    for (const [index, amount] of paid) expect(amount).toBeLessThanOrEqual(data.invoices[index].split.inclVatCents)
  })

  it('has 90 days of usage, one row per service per day', () => {
    const keys = data.usage.map((u) => `${u.serviceKey}:${u.date}`)
    expect(new Set(keys).size).toBe(keys.length)
    expect(new Set(data.usage.map((u) => u.date)).size).toBe(90)
  })
})
