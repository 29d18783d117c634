import { randomBytes, randomUUID } from 'node:crypto'
import { setMaxListeners } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { z } from 'zod'

import { CappedLog } from '../shared/capped-log'
import { close, httpUrl, listen, parseJson, readBody, sendJson, sendNoContent, sleep, zodIssues } from '../shared/http'
import { handleRuleRoutes, RuleBook, type RuleEntry } from '../shared/rules'
import { fullDay, newSubscriber, toKb, type Subscriber } from './model'
import { interstellioRuleSchema, ruleMatches, type Endpoint, type InterstellioRule } from './rules'

export type InterstellioSimulatorOptions = {
  /** 0 or undefined: a free port. */
  port?: number
  /** Default 127.0.0.1: the control API has no auth, so keep it off the network. */
  host?: string
  domain: string
  username: string
  password: string
  tenantId: string
  /** Added to every answer of the vendor API (not the control API); default 0. */
  latencyMs?: number
  /** The simulator's clock (default the real one); `PUT /__control/config {now}` pins it too. */
  now?: () => Date
}

export type InterstellioSimulator = {
  /** http://127.0.0.1:PORT: the identity, subscriber and telemetry base URL at once. */
  url: string
  port: number
  stop(): Promise<void>
}

type RequestRecord = {
  at: string
  requestId: string
  endpoint: Endpoint | 'unknown'
  method: string
  path: string
  subscriberId: string | null
  status: number | null
  /** The JSON body; a token request's password is never kept, only whether one was given. */
  body: unknown
  headers: { authToken: boolean; tenantId: string | null; timezone: string | null }
  rule: InterstellioRule['mode'] | null
}

const MAX_REQUESTS_KEPT = 20_000
const MAX_BODY_BYTES = 256 * 1024
const DEFAULT_SLOW_MS = 1_000
const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000
/** Interstellio's limits on one telemetry query. */
const MAX_DAILY_SPAN_MS = 128 * DAY_MS
const MAX_HOURLY_SPAN_MS = 3072 * HOUR_MS
const TOKEN_TTL_SECONDS = 365 * 86_400
/** The zones the simulator cuts days in (offset minutes; neither has daylight saving). */
const ZONES: Record<string, number> = { UTC: 0, 'Etc/UTC': 0, 'Africa/Johannesburg': 120 }
const GARBAGE_BODY = '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>'
const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/

const configSchema = z
  .object({
    latencyMs: z.number().int().min(0).max(60_000).optional(),
    now: z.iso.datetime({ offset: true }).nullable().optional(),
    tokenTtlSeconds: z.number().int().positive().max(TOKEN_TTL_SECONDS).optional(),
    bareArray: z.boolean().optional(),
  })
  .strict()

const dayOverride = z.object({ downloadBytes: z.number().int().nonnegative(), uploadBytes: z.number().int().nonnegative() }).strict()
const subscriberPatchSchema = z
  .object({
    exists: z.boolean().optional(),
    enabled: z.boolean().optional(),
    dailyDownloadBytes: z.number().int().nonnegative().nullable().optional(),
    dailyUploadBytes: z.number().int().nonnegative().nullable().optional(),
    /** Replaces the overrides whole. */
    days: z.record(z.string().regex(/^\d{4}-\d{2}-\d{2}$/), dayOverride).optional(),
  })
  .strict()

const tokenBodySchema = z.object({ domain: z.string(), username: z.string(), password: z.string(), otp: z.string().optional() })
const rangeSchema = z.object({ start: z.string().regex(/^\d{4}-\d{2}-\d{2}T/), end: z.string().regex(/^\d{4}-\d{2}-\d{2}T/) })
const enableSchema = z.object({ enabled: z.boolean() }).passthrough()


/** `2026-12-01T00:00:00+02:00`: an instant written in a zone of `offsetMin`. */
function localIso(ms: number, offsetMin: number): string {
  const sign = offsetMin < 0 ? '-' : '+'
  const abs = Math.abs(offsetMin)
  return `${new Date(ms + offsetMin * 60_000).toISOString().slice(0, 19)}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
}
const localDay = (ms: number, offsetMin: number) => new Date(ms + offsetMin * 60_000).toISOString().slice(0, 10)
const dayStartMs = (day: string, offsetMin: number) => Date.parse(`${day}T00:00:00Z`) - offsetMin * 60_000

/**
 * Interstellio (NebularStack) as our client meets it: identity (`POST /v3/token`), telemetry
 * (`POST /v1/subscriber/{id}/data/daily|hourly`), subscriber (`PATCH /v1/subscriber/{id}`,
 * `GET /v2/subscriber/status/{id}`, `GET /v1/subscribers`) on one port, with failure rules and a
 * control API under `/__control`. Every subscriber id exists until told otherwise, with usage from
 * a deterministic model; today's figure grows with the clock and future days are never answered.
 */
export async function startInterstellioSimulator(opts: InterstellioSimulatorOptions): Promise<InterstellioSimulator> {
  const host = opts.host ?? '127.0.0.1'
  const initialConfig = () => ({ latencyMs: opts.latencyMs ?? 0, now: null as string | null, tokenTtlSeconds: TOKEN_TTL_SECONDS, bareArray: false })
  let config = initialConfig()
  const requests = new CappedLog<RequestRecord>(MAX_REQUESTS_KEPT)
  const rules = new RuleBook<InterstellioRule>()
  const subscribers = new Map<string, Subscriber>()
  const tokens = new Map<string, { expiresAt: number }>()
  const lifetime = new AbortController()
  // Every request waiting out its latency listens on it: hundreds at once under load are expected.
  setMaxListeners(0, lifetime.signal)
  const now = () => (config.now ? new Date(config.now) : (opts.now?.() ?? new Date()))

  const subscriber = (id: string) => {
    let sub = subscribers.get(id)
    if (!sub) subscribers.set(id, (sub = newSubscriber(id)))
    return sub
  }

  function route(method: string, path: string): { endpoint: Endpoint; subscriberId: string | null; aggregation?: string } | null {
    if (method === 'POST' && path === '/v3/token') return { endpoint: 'token', subscriberId: null }
    if (method === 'GET' && path === '/v1/subscribers') return { endpoint: 'list', subscriberId: null }
    let m = /^\/v1\/subscriber\/([^/]+)\/data\/([^/]+)$/.exec(path)
    if (m && method === 'POST') return { endpoint: 'usage', subscriberId: decodeURIComponent(m[1]!), aggregation: m[2] }
    m = /^\/v2\/subscriber\/status\/([^/]+)$/.exec(path)
    if (m && method === 'GET') return { endpoint: 'status', subscriberId: decodeURIComponent(m[1]!) }
    m = /^\/v1\/subscriber\/([^/]+)$/.exec(path)
    if (m && (method === 'PATCH' || method === 'GET')) return { endpoint: 'subscriber', subscriberId: decodeURIComponent(m[1]!) }
    return null
  }

  /** The daily or hourly answer for one subscriber, in the zone the caller asked for. */
  function usageEntries(sub: Subscriber, aggregation: string, startMs: number, endMs: number, offsetMin: number) {
    const at = now().getTime()
    const entries: Array<{ time: string; download_kb: number; upload_kb: number; combined_kb: number }> = []
    const push = (time: number, down: number, up: number) => entries.push({ time: localIso(time, offsetMin), download_kb: toKb(down), upload_kb: toKb(up), combined_kb: toKb(down) + toKb(up) })
    if (aggregation === 'daily') {
      for (let day = localDay(startMs, offsetMin); dayStartMs(day, offsetMin) < endMs; day = localDay(dayStartMs(day, offsetMin) + DAY_MS, offsetMin)) {
        const from = dayStartMs(day, offsetMin)
        if (from > at) break
        const share = Math.min(1, (at - from) / DAY_MS)
        const figure = fullDay(sub, day)
        push(from, Math.round(figure.downloadBytes * share), Math.round(figure.uploadBytes * share))
      }
    } else {
      for (let from = Math.floor(startMs / HOUR_MS) * HOUR_MS; from < endMs && from <= at; from += HOUR_MS) {
        const share = Math.min(1, (at - from) / HOUR_MS) / 24
        const figure = fullDay(sub, localDay(from, offsetMin))
        push(from, Math.round(figure.downloadBytes * share), Math.round(figure.uploadBytes * share))
      }
    }
    return entries
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const requestId = randomUUID()
    const method = req.method ?? 'GET'
    const read = await readBody(req, MAX_BODY_BYTES)
    const json = read.ok ? parseJson(read.text) : undefined
    const header = (name: string) => {
      const v = req.headers[name]
      return typeof v === 'string' ? v : null
    }
    const found = route(method, url.pathname)
    const keptBody = found?.endpoint === 'token' && json && typeof json === 'object' ? { ...(json as object), password: 'password' in (json as object) ? '(given, not kept)' : null } : (json ?? null)
    const record: RequestRecord = {
      at: now().toISOString(),
      requestId,
      endpoint: found?.endpoint ?? 'unknown',
      method,
      path: url.pathname,
      subscriberId: found?.subscriberId ?? null,
      status: null,
      body: keptBody,
      headers: { authToken: header('x-auth-token') !== null, tenantId: header('x-tenant-id'), timezone: header('x-timezone') },
      rule: null,
    }
    requests.push(record)
    // Set once the rule is known. Everything the request changes (a subscriber enabled) is done
    // before the wait, as at the vendor: a caller that gives up on a slow answer has still made it.
    let latency = 0
    const answer = async (status: number, body: unknown, headers: Record<string, string> = {}) => {
      if (latency > 0) await sleep(latency, lifetime.signal)
      if (res.destroyed) return
      record.status = status
      sendJson(res, status, body, { 'X-Request-ID': requestId, ...headers })
    }
    const refuse = (status: number, title: string, description: string, headers?: Record<string, string>) => answer(status, { error: { title, description, request_id: requestId } }, headers)

    if (!found) return refuse(404, 'Not Found', `No route for ${method} ${url.pathname}`)
    if (!read.ok) return refuse(400, 'Bad Request', 'The body is over 256 kB')

    const entry: RuleEntry<InterstellioRule> | undefined = rules.matching((r) => ruleMatches(r, found.endpoint, found.subscriberId))[0]
    if (entry) rules.consume(entry)
    const rule = entry?.rule
    record.rule = rule?.mode ?? null
    latency = config.latencyMs + (rule?.latencyMs ?? (rule?.mode === 'slow' ? DEFAULT_SLOW_MS : 0))

    if (rule?.mode === 'drop_connection') {
      if (latency > 0) await sleep(latency, lifetime.signal)
      record.status = 0
      return void req.socket.destroy()
    }
    if (rule?.mode === 'rate_limited') return refuse(429, 'Too Many Requests', 'Rate limit exceeded, retry later', { 'Retry-After': String(rule.retryAfterSeconds ?? 1) })
    if (rule?.mode === 'server_error') return refuse(rule.status ?? 503, 'Service Unavailable', 'The service is temporarily unavailable')
    if (rule?.mode === 'garbage') {
      if (latency > 0) await sleep(latency, lifetime.signal)
      if (res.destroyed) return
      record.status = 200
      res.writeHead(200, { 'Content-Type': 'text/html', 'X-Request-ID': requestId })
      return void res.end(GARBAGE_BODY)
    }

    if (found.endpoint === 'token') {
      const body = tokenBodySchema.safeParse(json)
      if (!body.success) return refuse(400, 'Bad Request', 'domain, username and password are required')
      if (body.data.domain !== opts.domain || body.data.username !== opts.username || body.data.password !== opts.password) return refuse(401, 'Unauthorized', 'Authentication failed')
      const token = randomBytes(24).toString('hex')
      const expiresAt = now().getTime() + config.tokenTtlSeconds * 1000
      tokens.set(token, { expiresAt })
      return answer(201, { token, expire: new Date(expiresAt).toISOString(), context: { domain: opts.domain, tenant_id: opts.tenantId }, roles: ['Operations'] })
    }

    // Everything else needs a live token and our tenant.
    const token = header('x-auth-token')
    const live = token === null ? undefined : tokens.get(token)
    if (!live || live.expiresAt <= now().getTime()) return refuse(401, 'Unauthorized', 'The token is missing, unknown or expired')
    if (rule?.mode === 'expire_token') {
      tokens.delete(token!)
      return refuse(401, 'Unauthorized', 'The token has expired')
    }
    if (header('x-tenant-id') !== opts.tenantId) return refuse(403, 'Forbidden', 'The token has no access to this tenant')

    if (found.endpoint === 'list') {
      const perPage = Number(url.searchParams.get('l') ?? 25)
      const page = Number(url.searchParams.get('p') ?? 1)
      if (!Number.isInteger(perPage) || perPage < 1 || perPage > 50 || !Number.isInteger(page) || page < 1) return refuse(400, 'Bad Request', 'l must be 1 to 50 and p a page from 1')
      const all = [...subscribers.values()].filter((s) => s.exists).sort((a, b) => (a.id < b.id ? -1 : 1))
      const pages = Math.max(1, Math.ceil(all.length / perPage))
      const payload = all.slice((page - 1) * perPage, page * perPage).map((s) => ({ id: s.id, username: s.id, enabled: s.enabled, domain: opts.domain }))
      return answer(200, { payload, metadata: { records: all.length, page, pages, per_page: perPage } })
    }

    const id = found.subscriberId!
    if (!SAFE_ID.test(id)) return refuse(400, 'Bad Request', 'Not a subscriber id')
    const sub = subscriber(id)
    if (!sub.exists) return refuse(404, 'Not Found', `Subscriber ${id} not found`)

    if (found.endpoint === 'status') return answer(200, { payload: { id, enabled: sub.enabled, online: sub.enabled, updated: sub.history.at(-1)?.at ?? null } })

    if (found.endpoint === 'subscriber') {
      if (method === 'GET') return answer(200, { payload: { id, username: id, enabled: sub.enabled, domain: opts.domain } })
      const body = enableSchema.safeParse(json)
      if (!body.success) return refuse(400, 'Bad Request', 'enabled must be true or false')
      sub.enabled = body.data.enabled
      const updated = now().toISOString()
      sub.history.push({ enabled: sub.enabled, at: updated })
      if (rule?.mode === 'malformed') return answer(200, { payload: { id } })
      return answer(200, { payload: { id, enabled: sub.enabled, updated } })
    }

    // Telemetry.
    const aggregation = found.aggregation!
    if (!['hourly', 'daily', 'weekly', 'monthly', 'yearly'].includes(aggregation)) return refuse(400, 'Bad Request', `Unknown aggregation ${aggregation}`)
    if (aggregation !== 'hourly' && aggregation !== 'daily') return refuse(400, 'Bad Request', `The simulator answers daily and hourly only, not ${aggregation}`)
    const zone = header('x-timezone') ?? 'UTC'
    const offsetMin = ZONES[zone]
    if (offsetMin === undefined) return refuse(400, 'Bad Request', `Unsupported time zone ${zone}`)
    const range = rangeSchema.safeParse(json)
    const startMs = range.success ? Date.parse(range.data.start) : NaN
    const endMs = range.success ? Date.parse(range.data.end) : NaN
    if (Number.isNaN(startMs) || Number.isNaN(endMs) || endMs <= startMs) return refuse(400, 'Bad Request', 'start and end must be ISO datetimes, start before end')
    if (endMs - startMs > (aggregation === 'daily' ? MAX_DAILY_SPAN_MS : MAX_HOURLY_SPAN_MS)) {
      return refuse(400, 'Bad Request', aggregation === 'daily' ? 'A daily query spans at most 128 days' : 'An hourly query spans at most 3072 hours')
    }
    let entries: unknown[] = usageEntries(sub, aggregation, startMs, endMs, offsetMin)
    if (rule?.mode === 'partial' && entries.length > 0) entries = entries.filter((_, i) => i !== Math.floor((entries.length - 1) / 2))
    if (rule?.mode === 'malformed') entries = entries.map((e) => ({ ...(e as object), download_kb: String((e as { download_kb: number }).download_kb) }))
    return answer(200, config.bareArray ? entries : { payload: entries, metadata: { records: entries.length } })
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname.slice('/__control'.length)
    const method = req.method ?? 'GET'
    const readJson = async () => {
      const read = await readBody(req, MAX_BODY_BYTES * 40)
      return read.ok ? parseJson(read.text) : undefined
    }

    if (method === 'GET' && path === '/requests') {
      const endpoint = url.searchParams.get('endpoint')
      const subscriberId = url.searchParams.get('subscriberId')
      return sendJson(res, 200, { requests: requests.all().filter((r) => (endpoint === null || r.endpoint === endpoint) && (subscriberId === null || r.subscriberId === subscriberId)) })
    }
    if (method === 'GET' && path === '/subscribers') return sendJson(res, 200, { subscribers: [...subscribers.values()] })
    const subId = /^\/subscribers\/([^/]+)$/.exec(path)?.[1]
    if (subId !== undefined) {
      const id = decodeURIComponent(subId)
      if (!SAFE_ID.test(id)) return sendJson(res, 400, { error: 'not a subscriber id' })
      if (method === 'GET') return sendJson(res, 200, subscriber(id))
      if (method === 'PUT') {
        const parsed = subscriberPatchSchema.safeParse(await readJson())
        if (!parsed.success) return sendJson(res, 400, { error: 'invalid subscriber', issues: zodIssues(parsed.error) })
        const sub = subscriber(id)
        const { days, ...rest } = parsed.data
        Object.assign(sub, Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)))
        if (days !== undefined) sub.days = days
        return sendJson(res, 200, sub)
      }
    }
    const send = (status: number, body?: unknown) => (status === 204 ? sendNoContent(res) : sendJson(res, status, body))
    if (await handleRuleRoutes(rules, interstellioRuleSchema, { method, path, readJson, send })) return
    if (method === 'GET' && path === '/config') return sendJson(res, 200, config)
    if (method === 'PUT' && path === '/config') {
      const parsed = configSchema.safeParse(await readJson())
      if (!parsed.success) return sendJson(res, 400, { error: 'invalid config', issues: zodIssues(parsed.error) })
      config = { ...config, ...Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)) }
      return sendJson(res, 200, config)
    }
    if (method === 'POST' && path === '/reset') {
      requests.clear()
      rules.clear()
      subscribers.clear()
      tokens.clear()
      config = initialConfig()
      return sendNoContent(res)
    }
    return sendJson(res, 404, { error: 'not found' })
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator')
    if (url.pathname === '/__control' || url.pathname.startsWith('/__control/')) return handleControl(req, res, url)
    return handleApi(req, res, url)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (lifetime.signal.aborted || res.destroyed) return void res.destroy()
      if (!res.headersSent) sendJson(res, 500, { error: { title: 'Internal Server Error', description: err instanceof Error ? err.message : String(err), request_id: randomUUID() } })
      else res.destroy()
    })
  })
  const port = await listen(server, opts.port ?? 0, host)

  return {
    url: httpUrl(host, port),
    port,
    async stop() {
      lifetime.abort()
      await close(server)
    },
  }
}
