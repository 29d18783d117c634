import fs from 'node:fs'

import AxeBuilder from '@axe-core/playwright'
import { expect, test, type APIRequestContext, type Page } from '@playwright/test'

import { DEMO_PASSWORD } from '../../src/seed/demoAccounts'

const SHOTS = 'test-results/screenshots'

// The clerk's browser is in UTC, two hours behind the business: dates must still read as SAST days.
test.use({ timezoneId: 'UTC' })

async function staffHeaders(request: APIRequestContext) {
  const res = await request.post('/api/users/login', { data: { email: 'billing@demo.test', password: DEMO_PASSWORD } })
  expect(res.ok()).toBe(true)
  return { Authorization: `JWT ${(await res.json()).token}` }
}

async function signIn(page: Page) {
  await page.goto('/admin/login')
  await page.getByLabel(/email/i).fill('billing@demo.test')
  await page.getByLabel(/password/i).fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: /login/i }).click()
  await expect(page).toHaveURL(/\/admin\/?$/)
}

/**
 * Serious and critical accessibility problems in what we built (the invoice document, the
 * actions, the dialogs). Payload's own chrome has three of its own (an unnamed document-menu
 * button, its tab list, a focusable hidden dropdown indicator), reported in the issue.
 */
async function expectNoSeriousViolations(page: Page, scope?: string) {
  let axe = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
  if (scope) axe = axe.include(scope)
  const { violations } = await axe.analyze()
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
}

/**
 * A generated demo customer no other journey reads (the portal's journeys read Thandi's and
 * Pieter's balances, which these payments and credits would move), and two fresh ad-hoc invoices
 * of theirs, issued through the clerk's endpoint.
 */
async function twoInvoices(request: APIRequestContext) {
  const headers = await staffHeaders(request)
  const customers = await (await request.get('/api/customers?where[accountType][equals]=residential&sort=-id&limit=1&depth=0', { headers })).json()
  const customerId = customers.docs[0].id as number
  const issue = async (description: string, unitPriceCents: number) => {
    const res = await request.post(`/api/admin/customers/${customerId}/invoices`, { headers, data: { lines: [{ description, unitPriceCents }] } })
    expect(res.status()).toBe(200)
    return (await res.json()).invoice as { id: number; invoiceNumber: string; invoiceDate: string }
  }
  return { headers, customerId, a: await issue('Call-out fee', 45_000), b: await issue('Replacement router', 129_900) }
}

test('a clerk settles an invoice by EFT, voids another and credits a third, in rand and SAST days', async ({ page, request }) => {
  const { a, b, customerId, headers } = await twoInvoices(request)
  await signIn(page)

  // The issued invoice is a document: no editable line inputs, the actions beside it.
  await page.goto(`/admin/collections/invoices/${a.id}`)
  await expect(page.getByRole('heading', { name: `Tax invoice ${a.invoiceNumber}` })).toBeVisible()
  await expect(page.locator('#field-lines')).toHaveCount(0)
  await expect(page.getByRole('cell', { name: 'R 450.00' }).first()).toBeVisible()
  // Issued today in SAST, shown as that day in a UTC browser.
  const today = new Intl.DateTimeFormat('en-GB', { timeZone: 'Africa/Johannesburg', day: 'numeric', month: 'short', year: 'numeric' }).format(new Date())
  await expect(page.getByText(today.replace('Sept', 'Sep')).first()).toBeVisible()
  await expectNoSeriousViolations(page, 'section[aria-labelledby="invoice-document-title"]')
  await page.screenshot({ path: `${SHOTS}/clerk-invoice-document.png`, fullPage: true })

  await page.getByRole('button', { name: 'Record payment' }).click()
  const dialog = page.getByRole('dialog')
  await expect(dialog).toBeVisible()
  await dialog.getByLabel('Amount received (R)').fill('450.00')
  await dialog.getByLabel('Bank statement reference').fill(`E2E EFT ${a.invoiceNumber}`)
  await expectNoSeriousViolations(page, '[role="dialog"]')
  await dialog.getByRole('button', { name: 'Record payment' }).click()
  await expect(dialog.getByText('Payment recorded')).toBeVisible()
  const paid = await (await request.get(`/api/invoices/${a.id}?depth=0`, { headers })).json()
  expect([paid.status, paid.amountDueCents]).toEqual(['paid', 0])

  // Void the second one, with a reason.
  await page.goto(`/admin/collections/invoices/${b.id}`)
  await page.getByRole('button', { name: 'Void invoice' }).click()
  await page.getByRole('dialog').getByLabel('Reason').fill('Router was returned unopened')
  await expectNoSeriousViolations(page, '[role="dialog"]')
  await page.getByRole('dialog').getByRole('button', { name: 'Void invoice' }).click()
  await expect(page.getByRole('dialog').getByText('Invoice voided')).toBeVisible()
  expect((await (await request.get(`/api/invoices/${b.id}?depth=0`, { headers })).json()).status).toBe('void')

  // Credit the paid one: its credit stays on the account, and the credit note never reads "Paid".
  await page.goto(`/admin/collections/invoices/${a.id}`)
  await page.getByRole('button', { name: 'Issue credit note' }).click()
  await page.getByRole('dialog').getByLabel('Reason').fill('Call-out not needed')
  await page.getByRole('dialog').getByRole('button', { name: /Issue credit note for R 450.00/ }).click()
  await expect(page.getByRole('dialog').getByText('Credit note issued')).toBeVisible()

  // The customer pays more than they owe (an EFT recorded over the API), and the clerk refunds the
  // credit from the customer's page: the dialog offers what is free, and the account ends with none.
  const billing = async () => (await (await request.get(`/api/admin/customers/${customerId}/billing`, { headers })).json()) as { account: { balanceCents: number }; refundable: { creditCents: number } }
  const owed = Math.max(0, (await billing()).account.balanceCents)
  const over = await request.post(`/api/admin/customers/${customerId}/payments`, {
    headers: { ...headers, 'Idempotency-Key': `e2e-over-${a.invoiceNumber}` },
    data: { amountCents: owed + 20_000, channel: 'eft', reference: `E2E OVER ${a.invoiceNumber}` },
  })
  expect(over.status()).toBe(200)
  const before = (await billing()).refundable.creditCents
  expect(before).toBeGreaterThanOrEqual(20_000)

  await page.goto(`/admin/collections/customers/${customerId}`)
  await page.getByRole('button', { name: 'Refund credit' }).click()
  const refund = page.getByRole('dialog')
  await expect(refund.getByRole('heading', { name: 'Refund account credit' })).toBeVisible()
  const amount = refund.getByLabel('Amount to refund (R)')
  await expect(amount).not.toHaveValue('')
  const refundedCents = Math.round(Number((await amount.inputValue()).replace(/\s/g, '')) * 100)
  expect(refundedCents).toBeGreaterThan(0)
  await refund.getByLabel('Transfer reference').fill(`E2E REFUND ${a.invoiceNumber}`)
  await refund.getByLabel('Reason').fill('Customer paid twice')
  await expectNoSeriousViolations(page, '[role="dialog"]')
  await refund.getByRole('button', { name: 'Record refund' }).click()
  await expect(refund.getByText('Refund recorded')).toBeVisible()
  expect((await billing()).refundable.creditCents).toBe(before - refundedCents)

  // The statement on the customer's page: the refund is on it, dates are SAST days, and its PDF downloads.
  await page.goto(`/admin/collections/customers/${customerId}`)
  const statementSection = page.locator('.customer-statement')
  await statementSection.getByRole('button', { name: 'Show statement' }).click()
  await expect(statementSection.getByRole('rowheader', { name: 'Opening balance' })).toBeVisible()
  await expect(statementSection.getByRole('rowheader', { name: `Closing balance on ${today.replace('Sept', 'Sep')}` })).toBeVisible()
  await expect(statementSection.getByRole('cell', { name: /Refund/ }).first()).toBeVisible()
  await expectNoSeriousViolations(page, '.customer-statement')
  const pdfHref = await statementSection.getByRole('link', { name: 'Download PDF' }).getAttribute('href')
  const statement = await request.get(pdfHref!, { headers })
  expect(statement.status()).toBe(200)
  expect(statement.headers()['content-type']).toContain('application/pdf')
  await page.setViewportSize({ width: 390, height: 844 })
  await statementSection.scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SHOTS}/clerk-statement-phone.png` })
})

test('the ageing page agrees with the dashboard, and reads any SAST day', async ({ page }) => {
  await signIn(page)
  const outstanding = page.getByRole('link', { name: /^Outstanding/ })
  const figure = (await outstanding.locator('span').nth(1).textContent())!.trim()
  await page.getByRole('link', { name: /Ageing by customer/ }).click()
  await expect(page).toHaveURL(/\/admin\/reports\/ageing$/)
  await expect(page.getByRole('heading', { level: 1, name: "Debtors' ageing" })).toBeVisible()
  const totals = page.getByRole('table', { name: 'Amount due by days past due' })
  await expect(totals.getByRole('cell').last()).toHaveText(figure)
  await expectNoSeriousViolations(page, '.ageing-report')

  // The as-of day moves amounts between buckets, never the total; a day that is not one says so and shows today.
  // Picked by typing the day as the panel shows one, in a UTC browser: the form sends that SAST day.
  const monthBackAt = new Date(Date.now() - 30 * 86_400_000)
  const monthBack = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Johannesburg' }).format(monthBackAt)
  const monthBackShown = new Intl.DateTimeFormat('en-GB', { timeZone: 'Africa/Johannesburg', day: 'numeric', month: 'short', year: 'numeric' }).format(monthBackAt).replace('Sept', 'Sep')
  const asOf = page.getByRole('textbox', { name: 'As of' })
  await asOf.fill(monthBackShown)
  await asOf.press('Escape')
  await page.getByRole('button', { name: 'Show ageing' }).click()
  await expect(page).toHaveURL(new RegExp(`asOf=${monthBack}$`))
  await expect(asOf).toHaveValue(monthBackShown)
  await expect(page.getByRole('table', { name: `Amount due per customer as of ${monthBackShown}` })).toBeVisible()
  await expect(totals.getByRole('cell').last()).toHaveText(figure)
  await page.goto('/admin/reports/ageing?asOf=2026-02-30')
  await expect(page.getByText('That is not a day (YYYY-MM-DD)')).toBeVisible()
  await expect(totals.getByRole('cell').last()).toHaveText(figure)
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Download CSV/ }).click()])
  expect(download.suggestedFilename()).toMatch(/^ageing-\d{4}-\d{2}-\d{2}\.csv$/)
  expect(fs.readFileSync((await download.path())!, 'utf8')).toContain('Account number')
  await page.setViewportSize({ width: 390, height: 844 })
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  await page.screenshot({ path: `${SHOTS}/clerk-ageing-phone.png`, fullPage: true })
})

test('a clerk finds a customer by typing a mobile number in local form', async ({ page, request }) => {
  const headers = await staffHeaders(request)
  const customers = await (await request.get('/api/customers?where[email][equals]=thandi@demo.test&depth=0', { headers })).json()
  const mobile = String(customers.docs[0].mobile) // 27XXXXXXXXX
  const local = `0${mobile.slice(2, 4)} ${mobile.slice(4, 7)} ${mobile.slice(7)}`
  await signIn(page)
  const search = page.getByLabel('Search customers, services, invoices, payments')
  await search.fill(local)
  await expect(page.getByRole('option', { name: /Thandi/ }).first()).toBeVisible()
  await page.setViewportSize({ width: 390, height: 844 })
  await page.screenshot({ path: `${SHOTS}/clerk-search-phone.png`, fullPage: true })
})

test('the dashboard counts what the lists behind it hold, and reads without serious accessibility problems', async ({ page }) => {
  await signIn(page)
  await expectNoSeriousViolations(page, '.template-default__wrap > .gutter')
  // Each figure's detail says how many rows it counts; its link opens the admin list of exactly those.
  for (const [label, noun] of [
    ['Outstanding', 'open invoice'],
    ['Pending activations', 'service'],
  ] as const) {
    await page.goto('/admin')
    const figure = page.getByRole('link', { name: new RegExp(`^${label}`) })
    const detail = (await figure.locator('span').nth(2).textContent())!
    const count = Number(new RegExp(`^(\\d+) ${noun}`).exec(detail.trim())?.[1])
    expect(Number.isInteger(count), `${label}: ${detail}`).toBe(true)
    await figure.click()
    await expect(page).toHaveURL(/\/admin\/collections\//)
    if (count === 0) await expect(page.getByText(/No .* found/i).first()).toBeVisible()
    else await expect(page.locator('.page-controls__page-info')).toHaveText(new RegExp(` of ${count}$`))
  }

  // The customer's page: the billing overview, the payment actions and the statement.
  const thandi = page.getByRole('link', { name: /Thandi/ })
  await page.goto('/admin/collections/customers?search=Thandi')
  await thandi.first().click()
  await expect(page.getByTestId('billing-overview')).toBeVisible()
  await page.locator('.customer-statement').getByRole('button', { name: 'Show statement' }).click()
  await expect(page.locator('.customer-statement').getByRole('rowheader', { name: 'Opening balance' })).toBeVisible()
  await expectNoSeriousViolations(page, '[data-testid="billing-overview"]')
  await expectNoSeriousViolations(page, '.customer-statement')
})
