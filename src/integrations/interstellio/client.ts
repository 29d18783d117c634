import { z } from 'zod'

import { addDays, daysBetween, isCalendarDate, sastDateOf, type CalendarDate } from '../../domain/calendarDate'
import { kbToBytes } from '../../domain/usage'
import { retryAfterMs, withRetries, type RetryPolicy } from '../http/retry'

/** Interstellio answers a daily usage query over at most this many days. */
export const MAX_DAILY_SPAN_DAYS = 128

/** The zone we ask Interstellio to cut days in: the business's, so its days are our SAST days. */
export const INTERSTELLIO_TIME_ZONE = 'Africa/Johannesburg'

export type InterstellioConfig = {
  identityUrl: string
  subscriberUrl: string
  telemetryUrl: string
  domain: string
  username: string
  password?: string
  /** Left out: the tenant the token's context names. */
  tenantId?: string
  timeoutMs: number
  retry?: Partial<RetryPolicy>
  fetch?: typeof fetch
  now?: () => Date
}

export type InterstellioErrorCode =
  | 'NOT_CONFIGURED'
  | 'UNAUTHORISED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_REQUEST'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'NETWORK'
  | 'TIMEOUT'
  | 'MALFORMED_RESPONSE'
  | 'PARTIAL_RESPONSE'
  | 'ABORTED'

/** What went wrong, as a value: never thrown, never holding the token or password. */
export type InterstellioError = {
  code: InterstellioErrorCode
  message: string
  /** Whether the vendor (not our request) is the problem: the usage run's circuit breaker counts these. */
  vendorDown: boolean
  status?: number
  /** Interstellio's own id for the request, for its support desk. */
  requestId?: string
  attempts: number
}

export type InterstellioResult<T> = { ok: true; value: T; attempts: number } | { ok: false; error: InterstellioError }

export type DailyUsage = { date: CalendarDate; downloadBytes: number; uploadBytes: number }

export type InterstellioClient = {
  /**
   * Daily usage of one subscriber for SAST days `from` to `to` (inclusive), split into queries of
   * at most 128 days. Every closed day from the first one answered must be in the answer, once;
   * days before it (no history yet) and today (still growing) may be missing. Anything else is
   * PARTIAL_RESPONSE or MALFORMED_RESPONSE.
   */
  dailyUsage(subscriberId: string, from: CalendarDate, to: CalendarDate, opts?: { signal?: AbortSignal }): Promise<InterstellioResult<DailyUsage[]>>
  /** Enables or disables a subscriber (suspend or resume on the network). Idempotent at the vendor. */
  setSubscriberEnabled(subscriberId: string, enabled: boolean, opts?: { signal?: AbortSignal }): Promise<InterstellioResult<{ enabled: boolean }>>
}

const errorBodySchema = z.object({ error: z.object({ title: z.string().nullish(), description: z.string().nullish(), request_id: z.string().nullish() }) })

const kb = z.number().finite().nonnegative()
const usageEntrySchema = z.object({ time: z.string().min(10), download_kb: kb, upload_kb: kb, combined_kb: kb.optional() })
/** Both shapes integrators meet: `{payload: [...]}` and a bare array. */
const usageAnswerSchema = z.union([z.object({ payload: z.array(usageEntrySchema) }).transform((a) => a.payload), z.array(usageEntrySchema)])

const tokenAnswerSchema = z.object({ token: z.string().min(1), context: z.object({ tenant_id: z.string().min(1).nullish(), domain: z.string().nullish() }).nullish() })

const subscriberAnswerSchema = z.object({ payload: z.object({ enabled: z.boolean() }).passthrough() })

type Call = { ok: true; status: number; body: unknown; requestId?: string } | { ok: false; error: Omit<InterstellioError, 'attempts'>; retryable: boolean; retryAfterMs?: number; tokenRefused?: boolean }

const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/

/** The day a usage entry's `time` names: an instant (with offset) as its SAST day; a bare date as written. */
export function usageDayOf(time: string): CalendarDate | null {
  if (/(Z|[+-]\d{2}:?\d{2})$/.test(time)) {
    const at = Date.parse(time)
    return Number.isNaN(at) ? null : sastDateOf(new Date(at))
  }
  const day = time.slice(0, 10)
  return isCalendarDate(day) ? day : null
}

/** `[from, to]` cut into runs of at most `MAX_DAILY_SPAN_DAYS` days. */
export function dailyChunks(from: CalendarDate, to: CalendarDate): Array<{ from: CalendarDate; to: CalendarDate }> {
  const chunks: Array<{ from: CalendarDate; to: CalendarDate }> = []
  for (let start = from; daysBetween(start, to) >= 0; start = addDays(start, MAX_DAILY_SPAN_DAYS)) {
    const end = addDays(start, MAX_DAILY_SPAN_DAYS - 1)
    chunks.push({ from: start, to: daysBetween(end, to) >= 0 ? end : to })
  }
  return chunks
}

/** SAST midnight as Interstellio reads it in our zone: `2026-12-01T00:00:00+02:00`. */
const sastIso = (day: CalendarDate) => `${day}T00:00:00+02:00`

/**
 * Interstellio (NebularStack): a token from identity (`POST /v3/token`, kept and shared by every
 * call, fetched once when several calls need it at the same moment, renewed once when a call is
 * refused with 401), usage from telemetry, enable and disable on subscriber. Every call is a read
 * or sets a state, so all of them may be sent again: 429 (waiting what Retry-After says, or
 * giving up when that is longer than we wait within one call), 5xx, timeouts and connection
 * errors are retried with exponential backoff and jitter. Errors are values carrying the
 * vendor's request id; the password and token never leave this closure.
 */
export function interstellioClient(config: InterstellioConfig): InterstellioClient {
  const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 8_000, ...config.retry }
  const doFetch = config.fetch ?? fetch
  const now = config.now ?? (() => new Date())
  let session: { token: string; tenantId: string } | undefined
  let pendingSession: Promise<{ ok: true; token: string; tenantId: string } | { ok: false; call: Extract<Call, { ok: false }> }> | undefined

  async function send(url: string, init: { method: string; headers?: Record<string, string>; body?: unknown }, signal?: AbortSignal): Promise<Call> {
    let res: Response
    const timeout = AbortSignal.timeout(config.timeoutMs)
    try {
      res = await doFetch(url, {
        method: init.method,
        headers: { Accept: 'application/json', ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }), ...init.headers },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      })
    } catch (err) {
      if (signal?.aborted) return { ok: false, retryable: false, error: { code: 'ABORTED', vendorDown: false, message: 'Stopped before Interstellio answered (the caller gave up)' } }
      if (timeout.aborted) return { ok: false, retryable: true, error: { code: 'TIMEOUT', vendorDown: true, message: `Interstellio did not answer within ${config.timeoutMs} ms` } }
      const cause = (err as { cause?: { code?: string } }).cause?.code
      return { ok: false, retryable: true, error: { code: 'NETWORK', vendorDown: true, message: `Interstellio could not be reached${cause ? ` (${cause})` : ''}` } }
    }
    let text: string
    try {
      text = await res.text()
    } catch {
      return { ok: false, retryable: true, error: { code: 'NETWORK', vendorDown: true, status: res.status, message: 'The connection to Interstellio broke while it answered' } }
    }
    let body: unknown
    try {
      body = text === '' ? undefined : JSON.parse(text)
    } catch {
      body = undefined
    }
    const vendorError = errorBodySchema.safeParse(body)
    const requestId = (vendorError.success ? vendorError.data.error.request_id : undefined) ?? res.headers.get('x-request-id') ?? undefined
    const said = vendorError.success ? [vendorError.data.error.title, vendorError.data.error.description].filter(Boolean).join(': ') : ''
    const fail = (code: InterstellioErrorCode, retryable: boolean, message: string, extra: Partial<Extract<Call, { ok: false }>> = {}): Call => ({
      ok: false,
      retryable,
      error: { code, vendorDown: code === 'RATE_LIMITED' || code === 'UNAVAILABLE', status: res.status, requestId, message: said ? `${message}: ${said}` : message },
      ...extra,
    })
    if (res.status === 429) return fail('RATE_LIMITED', true, 'Interstellio is rate limiting us', { retryAfterMs: retryAfterMs(res.headers.get('retry-after'), now()) })
    if (res.status >= 500) return fail('UNAVAILABLE', true, `Interstellio answered ${res.status}`, { retryAfterMs: retryAfterMs(res.headers.get('retry-after'), now()) })
    if (res.status === 401) return fail('UNAUTHORISED', false, 'Interstellio refused our credentials or token (401)', { tokenRefused: true })
    if (res.status === 403) return fail('FORBIDDEN', false, 'Interstellio refused access to this tenant (403)')
    if (res.status === 404) return fail('NOT_FOUND', false, 'Interstellio has no such subscriber (404)')
    if (res.status >= 400) return fail('BAD_REQUEST', false, `Interstellio refused the request (${res.status})`)
    if (body === undefined) return fail('MALFORMED_RESPONSE', false, `Interstellio answered ${res.status} with a body we cannot read`)
    return { ok: true, status: res.status, body, requestId }
  }

  /** One token for every caller: a second caller waiting while it is fetched shares the same fetch. */
  async function currentSession() {
    if (session) return { ok: true as const, ...session }
    pendingSession ??= (async () => {
      try {
        const call = await send(`${config.identityUrl}/v3/token`, { method: 'POST', body: { domain: config.domain, username: config.username, password: config.password } })
        if (!call.ok) return { ok: false as const, call }
        const parsed = tokenAnswerSchema.safeParse(call.body)
        const tenantId = config.tenantId ?? (parsed.success ? parsed.data.context?.tenant_id : undefined)
        if (!parsed.success || !tenantId) {
          return { ok: false as const, call: { ok: false as const, retryable: false, error: { code: 'MALFORMED_RESPONSE' as const, vendorDown: false, requestId: call.requestId, message: 'Interstellio gave no token or tenant' } } }
        }
        session = { token: parsed.data.token, tenantId }
        return { ok: true as const, ...session }
      } finally {
        pendingSession = undefined
      }
    })()
    return pendingSession
  }

  /** An authenticated call, retried; a refused token is renewed once per call. */
  async function authed<T>(build: (s: { token: string; tenantId: string }) => { url: string; method: string; body?: unknown }, read: (body: unknown, requestId?: string) => InterstellioResult<T> | { ok: false; error: Omit<InterstellioError, 'attempts'> }, signal?: AbortSignal): Promise<InterstellioResult<T>> {
    if (!config.password) return { ok: false, error: { code: 'NOT_CONFIGURED', vendorDown: false, message: 'No Interstellio password is configured', attempts: 0 } }
    let renewed = false
    const { value, attempts } = await withRetries<Call | { ok: false; error: Omit<InterstellioError, 'attempts'>; retryable: false }>(policy, async () => {
      for (;;) {
        // Not the caller's signal: the token fetch is shared, and one caller giving up must not fail the rest.
        const s = await currentSession()
        if (!s.ok) {
          const c = s.call
          return c.retryable && !(c.retryAfterMs !== undefined && c.retryAfterMs > policy.maxDelayMs) ? { done: false, value: c, retryAfterMs: c.retryAfterMs } : { done: true, value: c }
        }
        const req = build(s)
        const call = await send(req.url, { method: req.method, body: req.body, headers: { 'X-Auth-Token': s.token, 'X-Tenant-ID': s.tenantId, 'X-Timezone': INTERSTELLIO_TIME_ZONE } }, signal)
        if (!call.ok && call.tokenRefused && !renewed) {
          // Expired or revoked: forget it (unless another call already has a new one) and ask once more.
          if (session?.token === s.token) session = undefined
          renewed = true
          continue
        }
        if (call.ok || !call.retryable) return { done: true, value: call }
        if (call.retryAfterMs !== undefined && call.retryAfterMs > policy.maxDelayMs) return { done: true, value: call }
        return { done: false, value: call, retryAfterMs: call.retryAfterMs }
      }
    })
    if (!value.ok) return { ok: false, error: { ...value.error, attempts } }
    const result = read(value.body, value.requestId)
    return result.ok ? { ...result, attempts } : { ok: false, error: { ...result.error, attempts } }
  }

  const badId = (id: string): InterstellioResult<never> => ({ ok: false, error: { code: 'BAD_REQUEST', vendorDown: false, message: `Not an Interstellio subscriber id: ${JSON.stringify(id.slice(0, 80))}`, attempts: 0 } })

  return {
    async dailyUsage(subscriberId, from, to, opts = {}) {
      if (!SAFE_ID.test(subscriberId)) return badId(subscriberId)
      if (!isCalendarDate(from) || !isCalendarDate(to) || daysBetween(from, to) < 0) {
        return { ok: false, error: { code: 'BAD_REQUEST', vendorDown: false, message: `Not a range of days: ${from} to ${to}`, attempts: 0 } }
      }
      const today = sastDateOf(now())
      const days: DailyUsage[] = []
      let attempts = 0
      for (const chunk of dailyChunks(from, to)) {
        const result = await authed<DailyUsage[]>(
          () => ({ url: `${config.telemetryUrl}/v1/subscriber/${encodeURIComponent(subscriberId)}/data/daily`, method: 'POST', body: { start: sastIso(chunk.from), end: sastIso(addDays(chunk.to, 1)) } }),
          (body, requestId) => readUsage(body, chunk, today, requestId),
          opts.signal,
        )
        if (!result.ok) return { ok: false, error: { ...result.error, attempts: attempts + result.error.attempts } }
        attempts += result.attempts
        days.push(...result.value)
      }
      return { ok: true, value: days, attempts }
    },

    async setSubscriberEnabled(subscriberId, enabled, opts = {}) {
      if (!SAFE_ID.test(subscriberId)) return badId(subscriberId)
      return authed(
        () => ({ url: `${config.subscriberUrl}/v1/subscriber/${encodeURIComponent(subscriberId)}`, method: 'PATCH', body: { enabled } }),
        (body, requestId) => {
          const parsed = subscriberAnswerSchema.safeParse(body)
          if (!parsed.success) return { ok: false, error: { code: 'MALFORMED_RESPONSE', vendorDown: false, requestId, message: 'Interstellio answered the change with a body we cannot read' } }
          if (parsed.data.payload.enabled !== enabled) return { ok: false, error: { code: 'MALFORMED_RESPONSE', vendorDown: false, requestId, message: `Interstellio answered enabled: ${parsed.data.payload.enabled} to a request for ${enabled}` } }
          return { ok: true, value: { enabled }, attempts: 0 }
        },
        opts.signal,
      )
    },
  }
}

/** A daily answer for `chunk`, checked whole: one entry per day, inside the range, every closed day there. */
function readUsage(body: unknown, chunk: { from: CalendarDate; to: CalendarDate }, today: CalendarDate, requestId?: string): InterstellioResult<DailyUsage[]> | { ok: false; error: Omit<InterstellioError, 'attempts'> } {
  const malformed = (message: string) => ({ ok: false as const, error: { code: 'MALFORMED_RESPONSE' as const, vendorDown: false, requestId, message } })
  const parsed = usageAnswerSchema.safeParse(body)
  if (!parsed.success) return malformed('Interstellio answered usage in a shape we cannot read')
  const byDay = new Map<CalendarDate, DailyUsage>()
  for (const entry of parsed.data) {
    const date = usageDayOf(entry.time)
    if (!date) return malformed(`Interstellio named a day we cannot read: ${JSON.stringify(entry.time.slice(0, 40))}`)
    if (date < chunk.from || date > chunk.to) return malformed(`Interstellio answered for ${date}, outside ${chunk.from} to ${chunk.to}`)
    if (byDay.has(date)) return malformed(`Interstellio answered ${date} twice`)
    byDay.set(date, { date, downloadBytes: kbToBytes(entry.download_kb), uploadBytes: kbToBytes(entry.upload_kb) })
  }
  // From the first day answered, every day that has closed must be there: a gap would be stored
  // as a day without usage. Days before the first may be missing (the subscriber did not exist
  // yet, or a backfill reaches back further than its history); today, still growing, may be
  // missing too; later days cannot be there at all.
  const lastClosed = chunk.to < today ? chunk.to : addDays(today, -1)
  const firstAnswered = [...byDay.keys()].sort()[0]
  for (let day = firstAnswered ?? lastClosed; firstAnswered !== undefined && day <= lastClosed; day = addDays(day, 1)) {
    if (!byDay.has(day)) return { ok: false, error: { code: 'PARTIAL_RESPONSE', vendorDown: false, requestId, message: `Interstellio's answer has no figure for ${day}` } }
  }
  return { ok: true, value: [...byDay.values()].sort((a, b) => (a.date < b.date ? -1 : 1)), attempts: 0 }
}

