import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { addDays, sastDateOf } from '../../src/domain/calendarDate'
import { BYTES_PER_KB, kbToBytes } from '../../src/domain/usage'
import { dailyChunks, interstellioClient, MAX_DAILY_SPAN_DAYS, usageDayOf } from '../../src/integrations/interstellio/client'
import { startInterstellioSimulator, type InterstellioSimulator } from '../../simulators/interstellio/server'

const CREDS = { domain: 'isp.test', username: 'isp-billing', password: 'unit-password', tenantId: 'unit-tenant' }
let sim: InterstellioSimulator
const waits: number[] = []
const control = (path: string, init: { method?: string; body?: unknown } = {}) =>
  fetch(`${sim.url}/__control${path}`, { method: init.method ?? 'GET', body: init.body === undefined ? undefined : JSON.stringify(init.body), headers: { 'Content-Type': 'application/json' } }).then(async (r) => {
    const text = await r.text()
    return text ? JSON.parse(text) : undefined
  })
const client = (over: { password?: string; timeoutMs?: number } = {}) =>
  interstellioClient({
    identityUrl: sim.url,
    subscriberUrl: sim.url,
    telemetryUrl: sim.url,
    domain: CREDS.domain,
    username: CREDS.username,
    password: 'password' in over ? over.password : CREDS.password,
    timeoutMs: over.timeoutMs ?? 2000,
    retry: { sleep: async (ms) => void waits.push(ms), random: () => 0.5 },
    now: () => fixed,
  })
const requests = async (endpoint?: string) => (await control(`/requests${endpoint ? `?endpoint=${endpoint}` : ''}`)).requests as Array<{ endpoint: string; status: number; body: { start: string; end: string }; headers: Record<string, unknown> }>

// One instant per test, for the client and the simulator alike: a test that runs across SAST
// midnight still agrees with itself about which day is today.
let fixed = new Date()
let today = sastDateOf(fixed)

beforeAll(async () => {
  sim = await startInterstellioSimulator({ port: 0, ...CREDS })
})
afterAll(() => sim.stop())
beforeEach(async () => {
  waits.length = 0
  await control('/reset', { method: 'POST' })
  fixed = new Date()
  today = sastDateOf(fixed)
  await control('/config', { method: 'PUT', body: { now: fixed.toISOString() } })
})

describe('Interstellio units and ranges (pure)', () => {
  it('a kB is 1,000 bytes, fractions kept to the byte', () => {
    expect(BYTES_PER_KB).toBe(1000)
    expect(kbToBytes(1536.25)).toBe(1_536_250)
    expect(kbToBytes(0.001)).toBe(1)
    expect(kbToBytes(123_456_789.123)).toBe(123_456_789_123)
  })

  it('a day named with an offset is its SAST day; a bare date is as written', () => {
    expect(usageDayOf('2026-12-01T00:00:00+02:00')).toBe('2026-12-01')
    expect(usageDayOf('2026-11-30T22:00:00Z')).toBe('2026-12-01')
    expect(usageDayOf('2026-12-01')).toBe('2026-12-01')
    expect(usageDayOf('yesterday')).toBeNull()
  })

  it('a long range is cut into queries of at most 128 days that cover it exactly', () => {
    const chunks = dailyChunks('2026-01-01', '2026-12-31')
    expect(chunks).toEqual([
      { from: '2026-01-01', to: '2026-05-08' },
      { from: '2026-05-09', to: '2026-09-13' },
      { from: '2026-09-14', to: '2026-12-31' },
    ])
    expect(dailyChunks('2026-12-03', '2026-12-03')).toEqual([{ from: '2026-12-03', to: '2026-12-03' }])
    expect(MAX_DAILY_SPAN_DAYS).toBe(128)
  })
})

describe('the Interstellio client against the simulator', () => {
  it('signs in once, sends the token, tenant and SAST zone, and reads daily usage in exact bytes', async () => {
    await control('/subscribers/SUB-1', { method: 'PUT', body: { days: { [addDays(today, -1)]: { downloadBytes: 12_345_678_901, uploadBytes: 1_234_567 } } } })
    const c = client()
    const first = await c.dailyUsage('SUB-1', addDays(today, -3), today)
    const second = await c.dailyUsage('SUB-1', addDays(today, -3), today)
    expect(first.ok && second.ok).toBe(true)
    if (!first.ok) return
    expect(first.value.map((d) => d.date)).toEqual([addDays(today, -3), addDays(today, -2), addDays(today, -1), today])
    expect(first.value[2]).toEqual({ date: addDays(today, -1), downloadBytes: 12_345_678_901, uploadBytes: 1_234_567 })
    // The clock is pinned, so even today's (growing) figure answers the same twice.
    expect(second.ok && second.value).toEqual(first.value)
    expect((await requests('token')).length).toBe(1)
    const usage = await requests('usage')
    expect(usage[0].headers).toMatchObject({ authToken: true, tenantId: CREDS.tenantId, timezone: 'Africa/Johannesburg' })
    expect(usage[0].body).toEqual({ start: `${addDays(today, -3)}T00:00:00+02:00`, end: `${addDays(today, 1)}T00:00:00+02:00` })
  })

  it('wrong credentials: UNAUTHORISED, not retried, the password nowhere in the error', async () => {
    const r = await client({ password: 'not-the-password' }).dailyUsage('SUB-1', today, today)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error).toMatchObject({ code: 'UNAUTHORISED', vendorDown: false, attempts: 1 })
    expect(JSON.stringify(r.error)).not.toContain('not-the-password')
  })

  it('no password configured: NOT_CONFIGURED without a call', async () => {
    const r = await client({ password: undefined }).dailyUsage('SUB-1', today, today)
    expect(!r.ok && r.error.code).toBe('NOT_CONFIGURED')
    expect(await requests()).toEqual([])
  })

  it('renews an expired token once and carries on', async () => {
    const c = client()
    expect((await c.dailyUsage('SUB-1', today, today)).ok).toBe(true)
    await control('/rules', { method: 'POST', body: { mode: 'expire_token', endpoint: 'usage', times: 1 } })
    const r = await c.dailyUsage('SUB-1', today, today)
    expect(r.ok).toBe(true)
    expect((await requests('token')).length).toBe(2)
  })

  it('429 with Retry-After: waits what it says, then succeeds', async () => {
    await control('/rules', { method: 'POST', body: { mode: 'rate_limited', endpoint: 'usage', retryAfterSeconds: 2, times: 1 } })
    const r = await client().dailyUsage('SUB-1', today, today)
    expect(r.ok && r.attempts).toBe(2)
    expect(waits).toEqual([2000])
  })

  it('429 asking for longer than a call waits: given up as RATE_LIMITED, with the request id', async () => {
    await control('/rules', { method: 'POST', body: { mode: 'rate_limited', endpoint: 'usage', retryAfterSeconds: 600 } })
    const r = await client().dailyUsage('SUB-1', today, today)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error).toMatchObject({ code: 'RATE_LIMITED', vendorDown: true, status: 429, attempts: 1 })
    expect(r.error.requestId).toMatch(/\S/)
  })

  it('5xx then success: retried with backoff and jitter', async () => {
    await control('/rules', { method: 'POST', body: { mode: 'server_error', endpoint: 'usage', status: 502, times: 2 } })
    const r = await client().dailyUsage('SUB-1', today, today)
    expect(r.ok && r.attempts).toBe(3)
    expect(waits).toEqual([125, 250])
  })

  it('5xx every time: UNAVAILABLE after four attempts, blaming the vendor', async () => {
    await control('/rules', { method: 'POST', body: { mode: 'server_error', endpoint: 'usage' } })
    const r = await client().dailyUsage('SUB-1', today, today)
    expect(!r.ok && r.error).toMatchObject({ code: 'UNAVAILABLE', vendorDown: true, status: 503, attempts: 4 })
  })

  it('a dropped connection is retried', async () => {
    await control('/rules', { method: 'POST', body: { mode: 'drop_connection', endpoint: 'usage', times: 1 } })
    const r = await client().dailyUsage('SUB-1', today, today)
    expect(r.ok && r.attempts).toBe(2)
  })

  it('too slow: TIMEOUT, retried, then given up', async () => {
    await control('/rules', { method: 'POST', body: { mode: 'slow', endpoint: 'usage', latencyMs: 400 } })
    const r = await client({ timeoutMs: 100 }).dailyUsage('SUB-1', today, today)
    expect(!r.ok && r.error).toMatchObject({ code: 'TIMEOUT', vendorDown: true, attempts: 4 })
  })

  it('malformed, garbage and partial answers are refused whole', async () => {
    for (const [mode, code] of [['malformed', 'MALFORMED_RESPONSE'], ['garbage', 'MALFORMED_RESPONSE'], ['partial', 'PARTIAL_RESPONSE']] as const) {
      await control('/rules', { method: 'POST', body: { mode, endpoint: 'usage', times: 1 } })
      const r = await client().dailyUsage('SUB-1', addDays(today, -9), today)
      expect(!r.ok && r.error.code, mode).toBe(code)
      expect(!r.ok && r.error.vendorDown, mode).toBe(false)
    }
  })

  it('reads a bare array as well as {payload}', async () => {
    await control('/config', { method: 'PUT', body: { bareArray: true } })
    const r = await client().dailyUsage('SUB-1', addDays(today, -2), today)
    expect(r.ok && r.value.length).toBe(3)
  })

  it('splits a 200-day range into two queries of at most 128 days, and joins the answers', async () => {
    const r = await client().dailyUsage('SUB-1', addDays(today, -199), today)
    expect(r.ok && r.value.length).toBe(200)
    const bodies = (await requests('usage')).map((q) => q.body)
    expect(bodies).toEqual([
      { start: `${addDays(today, -199)}T00:00:00+02:00`, end: `${addDays(today, -71)}T00:00:00+02:00` },
      { start: `${addDays(today, -71)}T00:00:00+02:00`, end: `${addDays(today, 1)}T00:00:00+02:00` },
    ])
  })

  it('an unknown subscriber is NOT_FOUND, and an id that is not one is refused without a call', async () => {
    await control('/subscribers/GONE-1', { method: 'PUT', body: { exists: false } })
    const gone = await client().dailyUsage('GONE-1', today, today)
    expect(!gone.ok && gone.error).toMatchObject({ code: 'NOT_FOUND', status: 404, vendorDown: false })
    const bad = await client().dailyUsage('../../v3/token', today, today)
    expect(!bad.ok && bad.error.code).toBe('BAD_REQUEST')
    expect((await requests('usage')).length).toBe(1)
  })

  it('enables and disables a subscriber, idempotently', async () => {
    const c = client()
    expect(await c.setSubscriberEnabled('SUB-9', false)).toMatchObject({ ok: true, value: { enabled: false } })
    expect(await c.setSubscriberEnabled('SUB-9', false)).toMatchObject({ ok: true })
    expect(await c.setSubscriberEnabled('SUB-9', true)).toMatchObject({ ok: true, value: { enabled: true } })
    const sub = await control('/subscribers/SUB-9')
    expect(sub.enabled).toBe(true)
    expect(sub.history.map((h: { enabled: boolean }) => h.enabled)).toEqual([false, false, true])
  })
})

describe('a subscriber with less history than asked for', () => {
  it('days before its first figure may be missing; a gap after it may not', async () => {
    const fixed = new Date()
    const day = sastDateOf(fixed)
    // The simulator answers every day; a bare-array answer from a fake fetch stands in for a short history.
    const answer = (days: string[]) =>
      interstellioClient({
        identityUrl: 'http://vendor.test', subscriberUrl: 'http://vendor.test', telemetryUrl: 'http://vendor.test', domain: 'd', username: 'u', password: 'p', tenantId: 't', timeoutMs: 1000, now: () => fixed,
        fetch: (async (url: string) => {
          if (String(url).endsWith('/v3/token')) return new Response(JSON.stringify({ token: 'tok', context: { tenant_id: 't' } }), { status: 201 })
          return new Response(JSON.stringify(days.map((d) => ({ time: `${d}T00:00:00+02:00`, download_kb: 1, upload_kb: 1 }))), { status: 200 })
        }) as typeof fetch,
      }).dailyUsage('SUB-1', addDays(day, -5), day)
    const short = await answer([addDays(day, -2), addDays(day, -1)])
    expect(short.ok && short.value.map((d) => d.date)).toEqual([addDays(day, -2), addDays(day, -1)])
    const none = await answer([])
    expect(none.ok && none.value).toEqual([])
    const gap = await answer([addDays(day, -3), addDays(day, -1)])
    expect(!gap.ok && gap.error.code).toBe('PARTIAL_RESPONSE')
  })
})
