import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { z } from 'zod'

import { CappedLog } from '../shared/capped-log'
import { close, httpUrl, listen, parseJson, readBody, sendJson, sendNoContent, sleep, zodIssues } from '../shared/http'
import { handleRuleRoutes, RuleBook, type RuleEntry } from '../shared/rules'
import { deliverCallback, postCallback, withoutQuery, type CallbackAttempt } from './callbacks'
import { errors, messageProblem, readSendRequest, statuses, type AnswerEntry, type ClickatellError, type DeliveryCallback, type MessageStatus, type SubmittedMessage } from './protocol'
import { callbackPlanFor, clickatellRuleSchema, isResponseRule, ruleMatchesMessage, ruleMatchesRequest, type CallbackPlan, type ClickatellRule } from './rules'

export type ClickatellSimulatorOptions = {
  /** 0 or undefined: a free port. */
  port?: number
  /** Default 127.0.0.1: the control API has no auth, so keep it off the network. */
  host?: string
  apiKey: string
  callbackUrl?: string
  /** The wait before each delivery callback (default 300). */
  callbackDelayMs?: number
}

export type ClickatellSimulator = {
  /** http://127.0.0.1:PORT, the base URL our Clickatell client is given. */
  url: string
  port: number
  stop(): Promise<void>
}

type SmsRecord = {
  apiMessageId: string
  clientMessageId: string | null
  requestId: string
  to: string
  content: string
  receivedAt: string
  /** The status of the last callback sent, null before the first. */
  status: string | null
  statusCode: number | null
  callbacks: CallbackAttempt[]
  /** Kept whole (query included) so a replay goes exactly where the original went. */
  lastCallback?: { url: string; body: DeliveryCallback }
}

type RequestRecord = { at: string; authorised: boolean; status: number; messageCount: number | null; body: unknown }

const MAX_MESSAGES_KEPT = 5_000
const MAX_REQUESTS_KEPT = 5_000
const MAX_BODY_BYTES = 5 * 1024 * 1024
const DEFAULT_SLOW_MS = 1_000
const INTEGRATION_NAME = 'isp-billing'
/** What `malformed` answers: a 202 cut off mid-way, as a proxy dropping the connection would leave it. */
const MALFORMED_BODY = '{"messages":[{"apiMessageId":"'

const configSchema = z
  .object({
    callbackUrl: z.url({ protocol: /^https?$/ }).nullable().optional(),
    callbackDelayMs: z.number().int().min(0).max(60_000).optional(),
  })
  .strict()

/** The key is compared as digests so the time taken says nothing about how much of it matched. */
function keyMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false
  const digest = (s: string) => createHash('sha256').update(s).digest()
  return timingSafeEqual(digest(expected), digest(given))
}

/** The statuses a message's callbacks report, in the order they are sent (each twice when duplicated). */
function callbackSequence(plan: CallbackPlan): MessageStatus[] {
  if (plan.drop) return []
  const final = plan.undeliverable ? statuses.errorDelivering : statuses.receivedByRecipient
  return plan.reorder ? [final, statuses.deliveredToGateway] : [statuses.deliveredToGateway, final]
}


/**
 * Clickatell's platform API (`POST /v1/message`) with delivery callbacks, plus a control API under
 * `/__control` through which tests switch failure rules on and read what was sent.
 */
export async function startClickatellSimulator(opts: ClickatellSimulatorOptions): Promise<ClickatellSimulator> {
  const host = opts.host ?? '127.0.0.1'
  const config: { callbackUrl: string | null; callbackDelayMs: number } = { callbackUrl: opts.callbackUrl ?? null, callbackDelayMs: opts.callbackDelayMs ?? 300 }
  const messages = new CappedLog<SmsRecord>(MAX_MESSAGES_KEPT)
  const requests = new CappedLog<RequestRecord>(MAX_REQUESTS_KEPT)
  const rules = new RuleBook<ClickatellRule>()
  const lifetime = new AbortController()
  // Replaced on reset, so callbacks still pending for forgotten messages are never sent.
  let callbackWork = new AbortController()

  /** Callbacks go to the URL configured when the message was accepted, as a test that changes it expects. */
  async function sendCallbacks(record: SmsRecord, url: string, plan: CallbackPlan, signal: AbortSignal): Promise<void> {
    for (const step of callbackSequence(plan)) {
      await sleep(config.callbackDelayMs, signal)
      const body: DeliveryCallback = {
        integrationName: INTEGRATION_NAME,
        messageId: record.apiMessageId,
        ...(record.clientMessageId === null ? {} : { clientMessageId: record.clientMessageId }),
        requestId: record.requestId,
        to: record.to,
        from: '',
        timestamp: Date.now(),
        ...step,
      }
      for (let copy = 0; copy < (plan.duplicate ? 2 : 1); copy++) {
        record.status = step.status
        record.statusCode = step.statusCode
        record.lastCallback = { url, body }
        await deliverCallback(url, body, signal, (attempt) => record.callbacks.push(attempt))
      }
    }
  }

  function accept(m: SubmittedMessage & { to: string; content: string }, requestId: string, clientMessageId: string | null, messageRules: readonly ClickatellRule[]): string {
    const record: SmsRecord = {
      apiMessageId: randomBytes(16).toString('hex'),
      clientMessageId,
      requestId,
      to: m.to,
      content: m.content,
      receivedAt: new Date().toISOString(),
      status: null,
      statusCode: null,
      callbacks: [],
    }
    messages.push(record)
    if (config.callbackUrl !== null) sendCallbacks(record, config.callbackUrl, callbackPlanFor(m.to, messageRules), callbackWork.signal).catch(() => undefined)
    return record.apiMessageId
  }

  async function handleSend(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = new Date().toISOString()
    const read = await readBody(req, MAX_BODY_BYTES)
    const authorised = keyMatches(opts.apiKey, req.headers.authorization)
    const json = read.ok ? parseJson(read.text) : undefined
    const stored = read.ok ? (json ?? read.text) : '(body over 5 MB, not kept)'
    const messageCount = Array.isArray((json as { messages?: unknown } | undefined)?.messages) ? (json as { messages: unknown[] }).messages.length : null
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      requests.push({ at, authorised, status, messageCount, body: stored })
      if (typeof body === 'string') {
        res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
        res.end(body)
      } else sendJson(res, status, body, headers)
    }
    const refuse = (status: number, error: ClickatellError, headers?: Record<string, string>) => answer(status, { messages: [], error }, headers)

    if (!authorised) return refuse(401, errors.invalidApiKey)
    if (!read.ok) return refuse(400, errors.invalidParameters('the body is over 5 MB'))
    const request = readSendRequest(json)
    if (!request.ok) return refuse(400, request.error)

    const recipients = request.messages.map((m) => (typeof m.to === 'string' ? m.to : ''))
    const shaping: RuleEntry<ClickatellRule> | undefined = rules.matching((r) => isResponseRule(r) && ruleMatchesRequest(r, recipients))[0]
    if (shaping) rules.consume(shaping)
    const mode = shaping?.rule.mode
    const latencyMs = shaping?.rule.latencyMs ?? (mode === 'slow' ? DEFAULT_SLOW_MS : 0)
    const late = () => (latencyMs > 0 ? sleep(latencyMs, lifetime.signal) : Promise.resolve())

    if (mode === 'rate_limited' || mode === 'server_error' || mode === 'out_of_credit') {
      await late()
      if (mode === 'rate_limited') return refuse(429, errors.throughputExceeded, { 'Retry-After': String(shaping!.rule.retryAfterSeconds ?? 1) })
      if (mode === 'server_error') return refuse(shaping!.rule.status ?? 503, errors.internal)
      return refuse(402, errors.noCredit)
    }

    const messageRules = rules.matching((r) => !isResponseRule(r) && ruleMatchesRequest(r, recipients))
    messageRules.forEach((entry) => rules.consume(entry))
    const applied = messageRules.map((entry) => entry.rule)
    const requestId = randomUUID()
    // Messages are taken before any latency: a client that gives up on a slow answer has still sent them.
    const entries = request.messages.map((m): AnswerEntry => {
      const to = typeof m.to === 'string' ? m.to : String(m.to ?? '')
      const clientMessageId = typeof m.clientMessageId === 'string' ? m.clientMessageId : null
      const echo = clientMessageId === null ? {} : { clientMessageId }
      const refused = applied.some((r) => r.mode === 'reject_number' && ruleMatchesMessage(r, to))
      const error = messageProblem(m) ?? (refused ? errors.invalidDestination : null)
      if (error) return { apiMessageId: null, accepted: false, to, ...echo, error }
      const apiMessageId = accept(m as SubmittedMessage & { to: string; content: string }, requestId, clientMessageId, applied)
      return { apiMessageId, accepted: true, to, ...echo, error: null }
    })
    await late()
    if (mode === 'malformed') return answer(202, MALFORMED_BODY)
    const acceptedCount = entries.filter((e) => e.accepted).length
    if (acceptedCount === entries.length) return answer(202, { messages: entries, error: null })
    if (acceptedCount > 0) return answer(207, { messages: entries, error: null })
    return answer(400, { messages: entries, error: entries[0]!.error })
  }

  const publicMessage = ({ lastCallback: _, ...record }: SmsRecord) => record

  async function handleControl(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname.slice('/__control'.length)
    const method = req.method ?? 'GET'
    const readJson = async () => {
      const read = await readBody(req, MAX_BODY_BYTES)
      return read.ok ? parseJson(read.text) : undefined
    }

    if (method === 'GET' && path === '/messages') {
      const to = url.searchParams.get('to')
      return sendJson(res, 200, { messages: messages.all().filter((m) => to === null || m.to === to).map(publicMessage) })
    }
    if (method === 'GET' && path === '/requests') return sendJson(res, 200, { requests: requests.all() })
    const send = (status: number, body?: unknown) => (status === 204 ? sendNoContent(res) : sendJson(res, status, body))
    if (await handleRuleRoutes(rules, clickatellRuleSchema, { method, path, readJson, send })) return
    if (method === 'GET' && path === '/config') return sendJson(res, 200, config)
    if (method === 'PUT' && path === '/config') {
      const parsed = configSchema.safeParse(await readJson())
      if (!parsed.success) return sendJson(res, 400, { error: 'invalid config', issues: zodIssues(parsed.error) })
      if (parsed.data.callbackUrl !== undefined) config.callbackUrl = parsed.data.callbackUrl
      if (parsed.data.callbackDelayMs !== undefined) config.callbackDelayMs = parsed.data.callbackDelayMs
      return sendJson(res, 200, config)
    }
    const replayId = /^\/callbacks\/([^/]+)\/replay$/.exec(path)?.[1]
    if (method === 'POST' && replayId !== undefined) {
      const record = messages.find((m) => m.apiMessageId === decodeURIComponent(replayId))
      if (!record) return sendJson(res, 404, { error: 'no such message' })
      if (!record.lastCallback) return sendJson(res, 409, { error: 'no callback has been sent for this message yet' })
      const { url: target, body } = record.lastCallback
      const sentAt = new Date().toISOString()
      const outcome = await postCallback(target, body, lifetime.signal)
      record.callbacks.push({ status: body.status, statusCode: body.statusCode, sentAt, url: withoutQuery(target), body, attempt: 1, replay: true, ...outcome })
      return 'error' in outcome ? sendJson(res, 502, { answeredStatus: null, error: outcome.error }) : sendJson(res, 200, { answeredStatus: outcome.answeredStatus })
    }
    if (method === 'POST' && path === '/reset') {
      callbackWork.abort()
      callbackWork = new AbortController()
      messages.clear()
      requests.clear()
      rules.clear()
      return sendNoContent(res)
    }
    return sendJson(res, 404, { error: 'not found' })
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator')
    if (url.pathname === '/v1/message' && req.method === 'POST') return handleSend(req, res)
    if (url.pathname === '/__control' || url.pathname.startsWith('/__control/')) return handleControl(req, res, url)
    return sendJson(res, 404, { messages: [], error: { code: 404, description: 'Not found' } })
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (lifetime.signal.aborted) return void res.destroy()
      if (!res.headersSent) sendJson(res, 500, { messages: [], error: { ...errors.internal, description: `${errors.internal.description}: ${err instanceof Error ? err.message : String(err)}` } })
      else res.destroy()
    })
  })
  const port = await listen(server, opts.port ?? 0, host)

  return {
    url: httpUrl(host, port),
    port,
    async stop() {
      lifetime.abort()
      callbackWork.abort()
      await close(server)
    },
  }
}
