import { expect, test } from '@playwright/test'

import { clickatell, eventually, interstellio, mail } from '../helpers/simulators'
import { sql } from './db'
import { customerWithService, newCustomer, portalSignIn, reloadUntilVisible, signIn, staffHeaders } from './journeyHelpers'

/**
 * The critical journeys of issue #18 that need the whole system at once: a person in the browser,
 * the job runner (the harness runs one beside the server for these tests, scripts/worker.ts) and
 * the vendors' simulators. Screenshots go to test-results/screenshots/.
 */

const SHOTS = 'test-results/screenshots'

// The journeys' own client address (the server trusts one proxy hop, as behind the load
// balancer): their sign-ins do not count against the other specs' per-address login limit.
test.use({ extraHTTPHeaders: { 'X-Forwarded-For': '10.18.0.1' } })

test('a clerk generates invoices now and the customer is told by SMS and email; the runner stores the PDF', async ({ page, request }) => {
  // A period a stopped run missed: the clerk generates as of its day, so only it is due.
  const { headers, customerId, serviceId, email, mobile } = await customerWithService(request, '2025-06-01')
  await signIn(page, 'billing@demo.test')
  await page.goto('/admin/collections/invoices')
  const asOf = page.getByRole('textbox', { name: 'As of' })
  await asOf.fill('1 Jun 2025')
  await asOf.press('Escape')
  await page.getByRole('button', { name: 'Generate invoices now' }).click()
  // (After the integration tests the database holds their services too: some may be due that day, or fail; ours is issued.)
  await expect(page.getByText(/As of 1 Jun 2025: Issued [1-9]\d*, skipped \d+ \(already issued\), failed \d+/)).toBeVisible({ timeout: 30_000 })
  await expect(page.getByRole('link', { name: `Service ${serviceId}`, exact: true })).toHaveCount(0)
  // The list refreshed with the new invoice, its customer named (the panel fills names in after the rows).
  await expect(page.getByRole('link', { name: /^INV-2025-\d+$/ }).first()).toBeVisible()
  await expect(page.getByText('Loading...')).toHaveCount(0, { timeout: 15_000 })
  await page.screenshot({ path: `${SHOTS}/journey-generate-invoices-now.png`, fullPage: true })

  const invoices = await (await request.get(`/api/invoices?where[customer][equals]=${customerId}&where[kind][equals]=recurring&depth=0`, { headers })).json()
  expect(invoices.docs).toHaveLength(1)
  const invoice = invoices.docs[0] as { id: number; invoiceNumber: string; totalCents: number; periodStart: string }
  expect(invoice.totalCents).toBe(69900)
  expect(invoice.invoiceNumber).toMatch(/^INV-2025-\d+$/)

  // The runner beside the server sends what the run queued: one SMS and one email, each once.
  const sms = await eventually(async () => (await clickatell.messages(mobile)).filter((m) => m.content.includes(invoice.invoiceNumber)).at(0), {
    timeoutMs: 30_000,
    what: `the invoice SMS to ${mobile}`,
  })
  expect(sms.content).toContain('R 699.00')
  const message = await eventually(async () => (await mail.messages(email)).find((m) => `${m.subject} ${m.text}`.includes(invoice.invoiceNumber)), {
    timeoutMs: 30_000,
    what: `the invoice email to ${email}`,
  })
  expect(message.to).toContain(email)
  // And the document: rendered and stored by its job, downloadable by the clerk.
  await expect.poll(async () => (await sql(`SELECT 1 FROM invoice_pdfs WHERE invoice_id = $1`, [invoice.id])).length, { timeout: 30_000 }).toBe(1)
  const pdf = await request.get(`/api/invoices/${invoice.id}/pdf`, { headers })
  expect(pdf.status()).toBe(200)
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-')

  // Generated again for the same day: its next period is not due, so nothing more is issued or queued for it.
  await page.getByRole('button', { name: 'Generate invoices now' }).click()
  await expect(page.getByText(/As of 1 Jun 2025: Issued \d+, skipped \d+ \(already issued\), failed \d+/)).toBeVisible({ timeout: 30_000 })
  const again = await (await request.get(`/api/invoices?where[customer][equals]=${customerId}&where[kind][equals]=recurring&depth=0`, { headers })).json()
  expect(again.docs).toHaveLength(1)
  expect(await sql(`SELECT id FROM payload_jobs WHERE task_slug = 'notifyCustomer' AND input->>'eventKey' = $1`, [`invoice:${invoice.id}`])).toHaveLength(1)
  expect((await clickatell.messages(mobile)).filter((m) => m.content.includes(invoice.invoiceNumber))).toHaveLength(1)
  expect((await mail.messages(email)).filter((m) => `${m.subject} ${m.text}`.includes(invoice.invoiceNumber))).toHaveLength(1)
})

test('a customer adds a debit order, signs the mandate on NetCash\'s page, and can turn on auto-pay once NetCash says it is active', async ({ page, request }) => {
  const { headers, customerId, email } = await newCustomer(request)
  await portalSignIn(page, email, '/portal/payment-methods')
  await page.getByRole('button', { name: 'Add a payment method' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByLabel('Bank', { exact: true }).selectOption('fnb')
  await dialog.getByLabel('Account number').fill('62 8765 4321')
  await dialog.getByLabel('Account holder').fill('L Journey')
  await dialog.getByRole('button', { name: 'Add' }).click()
  await expect(page.getByText(/Debit Order - FNB \*\*\*4321 was added/)).toBeVisible()
  const method = page.getByTestId('payment-method').filter({ hasText: 'FNB ***4321' })
  await expect(method.getByText('Mandate pending')).toBeVisible()

  // Auto-pay before the mandate is signed: refused, and it says why.
  await page.goto('/portal/billing')
  // (The box follows the server's answer, so it is clicked, not `check`ed.)
  const autoPay = page.getByRole('checkbox', { name: /Auto-pay/ })
  await autoPay.click()
  await expect(page.getByText('Auto-pay starts once your debit order mandate is approved')).toBeVisible()
  await expect(autoPay).not.toBeChecked()
  await page.screenshot({ path: `${SHOTS}/journey-auto-pay-refused.png`, fullPage: true })

  // The runner asked NetCash for the mandate; its link appears beside the method.
  await page.goto('/portal/payment-methods')
  const sign = method.getByRole('link', { name: /Sign the debit order mandate at NetCash/ })
  await reloadUntilVisible(page, sign)
  const [netcash] = await Promise.all([page.waitForEvent('popup'), sign.click()])
  await expect(netcash.getByRole('heading', { name: 'Sign your debit order mandate' })).toBeVisible()
  await netcash.screenshot({ path: `${SHOTS}/journey-mandate-netcash.png`, fullPage: true })
  await netcash.getByRole('button', { name: 'Sign mandate' }).click()
  await netcash.close()

  // NetCash's postback, processed by the runner, makes the mandate active.
  await reloadUntilVisible(page, method.getByText('Mandate active'))
  // (A customer's first method may be primary already.)
  const primary = method.getByRole('button', { name: 'Make primary' })
  if ((await primary.count()) > 0) await primary.click()
  await expect(method.getByText('Primary', { exact: true })).toBeVisible()
  await page.goto('/portal/billing')
  await autoPay.click()
  await expect(autoPay).toBeChecked()
  await page.reload()
  await expect(autoPay).toBeChecked()
  await page.screenshot({ path: `${SHOTS}/journey-auto-pay-on.png`, fullPage: true })
  const accounts = await (await request.get(`/api/billing-accounts?where[customer][equals]=${customerId}&depth=0`, { headers })).json()
  expect(accounts.docs[0]).toMatchObject({ autoPay: true })
})

test('a clerk suspends a service for non-payment with billing paused: the subscriber is disabled on the network, the customer is told, and the run invoices nothing for it', async ({ page, request }) => {
  const { customerId, serviceId, mobile, tag } = await customerWithService(request, '2025-06-01')
  const connectionId = `journey-${tag}`
  await sql(`UPDATE services SET connection_id = $2 WHERE id = $1`, [serviceId, connectionId])
  await interstellio.setSubscriber(connectionId, { exists: true, enabled: true })

  await signIn(page, 'billing@demo.test')
  await page.goto(`/admin/collections/services/${serviceId}`)
  await page.getByRole('button', { name: 'Suspend', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'Suspend service' })
  await dialog.getByLabel('Suspension type').selectOption('non_payment')
  await dialog.getByLabel('Pause billing while suspended').check()
  await dialog.getByLabel('Reason').fill('Unpaid since June; two reminders sent')
  await page.screenshot({ path: `${SHOTS}/journey-suspend-dialog.png`, fullPage: true })
  await dialog.getByRole('button', { name: 'Confirm suspension' }).click()
  await expect(page.getByText('Service suspended; billing paused')).toBeVisible()

  // The runner tells the network (the subscriber is disabled at Interstellio) and the customer.
  await expect.poll(async () => (await interstellio.subscriber(connectionId)).enabled, { timeout: 30_000 }).toBe(false)
  await eventually(async () => (await clickatell.messages(mobile)).find((m) => /suspended/i.test(m.content)), { timeoutMs: 30_000, what: `the suspension SMS to ${mobile}` })

  // The run for the period it would have been invoiced for issues nothing for it: billing is paused.
  const headers = await staffHeaders(request, 'billing@demo.test')
  const run = await request.post('/api/admin/billing/generate-invoices-now', { headers, data: { asOf: '2025-06-01' } })
  expect(run.status()).toBe(200)
  // A paused service is not among those the run considers at all.
  const report = (await run.json()) as { results: Array<{ serviceId: number; outcome: string }> }
  expect(report.results.map((r) => r.serviceId)).not.toContain(serviceId)
  const invoices = await (await request.get(`/api/invoices?where[customer][equals]=${customerId}&where[kind][equals]=recurring&depth=0`, { headers })).json()
  expect(invoices.docs).toHaveLength(0)
  await page.reload()
  await expect(page.getByText('Suspended').first()).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/journey-suspended-service.png`, fullPage: true })
})
