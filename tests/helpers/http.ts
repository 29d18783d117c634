import { testEnv } from './env'

// Each test file loads this module afresh: starting every file at the same address would have
// them all share the first few addresses within one rate-limit window.
let ipCounter = Math.floor(Math.random() * 60_000)

/**
 * A distinct client address per caller, so the per-IP login limit of one test never throttles
 * another. Addresses come from 203.0.0.0/16 (its /24 203.0.113.0 is RFC 5737's; the rest is real
 * address space, harmless here because they are only header values, never reached).
 * The test server trusts one proxy hop, so the X-Forwarded-For entry a test writes is its address.
 */
export function uniqueIp(): string {
  ipCounter += 1
  return `203.0.${Math.floor(ipCounter / 250) % 250}.${(ipCounter % 250) + 1}`
}

export type Auth = { jwt?: string; cookie?: string; ip?: string; headers?: Record<string, string> }

export type ApiResponse<T = any> = { status: number; body: T; headers: Headers }

export async function api<T = any>(
  path: string,
  opts: { method?: string; body?: unknown; rawBody?: string } & Auth = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { 'X-Forwarded-For': opts.ip ?? uniqueIp(), ...opts.headers }
  if (opts.jwt) headers.Authorization = `JWT ${opts.jwt}`
  if (opts.cookie) {
    headers.Cookie = opts.cookie
    // What a browser sends for a same-origin fetch; Payload's CSRF guard requires it for cookies.
    headers['Sec-Fetch-Site'] = opts.headers?.['Sec-Fetch-Site'] ?? 'same-origin'
  }
  if (opts.body !== undefined || opts.rawBody !== undefined) headers['Content-Type'] = 'application/json'
  const res = await fetch(`${testEnv().serverUrl}${path}`, {
    method: opts.method ?? (opts.body !== undefined ? 'POST' : 'GET'),
    headers,
    body: opts.rawBody ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
    redirect: 'manual',
  })
  return responseOf<T>(res)
}

/** A fetch response as the tests read it: the status, the body parsed as JSON (or kept as text), the headers. */
export async function responseOf<T = any>(res: Response): Promise<ApiResponse<T>> {
  const text = await res.text()
  let body: any = text
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body, headers: res.headers }
}

export async function graphql<T = any>(query: string, variables: Record<string, unknown> = {}, auth: Auth = {}) {
  return api<{ data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }>('/api/graphql', {
    ...auth,
    body: { query, variables },
  })
}

export async function loginStaff(email: string, password: string): Promise<string> {
  const res = await api('/api/users/login', { body: { email, password } })
  if (res.status !== 200) throw new Error(`staff login failed for ${email}: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body.token
}

export async function loginCustomer(email: string, password: string): Promise<string> {
  const res = await api('/api/dashboard/login', { body: { email, password } })
  if (res.status !== 200) throw new Error(`customer login failed for ${email}: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body.token
}

/** The `name=value` pairs a response sets, as a Cookie header would carry them back. */
export function cookiesFrom(res: ApiResponse, name?: string): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .filter((c) => !name || c.startsWith(`${name}=`))
    .join('; ')
}
