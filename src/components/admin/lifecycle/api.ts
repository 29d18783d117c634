import { useConfig } from '@payloadcms/ui'

import { isCalendarDate, sastDateOf, formatShortDate } from '../../../domain/calendarDate'
import { formatRand } from '../../../domain/money'
import { formatSastDateTime } from '../../../domain/display'

/**
 * The small client-side toolkit the lifecycle admin components share: one fetch wrapper that
 * turns our `{ errors: [{ code, message, field? }] }` bodies into a message to show, the API base
 * from the Payload config, and a few formatters. No server code, no npm packages.
 */

export type ApiError = { code: string; message: string; field?: string }

export type ApiResult<T> =
  | { ok: true; status: number; body: T }
  | {
      ok: false
      /** 0 when the request never got an answer (network error, abort). */
      status: number
      message: string
      /** The first field an error named, if any. */
      field?: string
      /** Every field-specific message, by field name. */
      fieldErrors: Record<string, string>
      aborted?: boolean
    }

type ApiFetchOptions = {
  method?: 'GET' | 'POST'
  body?: unknown
  headers?: Record<string, string>
  signal?: AbortSignal
}

const FALLBACK_MESSAGES: Record<number, string> = {
  0: 'Could not reach the server. Check your connection and try again.',
  401: 'Your session has expired. Sign in again.',
  403: 'You do not have permission to do this.',
  404: 'Not found.',
  409: 'This conflicts with the current state. Reload the page and try again.',
  422: 'The request could not be processed.',
}

const fallbackMessage = (status: number) =>
  FALLBACK_MESSAGES[status] ?? (status >= 500 ? 'The server hit an error. Try again in a moment.' : `Request failed (HTTP ${status}).`)

function isApiError(value: unknown): value is ApiError {
  return typeof value === 'object' && value !== null && typeof (value as ApiError).message === 'string'
}

/** Same-origin JSON request with the session cookie. Never throws. */
export async function apiFetch<T>(url: string, options: ApiFetchOptions = {}): Promise<ApiResult<T>> {
  let res: Response
  try {
    res = await fetch(url, {
      method: options.method ?? 'GET',
      credentials: 'include',
      headers: { 'Content-Type': 'application/json', ...options.headers },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    })
  } catch (err) {
    const aborted = err instanceof DOMException && err.name === 'AbortError'
    return { ok: false, status: 0, message: fallbackMessage(0), fieldErrors: {}, aborted }
  }

  let body: unknown = null
  try {
    const text = await res.text()
    body = text ? JSON.parse(text) : null
  } catch {
    body = null
  }

  if (res.ok) return { ok: true, status: res.status, body: body as T }

  const errors = (body as { errors?: unknown } | null)?.errors
  const list = Array.isArray(errors) ? errors.filter(isApiError) : []
  const fieldErrors: Record<string, string> = {}
  for (const e of list) if (e.field && !fieldErrors[e.field]) fieldErrors[e.field] = e.message
  return {
    ok: false,
    status: res.status,
    message: list.length ? list.map((e) => e.message).join(' ') : fallbackMessage(res.status),
    field: list.find((e) => e.field)?.field,
    fieldErrors,
  }
}

/** `<serverURL><routes.api>` (normally just `/api`) and `<routes.admin>` (normally `/admin`). */
export function useRoutes(): { api: string; admin: string } {
  const { config } = useConfig()
  return {
    api: `${config.serverURL ?? ''}${config.routes?.api ?? '/api'}`,
    admin: config.routes?.admin ?? '/admin',
  }
}

/** A relationship field's form value: an id, or a populated document with one. */
export function relationId(value: unknown): number | string | undefined {
  if (typeof value === 'number' || (typeof value === 'string' && value !== '')) return value
  if (typeof value === 'object' && value !== null && 'id' in value) return relationId((value as { id: unknown }).id)
  if (typeof value === 'object' && value !== null && 'value' in value) return relationId((value as { value: unknown }).value)
  return undefined
}

/** A UUID for the Idempotency-Key header; `crypto.randomUUID` exists only in secure contexts. */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const b = new Uint8Array(16)
  crypto.getRandomValues(b)
  b[6] = (b[6] & 0x0f) | 0x40
  b[8] = (b[8] & 0x3f) | 0x80
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/** Today in Africa/Johannesburg, as `YYYY-MM-DD`. */
export const todaySast = () => sastDateOf(new Date())

/** Money, tolerating a missing or malformed amount (formatRand throws on non-integers). */
export function rand(cents: unknown): string {
  return typeof cents === 'number' && Number.isSafeInteger(cents) ? formatRand(cents) : '—'
}

/** A calendar date or a stored date instant as `15 Nov 2026`. */
export function shortDate(value: string | null | undefined): string {
  if (!value) return '—'
  try {
    return formatShortDate(isCalendarDate(value) ? value : sastDateOf(value), true)
  } catch {
    return value
  }
}

/** An instant as the panel's one date-time format, SAST: `3 Dec 2026, 00:00`. */
export function dateTime(value: string | null | undefined): string {
  if (!value) return '—'
  const d = new Date(value)
  return Number.isNaN(d.getTime()) ? value : formatSastDateTime(d)
}

/** `non_payment` -> `Non payment`, `partially_paid` -> `Partially paid`. */
export function humanise(value: string | null | undefined): string {
  if (!value) return '—'
  const s = value.replace(/_/g, ' ')
  return s.charAt(0).toUpperCase() + s.slice(1)
}
