import { expect, test, type APIRequestContext, type Page } from '@playwright/test'

import { DEMO_PASSWORD } from '../../src/seed/demoAccounts'

const SHOTS = 'test-results/screenshots'

async function staffToken(request: APIRequestContext, email: string): Promise<string> {
  const res = await request.post('/api/users/login', { data: { email, password: DEMO_PASSWORD } })
  expect(res.ok()).toBe(true)
  return (await res.json()).token
}

async function signIn(page: Page, email: string) {
  await page.goto('/admin/login')
  await page.getByLabel(/email/i).fill(email)
  await page.getByLabel(/password/i).fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: /login/i }).click()
  await expect(page).toHaveURL(/\/admin\/?$/)
}

/** A new pending service for the demo customer Thandi, made through the API as an integrator would. */
async function pendingService(request: APIRequestContext) {
  const jwt = await staffToken(request, 'admin@demo.test')
  const headers = { Authorization: `JWT ${jwt}` }
  const customers = await (await request.get('/api/customers?where[email][equals]=thandi@demo.test&depth=0', { headers })).json()
  const customerId = customers.docs[0].id as number
  const created = await request.post('/api/services', {
    headers,
    data: {
      customer: customerId,
      type: 'fibre',
      packageName: `Fibre 100/50 (e2e ${Date.now().toString(36)})`,
      downloadMbps: 100,
      uploadMbps: 50,
      monthlyPriceCents: 89900,
      installationAddress: '14 Jacaranda Avenue, Menlo Park, Pretoria',
      billingDay: 1,
    },
  })
  expect(created.status()).toBe(201)
  const service = (await created.json()).doc
  return { customerId, serviceId: service.id as number, packageName: service.packageName as string, headers }
}

test('a billing user activates a pending service through the dialog, seeing the preview, then the invoice and the audit entry', async ({ page, request }) => {
  const { customerId, serviceId, packageName, headers } = await pendingService(request)
  await signIn(page, 'billing@demo.test')

  await page.goto(`/admin/collections/services/${serviceId}`)
  await expect(page.getByRole('button', { name: 'Suspend' })).toHaveCount(0)
  await page.getByRole('button', { name: 'Activate', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'Activate service' })
  await expect(dialog).toBeVisible()
  // The preview: what the activation will invoice, before confirming.
  await expect(dialog.getByText('What will be invoiced')).toBeVisible()
  await expect(dialog.getByText(/of 30 days|of 31 days|of 28 days|of 29 days/).first()).toBeVisible()
  await expect(dialog.getByText(/R \d/).first()).toBeVisible()
  await dialog.getByLabel('Reason').fill('Installed and tested on site')
  await page.screenshot({ path: `${SHOTS}/service-activate-dialog.png`, fullPage: true })
  await dialog.getByRole('button', { name: 'Confirm activation' }).click()

  // The service is active; the status now offers suspension and cancellation instead.
  await expect(page.getByRole('button', { name: 'Suspend' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Activate', exact: true })).toHaveCount(0)
  const timeline = page.getByTestId('service-audit-timeline')
  await expect(timeline.getByText('Installed and tested on site')).toBeVisible()
  await expect(timeline.getByText(/billing@demo\.test/)).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/service-after-activation.png`, fullPage: true })

  const invoices = await (await request.get(`/api/invoices?where[service][equals]=${serviceId}&depth=0`, { headers })).json()
  expect(invoices.docs).toHaveLength(1)
  const invoiceNumber = invoices.docs[0].invoiceNumber as string
  expect(invoices.docs[0].kind).toBe('pro_rata')

  await page.goto(`/admin/collections/customers/${customerId}`)
  const overview = page.getByTestId('billing-overview')
  await expect(overview.getByText(invoiceNumber)).toBeVisible()
  await expect(overview.getByText(packageName)).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/customer-billing-overview.png`, fullPage: true })

  // Above the invoices list: generate what is due now, and see the counts.
  await page.goto('/admin/collections/invoices')
  await page.getByRole('button', { name: 'Generate invoices now' }).click()
  await expect(page.getByText(/Issued \d+, skipped \d+ \(already issued\), failed \d+/)).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/invoices-generate-now.png`, fullPage: true })
})

test('a support user sees the service and its history but no action buttons', async ({ page, request }) => {
  const { serviceId } = await pendingService(request)
  await signIn(page, 'support@demo.test')
  await page.goto(`/admin/collections/services/${serviceId}`)
  await expect(page.getByTestId('service-audit-timeline').or(page.getByText('Audit timeline')).first()).toBeVisible()
  for (const name of ['Activate', 'Suspend', 'Reactivate', 'Cancel service']) {
    await expect(page.getByRole('button', { name, exact: true })).toHaveCount(0)
  }
  await page.screenshot({ path: `${SHOTS}/service-support-view.png`, fullPage: true })
  await page.goto('/admin/collections/invoices')
  await expect(page.getByRole('heading', { name: 'Invoices' }).first()).toBeVisible()
  await expect(page.getByRole('button', { name: 'Generate invoices now' })).toHaveCount(0)
})
