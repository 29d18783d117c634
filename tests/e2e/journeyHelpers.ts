import { expect, type APIRequestContext, type Page } from '@playwright/test'

import { DEMO_PASSWORD } from '../../src/seed/demoAccounts'
import { uniqueMobile } from '../helpers/simulators'
import { sql } from './db'

/** What the journeys (journeys.e2e.spec.ts, usage-journey.e2e.spec.ts) arrange and how they sign in. */

export async function staffHeaders(request: APIRequestContext, email = 'admin@demo.test') {
  const res = await request.post('/api/users/login', { data: { email, password: DEMO_PASSWORD } })
  expect(res.ok()).toBe(true)
  return { Authorization: `JWT ${(await res.json()).token}` }
}

export async function signIn(page: Page, email: string) {
  await page.goto('/admin/login')
  await page.getByLabel(/email/i).fill(email)
  await page.getByLabel(/password/i).fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: /login/i }).click()
  await expect(page).toHaveURL(/\/admin\/?$/)
}

/** A new customer of their own (email and mobile no other test uses, both channels on), made through the API as an integrator would. */
export async function newCustomer(request: APIRequestContext) {
  const headers = await staffHeaders(request)
  const tag = Date.now().toString(36)
  const email = `journey-${tag}@example.test`
  const mobile = uniqueMobile()
  const created = await request.post('/api/customers', {
    headers,
    data: { email, password: DEMO_PASSWORD, firstName: 'Lerato', lastName: `Journey ${tag}`, mobile, accountStatus: 'active', accountType: 'residential' },
  })
  expect(created.status()).toBe(201)
  return { headers, tag, customerId: (await created.json()).doc.id as number, email, mobile }
}

/**
 * A new customer with an active service billed on the 1st whose next period starts on
 * `periodStart`: the service made through the API, then activated at the database as if it had
 * run a while (its first invoices are not what the journey is about).
 */
export async function customerWithService(request: APIRequestContext, periodStart: string) {
  const customer = await newCustomer(request)
  const service = await request.post('/api/services', {
    headers: customer.headers,
    data: {
      customer: customer.customerId,
      type: 'fibre',
      packageName: `Fibre 50/25 (journey ${customer.tag})`,
      downloadMbps: 50,
      uploadMbps: 25,
      monthlyPriceCents: 69900,
      installationAddress: '3 Kiepersol Road, Hatfield, Pretoria',
      billingDay: 1,
    },
  })
  expect(service.status()).toBe(201)
  const serviceId = (await service.json()).doc.id as number
  await sql(
    `UPDATE services SET status = 'active', activation_date = ($2::date - 20)::timestamp AT TIME ZONE 'Africa/Johannesburg',
            next_billing_date = $2::date::timestamp AT TIME ZONE 'Africa/Johannesburg' WHERE id = $1`,
    [serviceId, periodStart],
  )
  return { ...customer, serviceId }
}

export async function portalSignIn(page: Page, email: string, goTo: string) {
  await page.goto(goTo)
  await expect(page).toHaveURL(/\/portal\/login/)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(new RegExp(goTo.replace(/\//g, '\\/')))
}

/** Reloads the page until `locator` shows (a job the runner works changes what the page shows). */
export async function reloadUntilVisible(page: Page, locator: ReturnType<Page['getByText']>, timeoutMs = 30_000) {
  await expect
    .poll(
      async () => {
        if (await locator.isVisible()) return true
        await page.reload()
        return locator.isVisible()
      },
      { timeout: timeoutMs, intervals: [500, 1000, 2000] },
    )
    .toBe(true)
}
