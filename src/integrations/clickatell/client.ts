import { z } from 'zod'

import { retryAfterMs, withRetries, type RetryPolicy } from '../http/retry'
import type { SmsErrorCode, SmsMessage, SmsResult, SmsSender } from './types'

/** Clickatell accepts at most this many messages in one call. */
export const MAX_MESSAGES_PER_CALL = 200

export type ClickatellConfig = {
  baseUrl: string
  apiKey?: string
  timeoutMs: number
  retry?: Partial<RetryPolicy>
  fetch?: typeof fetch
  now?: () => Date
}

const MSISDN = /^\d{11,15}$/

/** Connection errors that mean the request never left: nothing can have been sent. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT'])

const answerSchema = z.object({
  messages: z
    .array(
      z.object({
        apiMessageId: z.string().nullish(),
        accepted: z.boolean(),
        to: z.string().nullish(),
        error: z.union([z.null(), z.string(), z.object({ code: z.union([z.number(), z.string()]).nullish(), description: z.string().nullish() })]).optional(),
      }),
    )
    .default([]),
  error: z.union([z.null(), z.string(), z.object({ code: z.union([z.number(), z.string()]).nullish(), description: z.string().nullish() })]).optional(),
})
type Answer = z.infer<typeof answerSchema>

type CallOutcome =
  | { kind: 'answered'; status: number; answer: Answer }
  | { kind: 'failed'; code: SmsErrorCode; message: string; retryable: boolean; status?: number; retryAfterMs?: number }

const describe = (e: Answer['error']) => (e == null ? undefined : typeof e === 'string' ? e : [e.code, e.description].filter((x) => x != null).join(': ') || undefined)

/**
 * Clickatell's platform API: `POST /v1/message` with the raw API key in `Authorization`. 202 all
 * accepted, 207 some accepted (each message says), 400/401/404 the request is wrong, 402 out of
 * credit, 429 and 5xx try again. Retries, with exponential backoff and jitter, happen on 429
 * (waiting what Retry-After says, or leaving a longer wait to the caller), 5xx and connection
 * errors that prove nothing was sent. A timeout, a connection broken mid-request or a 2xx whose
 * body we cannot read is never resent: the messages may have gone out, and a person would get
 * them twice.
 */
export function clickatellClient(config: ClickatellConfig): SmsSender {
  const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 8_000, ...config.retry }
  const doFetch = config.fetch ?? fetch
  const now = config.now ?? (() => new Date())

  async function call(batch: SmsMessage[]): Promise<CallOutcome> {
    let res: Response
    try {
      res = await doFetch(`${config.baseUrl}/v1/message`, {
        method: 'POST',
        headers: { Authorization: config.apiKey!, 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ messages: batch.map((m) => ({ channel: 'sms', to: m.to, content: m.content, clientMessageId: m.clientMessageId })) }),
        signal: AbortSignal.timeout(config.timeoutMs),
      })
    } catch (err) {
      // Only a request that never reached Clickatell is safe to send again. A timeout or a reset
      // after it went out is ambiguous: Clickatell has usually taken the messages already.
      const cause = (err as { cause?: { code?: string } }).cause?.code
      if (cause && NOT_SENT.has(cause)) return { kind: 'failed', code: 'NETWORK', retryable: true, message: `Clickatell could not be reached (${cause})` }
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')
      return {
        kind: 'failed',
        code: 'NETWORK',
        retryable: false,
        message: `${timedOut ? `Clickatell did not answer within ${config.timeoutMs} ms` : 'The connection to Clickatell broke before it answered'}; not resent, the message may have gone out`,
      }
    }
    const text = await res.text().catch(() => '')
    if (res.status === 429) return { kind: 'failed', code: 'RATE_LIMITED', retryable: true, status: 429, message: 'Clickatell is rate limiting us', retryAfterMs: retryAfterMs(res.headers.get('retry-after'), now()) }
    if (res.status >= 500) return { kind: 'failed', code: 'UNAVAILABLE', retryable: true, status: res.status, message: `Clickatell answered ${res.status}`, retryAfterMs: retryAfterMs(res.headers.get('retry-after'), now()) }
    let answer: Answer | undefined
    try {
      const parsed = answerSchema.safeParse(JSON.parse(text))
      if (parsed.success) answer = parsed.data
    } catch {
      answer = undefined
    }
    if (res.status === 401 || res.status === 403) return { kind: 'failed', code: 'UNAUTHORISED', retryable: false, status: res.status, message: `Clickatell refused our API key (${res.status})` }
    if (res.status === 402) return { kind: 'failed', code: 'OUT_OF_CREDIT', retryable: false, status: 402, message: `Clickatell account out of credit${describe(answer?.error) ? `: ${describe(answer?.error)}` : ''}` }
    if (!answer) {
      return res.ok
        ? { kind: 'failed', code: 'MALFORMED_RESPONSE', retryable: false, status: res.status, message: `Clickatell answered ${res.status} with a body we cannot read; not resent, the message may have gone out` }
        : { kind: 'failed', code: 'BAD_REQUEST', retryable: false, status: res.status, message: `Clickatell refused the request (${res.status})` }
    }
    if (res.ok || answer.messages.length > 0) return { kind: 'answered', status: res.status, answer }
    return { kind: 'failed', code: 'BAD_REQUEST', retryable: false, status: res.status, message: `Clickatell refused the request (${res.status})${describe(answer.error) ? `: ${describe(answer.error)}` : ''}` }
  }

  async function sendBatch(batch: SmsMessage[]): Promise<SmsResult[]> {
    const { value: outcome, attempts } = await withRetries(policy, async () => {
      const o = await call(batch)
      if (o.kind !== 'failed' || !o.retryable) return { done: true, value: o }
      // Asked to wait longer than we wait within one call: leave it to the job's own backoff.
      if (o.retryAfterMs !== undefined && o.retryAfterMs > policy.maxDelayMs) return { done: true, value: o }
      return { done: false, value: o, retryAfterMs: o.retryAfterMs }
    })
    if (outcome.kind === 'failed') {
      return batch.map((m) => ({ clientMessageId: m.clientMessageId, to: m.to, outcome: 'rejected', code: outcome.code, message: outcome.message, retryable: outcome.retryable, httpStatus: outcome.status, attempts }))
    }
    // Answers come back in the order sent; match by number as well, in case a vendor reorders.
    const answers = [...outcome.answer.messages]
    return batch.map((m, i): SmsResult => {
      const byIndex = answers[i]
      const a = byIndex && (byIndex.to == null || byIndex.to === m.to) ? byIndex : answers.find((x) => x.to === m.to)
      if (a?.accepted && a.apiMessageId) return { clientMessageId: m.clientMessageId, to: m.to, outcome: 'accepted', apiMessageId: a.apiMessageId, attempts }
      const why = describe(a?.error ?? null) ?? describe(outcome.answer.error) ?? 'no answer for this message'
      return { clientMessageId: m.clientMessageId, to: m.to, outcome: 'rejected', code: 'REJECTED', message: `Clickatell rejected the message: ${why}`, retryable: false, httpStatus: outcome.status, attempts }
    })
  }

  return {
    async send(messages) {
      if (!config.apiKey) {
        return messages.map((m) => ({ clientMessageId: m.clientMessageId, to: m.to, outcome: 'rejected', code: 'NOT_CONFIGURED', message: 'No Clickatell API key is configured', retryable: false, attempts: 0 }))
      }
      const results: SmsResult[] = []
      const valid: SmsMessage[] = []
      const slot = new Map<SmsMessage, number>()
      messages.forEach((m, i) => {
        if (MSISDN.test(m.to)) {
          valid.push(m)
          slot.set(m, i)
        } else {
          results[i] = { clientMessageId: m.clientMessageId, to: m.to, outcome: 'rejected', code: 'INVALID_NUMBER', message: 'Not a mobile number in international form (27XXXXXXXXX)', retryable: false, attempts: 0 }
        }
      })
      for (let i = 0; i < valid.length; i += MAX_MESSAGES_PER_CALL) {
        const batch = valid.slice(i, i + MAX_MESSAGES_PER_CALL)
        const answered = await sendBatch(batch)
        batch.forEach((m, j) => (results[slot.get(m)!] = answered[j]))
      }
      return results
    },
  }
}
