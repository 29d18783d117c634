'use client'

/** A dashboard API call from the browser: the answer, or the first refusal in words. */
export async function callDashboard<T>(path: string, init: { method: string; body?: unknown; headers?: Record<string, string> }): Promise<{ ok: true; value: T } | { ok: false; code: string; message: string; field?: string; status: number }> {
  try {
    const res = await fetch(`/api/dashboard${path}`, {
      method: init.method,
      headers: { ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }), ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    })
    if (res.status === 401) {
      window.location.assign(`/portal/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`)
      return { ok: false, code: 'NOT_AUTHENTICATED', message: 'Please sign in again', status: 401 }
    }
    const body = await res.json().catch(() => ({}))
    if (res.ok) return { ok: true, value: body as T }
    const first = body?.errors?.[0] ?? {}
    return { ok: false, code: first.code ?? 'ERROR', message: first.message ?? 'Something went wrong. Please try again.', field: first.field, status: res.status }
  } catch {
    return { ok: false, code: 'NETWORK', message: 'Could not reach us. Check your connection and try again.', status: 0 }
  }
}
