import net from 'node:net'

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { clickatellClient } from '../../src/integrations/clickatell/client'
import { startClickatellSimulator, type ClickatellSimulator } from '../../simulators/clickatell/server'

const KEY = 'unit-test-key'
let sim: ClickatellSimulator
const waits: number[] = []
const control = (path: string, init: RequestInit = {}) =>
  fetch(`${sim.url}/__control${path}`, { ...init, headers: { 'Content-Type': 'application/json' } }).then(async (r) => {
    const text = await r.text()
    return text ? JSON.parse(text) : undefined
  })
const client = (apiKey = KEY, url?: string) =>
  clickatellClient({ baseUrl: url ?? sim.url, apiKey, timeoutMs: 2000, retry: { sleep: async (ms) => void waits.push(ms), random: () => 0.5 } })
const msg = (n: number, to = `2782${String(1000000 + n).slice(-7)}`) => ({ clientMessageId: `c${n}`, to, content: `hello ${n}` })

beforeAll(async () => {
  sim = await startClickatellSimulator({ port: 0, apiKey: KEY })
})
afterAll(() => sim.stop())
beforeEach(async () => {
  waits.length = 0
  await control('/reset', { method: 'POST' })
})

describe('the Clickatell client against the simulator', () => {
  it('sends in calls of at most 200 and answers one result per message, in order', async () => {
    const messages = Array.from({ length: 250 }, (_, i) => msg(i))
    const results = await client().send(messages)
    expect(results).toHaveLength(250)
    expect(results.every((r, i) => r.outcome === 'accepted' && r.clientMessageId === `c${i}`)).toBe(true)
    const { requests } = await control('/requests')
    expect(requests.map((r: { messageCount: number }) => r.messageCount)).toEqual([200, 50])
  })

  it('refuses a number that is not an MSISDN without calling', async () => {
    const [r] = await client().send([msg(1, '082 123 4567')])
    expect(r).toMatchObject({ outcome: 'rejected', code: 'INVALID_NUMBER', retryable: false })
    expect((await control('/requests')).requests).toEqual([])
  })

  it('207: the accepted ones accepted, the refused one refused with the reason', async () => {
    await control('/rules', { method: 'POST', body: JSON.stringify({ mode: 'reject_number', to: '27820000002' }) })
    const results = await client().send([msg(1, '27820000001'), msg(2, '27820000002')])
    expect(results.map((r) => r.outcome)).toEqual(['accepted', 'rejected'])
    expect(results[1]).toMatchObject({ code: 'REJECTED', retryable: false })
  })

  it('402 out of credit is final', async () => {
    await control('/rules', { method: 'POST', body: JSON.stringify({ mode: 'out_of_credit' }) })
    const [r] = await client().send([msg(1)])
    expect(r).toMatchObject({ outcome: 'rejected', code: 'OUT_OF_CREDIT', retryable: false, httpStatus: 402, attempts: 1 })
  })

  it('401 is final and never echoes the key', async () => {
    const [r] = await client('wrong-key').send([msg(1)])
    expect(r).toMatchObject({ code: 'UNAUTHORISED', retryable: false })
    expect(JSON.stringify(r)).not.toContain('wrong-key')
  })

  it('429 waits as long as Retry-After says, then sends', async () => {
    await control('/rules', { method: 'POST', body: JSON.stringify({ mode: 'rate_limited', retryAfterSeconds: 3, times: 1 }) })
    const [r] = await client().send([msg(1)])
    expect(r).toMatchObject({ outcome: 'accepted', attempts: 2 })
    expect(waits).toEqual([3000])
  })

  it('503 and 500 are retried with backoff; four failures in a row give up, retryable', async () => {
    await control('/rules', { method: 'POST', body: JSON.stringify({ mode: 'server_error', times: 2 }) })
    const [ok] = await client().send([msg(1)])
    expect(ok).toMatchObject({ outcome: 'accepted', attempts: 3 })
    expect(waits).toEqual([250, 500])
    waits.length = 0
    await control('/rules', { method: 'POST', body: JSON.stringify({ mode: 'server_error', status: 500 }) })
    const [down] = await client().send([msg(2)])
    expect(down).toMatchObject({ outcome: 'rejected', code: 'UNAVAILABLE', retryable: true, attempts: 4 })
    expect(waits).toEqual([250, 500, 1000])
  })

  it('a refused connection (nothing sent) is retried; an unreachable vendor ends retryable', async () => {
    const closed = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as net.AddressInfo
        srv.close(() => resolve(port))
      })
    })
    const [r] = await client(KEY, `http://127.0.0.1:${closed}`).send([msg(1)])
    expect(r).toMatchObject({ outcome: 'rejected', code: 'NETWORK', retryable: true, attempts: 4 })
  })

  it('a vendor that times out is not sent to again: the message may have gone', async () => {
    await control('/rules', { method: 'POST', body: JSON.stringify({ mode: 'slow', latencyMs: 2500, times: 1 }) })
    const [r] = await client().send([msg(1)])
    expect(r).toMatchObject({ outcome: 'rejected', code: 'NETWORK', retryable: false, attempts: 1 })
    expect((await control('/messages')).messages).toHaveLength(1)
  })

  it('a Retry-After longer than the in-call wait is left to the caller, retryable', async () => {
    await control('/rules', { method: 'POST', body: JSON.stringify({ mode: 'rate_limited', retryAfterSeconds: 60 }) })
    const [r] = await client().send([msg(1)])
    expect(r).toMatchObject({ outcome: 'rejected', code: 'RATE_LIMITED', retryable: true, attempts: 1 })
    expect(waits).toEqual([])
  })

  it('a 2xx body we cannot read is never resent (the message may have gone)', async () => {
    await control('/rules', { method: 'POST', body: JSON.stringify({ mode: 'malformed' }) })
    const [r] = await client().send([msg(1)])
    expect(r).toMatchObject({ outcome: 'rejected', code: 'MALFORMED_RESPONSE', retryable: false, attempts: 1 })
    expect((await control('/requests')).requests).toHaveLength(1)
  })

  it('without an API key nothing is sent', async () => {
    const [r] = await clickatellClient({ baseUrl: sim.url, timeoutMs: 1000 }).send([msg(1)])
    expect(r).toMatchObject({ code: 'NOT_CONFIGURED', retryable: false })
  })
})
