import { expect, test } from '@playwright/test'

import { interstellio } from '../helpers/simulators'
import { sql } from './db'
import { customerWithService, portalSignIn, staffHeaders } from './journeyHelpers'

/**
 * The usage journey of issue #18. A sync fetches every connected service's usage, the demo
 * customers' too (the portal's cap journey arranges its own figures first), so this file's name
 * keeps it after every other spec (they run one file at a time, in name order).
 */

const SHOTS = 'test-results/screenshots'
test.use({ extraHTTPHeaders: { 'X-Forwarded-For': '10.18.0.2' } })
test('the usage sync, started by a clerk, stores the day\'s usage from Interstellio, and the customer reads it in the portal', async ({ page, request }) => {
  // Billed on a day that is not today, so the current cycle has a whole day before today in it.
  const todayDom = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Africa/Johannesburg', day: 'numeric' }).format(new Date()))
  const { serviceId, email, tag } = await customerWithService(request, '2025-06-01')
  const billingDay = todayDom === 1 ? 5 : 1
  const connectionId = `journey-usage-${tag}`
  await sql(`UPDATE services SET connection_id = $2, billing_day = $3 WHERE id = $1`, [serviceId, connectionId, billingDay])
  // 6 GB down and 1 GB up on every whole day.
  await interstellio.setSubscriber(connectionId, { exists: true, enabled: true, dailyDownloadBytes: 6e9, dailyUploadBytes: 1e9 })

  const headers = await staffHeaders(request, 'billing@demo.test')
  const started = await request.post('/api/admin/job-runs/usage-sync/start', { headers, data: {} })
  expect(started.status(), await started.text()).toBe(202)
  const { jobId } = (await started.json()) as { jobId: number }
  // This run, to its end (it syncs every connected service; some of the integration tests' fail on purpose).
  await expect
    .poll(async () => (await sql<{ status: string }>(`SELECT status FROM job_runs WHERE job_name = 'usage-sync' AND (input->>'jobId')::int = $1`, [jobId]))[0]?.status, {
      timeout: 120_000,
    })
    .toMatch(/^(succeeded|partially_failed)$/)
  expect(await sql(`SELECT 1 FROM usage_records WHERE service_id = $1 AND total_bytes = 7000000000`, [serviceId])).not.toHaveLength(0)

  await portalSignIn(page, email, '/portal/usage')
  await expect(page.getByRole('heading', { name: 'Usage', level: 1 })).toBeVisible()
  await page.getByText('Show the figures as a table').click()
  await expect(page.getByRole('cell', { name: '7 GB' }).first()).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/journey-usage-synced.png`, fullPage: true })
})
