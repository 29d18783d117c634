import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { startInterstellioSimulator, type InterstellioSimulator } from '../../simulators/interstellio/server'
import { fullDay, newSubscriber } from '../../simulators/interstellio/model'

const CREDS = { domain: 'isp.test', username: 'isp-billing', password: 'sim-unit-password', tenantId: 'tenant-1' }
let sim: InterstellioSimulator

async function call(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${sim.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { 'Content-Type': 'application/json', ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  const text = await res.text()
  let body: any
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {
    body = text
  }
  return { status: res.status, body, requestId: res.headers.get('x-request-id') }
}
const token = async () => (await call('/v3/token', { method: 'POST', body: CREDS })).body.token as string
const authed = async (extra: Record<string, string> = {}) => ({ 'X-Auth-Token': await token(), 'X-Tenant-ID': CREDS.tenantId, 'X-Timezone': 'Africa/Johannesburg', ...extra })
const daily = async (id: string, start: string, end: string, headers?: Record<string, string>) =>
  call(`/v1/subscriber/${id}/data/daily`, { method: 'POST', body: { start, end }, headers: headers ?? (await authed()) })

beforeAll(async () => {
  sim = await startInterstellioSimulator({ port: 0, ...CREDS })
})
afterAll(() => sim.stop())
beforeEach(async () => {
  await call('/__control/reset', { method: 'POST' })
  // 14:24 SAST on 3 Dec 2026: 60% of the day gone.
  await call('/__control/config', { method: 'PUT', body: { now: '2026-12-03T14:24:00+02:00' } })
})

describe('the Interstellio simulator', () => {
  it('issues a token for the right credentials only, and never keeps the password', async () => {
    expect((await call('/v3/token', { method: 'POST', body: { ...CREDS, password: 'wrong' } })).status).toBe(401)
    const ok = await call('/v3/token', { method: 'POST', body: CREDS })
    expect(ok.status).toBe(201)
    expect(ok.body.context).toEqual({ domain: CREDS.domain, tenant_id: CREDS.tenantId })
    const log = JSON.stringify((await call('/__control/requests?endpoint=token')).body)
    expect(log).not.toContain(CREDS.password)
    expect(log).not.toContain('wrong')
  })

  it('refuses calls without a live token (401) or for another tenant (403), with a request id', async () => {
    const none = await daily('SUB-1', '2026-12-01T00:00:00+02:00', '2026-12-02T00:00:00+02:00', { 'X-Tenant-ID': CREDS.tenantId })
    expect(none.status).toBe(401)
    expect(none.body.error.request_id).toBe(none.requestId)
    const other = await daily('SUB-1', '2026-12-01T00:00:00+02:00', '2026-12-02T00:00:00+02:00', await authed({ 'X-Tenant-ID': 'someone-else' }))
    expect(other.status).toBe(403)
  })

  it('answers SAST days with offsets, kB with at most three decimals, today partly, no future day', async () => {
    await call('/__control/subscribers/SUB-1', { method: 'PUT', body: { days: { '2026-12-02': { downloadBytes: 1_234_567, uploadBytes: 1_001 } }, dailyDownloadBytes: 1_000_000, dailyUploadBytes: 0 } })
    const r = await daily('SUB-1', '2026-12-01T00:00:00+02:00', '2026-12-06T00:00:00+02:00')
    expect(r.status).toBe(200)
    expect(r.body.payload.map((e: { time: string }) => e.time)).toEqual(['2026-12-01T00:00:00+02:00', '2026-12-02T00:00:00+02:00', '2026-12-03T00:00:00+02:00'])
    expect(r.body.payload[1]).toMatchObject({ download_kb: 1234.567, upload_kb: 1.001 })
    expect(r.body.payload[2].download_kb).toBe(600)
  })

  it('cuts days in UTC when no zone is sent', async () => {
    const r = await daily('SUB-1', '2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z', { 'X-Auth-Token': await token(), 'X-Tenant-ID': CREDS.tenantId })
    expect(r.body.payload.map((e: { time: string }) => e.time)).toEqual(['2026-12-01T00:00:00+00:00'])
  })

  it('limits a daily query to 128 days, and refuses a range it cannot read', async () => {
    expect((await daily('SUB-1', '2026-07-28T00:00:00+02:00', '2026-12-03T00:00:00+02:00')).status).toBe(200)
    const long = await daily('SUB-1', '2026-07-27T00:00:00+02:00', '2026-12-03T00:00:00+02:00')
    expect(long.status).toBe(400)
    expect(long.body.error.description).toMatch(/128 days/)
    expect((await daily('SUB-1', 'yesterday', 'today')).status).toBe(400)
  })

  it('the model is deterministic, differs between subscribers and days, and has heavy users', () => {
    const a = newSubscriber('ISL-100000')
    expect(fullDay(a, '2026-12-01')).toEqual(fullDay(newSubscriber('ISL-100000'), '2026-12-01'))
    expect(fullDay(a, '2026-12-01')).not.toEqual(fullDay(a, '2026-12-02'))
    const perDay = Array.from({ length: 200 }, (_, i) => fullDay(newSubscriber(`ISL-${100000 + i * 7919}`), '2026-12-01').downloadBytes)
    expect(perDay.filter((b) => b > 3e9).length).toBeGreaterThan(10)
    expect(perDay.filter((b) => b < 1e9).length).toBeGreaterThan(10)
  })

  it('enables and disables subscribers, reports status, and lists them in pages', async () => {
    const h = await authed()
    const off = await call('/v1/subscriber/SUB-2', { method: 'PATCH', body: { enabled: false }, headers: h })
    expect(off.body.payload).toMatchObject({ id: 'SUB-2', enabled: false })
    expect((await call('/v2/subscriber/status/SUB-2', { headers: h })).body.payload.enabled).toBe(false)
    expect((await call('/v1/subscriber/SUB-2', { method: 'PATCH', body: { enabled: 'no' }, headers: h })).status).toBe(400)
    await call('/v1/subscriber/SUB-3', { method: 'PATCH', body: { enabled: true }, headers: h })
    const page = await call('/v1/subscribers?l=1&p=2', { headers: h })
    expect(page.body).toMatchObject({ payload: [{ id: 'SUB-3' }], metadata: { records: 2, page: 2, pages: 2, per_page: 1 } })
    expect((await call('/v1/subscribers?l=51', { headers: h })).status).toBe(400)
  })

  it('a subscriber told not to exist is 404; rules apply only where scoped, for as many times as asked', async () => {
    await call('/__control/subscribers/GONE', { method: 'PUT', body: { exists: false } })
    expect((await daily('GONE', '2026-12-01T00:00:00+02:00', '2026-12-02T00:00:00+02:00')).status).toBe(404)
    await call('/__control/rules', { method: 'POST', body: { mode: 'server_error', endpoint: 'usage', subscriberId: 'SUB-5', status: 502, times: 1 } })
    expect((await daily('SUB-6', '2026-12-01T00:00:00+02:00', '2026-12-02T00:00:00+02:00')).status).toBe(200)
    expect((await daily('SUB-5', '2026-12-01T00:00:00+02:00', '2026-12-02T00:00:00+02:00')).status).toBe(502)
    expect((await daily('SUB-5', '2026-12-01T00:00:00+02:00', '2026-12-02T00:00:00+02:00')).status).toBe(200)
    expect((await call('/__control/rules', { method: 'POST', body: { mode: 'explode' } })).status).toBe(400)
  })
})
