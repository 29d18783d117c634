import { expect, test } from '@playwright/test'

import { DEMO_PASSWORD } from '../../src/seed/demoAccounts'

const SHOTS = 'test-results/screenshots'

// The clerk's browser is in UTC, two hours behind the business: the dates must still be SAST days.
test.use({ timezoneId: 'UTC' })

const sastDay = (at: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Africa/Johannesburg', day: 'numeric', month: 'short', year: 'numeric' }).format(at).replace('Sept', 'Sep')

test('a clerk creates a service from the catalogue in the panel, activates it, and reads SAST days', async ({ page, request }) => {
  const login = await request.post('/api/users/login', { data: { email: 'billing@demo.test', password: DEMO_PASSWORD } })
  const headers = { Authorization: `JWT ${(await login.json()).token}` }
  const customers = await (await request.get('/api/customers?where[accountType][equals]=residential&sort=-id&limit=1&depth=0', { headers })).json()
  const customer = customers.docs[0] as { id: number; displayName: string }

  await page.goto('/admin/login')
  await page.getByLabel(/email/i).fill('billing@demo.test')
  await page.getByLabel(/password/i).fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: /login/i }).click()
  await expect(page).toHaveURL(/\/admin\/?$/)

  await page.goto('/admin/collections/services/create')
  await page.locator('#field-customer .rs__control').click()
  await page.keyboard.type(customer.displayName)
  await page.locator('.rs__option', { hasText: customer.displayName }).first().click()
  await page.locator('#field-product .rs__control').click()
  await page.locator('.rs__option', { hasText: 'Fibre 50/50 Uncapped' }).first().click()
  // The package's terms are filled in from the catalogue, in rand, at the residential (VAT-inclusive) price.
  await expect(page.locator('#field-packageName')).toHaveValue('Fibre 50/50 Uncapped')
  await expect(page.getByLabel('Monthly price')).toHaveValue('799.00')
  await page.locator('#field-installationAddress').fill('9 Protea Street, Parkhurst, Johannesburg')
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page).toHaveURL(/\/admin\/collections\/services\/\d+$/)
  const serviceId = Number(/services\/(\d+)$/.exec(page.url())![1])
  const saved = await (await request.get(`/api/services/${serviceId}?depth=0`, { headers })).json()
  expect([saved.status, saved.monthlyPriceCents, saved.downloadMbps]).toEqual(['pending', 79_900, 50])

  // Activated today: the sidebar and the next billing date read SAST days in a UTC browser.
  await page.getByRole('button', { name: 'Activate', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'Activate service' })
  await expect(dialog.getByLabel('Activation date')).toHaveValue(sastDay(new Date()))
  await dialog.getByLabel('Reason').fill('Installed from the catalogue')
  await dialog.getByRole('button', { name: 'Confirm activation' }).click()
  await expect(page.getByRole('button', { name: 'Suspend' })).toBeVisible()
  const active = await (await request.get(`/api/services/${serviceId}?depth=0`, { headers })).json()
  expect(active.status).toBe('active')
  await page.reload()
  await expect(page.locator('.sast-date-field', { hasText: 'Activated on' }).locator('output')).toHaveText(sastDay(new Date()))
  await expect(page.locator('.sast-date-field', { hasText: 'Next billing date' }).locator('output')).toHaveText(sastDay(new Date(active.nextBillingDate)))
  await page.screenshot({ path: `${SHOTS}/clerk-service-from-catalogue.png`, fullPage: true })
})

test('lists name the related customer and service, never "Untitled"', async ({ page }) => {
  await page.goto('/admin/login')
  await page.getByLabel(/email/i).fill('billing@demo.test')
  await page.getByLabel(/password/i).fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: /login/i }).click()
  await expect(page).toHaveURL(/\/admin\/?$/)
  // Payload's admin looks up the titles of a page's related documents with limit=250.
  for (const list of ['invoices', 'usage-records']) {
    await page.goto(`/admin/collections/${list}`)
    await expect(page.locator('tbody tr').first()).toBeVisible()
    const headings = await page.locator('thead th').allTextContents()
    const column = headings.findIndex((h) => /Customer/.test(h))
    expect(column, headings.join(' | ')).toBeGreaterThan(0)
    // Shown as "Loading..." first, then the title; "Untitled - ID: 37" when the lookup was refused.
    await expect(page.locator('tbody tr').first().locator('td').nth(column)).toHaveText(/^(?!\s*(Untitled|Loading))\s*\S.*$/)
  }
  await page.screenshot({ path: `${SHOTS}/usage-records-list.png`, fullPage: true })
})
