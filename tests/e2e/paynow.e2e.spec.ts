import fs from 'node:fs'

import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'

import { DEMO_PASSWORD } from '../../src/seed/demoAccounts'
import { sql } from './db'

const SHOTS = 'test-results/screenshots/paynow'

// The browser is in UTC; the portal still reads SAST days.
test.use({ timezoneId: 'UTC' })

test('a customer pays an open invoice by Pay Now: NetCash\'s page, back to the portal, the notify stored for processing', async ({ page, request }) => {
  fs.mkdirSync(SHOTS, { recursive: true })
  // A clerk bills Pieter for a router (R 1 150.00) in the panel's API.
  const login = await request.post('/api/users/login', { data: { email: 'billing@demo.test', password: DEMO_PASSWORD } })
  const staff = { Authorization: `JWT ${(await login.json()).token}`, 'Idempotency-Key': `e2e-paynow-${Date.now()}` }
  const [pieter] = await sql<{ id: number }>(`SELECT id FROM customers WHERE email = 'pieter@demo.test'`)
  const billed = await request.post(`/api/admin/customers/${pieter!.id}/invoices`, { headers: staff, data: { lines: [{ description: 'Router (e2e)', kind: 'equipment', unitPriceCents: 115_000 }] } })
  expect(billed.status(), await billed.text()).toBeLessThan(300)
  const invoice = (await billed.json()).invoice as { id: number; invoiceNumber: string }

  await page.goto(`/portal/invoices/${invoice.id}`)
  await page.getByLabel('Email').fill('pieter@demo.test')
  await page.getByLabel('Password').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(new RegExp(`/portal/invoices/${invoice.id}$`))
  const pay = page.getByRole('button', { name: 'Pay R 1 150.00 now' })
  await expect(pay).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/invoice-with-pay-now.png`, fullPage: true })
  const axe = await new AxeBuilder({ page }).analyze()
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([])

  await pay.click()
  await expect(page.getByRole('heading', { name: 'Pay R 1150.00' })).toBeVisible()
  await expect(page.getByText(`Invoice ${invoice.invoiceNumber}`)).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/netcash-pay-now-page.png`, fullPage: true })
  await page.getByRole('button', { name: /^Pay R/ }).click()

  await expect(page).toHaveURL(/\/portal\/invoices\?paynow=paid/)
  await expect(page.getByRole('status')).toContainText('your payment was taken')
  await page.screenshot({ path: `${SHOTS}/back-in-the-portal.png`, fullPage: true })
  // NetCash's notify reached us and waits for the job runner (off in the tests) to record it.
  const [attempt] = await sql<{ reference: string; status: string }>(`SELECT reference, status FROM pay_now_requests WHERE invoice_id = $1`, [invoice.id])
  await expect.poll(async () => (await sql(`SELECT 1 FROM netcash_postbacks WHERE kind = 'paynow' AND reference = $1`, [attempt!.reference])).length).toBe(1)
})
