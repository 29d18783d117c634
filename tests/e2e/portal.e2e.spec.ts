import fs from 'node:fs'

import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'

import { DEMO_PASSWORD } from '../../src/seed/demoAccounts'
import { sql } from './db'

const SHOTS = 'test-results/screenshots/portal'
const DESKTOP = { width: 1280, height: 900 }
const PHONE = { width: 390, height: 844 }

/** A screenshot at desktop and at phone width, kept as artifacts. */
async function shoot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true })
  await page.setViewportSize(DESKTOP)
  await page.screenshot({ path: `${SHOTS}/${name}-desktop.png`, fullPage: true })
  await page.setViewportSize(PHONE)
  await page.screenshot({ path: `${SHOTS}/${name}-phone.png`, fullPage: true })
  const overflows = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1)
  expect(overflows, `${name} scrolls sideways at phone width`).toBe(false)
  await page.setViewportSize(DESKTOP)
}

async function signIn(page: Page, email: string, goTo = '/portal') {
  await page.goto(goTo)
  await expect(page).toHaveURL(/\/portal\/login/)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

let capped: { id: number; customer_id: number }

test.beforeAll(async ({ request }) => {
  // Thandi's LTE service, activated by a clerk (a pro-rata invoice: she owes money), and used up
  // to 84% of its 50 GB cap today.
  const [service] = await sql<{ id: number; customer_id: number; status: string }>(
    `SELECT s.id, s.customer_id, s.status FROM services s JOIN customers c ON c.id = s.customer_id
      WHERE c.email = 'thandi@demo.test' AND s.data_cap_gb IS NOT NULL ORDER BY s.id LIMIT 1`,
  )
  capped = service
  if (service.status === 'pending') {
    const login = await request.post('/api/users/login', { data: { email: 'billing@demo.test', password: DEMO_PASSWORD } })
    const { token } = await login.json()
    const activated = await request.post(`/api/admin/customers/${service.customer_id}/services/activate`, {
      headers: { Authorization: `JWT ${token}` },
      data: { serviceId: service.id, reason: 'Installed and tested on site' },
    })
    expect(activated.status(), await activated.text()).toBeLessThan(300)
  }
  await sql(
    `INSERT INTO usage_records (service_id, customer_id, date, upload_bytes, download_bytes, total_bytes, source)
     VALUES ($1, $2, date_trunc('day', now() AT TIME ZONE 'Africa/Johannesburg') AT TIME ZONE 'Africa/Johannesburg', 2000000000, 40000000000, 42000000000, 'interstellio')
     ON CONFLICT (service_id, date) DO UPDATE SET upload_bytes = 2000000000, download_bytes = 40000000000, total_bytes = 42000000000, updated_at = now()`,
    [service.id, service.customer_id],
  )
})

test('a customer signs in, sees services with usage, opens the invoices and downloads a PDF of one', async ({ page }) => {
  await signIn(page, 'thandi@demo.test')
  await expect(page.getByRole('heading', { name: 'Hello, Thandi' })).toBeVisible()
  await expect(page.getByText(/^Account CT-\d{4}-\d{5}/)).toBeVisible()
  await expect(page.getByRole('link', { name: 'LTE 50 GB' })).toBeVisible()
  await expect(page.getByText(/42 GB of 50 GB \(84%\)/)).toBeVisible()
  await shoot(page, 'home')

  await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Invoices' }).click()
  await expect(page.getByRole('heading', { name: 'Invoices', level: 1 })).toBeVisible()
  await shoot(page, 'invoices')
  const first = page.locator('.invoice-table tbody tr').first().getByRole('link')
  const number = (await first.textContent())!.trim()
  await first.click()
  await expect(page.getByRole('heading', { name: `Invoice ${number}` })).toBeVisible()
  await expect(page.getByRole('columnheader', { name: 'Incl. VAT' })).toBeVisible()
  await shoot(page, 'invoice')

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download PDF' }).click()])
  const file = await download.path()
  expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-')
  expect(download.suggestedFilename()).toContain(number)
})

test('a customer adds a debit order, makes it primary, and is told why it cannot be removed while they owe', async ({ page }) => {
  await signIn(page, 'thandi@demo.test', '/portal/payment-methods')
  await expect(page.getByRole('heading', { name: 'Payment methods', level: 1 })).toBeVisible()
  await page.getByRole('button', { name: 'Add a payment method' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByLabel('Bank', { exact: true }).selectOption('fnb')
  await expect(dialog.getByLabel('Branch code')).toHaveValue('250655')
  // The browser applies the server's rules before sending: too short for FNB.
  await dialog.getByLabel('Account number').fill('12345')
  await dialog.getByLabel('Account holder').fill('T Nkosi')
  await dialog.getByRole('button', { name: 'Add' }).click()
  await expect(dialog.getByText(/account numbers have 10 to 11 digits|accountNumber is digits/)).toBeVisible()
  await dialog.getByLabel('Account number').fill('62 1234 5678')
  await shoot(page, 'add-debit-order')
  await dialog.getByRole('button', { name: 'Add' }).click()
  await expect(page.getByText(/Debit Order - FNB \*\*\*5678 was added/)).toBeVisible()

  const added = page.getByTestId('payment-method').filter({ hasText: 'FNB ***5678' })
  await expect(added.getByText('Mandate pending')).toBeVisible()
  await added.getByRole('button', { name: 'Make primary' }).click()
  await expect(page.getByText(/FNB \*\*\*5678 is now your primary payment method/)).toBeVisible()
  await expect(added.getByText('Primary')).toBeVisible()

  page.once('dialog', (d) => void d.accept())
  await added.getByRole('button', { name: /Remove/ }).click()
  // (Next's route announcer is an alert too: the banner is found by its class.)
  await expect(page.locator('.banner.tone-bad')).toContainText("can't be removed yet: it is how your balance of R")
  await expect(added).toBeVisible()
  await shoot(page, 'payment-methods-refused')
})

test('a customer near their cap sees the warning and the chart on the usage page', async ({ page }) => {
  await signIn(page, 'thandi@demo.test', '/portal/usage')
  await expect(page.getByRole('heading', { name: 'Usage', level: 1 })).toBeVisible()
  const banner = page.locator('.banner')
  await expect(banner).toContainText('80% of your data used')
  await expect(banner).toContainText('You have used 84% of your data for this cycle')
  await expect(banner).toHaveAttribute('role', 'alert')
  await expect(page.locator('.recharts-surface').first()).toBeVisible()
  await page.getByText('Show the figures as a table').click()
  await expect(page.getByRole('cell', { name: '42 GB' }).first()).toBeVisible()
  await shoot(page, 'usage-warning')
})

test("a customer cannot reach another customer's invoice or service by editing the URL", async ({ page }) => {
  const [theirs] = await sql<{ invoice: number; service: number }>(
    `SELECT (SELECT i.id FROM invoices i WHERE i.customer_id = c.id AND i.status <> 'draft' LIMIT 1) AS invoice,
            (SELECT s.id FROM services s WHERE s.customer_id = c.id LIMIT 1) AS service
       FROM customers c WHERE c.email = 'pieter@demo.test'`,
  )
  await signIn(page, 'thandi@demo.test')
  await expect(page.getByRole('heading', { name: 'Hello, Thandi' })).toBeVisible()
  for (const path of [`/portal/invoices/${theirs.invoice}`, `/portal/services/${theirs.service}`, '/portal/invoices/not-a-number', '/portal/nothing-here']) {
    const res = await page.goto(path)
    expect(res?.status(), path).toBe(404)
    await expect(page.getByRole('heading', { name: "We can't find that page" })).toBeVisible()
    await expect(page.getByRole('link', { name: 'Back to my account' })).toBeVisible()
  }
  await shoot(page, 'not-found')
  // The PDF door is shut too.
  expect((await page.request.get(`/api/dashboard/invoices/${theirs.invoice}/pdf`, { headers: { 'Sec-Fetch-Site': 'same-origin' } })).status()).toBe(404)
})

test('a session that has ended sends the customer to sign in, then back to the page they wanted', async ({ page, context }) => {
  await signIn(page, 'thandi@demo.test')
  await expect(page.getByRole('heading', { name: 'Hello, Thandi' })).toBeVisible()
  await context.clearCookies()
  await page.goto('/portal/billing')
  await expect(page).toHaveURL(/\/portal\/login\?next=%2Fportal%2Fbilling/)
  await page.getByLabel('Email').fill('thandi@demo.test')
  await page.getByLabel('Password').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(/\/portal\/billing$/)
  await expect(page.getByRole('heading', { name: 'Billing', level: 1 })).toBeVisible()
})

const PAGES = [
  '/portal',
  '/portal/services',
  `/portal/services/CAPPED`,
  '/portal/usage',
  '/portal/invoices',
  '/portal/billing',
  '/portal/payment-methods',
  '/portal/profile',
  '/portal/nothing-here',
]

test('no portal page has a serious or critical accessibility violation, at desktop or phone width', async ({ page }) => {
  await page.goto('/portal/login')
  const anonymous = ['/portal/login', '/portal/forgot-password', '/portal/reset-password/abc']
  const problems: string[] = []
  const scan = async (path: string) => {
    for (const size of [DESKTOP, PHONE]) {
      await page.setViewportSize(size)
      await page.goto(path)
      const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze()
      for (const v of violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
        problems.push(`${path} @${size.width}px: ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)
      }
    }
  }
  for (const path of anonymous) await scan(path)
  await signIn(page, 'thandi@demo.test')
  await expect(page.getByRole('heading', { name: 'Hello, Thandi' })).toBeVisible()
  for (const path of PAGES) await scan(path.replace('CAPPED', String(capped.id)))
  expect(problems).toEqual([])
})
