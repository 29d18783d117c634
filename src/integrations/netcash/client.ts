import type { CalendarDate } from '../../domain/calendarDate'
import { withRetries, type RetryPolicy } from '../http/retry'
import { centsToRand } from './payNow'
import { parseLoadReport, parseUnpaids, type LoadReport, type Unpaid } from './reports'
import { readSoapResponse, soapAction, soapRequest } from './soap'

export type NetcashConfig = {
  /** NIWS_NIF's URL, e.g. https://ws.netcash.co.za/NIWS/niws_nif.svc (or the simulator's). */
  wsUrl: string
  /** The debit order service key (a GUID); also used for mandates. */
  debitOrderKey?: string
  timeoutMs: number
  retry?: Partial<RetryPolicy>
  fetch?: typeof fetch
}

export type NetcashErrorCode =
  | 'NOT_CONFIGURED'
  | 'AUTHENTICATION'
  | 'DATE_FORMAT'
  | 'PARAMETER'
  | 'GENERAL'
  | 'REFUSED'
  | 'NOT_READY'
  | 'UNAVAILABLE'
  | 'NETWORK'
  | 'TIMEOUT'
  | 'UNCERTAIN'
  | 'MALFORMED_RESPONSE'

/** What went wrong, as a value: never holding a key or bank details. */
export type NetcashError = { code: NetcashErrorCode; message: string; vendorDown: boolean; status?: number; attempts: number }
export type NetcashResult<T> = { ok: true; value: T; attempts: number } | { ok: false; error: NetcashError }

export type MandateRequest = {
  accountReference: string
  mandateName: string
  /** The most a debit may take, in cents; sent in rand with two decimals (NetCash's money fields). */
  mandateAmountCents: number
  isConsumer: boolean
  firstName: string
  surname: string
  /** 27… or 0…: sent as the local 10 digits NetCash expects. */
  mobileNumber: string
  /** 01 to 31, or LDOM (last day of the month). */
  debitDay: string
  commencementMonth: number
  agreementDate: CalendarDate
  agreementReference: string
}

export type NetcashClient = {
  addMandate(request: MandateRequest): Promise<NetcashResult<{ mandateUrl: string; warnings: string[] }>>
  /** Uploads a batch file once (never retried after it may have arrived). The token names it for the load report. */
  uploadBatch(file: string): Promise<NetcashResult<{ fileToken: string }>>
  /** The load report of an uploaded batch; NOT_READY until NetCash has read it. */
  loadReport(fileToken: string): Promise<NetcashResult<LoadReport>>
  /** Returned debits reported since `from` (inclusive). */
  unpaidsSince(from: CalendarDate): Promise<NetcashResult<Unpaid[]>>
}

/** BatchFileUpload's (and most NIWS methods') error answers in place of a result. */
const NIWS_ERROR_CODES: Record<string, { code: NetcashErrorCode; message: string }> = {
  '100': { code: 'AUTHENTICATION', message: 'NetCash refused the service key (100)' },
  '101': { code: 'DATE_FORMAT', message: 'NetCash refused a date in the request (101)' },
  '102': { code: 'PARAMETER', message: 'NetCash refused a parameter of the request (102)' },
  '200': { code: 'GENERAL', message: 'NetCash reported a general error (200)' },
}

type Call = { ok: true; result: unknown } | { ok: false; error: Omit<NetcashError, 'attempts'>; retryable: boolean }

/** 27821234567 or 0821234567 as the 10 local digits; anything else as given (NetCash then refuses it). */
const localMobile = (mobile: string) => (/^27\d{9}$/.test(mobile) ? `0${mobile.slice(2)}` : mobile)

/**
 * NetCash's NIWS_NIF web service (SOAP 1.1, built and read with fast-xml-parser). Reads (load
 * report, unpaids) and AddMandate (NetCash keys a mandate by its account and agreement
 * reference, so a repeat replaces rather than duplicates) are retried on 5xx, timeouts and
 * connection errors; a batch upload is sent once, and a timeout or broken connection after it
 * left is UNCERTAIN (it may have been loaded): the caller must not send it again blindly. Keys
 * never appear in errors.
 */
export function netcashClient(config: NetcashConfig): NetcashClient {
  const policy: RetryPolicy = { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 5_000, ...config.retry }
  const doFetch = config.fetch ?? fetch

  async function send(operation: string, params: Array<[string, string]>, once: boolean): Promise<Call> {
    const timeout = AbortSignal.timeout(config.timeoutMs)
    let res: Response
    try {
      res = await doFetch(config.wsUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${soapAction(operation)}"` },
        body: soapRequest(operation, params),
        signal: timeout,
      })
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code
      if (timeout.aborted) {
        return { ok: false, retryable: !once, error: { code: once ? 'UNCERTAIN' : 'TIMEOUT', vendorDown: true, message: `NetCash did not answer ${operation} within ${config.timeoutMs} ms${once ? ': it may have been received' : ''}` } }
      }
      // Refused before anything was sent: safe to send again even when it must go once.
      const neverSent = cause === 'ECONNREFUSED' || cause === 'ENOTFOUND' || cause === 'EAI_AGAIN'
      return { ok: false, retryable: !once || neverSent, error: { code: once && !neverSent ? 'UNCERTAIN' : 'NETWORK', vendorDown: true, message: `NetCash could not be reached for ${operation}${cause ? ` (${cause})` : ''}` } }
    }
    let text: string
    try {
      text = await res.text()
    } catch {
      return { ok: false, retryable: !once, error: { code: once ? 'UNCERTAIN' : 'NETWORK', vendorDown: true, status: res.status, message: `The connection broke while NetCash answered ${operation}` } }
    }
    if (res.status >= 500 && !text.includes('Fault>')) {
      // A 5xx without a SOAP fault is the service in front of NIWS failing. For a read that means
      // try again; for a call that must go once it proves nothing (a gateway timing out after NIWS
      // stored the file answers 504 too): UNCERTAIN, never sent again blindly.
      if (once) return { ok: false, retryable: false, error: { code: 'UNCERTAIN', vendorDown: true, status: res.status, message: `NetCash answered ${res.status} to ${operation}: it may have been received` } }
      return { ok: false, retryable: true, error: { code: 'UNAVAILABLE', vendorDown: true, status: res.status, message: `NetCash answered ${res.status} to ${operation}` } }
    }
    const answer = readSoapResponse(text, operation)
    if (!answer.ok) {
      if ('fault' in answer) return { ok: false, retryable: !once && res.status >= 500, error: { code: res.status >= 500 ? 'UNAVAILABLE' : 'REFUSED', vendorDown: res.status >= 500, status: res.status, message: `NetCash refused ${operation}: ${answer.fault.slice(0, 200)}` } }
      return { ok: false, retryable: false, error: { code: 'MALFORMED_RESPONSE', vendorDown: false, status: res.status, message: `NetCash's answer to ${operation} cannot be read: ${answer.unreadable}` } }
    }
    return { ok: true, result: answer.result }
  }

  async function call(operation: string, params: Array<[string, string]>, opts: { once?: boolean } = {}): Promise<{ call: Call; attempts: number }> {
    const { value, attempts } = await withRetries<Call>(policy, async () => {
      const c = await send(operation, params, opts.once ?? false)
      return c.ok || !c.retryable ? { done: true, value: c } : { done: false, value: c }
    })
    return { call: value, attempts }
  }

  const notConfigured = (): NetcashResult<never> => ({ ok: false, error: { code: 'NOT_CONFIGURED', vendorDown: false, message: 'No NetCash debit order service key is configured', attempts: 0 } })
  const failed = (c: Extract<Call, { ok: false }>, attempts: number): NetcashResult<never> => ({ ok: false, error: { ...c.error, attempts } })
  /** A bare result that is one of NIWS's error codes. */
  const niwsError = (result: unknown, attempts: number): NetcashResult<never> | null => {
    const known = typeof result === 'string' ? NIWS_ERROR_CODES[result.trim()] : undefined
    return known ? { ok: false, error: { ...known, vendorDown: known.code === 'GENERAL', attempts } } : null
  }

  return {
    async addMandate(m) {
      if (!config.debitOrderKey) return notConfigured()
      const { call: c, attempts } = await call('AddMandate', [
        ['ServiceKey', config.debitOrderKey],
        ['AccountReference', m.accountReference],
        ['MandateName', m.mandateName],
        ['MandateAmount', centsToRand(m.mandateAmountCents)],
        ['IsConsumer', m.isConsumer ? '1' : '0'],
        ['FirstName', m.firstName],
        ['Surname', m.surname],
        ['MobileNumber', localMobile(m.mobileNumber)],
        ['DebitFrequency', '1'],
        ['CommencementMonth', String(m.commencementMonth).padStart(2, '0')],
        ['CommencementDay', m.debitDay],
        ['AgreementDate', m.agreementDate.replaceAll('-', '')],
        ['AgreementReferenceNumber', m.agreementReference],
      ])
      if (!c.ok) return failed(c, attempts)
      const known = niwsError(c.result, attempts)
      if (known) return known
      const r = (c.result ?? {}) as Record<string, unknown>
      const list = (v: unknown): string[] => {
        if (v == null || v === '') return []
        const inner = typeof v === 'object' ? Object.values(v as Record<string, unknown>).flat() : [v]
        return inner.map(String).filter((s) => s.trim() !== '')
      }
      const errorCode = String(r.ErrorCode ?? '').trim()
      if (errorCode !== '000') {
        const errors = list(r.Errors)
        return { ok: false, error: { code: 'REFUSED', vendorDown: false, attempts, message: `NetCash refused the mandate (${errorCode || 'no code'})${errors.length ? `: ${errors.join('; ').slice(0, 300)}` : ''}` } }
      }
      const mandateUrl = String(r.MandateUrl ?? '').trim()
      if (!/^https?:\/\//.test(mandateUrl)) return { ok: false, error: { code: 'MALFORMED_RESPONSE', vendorDown: false, attempts, message: 'NetCash accepted the mandate but gave no MandateUrl' } }
      return { ok: true, value: { mandateUrl, warnings: list(r.Warnings) }, attempts }
    },

    async uploadBatch(file) {
      if (!config.debitOrderKey) return notConfigured()
      const { call: c, attempts } = await call('BatchFileUpload', [['ServiceKey', config.debitOrderKey], ['File', file]], { once: true })
      if (!c.ok) return failed(c, attempts)
      const known = niwsError(c.result, attempts)
      if (known) return known
      const token = typeof c.result === 'string' ? c.result.trim() : ''
      // NetCash answered, but not with a token we can read: it may hold the file all the same.
      if (!/^[A-Za-z0-9-]{8,64}$/.test(token)) return { ok: false, error: { code: 'UNCERTAIN', vendorDown: false, attempts, message: 'NetCash answered the upload without a file token we can read: it may have been received' } }
      return { ok: true, value: { fileToken: token }, attempts }
    },

    async loadReport(fileToken) {
      if (!config.debitOrderKey) return notConfigured()
      const { call: c, attempts } = await call('RequestFileUploadReport', [['ServiceKey', config.debitOrderKey], ['FileToken', fileToken]])
      if (!c.ok) return failed(c, attempts)
      const known = niwsError(c.result, attempts)
      if (known) return known
      const text = typeof c.result === 'string' ? c.result : ''
      if (/^\s*FILE NOT READY/i.test(text)) return { ok: false, error: { code: 'NOT_READY', vendorDown: false, attempts, message: 'NetCash has not read the batch yet' } }
      const report = parseLoadReport(text)
      return report.ok ? { ok: true, value: report.value, attempts } : { ok: false, error: { code: 'MALFORMED_RESPONSE', vendorDown: false, attempts, message: report.error } }
    },

    async unpaidsSince(from) {
      if (!config.debitOrderKey) return notConfigured()
      const { call: c, attempts } = await call('RetrieveUnpaids', [['ServiceKey', config.debitOrderKey], ['FromActionDate', from.replaceAll('-', '')]])
      if (!c.ok) return failed(c, attempts)
      const known = niwsError(c.result, attempts)
      if (known) return known
      const parsed = parseUnpaids(typeof c.result === 'string' ? c.result : '')
      return parsed.ok ? { ok: true, value: parsed.value, attempts } : { ok: false, error: { code: 'MALFORMED_RESPONSE', vendorDown: false, attempts, message: parsed.error } }
    },
  }
}
