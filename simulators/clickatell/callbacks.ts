import { sleep } from '../shared/http'
import type { DeliveryCallback } from './protocol'

/** One POST of a delivery callback, as our app answered it. */
export type CallbackAttempt = {
  status: string
  statusCode: number
  sentAt: string
  /** Where it went, without the query string. */
  url: string
  body: DeliveryCallback
  attempt: number
  replay?: true
  answeredStatus?: number
  error?: string
}

/** Waits between attempts after a failure, like a provider backing off; the length is the number of retries. */
export const RETRY_BACKOFF_MS = [100, 300, 900] as const
const ATTEMPT_TIMEOUT_MS = 5_000

export const withoutQuery = (url: string) => {
  const u = new URL(url)
  return `${u.origin}${u.pathname}`
}

/** Posts once; the app's HTTP status, or the network error in words. Never throws. */
export async function postCallback(url: string, body: DeliveryCallback, signal: AbortSignal): Promise<{ answeredStatus: number } | { error: string }> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.any([signal, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)]),
    })
    await res.arrayBuffer().catch(() => undefined)
    return { answeredStatus: res.status }
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : ''
    return { error: `${err instanceof Error ? err.message : String(err)}${cause}` }
  }
}

const worthRetrying = (outcome: { answeredStatus: number } | { error: string }) => 'error' in outcome || outcome.answeredStatus >= 500 || outcome.answeredStatus === 429

/**
 * Delivers one callback, retrying network errors, 429 and 5xx with a short backoff; every attempt
 * is handed to `record` as it happens. Rejects only when `signal` aborts (the simulator stopping).
 */
export async function deliverCallback(url: string, body: DeliveryCallback, signal: AbortSignal, record: (attempt: CallbackAttempt) => void): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const sentAt = new Date().toISOString()
    const outcome = await postCallback(url, body, signal)
    if (signal.aborted) throw signal.reason
    record({ status: body.status, statusCode: body.statusCode, sentAt, url: withoutQuery(url), body, attempt, ...outcome })
    const backoff = RETRY_BACKOFF_MS[attempt - 1]
    if (!worthRetrying(outcome) || backoff === undefined) return
    await sleep(backoff, signal)
  }
}
