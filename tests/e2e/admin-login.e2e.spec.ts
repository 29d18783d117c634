import { expect, test, type Page } from '@playwright/test'

import { DEMO_PASSWORD } from '../../src/seed/demoAccounts'

const SHOTS = 'test-results/screenshots'

/** The billing team's dashboard (src/components/admin/dashboard). */
async function expectDashboard(page: Page) {
  await expect(page.getByRole('heading', { name: 'Billing dashboard', level: 1 })).toBeVisible()
}

test('a staff user signs in to /admin and reaches the dashboard', async ({ page }) => {
  await page.goto('/admin')
  await expect(page).toHaveURL(/\/admin\/login/)
  await page.getByLabel(/email/i).fill('billing@demo.test')
  await page.getByLabel(/password/i).fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: /login/i }).click()

  await expect(page).toHaveURL(/\/admin\/?$/)
  await expectDashboard(page)
  await page.screenshot({ path: `${SHOTS}/admin-dashboard.png`, fullPage: true })
})

test('staff and customer sessions coexist in one browser', async ({ page }) => {
  await page.goto('/admin/login')
  await page.getByLabel(/email/i).fill('support@demo.test')
  await page.getByLabel(/password/i).fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: /login/i }).click()
  await expectDashboard(page)

  await page.goto('/portal')
  await expect(page).toHaveURL(/\/portal\/login/)
  await page.getByLabel('Email').fill('thandi@demo.test')
  await page.getByLabel('Password').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('heading', { name: 'Hello, Thandi' })).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/portal-home.png`, fullPage: true })

  // Back in the admin panel, still the staff member.
  await page.goto('/admin/account')
  await expect(page.getByText('support@demo.test').first()).toBeVisible()
  // Asked from the page, as the admin panel itself asks (a same-origin browser fetch).
  const me = await page.evaluate(() => fetch('/api/users/me').then((r) => r.json()))
  expect(me.user.email).toBe('support@demo.test')

  // And the portal still knows the customer.
  await page.goto('/portal')
  await expect(page.getByRole('heading', { name: 'Hello, Thandi' })).toBeVisible()
})

test('a wrong portal password shows an error and no session', async ({ page }) => {
  await page.goto('/portal/login')
  await page.getByLabel('Email').fill('pieter@demo.test')
  await page.getByLabel('Password').fill('not-the-password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('alert')).toBeVisible()
  await expect(page).toHaveURL(/\/portal\/login/)
})
