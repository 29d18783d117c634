import { execSync } from 'node:child_process'

import { defineConfig } from '@playwright/test'

/** Debian's Chromium (no browser downloads here); the server is started by scripts/test.ts. */
function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH
  try {
    return execSync('command -v chromium || command -v chromium-browser', { encoding: 'utf8' }).trim() || undefined
  } catch {
    return undefined
  }
}

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  use: {
    baseURL: process.env.TEST_SERVER_URL ?? 'http://localhost:3000',
    // Billing staff and customers work in South Africa; the admin panel shows dates in the
    // browser's time zone, so the browser is in SAST like theirs.
    timezoneId: 'Africa/Johannesburg',
    locale: 'en-ZA',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromiumPath(),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
    },
  },
})
