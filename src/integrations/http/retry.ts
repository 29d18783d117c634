/**
 * Retries for vendor calls: exponential backoff with full jitter (a random wait between 0 and the
 * exponential cap, so many clients retrying at once spread out), honouring a vendor's
 * `Retry-After` when it gives one. Only what the caller marks retryable is retried: a 4xx other
 * than 429 means the request itself is wrong, and sending it again changes nothing.
 */
export type RetryPolicy = {
  /** Attempts in all, the first included. */
  maxAttempts: number
  baseDelayMs: number
  maxDelayMs: number
  /** Injected so tests need not wait. */
  sleep?: (ms: number) => Promise<void>
  random?: () => number
}

export type Attempt<T> = { done: true; value: T } | { done: false; value: T; retryAfterMs?: number }

export const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** The wait before attempt `attempt + 1` (attempt counts from 1). */
export function backoffDelay(attempt: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'random'>, retryAfterMs?: number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1))
  const jittered = Math.floor((policy.random ?? Math.random)() * cap)
  return retryAfterMs === undefined ? jittered : Math.min(policy.maxDelayMs, Math.max(retryAfterMs, jittered))
}

/**
 * Runs `attempt` until it reports done or the attempts run out; returns the last value either
 * way (errors are values here, never thrown), with how many attempts it took.
 */
export async function withRetries<T>(policy: RetryPolicy, attempt: (n: number) => Promise<Attempt<T>>): Promise<{ value: T; attempts: number }> {
  const sleep = policy.sleep ?? defaultSleep
  for (let n = 1; ; n++) {
    const result = await attempt(n)
    if (result.done || n >= policy.maxAttempts) return { value: result.value, attempts: n }
    await sleep(backoffDelay(n, policy, result.retryAfterMs))
  }
}

/** `Retry-After` as milliseconds: seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: Date): number | undefined {
  if (!header) return undefined
  const seconds = Number(header)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
  const at = Date.parse(header)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime())
}
