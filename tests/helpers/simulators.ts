/**
 * The vendor simulators the harness started (scripts/test.ts), through their control APIs:
 * what they received, and failure rules scoped to one number or address so tests stay apart.
 */
const clickatellUrl = () => process.env.TEST_CLICKATELL_URL ?? 'http://127.0.0.1:4010'
const netcashUrl = () => process.env.TEST_NETCASH_URL ?? 'http://127.0.0.1:4030'
const interstellioUrl = () => process.env.TEST_INTERSTELLIO_URL ?? 'http://127.0.0.1:4020'
const mailUrl = () => process.env.TEST_MAIL_URL ?? 'http://127.0.0.1:1080'

async function call<T = any>(url: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(url, { ...init, headers: { 'Content-Type': 'application/json', ...(init.headers ?? {}) } })
  const text = await res.text()
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url} answered ${res.status}: ${text}`)
  return (text ? JSON.parse(text) : undefined) as T
}

export type SimSms = {
  apiMessageId: string
  clientMessageId?: string
  to: string
  content: string
  status: string | null
  statusCode: number | null
  callbacks: Array<{ status: string; statusCode: number; answeredStatus?: number; replay?: boolean; body: unknown }>
}

export const clickatell = {
  messages: async (to?: string) => (await call<{ messages: SimSms[] }>(`${clickatellUrl()}/__control/messages${to ? `?to=${to}` : ''}`)).messages,
  requests: async () => (await call<{ requests: Array<{ status: number; messageCount: number; body: any }> }>(`${clickatellUrl()}/__control/requests`)).requests,
  addRule: (rule: { mode: string; to?: string; times?: number; latencyMs?: number; retryAfterSeconds?: number; status?: number }) =>
    call<{ id: string }>(`${clickatellUrl()}/__control/rules`, { method: 'POST', body: JSON.stringify(rule) }),
  clearRules: () => call(`${clickatellUrl()}/__control/rules`, { method: 'DELETE' }),
  replay: (apiMessageId: string) => call<{ answeredStatus: number }>(`${clickatellUrl()}/__control/callbacks/${apiMessageId}/replay`, { method: 'POST' }),
}

export type SimInterstellioRequest = {
  at: string
  requestId: string
  endpoint: 'token' | 'usage' | 'subscriber' | 'status' | 'list' | 'unknown'
  method: string
  subscriberId: string | null
  status: number | null
  body: any
  headers: { authToken: boolean; tenantId: string | null; timezone: string | null }
}
export type SimSubscriber = { id: string; exists: boolean; enabled: boolean; history: Array<{ enabled: boolean; at: string }>; days: Record<string, { downloadBytes: number; uploadBytes: number }> }
type InterstellioRule = {
  mode: 'rate_limited' | 'server_error' | 'slow' | 'malformed' | 'garbage' | 'partial' | 'expire_token' | 'drop_connection'
  endpoint?: 'token' | 'usage' | 'subscriber' | 'status' | 'list'
  subscriberId?: string
  times?: number
  latencyMs?: number
  retryAfterSeconds?: number
  status?: number
}

export const interstellio = {
  requests: async (filter: { endpoint?: string; subscriberId?: string } = {}) =>
    (await call<{ requests: SimInterstellioRequest[] }>(`${interstellioUrl()}/__control/requests?${new URLSearchParams(filter as Record<string, string>)}`)).requests,
  addRule: (rule: InterstellioRule) => call<{ id: string }>(`${interstellioUrl()}/__control/rules`, { method: 'POST', body: JSON.stringify(rule) }),
  clearRules: () => call(`${interstellioUrl()}/__control/rules`, { method: 'DELETE' }),
  reset: () => call(`${interstellioUrl()}/__control/reset`, { method: 'POST' }),
  subscriber: (id: string) => call<SimSubscriber>(`${interstellioUrl()}/__control/subscribers/${encodeURIComponent(id)}`),
  setSubscriber: (id: string, body: { exists?: boolean; enabled?: boolean; dailyDownloadBytes?: number | null; dailyUploadBytes?: number | null; days?: Record<string, { downloadBytes: number; uploadBytes: number }> }) =>
    call<SimSubscriber>(`${interstellioUrl()}/__control/subscribers/${encodeURIComponent(id)}`, { method: 'PUT', body: JSON.stringify(body) }),
  config: (body: { latencyMs?: number; now?: string | null; tokenTtlSeconds?: number; bareArray?: boolean }) => call(`${interstellioUrl()}/__control/config`, { method: 'PUT', body: JSON.stringify(body) }),
}

export type SimMandate = { token: string; accountReference: string; mandateName: string; amount: string; agreementReference: string; debitDay: string; status: string }
export type SimPostback = { kind: 'mandate' | 'paynow'; at: string; path: string; body: Record<string, string>; copy: number; answeredStatus?: number; error?: string; dropped?: boolean }

export const netcash = {
  mandates: async () => (await call<{ mandates: SimMandate[] }>(`${netcashUrl()}/__control/mandates`)).mandates,
  sign: (token: string) => call<SimMandate>(`${netcashUrl()}/__control/mandates/${token}/sign`, { method: 'POST', body: '{}' }),
  decline: (token: string, reason?: string) => call<SimMandate>(`${netcashUrl()}/__control/mandates/${token}/decline`, { method: 'POST', body: JSON.stringify({ reason }) }),
  postbacks: async () => (await call<{ postbacks: SimPostback[] }>(`${netcashUrl()}/__control/postbacks`)).postbacks,
  requests: async () => (await call<{ requests: Array<{ operation: string; status: number; rule: string | null }> }>(`${netcashUrl()}/__control/requests`)).requests,
  addRule: (rule: { mode: string; operation?: string; kind?: 'mandate' | 'paynow'; times?: number; latencyMs?: number; delayMs?: number; status?: number }) =>
    call<{ id: string }>(`${netcashUrl()}/__control/rules`, { method: 'POST', body: JSON.stringify(rule) }),
  clearRules: () => call(`${netcashUrl()}/__control/rules`, { method: 'DELETE' }),
  batches: async () => (await call<{ batches: SimBatch[] }>(`${netcashUrl()}/__control/batches`)).batches,
  /** A returned debit on the unpaid statement, reported `afterDays` after its action date (by the simulator's clock). */
  addUnpaid: (body: { accountName: string; actionDate?: string; reasonCode: string; afterDays?: number }) =>
    call<{ accountReference: string; accountName: string; actionDate: string; amountCents: number }>(`${netcashUrl()}/__control/unpaids`, { method: 'POST', body: JSON.stringify(body) }),
  config: (body: { reportDelayMs?: number; now?: string | null; postbackDelayMs?: number }) => call(`${netcashUrl()}/__control/config`, { method: 'PUT', body: JSON.stringify(body) }),
}

export type SimBatch = { token: string; batchName: string; actionDate: string; debits: Array<{ accountReference: string; accountName: string; accountNumber: string; amountCents: number }>; rejected: unknown[]; errors: string[] }

export type CaughtMail = { id: string; to: string[]; from: string; subject: string; text: string; html: string; attachments: Array<{ filename: string; cid?: string; contentType: string }> }

export const mail = {
  messages: async (to?: string) => (await call<{ messages: CaughtMail[] }>(`${mailUrl()}/api/messages${to ? `?to=${encodeURIComponent(to)}` : ''}`)).messages,
  addRule: (rule: { mode: 'temporary_failure' | 'permanent_failure' | 'slow'; to?: string; times?: number }) =>
    call(`${mailUrl()}/__control/rules`, { method: 'POST', body: JSON.stringify(rule) }),
  clearRules: () => call(`${mailUrl()}/__control/rules`, { method: 'DELETE' }),
}

/** Polls until `check` returns something truthy, or fails with what it last saw. */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, opts: { timeoutMs?: number; what?: string } = {}): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000)
  let last: unknown
  for (;;) {
    try {
      const v = await check()
      if (v) return v
      last = v
    } catch (err) {
      last = err
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${opts.what ?? 'a condition'} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

let mobileCounter = Math.floor(Math.random() * 9_000_000)
/** A South African mobile number (27 84 XXX XXXX) no other test in this file uses. */
export function uniqueMobile(): string {
  mobileCounter = (mobileCounter + 1) % 10_000_000
  return `2784${String(mobileCounter).padStart(7, '0')}`
}
