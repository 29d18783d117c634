import { randomBytes, randomUUID } from 'node:crypto'
import { setMaxListeners } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { z } from 'zod'

import { readSoapRequest, soapFault, soapResponse } from '../../src/integrations/netcash/soap'
import { CappedLog } from '../shared/capped-log'
import { close, httpUrl, listen, parseJson, readBody, sendJson, sendNoContent, sleep, zodIssues } from '../shared/http'
import { handleRuleRoutes, RuleBook, type RuleEntry } from '../shared/rules'
import { loadReportFor, parseBatchFile, type ParsedBatch } from './batch'
import { mandatePage, payNowPage, returnPage } from './pages'
import { isSoapRule, netcashRuleSchema, type NetcashRule } from './rules'

export type NetcashSimulatorOptions = {
  port?: number
  /** Default 127.0.0.1: the control API has no auth. */
  host?: string
  debitOrderKey: string
  payNowKey?: string
  /** Where mandate postbacks and Pay Now notifies go (our endpoints, secret in the path). */
  mandatePostbackUrl?: string
  payNowNotifyUrl?: string
  /** Where the browser goes after Pay Now (our portal). */
  payNowReturnUrl?: string
  /** The wait before a postback is sent (default 300 ms). */
  postbackDelayMs?: number
  now?: () => Date
}

export type NetcashSimulator = { url: string; port: number; stop(): Promise<void> }

type Mandate = {
  token: string
  accountReference: string
  mandateName: string
  amount: string
  agreementReference: string
  debitDay: string
  status: 'awaiting' | 'signed' | 'declined'
  mandateReferenceNumber: string | null
  createdAt: string
}

type Batch = { token: string; receivedAt: string; reportReadyAt: number; parsed: ParsedBatch }
type UnpaidRecord = { accountReference: string; accountName: string; actionDate: string; amountCents: number; reasonCode: string; description: string; reportAt: number }
type PayNowRequest = { reference: string; description: string; amount: string; email: string; extra: [string, string, string]; status: 'awaiting' | 'paid' | 'declined' }
type PostbackRecord = { kind: 'mandate' | 'paynow'; at: string; path: string; body: Record<string, string>; copy: number; answeredStatus?: number; error?: string; dropped?: boolean }
type SoapRecord = { at: string; operation: string; status: number; rule: string | null }

const MAX_BODY_BYTES = 20 * 1024 * 1024
const DAY_MS = 86_400_000
/** SA return reasons the simulator reports (descriptions as a bank statement words them). */
const RETURN_DESCRIPTIONS: Record<string, string> = {
  '02': 'NOT PROVIDED FOR',
  '04': 'PAYMENT STOPPED',
  '12': 'ACCOUNT CLOSED',
  '22': 'ACCOUNT EFFECTS NOT CLEARED',
  '26': 'NO SUCH ACCOUNT',
  '30': 'NO AUTHORITY TO DEBIT',
  '32': 'DEBIT IN CONTRAVENTION OF PAYERS AUTHORITY',
}

const configSchema = z
  .object({
    mandatePostbackUrl: z.url({ protocol: /^https?$/ }).nullable().optional(),
    payNowNotifyUrl: z.url({ protocol: /^https?$/ }).nullable().optional(),
    payNowReturnUrl: z.url({ protocol: /^https?$/ }).nullable().optional(),
    postbackDelayMs: z.number().int().min(0).max(600_000).optional(),
    reportDelayMs: z.number().int().min(0).max(600_000).optional(),
    now: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .strict()

const unpaidSchema = z
  .object({
    accountName: z.string().min(1),
    actionDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    reasonCode: z.enum(Object.keys(RETURN_DESCRIPTIONS) as [string, ...string[]]),
    /** Reported this many days after the action date (0: at once). */
    afterDays: z.number().int().min(0).max(120).default(0),
  })
  .strict()

/** Postback URLs carry our secret in the path: the control API shows only the origin. */
const originOf = (url: string) => new URL(url).origin
const maskAccount = (n: string) => (n.length > 4 ? `${'*'.repeat(n.length - 4)}${n.slice(-4)}` : '****')
const ymd = (day: string) => day.replaceAll('-', '')

/**
 * NetCash as our client meets it: NIWS_NIF over SOAP 1.1 (`AddMandate`, `BatchFileUpload`,
 * `RequestFileUploadReport`, `RetrieveUnpaids`) at `/NIWS/niws_nif.svc`, the mandate page a
 * customer signs (then the mandate postback, form-encoded), Pay Now's page (then its notify
 * postback), returned debits reported on the unpaid statement days after their action date, and
 * a control API under `/__control`.
 */
export async function startNetcashSimulator(opts: NetcashSimulatorOptions): Promise<NetcashSimulator> {
  const host = opts.host ?? '127.0.0.1'
  const initialConfig = () => ({
    mandatePostbackUrl: opts.mandatePostbackUrl ?? null,
    payNowNotifyUrl: opts.payNowNotifyUrl ?? null,
    payNowReturnUrl: opts.payNowReturnUrl ?? null,
    postbackDelayMs: opts.postbackDelayMs ?? 300,
    reportDelayMs: 0,
    now: null as string | null,
  })
  let config = initialConfig()
  const mandates = new Map<string, Mandate>()
  const batches = new Map<string, Batch>()
  let unpaids: UnpaidRecord[] = []
  const payNow = new Map<string, PayNowRequest>()
  const postbacks = new CappedLog<PostbackRecord>(5_000)
  const soapLog = new CappedLog<SoapRecord>(5_000)
  const rules = new RuleBook<NetcashRule>()
  const lifetime = new AbortController()
  setMaxListeners(0, lifetime.signal)
  let work = new AbortController()
  setMaxListeners(0, work.signal)
  const now = () => (config.now ? new Date(config.now) : (opts.now?.() ?? new Date()))

  /** Sends one postback (form-encoded, as NetCash does), shaped by the postback rules. */
  async function postback(kind: 'mandate' | 'paynow', url: string | null, body: Record<string, string>): Promise<void> {
    if (!url) return
    const signal = work.signal
    const matching = rules.matching((r) => !isSoapRule(r) && (r.kind === undefined || r.kind === kind))
    matching.forEach((e) => rules.consume(e))
    const has = (mode: NetcashRule['mode']) => matching.find((e) => e.rule.mode === mode)?.rule
    const base = { kind, path: originOf(url), body }
    if (has('drop_postback')) return void postbacks.push({ ...base, at: now().toISOString(), copy: 1, dropped: true })
    const extra = has('delay_postback')?.delayMs ?? (has('delay_postback') ? 2_000 : 0)
    await sleep(config.postbackDelayMs + extra, signal)
    for (let copy = 1; copy <= (has('duplicate_postback') ? 2 : 1); copy++) {
      const record: PostbackRecord = { ...base, at: now().toISOString(), copy }
      postbacks.push(record)
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(body).toString(),
          signal: AbortSignal.any([signal, AbortSignal.timeout(10_000)]),
        })
        await res.arrayBuffer().catch(() => undefined)
        record.answeredStatus = res.status
      } catch (err) {
        if (signal.aborted) return
        record.error = err instanceof Error ? err.message : String(err)
      }
    }
  }

  function decideMandate(token: string, signed: boolean, reason?: string): Mandate | null {
    const m = mandates.get(token)
    if (!m || m.status !== 'awaiting') return null
    m.status = signed ? 'signed' : 'declined'
    m.mandateReferenceNumber = signed ? `MR${randomBytes(5).toString('hex').toUpperCase()}` : null
    void postback('mandate', config.mandatePostbackUrl, {
      MandateSuccessful: signed ? '1' : '0',
      IsDeclined: signed ? '0' : '1',
      ReasonForDecline: signed ? '' : (reason ?? 'Declined by the account holder'),
      AccountRef: m.accountReference,
      MandateReferenceNumber: m.mandateReferenceNumber ?? '',
      DebitDay: m.debitDay,
      MandateAmount: m.amount,
      BankAccountNo: signed ? '******7890' : '',
      MandatePDFLink: signed ? `/mandates/${m.token}/pdf` : '',
    }).catch(() => undefined)
    return m
  }

  function decidePayNow(reference: string, paid: boolean, method = '1'): PayNowRequest | null {
    const p = payNow.get(reference)
    if (!p || p.status !== 'awaiting') return null
    p.status = paid ? 'paid' : 'declined'
    void postback('paynow', config.payNowNotifyUrl, {
      TransactionAccepted: paid ? 'true' : 'false',
      Reason: paid ? 'Success' : 'Cancelled by the customer',
      Reference: p.reference,
      Amount: p.amount,
      Method: method,
      RequestTrace: randomUUID(),
      Extra1: p.extra[0],
      Extra2: p.extra[1],
      Extra3: p.extra[2],
    }).catch(() => undefined)
    return p
  }

  function soap(operation: string, params: Record<string, string>): string {
    if (params.ServiceKey !== opts.debitOrderKey) return soapResponse(operation, '100')
    if (operation === 'AddMandate') {
      const p = params
      const errors: string[] = []
      if (!/^[A-Za-z0-9-]{1,22}$/.test(p.AccountReference ?? '')) errors.push('AccountReference is invalid')
      if (!/^\d+\.\d{2}$/.test(p.MandateAmount ?? '')) errors.push('MandateAmount is invalid')
      if (!['0', '1'].includes(p.IsConsumer ?? '')) errors.push('IsConsumer must be 0 or 1')
      if (!p.FirstName?.trim() || !p.Surname?.trim()) errors.push('FirstName and Surname are required')
      if (!/^0\d{9}$/.test(p.MobileNumber ?? '')) errors.push('MobileNumber is invalid')
      if (p.DebitFrequency !== '1') errors.push('DebitFrequency must be 1 (monthly)')
      if (!/^(0[1-9]|1[0-2])$/.test(p.CommencementMonth ?? '')) errors.push('CommencementMonth is invalid')
      if (!/^(0[1-9]|[12]\d|3[01]|LDOM)$/.test(p.CommencementDay ?? '')) errors.push('CommencementDay is invalid')
      if (!/^\d{8}$/.test(p.AgreementDate ?? '')) return soapResponse(operation, '101')
      if (!p.AgreementReferenceNumber?.trim()) errors.push('AgreementReferenceNumber is required')
      if (errors.length) return soapResponse(operation, { ErrorCode: '1', Errors: { string: errors }, Warnings: '', MandateUrl: '' })
      // NetCash keys a mandate by account and agreement reference: asking again gives the same one.
      const existing = [...mandates.values()].find((m) => m.accountReference === p.AccountReference && m.agreementReference === p.AgreementReferenceNumber)
      const token = existing?.token ?? randomBytes(12).toString('hex')
      if (!existing) {
        mandates.set(token, { token, accountReference: p.AccountReference!, mandateName: p.MandateName ?? '', amount: p.MandateAmount!, agreementReference: p.AgreementReferenceNumber!, debitDay: p.CommencementDay!, status: 'awaiting', mandateReferenceNumber: null, createdAt: now().toISOString() })
      }
      return soapResponse(operation, { ErrorCode: '000', Errors: '', Warnings: '', MandateUrl: `${self.url}/mandates/${token}` })
    }
    if (operation === 'BatchFileUpload') {
      const parsed = parseBatchFile(params.File ?? '')
      if (parsed.serviceKey && parsed.serviceKey !== opts.debitOrderKey) return soapResponse(operation, '100')
      const token = randomUUID()
      batches.set(token, { token, receivedAt: now().toISOString(), reportReadyAt: now().getTime() + config.reportDelayMs, parsed })
      return soapResponse(operation, token)
    }
    if (operation === 'RequestFileUploadReport') {
      const batch = batches.get(params.FileToken ?? '')
      if (!batch) return soapResponse(operation, '102')
      if (now().getTime() < batch.reportReadyAt) return soapResponse(operation, 'FILE NOT READY')
      return soapResponse(operation, loadReportFor(batch.parsed, now()))
    }
    if (operation === 'RetrieveUnpaids') {
      const from = params.FromActionDate ?? ''
      if (!/^\d{8}$/.test(from)) return soapResponse(operation, '101')
      const due = unpaids.filter((u) => u.reportAt <= now().getTime() && ymd(u.actionDate) >= from)
      const lines = ['AccountReference\tAccountName\tActionDate\tAmount\tReasonCode\tReason', ...due.map((u) => [u.accountReference, u.accountName, ymd(u.actionDate), String(u.amountCents), u.reasonCode, u.description].join('\t'))]
      return soapResponse(operation, lines.join('\r\n') + '\r\n')
    }
    return soapFault(`Unknown operation ${operation}`)
  }

  async function handleSoap(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const read = await readBody(req, MAX_BODY_BYTES)
    const parsed = read.ok ? readSoapRequest(read.text) : null
    const action = String(req.headers.soapaction ?? '').replace(/"/g, '')
    const operation = parsed?.operation ?? action.split('/').pop() ?? ''
    const record: SoapRecord = { at: now().toISOString(), operation, status: 0, rule: null }
    soapLog.push(record)
    const send = (status: number, body: string, type = 'text/xml; charset=utf-8') => {
      record.status = status
      res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) })
      res.end(body)
    }
    if (!parsed) return send(400, soapFault('The request is not a SOAP envelope'))
    const entry: RuleEntry<NetcashRule> | undefined = rules.matching((r) => isSoapRule(r) && (r.operation === undefined || r.operation === operation))[0]
    if (entry) rules.consume(entry)
    record.rule = entry?.rule.mode ?? null
    // What the call does (a file loaded, a mandate made) is done before any wait, as at NetCash.
    const answer = entry?.rule.mode === 'server_error' || entry?.rule.mode === 'garbage' ? null : soap(operation, parsed.params)
    const latency = entry?.rule.latencyMs ?? (entry?.rule.mode === 'slow' ? 1_000 : 0)
    if (latency > 0) await sleep(latency, lifetime.signal)
    if (res.destroyed) return
    if (entry?.rule.mode === 'server_error') return send(entry.rule.status ?? 503, '<html><body>Service Unavailable</body></html>', 'text/html')
    if (entry?.rule.mode === 'garbage') return send(200, '<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><Oops')
    return send(200, answer!)
  }

  async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
    const read = await readBody(req, 64 * 1024)
    return new URLSearchParams(read.ok ? read.text : '')
  }
  const html = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
    res.end(body)
  }
  const redirect = (res: ServerResponse, to: string) => {
    res.writeHead(303, { Location: to })
    res.end()
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname.slice('/__control'.length)
    const method = req.method ?? 'GET'
    const readJson = async () => {
      const read = await readBody(req, 1024 * 1024)
      return read.ok ? parseJson(read.text) : undefined
    }
    if (method === 'GET' && path === '/requests') return sendJson(res, 200, { requests: soapLog.all() })
    if (method === 'GET' && path === '/mandates') return sendJson(res, 200, { mandates: [...mandates.values()] })
    const decision = /^\/mandates\/([^/]+)\/(sign|decline)$/.exec(path)
    if (method === 'POST' && decision) {
      const body = (await readJson()) as { reason?: string } | undefined
      const m = decideMandate(decodeURIComponent(decision[1]!), decision[2] === 'sign', body?.reason)
      return m ? sendJson(res, 200, m) : sendJson(res, 409, { error: 'no such mandate awaiting a decision' })
    }
    if (method === 'GET' && path === '/batches') {
      return sendJson(res, 200, {
        batches: [...batches.values()].map((b) => ({
          token: b.token,
          receivedAt: b.receivedAt,
          ...b.parsed,
          debits: b.parsed.debits.map((d) => ({ ...d, accountNumber: maskAccount(d.accountNumber) })),
        })),
      })
    }
    if (method === 'GET' && path === '/unpaids') return sendJson(res, 200, { unpaids })
    if (method === 'POST' && path === '/unpaids') {
      const parsed = unpaidSchema.safeParse(await readJson())
      if (!parsed.success) return sendJson(res, 400, { error: 'invalid unpaid', issues: zodIssues(parsed.error) })
      const u = parsed.data
      const debit = [...batches.values()]
        .filter((b) => b.parsed.errors.length === 0 && (u.actionDate === undefined || b.parsed.actionDate === u.actionDate))
        .flatMap((b) => b.parsed.debits.map((d) => ({ d, actionDate: b.parsed.actionDate })))
        .reverse()
        .find((x) => x.d.accountName === u.accountName)
      if (!debit) return sendJson(res, 404, { error: 'no loaded debit with that account name (and action date)' })
      const record: UnpaidRecord = {
        accountReference: debit.d.accountReference,
        accountName: debit.d.accountName,
        actionDate: debit.actionDate,
        amountCents: debit.d.amountCents,
        reasonCode: u.reasonCode,
        description: RETURN_DESCRIPTIONS[u.reasonCode]!,
        reportAt: Date.parse(`${debit.actionDate}T00:00:00+02:00`) + u.afterDays * DAY_MS,
      }
      unpaids.push(record)
      return sendJson(res, 201, record)
    }
    if (method === 'GET' && path === '/paynow') return sendJson(res, 200, { payments: [...payNow.values()] })
    const pay = /^\/paynow\/([^/]+)\/(pay|decline)$/.exec(path)
    if (method === 'POST' && pay) {
      const p = decidePayNow(decodeURIComponent(pay[1]!), pay[2] === 'pay')
      return p ? sendJson(res, 200, p) : sendJson(res, 409, { error: 'no such payment awaiting a decision' })
    }
    if (method === 'GET' && path === '/postbacks') return sendJson(res, 200, { postbacks: postbacks.all() })
    const send = (status: number, body?: unknown) => (status === 204 ? sendNoContent(res) : sendJson(res, status, body))
    if (await handleRuleRoutes(rules, netcashRuleSchema, { method, path, readJson, send })) return
    if (method === 'GET' && path === '/config') return sendJson(res, 200, { ...config, mandatePostbackUrl: config.mandatePostbackUrl && originOf(config.mandatePostbackUrl), payNowNotifyUrl: config.payNowNotifyUrl && originOf(config.payNowNotifyUrl) })
    if (method === 'PUT' && path === '/config') {
      const parsed = configSchema.safeParse(await readJson())
      if (!parsed.success) return sendJson(res, 400, { error: 'invalid config', issues: zodIssues(parsed.error) })
      config = { ...config, ...Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)) }
      return sendNoContent(res)
    }
    if (method === 'POST' && path === '/reset') {
      work.abort()
      work = new AbortController()
      setMaxListeners(0, work.signal)
      mandates.clear()
      batches.clear()
      unpaids = []
      payNow.clear()
      postbacks.clear()
      soapLog.clear()
      rules.clear()
      config = initialConfig()
      return sendNoContent(res)
    }
    return sendJson(res, 404, { error: 'not found' })
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator')
    const method = req.method ?? 'GET'
    if (url.pathname.toLowerCase() === '/niws/niws_nif.svc' && method === 'POST') return handleSoap(req, res)
    if (url.pathname === '/__control' || url.pathname.startsWith('/__control/')) return handleControl(req, res, url)
    const mandate = /^\/mandates\/([a-f0-9]{24})(?:\/(sign|decline))?$/.exec(url.pathname)
    if (mandate) {
      const m = mandates.get(mandate[1]!)
      if (!m) return html(res, 404, mandatePage({ token: '', mandateName: '', accountReference: '', amount: '', debitDay: '', status: 'not found' }))
      if (method === 'POST' && mandate[2]) {
        decideMandate(m.token, mandate[2] === 'sign')
        return redirect(res, `/mandates/${m.token}`)
      }
      return html(res, 200, mandatePage(m))
    }
    if (url.pathname.toLowerCase() === '/paynow/site/paynow.aspx') {
      const form = method === 'POST' ? await readForm(req) : url.searchParams
      if (opts.payNowKey && form.get('m1') !== opts.payNowKey) return html(res, 403, payNowPage({ reference: '', description: '', amount: '', done: 'This Pay Now service key is not known' }))
      const reference = form.get('p2') ?? ''
      const amount = form.get('p4') ?? ''
      if (!/^[A-Za-z0-9_-]{1,50}$/.test(reference) || !/^\d+\.\d{2}$/.test(amount)) return html(res, 400, payNowPage({ reference, description: '', amount, done: 'The payment request is incomplete' }))
      if (!payNow.has(reference)) payNow.set(reference, { reference, description: form.get('p3') ?? '', amount, email: form.get('m9') ?? '', extra: [form.get('m4') ?? '', form.get('m5') ?? '', form.get('m6') ?? ''], status: 'awaiting' })
      return html(res, 200, payNowPage(payNow.get(reference)!))
    }
    const paid = /^\/paynow\/([^/]+)\/(pay|decline)$/.exec(url.pathname)
    if (paid && method === 'POST') {
      const form = await readForm(req)
      const p = decidePayNow(decodeURIComponent(paid[1]!), paid[2] === 'pay', form.get('method') ?? '1')
      if (p && config.payNowReturnUrl) {
        // As NetCash does: back to the merchant's Accept or Decline URL with a form POST.
        const to = `${config.payNowReturnUrl}${config.payNowReturnUrl.includes('?') ? '&' : '?'}outcome=${p.status}`
        return html(res, 200, returnPage(to, p.reference))
      }
      return html(res, p ? 200 : 409, payNowPage({ reference: '', description: '', amount: '', done: p ? (p.status === 'paid' ? 'Payment received' : 'Payment cancelled') : 'This payment has already been decided' }))
    }
    return sendJson(res, 404, { error: 'not found' })
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (lifetime.signal.aborted || res.destroyed) return void res.destroy()
      if (!res.headersSent) sendJson(res, 500, { error: err instanceof Error ? err.message : String(err) })
      else res.destroy()
    })
  })
  const port = await listen(server, opts.port ?? 0, host)
  const self: NetcashSimulator = {
    url: httpUrl(host, port),
    port,
    async stop() {
      lifetime.abort()
      work.abort()
      await close(server)
    },
  }
  return self
}
