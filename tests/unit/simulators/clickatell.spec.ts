import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { startClickatellSimulator, type ClickatellSimulator } from '../../../simulators/clickatell/server'
import { eventually, startCallbackReceiver } from './support'

const API_KEY = 'sim-key-8f3a1c77d2'
const CALLBACK_DELAY_MS = 15

type Entry = { apiMessageId: string | null; accepted: boolean; to: string; clientMessageId?: string; error: { code: number; description: string } | null }
type Answer = { messages: Entry[]; error: { code: number; description: string } | null }
type Sms = { channel?: string; to: string; content: string; clientMessageId?: string }

let sim: ClickatellSimulator
let receiver: Awaited<ReturnType<typeof startCallbackReceiver>>

const sms = (to: string, clientMessageId?: string): Sms => ({ channel: 'sms', to, content: 'Your invoice INV-000123 for R 699.00 is ready.', ...(clientMessageId ? { clientMessageId } : {}) })

async function send(body: unknown, key: string | null = API_KEY) {
  const started = Date.now()
  const res = await fetch(`${sim.url}/v1/message`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(key === null ? {} : { Authorization: key }) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, headers: res.headers, text, elapsedMs: Date.now() - started, json: () => JSON.parse(text) as Answer }
}

const sendSms = (...messages: Sms[]) => send({ messages })

async function control(method: string, path: string, body?: unknown) {
  const res = await fetch(`${sim.url}/__control${path}`, { method, headers: body === undefined ? {} : { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await res.text()
  return { status: res.status, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined }
}

const addRule = (rule: Record<string, unknown>) => control('POST', '/rules', rule)

type SimMessage = { apiMessageId: string; status: string | null; callbacks: Array<{ status: string; statusCode: number; answeredStatus?: number; url: string; replay?: boolean; attempt: number }> }
const simMessages = async (query = '') => (await control('GET', `/messages${query}`)).json!.messages as SimMessage[]

const acceptedId = async (to: string) => {
  const answer = await sendSms(sms(to))
  expect(answer.status).toBe(202)
  return answer.json().messages[0]!.apiMessageId!
}

beforeAll(async () => {
  receiver = await startCallbackReceiver()
  sim = await startClickatellSimulator({ port: 0, apiKey: API_KEY, callbackUrl: `${receiver.url}/api/webhooks/clickatell/hook?token=s3cret`, callbackDelayMs: CALLBACK_DELAY_MS })
})

afterAll(async () => {
  await sim?.stop()
  await receiver?.stop()
})

beforeEach(async () => {
  await control('POST', '/reset')
  receiver.clear()
})

describe('POST /v1/message', () => {
  it('accepts valid messages with 202, a 32-hex id each and the clientMessageId echoed', async () => {
    const answer = await sendSms(sms('27821234567', 'notif-1'), sms('27831234567'))
    expect(answer.status).toBe(202)
    const body = answer.json()
    expect(body.error).toBeNull()
    expect(body.messages).toHaveLength(2)
    expect(body.messages[0]).toEqual({ apiMessageId: expect.stringMatching(/^[0-9a-f]{32}$/), accepted: true, to: '27821234567', clientMessageId: 'notif-1', error: null })
    expect(body.messages[1]).toEqual({ apiMessageId: expect.stringMatching(/^[0-9a-f]{32}$/), accepted: true, to: '27831234567', error: null })
    expect(body.messages[0]!.apiMessageId).not.toBe(body.messages[1]!.apiMessageId)
    const kept = await simMessages()
    expect(kept.map((m) => m.apiMessageId)).toEqual(body.messages.map((m) => m.apiMessageId))
  })

  it('answers 401 with error code 1 for a wrong or missing key, and accepts nothing', async () => {
    for (const key of ['not-the-key', null]) {
      const answer = await send({ messages: [sms('27821234567')] }, key)
      expect(answer.status).toBe(401)
      expect(answer.json()).toMatchObject({ messages: [], error: { code: 1, description: 'Invalid or missing Integration API Key' } })
    }
    expect(await simMessages()).toEqual([])
    const { requests } = (await control('GET', '/requests')).json as { requests: Array<{ authorised: boolean; status: number; messageCount: number }> }
    expect(requests.map((r) => [r.authorised, r.status, r.messageCount])).toEqual([
      [false, 401, 1],
      [false, 401, 1],
    ])
  })

  it('answers 400 to a body that is not JSON, has no messages, none, or more than 200', async () => {
    const tooMany = Array.from({ length: 201 }, (_, i) => sms(`2782${String(i).padStart(7, '0')}`))
    for (const body of ['{"messages": [', { to: '27821234567' }, { messages: [] }, { messages: tooMany }]) {
      const answer = await send(body)
      expect(answer.status).toBe(400)
      expect(answer.json()).toMatchObject({ messages: [], error: { code: expect.any(Number), description: expect.any(String) } })
    }
    expect((await send({ messages: tooMany.slice(0, 200) })).status).toBe(202)
  })

  it('answers 207 when some messages are invalid, and 400 with a top-level error when all are', async () => {
    const mixed = await sendSms(sms('27821234567', 'ok'), sms('+27821234567', 'plus'), { channel: 'sms', to: '27821234568', content: '' })
    expect(mixed.status).toBe(207)
    const entries = mixed.json().messages
    expect(entries.map((e) => e.accepted)).toEqual([true, false, false])
    expect(entries[1]).toEqual({ apiMessageId: null, accepted: false, to: '+27821234567', clientMessageId: 'plus', error: expect.objectContaining({ code: 105 }) })

    const none = await sendSms(sms('0821234567'), { ...sms('27821234567'), channel: 'whatsapp' })
    expect(none.status).toBe(400)
    expect(none.json().error).toMatchObject({ code: 105 })
    expect(none.json().messages.every((e) => !e.accepted && e.error !== null)).toBe(true)
  })

  it('answers unknown routes with a JSON 404', async () => {
    const res = await fetch(`${sim.url}/v1/nothing`)
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ error: { code: 404 } })
  })
})

describe('failure rules', () => {
  it('reject_number refuses only messages to that number (207)', async () => {
    await addRule({ mode: 'reject_number', to: '27820000001' })
    const answer = await sendSms(sms('27821234567'), sms('27820000001', 'blocked'))
    expect(answer.status).toBe(207)
    expect(answer.json().messages[1]).toEqual({ apiMessageId: null, accepted: false, to: '27820000001', clientMessageId: 'blocked', error: expect.objectContaining({ code: 105, description: 'Invalid destination address' }) })
    expect((await sendSms(sms('27820000001'))).status).toBe(400)
  })

  it('rate_limited answers 429 with Retry-After', async () => {
    await addRule({ mode: 'rate_limited', retryAfterSeconds: 7 })
    const answer = await sendSms(sms('27821234567'))
    expect(answer.status).toBe(429)
    expect(answer.headers.get('retry-after')).toBe('7')
    expect(await simMessages()).toEqual([])
  })

  it('server_error answers 503, or the status asked for', async () => {
    const { json } = await addRule({ mode: 'server_error' })
    expect((await sendSms(sms('27821234567'))).status).toBe(503)
    await control('DELETE', `/rules/${json!.id}`)
    await addRule({ mode: 'server_error', status: 500 })
    expect((await sendSms(sms('27821234567'))).status).toBe(500)
  })

  it('out_of_credit answers 402 with code 301', async () => {
    await addRule({ mode: 'out_of_credit' })
    const answer = await sendSms(sms('27821234567'))
    expect(answer.status).toBe(402)
    expect(answer.json()).toMatchObject({ messages: [], error: { code: 301 } })
  })

  it('malformed answers 202 with a body that is not JSON, yet the message went out', async () => {
    await addRule({ mode: 'malformed', times: 1 })
    const answer = await sendSms(sms('27821234567', 'garbled'))
    expect(answer.status).toBe(202)
    expect(() => JSON.parse(answer.text)).toThrow()
    const [kept] = await simMessages()
    expect(kept).toMatchObject({ clientMessageId: 'garbled' })
  })

  it('slow delays the answer by about latencyMs and then answers normally', async () => {
    await addRule({ mode: 'slow', latencyMs: 250 })
    const answer = await sendSms(sms('27821234567'))
    expect(answer.status).toBe(202)
    expect(answer.elapsedMs).toBeGreaterThanOrEqual(240)
    expect(answer.elapsedMs).toBeLessThan(2_000)
  })

  it('a rule with times applies to the next N matching requests, then expires', async () => {
    await addRule({ mode: 'server_error', times: 2, to: '27820000002' })
    expect((await sendSms(sms('27821234567'))).status).toBe(202)
    expect((await sendSms(sms('27820000002'))).status).toBe(503)
    expect((await sendSms(sms('27821234567'), sms('27820000002'))).status).toBe(503)
    expect((await sendSms(sms('27820000002'))).status).toBe(202)
    expect((await control('GET', '/rules')).json).toEqual({ rules: [] })
  })

  it('applies the first matching response rule in insertion order, and clearing removes all', async () => {
    await addRule({ mode: 'out_of_credit' })
    await addRule({ mode: 'rate_limited' })
    expect((await sendSms(sms('27821234567'))).status).toBe(402)
    expect((await control('DELETE', '/rules')).status).toBe(204)
    expect((await sendSms(sms('27821234567'))).status).toBe(202)
  })

  it('refuses a rule it does not understand', async () => {
    expect((await addRule({ mode: 'explode' })).status).toBe(400)
    expect((await addRule({ mode: 'slow', to: '+27821234567' })).status).toBe(400)
  })
})

describe('delivery callbacks', () => {
  it('sends DELIVERED_TO_GATEWAY, then RECEIVED_BY_RECIPIENT, with the message ids', async () => {
    const answer = await sendSms(sms('27821234567', 'notif-42'))
    const id = answer.json().messages[0]!.apiMessageId!
    const calls = await eventually(() => (receiver.for(id).length >= 2 ? receiver.for(id) : undefined))
    expect(calls.map((c) => c.body.status)).toEqual(['DELIVERED_TO_GATEWAY', 'RECEIVED_BY_RECIPIENT'])
    expect(calls[0]!.path).toBe('/api/webhooks/clickatell/hook?token=s3cret')
    expect(calls[0]!.body).toEqual({
      integrationName: 'isp-billing',
      messageId: id,
      clientMessageId: 'notif-42',
      requestId: expect.any(String),
      to: '27821234567',
      from: '',
      timestamp: expect.any(Number),
      status: 'DELIVERED_TO_GATEWAY',
      statusCode: 3,
      statusDescription: 'Delivered to gateway',
    })
    expect(calls[1]!.body).toMatchObject({ statusCode: 4, statusDescription: 'Received by recipient', requestId: calls[0]!.body.requestId })

    const [kept] = await eventually(async () => {
      const list = await simMessages('?to=27821234567')
      return list[0]?.callbacks.length === 2 ? list : undefined
    })
    expect(kept!.status).toBe('RECEIVED_BY_RECIPIENT')
    expect(kept!.callbacks.map((c) => [c.status, c.answeredStatus])).toEqual([
      ['DELIVERED_TO_GATEWAY', 200],
      ['RECEIVED_BY_RECIPIENT', 200],
    ])
    expect(kept!.callbacks[0]!.url).toBe(`${receiver.url}/api/webhooks/clickatell/hook`)
  })

  it('retries a callback our app answered with a 5xx', async () => {
    receiver.answerNext(503)
    const id = await acceptedId('27821234567')
    const calls = await eventually(() => (receiver.for(id).length >= 3 ? receiver.for(id) : undefined))
    expect(calls.map((c) => c.body.status)).toEqual(['DELIVERED_TO_GATEWAY', 'DELIVERED_TO_GATEWAY', 'RECEIVED_BY_RECIPIENT'])
    expect(calls[1]!.raw).toBe(calls[0]!.raw)
    const [kept] = await eventually(async () => {
      const list = await simMessages()
      return list[0]?.callbacks.length === 3 ? list : undefined
    })
    expect(kept!.callbacks.map((c) => [c.attempt, c.answeredStatus])).toEqual([
      [1, 503],
      [2, 200],
      [1, 200],
    ])
  })

  it('undeliverable ends with statusCode 7 ERROR_DELIVERING', async () => {
    await addRule({ mode: 'undeliverable', to: '27820000003' })
    const id = await acceptedId('27820000003')
    const calls = await eventually(() => (receiver.for(id).length >= 2 ? receiver.for(id) : undefined))
    expect(calls[1]!.body).toMatchObject({ status: 'ERROR_DELIVERING', statusCode: 7, statusDescription: 'Error delivering message' })
  })

  it('duplicate_callbacks sends every callback twice, identically', async () => {
    await addRule({ mode: 'duplicate_callbacks' })
    const id = await acceptedId('27821234567')
    const calls = await eventually(() => (receiver.for(id).length >= 4 ? receiver.for(id) : undefined))
    expect(calls.map((c) => c.body.statusCode)).toEqual([3, 3, 4, 4])
    expect(calls[1]!.raw).toBe(calls[0]!.raw)
    expect(calls[3]!.raw).toBe(calls[2]!.raw)
  })

  it('reorder_callbacks sends the final status before the intermediate one', async () => {
    await addRule({ mode: 'reorder_callbacks' })
    const id = await acceptedId('27821234567')
    const calls = await eventually(() => (receiver.for(id).length >= 2 ? receiver.for(id) : undefined))
    expect(calls.map((c) => c.body.statusCode)).toEqual([4, 3])
  })

  it('drop_callbacks sends none for the matching number, while others still get theirs', async () => {
    await addRule({ mode: 'drop_callbacks', to: '27820000004' })
    const answer = await sendSms(sms('27820000004'), sms('27821234567'))
    const [dropped, delivered] = answer.json().messages.map((m) => m.apiMessageId!)
    await eventually(() => (receiver.for(delivered!).length >= 2 ? true : undefined))
    expect(receiver.for(dropped!)).toEqual([])
    expect((await simMessages('?to=27820000004'))[0]).toMatchObject({ status: null, callbacks: [] })
  })

  it('replays the last callback with an identical body', async () => {
    const id = await acceptedId('27821234567')
    await eventually(async () => ((await simMessages())[0]?.callbacks.length === 2 ? true : undefined))
    receiver.answerNext(500)
    const replay = await control('POST', `/callbacks/${id}/replay`)
    expect(replay).toMatchObject({ status: 200, json: { answeredStatus: 500 } })
    const calls = receiver.for(id)
    expect(calls).toHaveLength(3)
    expect(calls[2]!.raw).toBe(calls[1]!.raw)
    expect(calls[2]!.path).toBe(calls[1]!.path)
    const [kept] = await simMessages()
    expect(kept!.callbacks[2]).toMatchObject({ replay: true, answeredStatus: 500, status: 'RECEIVED_BY_RECIPIENT' })
    expect((await control('POST', '/callbacks/0000/replay')).status).toBe(404)
  })

  it('sends nothing when no callback URL is configured, and follows PUT /__control/config', async () => {
    await control('PUT', '/config', { callbackUrl: null })
    const silent = await acceptedId('27821234567')
    await control('PUT', '/config', { callbackUrl: `${receiver.url}/other` })
    const heard = await acceptedId('27821234568')
    await eventually(() => (receiver.for(heard).length >= 2 ? true : undefined))
    expect(receiver.for(heard)[0]!.path).toBe('/other')
    expect(receiver.for(silent)).toEqual([])
    await control('PUT', '/config', { callbackUrl: `${receiver.url}/api/webhooks/clickatell/hook?token=s3cret` })
  })
})

describe('control API', () => {
  it('never shows the API key, even after requests with a wrong one', async () => {
    await send({ messages: [sms('27821234567')] })
    await send({ messages: [sms('27821234567')] }, 'wrong-key-5d1e9b')
    await addRule({ mode: 'slow', latencyMs: 1, times: 5 })
    for (const path of ['/messages', '/requests', '/rules', '/config']) {
      const { text } = await control('GET', path)
      expect(text).not.toContain(API_KEY)
      expect(text).not.toContain('wrong-key-5d1e9b')
    }
    const { requests } = (await control('GET', '/requests')).json as { requests: Array<Record<string, unknown>> }
    expect(requests).toHaveLength(2)
    expect(Object.keys(requests[0]!).sort()).toEqual(['at', 'authorised', 'body', 'messageCount', 'status'])
  })

  it('reset forgets messages, requests and rules', async () => {
    await acceptedId('27821234567')
    await addRule({ mode: 'out_of_credit' })
    expect((await control('POST', '/reset')).status).toBe(204)
    expect(await simMessages()).toEqual([])
    expect((await control('GET', '/requests')).json).toEqual({ requests: [] })
    expect((await sendSms(sms('27821234567'))).status).toBe(202)
  })

  it('answers unknown control routes with a JSON 404', async () => {
    expect((await control('GET', '/nope')).status).toBe(404)
  })
})
