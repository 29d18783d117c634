import http from 'node:http'
import type { AddressInfo } from 'node:net'

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { buildDebitBatch, type DebitBatch } from '../../src/integrations/netcash/batchFile'
import { netcashClient, type MandateRequest } from '../../src/integrations/netcash/client'
import { startNetcashSimulator, type NetcashSimulator } from '../../simulators/netcash/server'

const KEY = '3f2504e0-4f89-41d3-9a0c-0305e82c3301'
const VENDOR = '24ade73c-98cf-47b3-99be-cc7b867b3080'
let sim: NetcashSimulator
let receiver: http.Server
let receiverUrl: string
const received: Array<{ path: string; body: URLSearchParams }> = []

const control = (path: string, init: { method?: string; body?: unknown } = {}) =>
  fetch(`${sim.url}/__control${path}`, { method: init.method ?? 'GET', body: init.body === undefined ? undefined : JSON.stringify(init.body), headers: { 'Content-Type': 'application/json' } }).then(async (r) => {
    const text = await r.text()
    return { status: r.status, body: text ? JSON.parse(text) : undefined }
  })
const client = (over: { key?: string; timeoutMs?: number } = {}) =>
  netcashClient({ wsUrl: `${sim.url}/NIWS/niws_nif.svc`, debitOrderKey: 'key' in over ? over.key : KEY, timeoutMs: over.timeoutMs ?? 2000, retry: { sleep: async () => undefined } })

const mandate = (over: Partial<MandateRequest> = {}): MandateRequest => ({
  accountReference: 'CT-2026-00001',
  mandateName: 'Thandi Mokoena',
  mandateAmountCents: 150_000,
  isConsumer: true,
  firstName: 'Thandi',
  surname: 'Mokoena',
  mobileNumber: '27821234567',
  debitDay: '05',
  commencementMonth: 1,
  agreementDate: '2026-12-04',
  agreementReference: 'PM-17',
  ...over,
})
const batch = (debits: DebitBatch['debits']): DebitBatch => ({ serviceKey: KEY, vendorKey: VENDOR, instruction: 'TwoDay', batchName: 'DO-2026-12-07', actionDate: '2026-12-07', debits })
const debit = (name: string, over: Partial<DebitBatch['debits'][number]> = {}) => ({ accountReference: 'CT-2026-00001', accountName: name, accountHolder: 'T Mokoena', accountType: 'cheque' as const, branchCode: '250655', accountNumber: '62012345678', amountCents: 29_900, ...over })

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: new URLSearchParams(body) })
      res.writeHead(200)
      res.end('OK')
    })
  })
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`
  sim = await startNetcashSimulator({ port: 0, debitOrderKey: KEY, payNowKey: 'paynow-key' })
})
afterAll(async () => {
  await sim.stop()
  await new Promise((r) => receiver.close(r))
})
beforeEach(async () => {
  received.length = 0
  await control('/reset', { method: 'POST' })
  await control('/config', { method: 'PUT', body: { mandatePostbackUrl: `${receiverUrl}/postbacks/secret-1/mandate`, payNowNotifyUrl: `${receiverUrl}/postbacks/secret-1/paynow`, postbackDelayMs: 0 } })
})

const waitFor = async <T>(check: () => T | undefined, ms = 3000): Promise<T> => {
  const until = Date.now() + ms
  for (;;) {
    const v = check()
    if (v) return v
    if (Date.now() > until) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('mandates', () => {
  it('AddMandate gives the URL to sign; signing sends the mandate postback, form-encoded', async () => {
    const r = await client().addMandate(mandate())
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.mandateUrl).toMatch(new RegExp(`^${sim.url}/mandates/[a-f0-9]{24}$`))
    // The same account and agreement reference again: the same mandate, not a second one.
    const again = await client().addMandate(mandate())
    expect(again.ok && again.value.mandateUrl).toBe(r.value.mandateUrl)
    const page = await fetch(r.value.mandateUrl)
    expect(await page.text()).toContain('R 1500.00 a month')
    await fetch(`${r.value.mandateUrl}/sign`, { method: 'POST', redirect: 'manual' })
    const post = await waitFor(() => received[0])
    expect(post.path).toBe('/postbacks/secret-1/mandate')
    expect(Object.fromEntries(post.body)).toMatchObject({ MandateSuccessful: '1', IsDeclined: '0', AccountRef: 'CT-2026-00001', DebitDay: '05', MandateAmount: '1500.00' })
    const sent = (await control('/postbacks')).body.postbacks
    expect(JSON.stringify(sent)).not.toContain('secret-1')
  })

  it('a declined mandate says why; a duplicate postback rule sends it twice', async () => {
    await control('/rules', { method: 'POST', body: { mode: 'duplicate_postback', kind: 'mandate', times: 1 } })
    const r = await client().addMandate(mandate({ agreementReference: 'PM-18' }))
    const token = r.ok ? r.value.mandateUrl.split('/').pop() : ''
    await control(`/mandates/${token}/decline`, { method: 'POST', body: { reason: 'Account holder refused' } })
    await waitFor(() => received.length >= 2 && received)
    expect(received.map((p) => p.body.get('IsDeclined'))).toEqual(['1', '1'])
    expect(received[0]!.body.get('ReasonForDecline')).toBe('Account holder refused')
  })

  it('refused fields come back as REFUSED with NetCash\'s reasons; a wrong key is AUTHENTICATION', async () => {
    const bad = await client().addMandate(mandate({ mobileNumber: '12345', accountReference: 'has spaces in it' }))
    expect(!bad.ok && bad.error).toMatchObject({ code: 'REFUSED' })
    expect(!bad.ok && bad.error.message).toMatch(/AccountReference is invalid; MobileNumber is invalid/)
    const wrongKey = await client({ key: '00000000-0000-0000-0000-000000000000' }).addMandate(mandate())
    expect(!wrongKey.ok && wrongKey.error.code).toBe('AUTHENTICATION')
    expect(JSON.stringify(wrongKey)).not.toContain('00000000-0000')
    const none = await client({ key: undefined }).addMandate(mandate())
    expect(!none.ok && none.error.code).toBe('NOT_CONFIGURED')
  })

  it('a 5xx is retried; garbage is MALFORMED_RESPONSE', async () => {
    await control('/rules', { method: 'POST', body: { mode: 'server_error', operation: 'AddMandate', times: 1 } })
    const r = await client().addMandate(mandate())
    expect(r.ok && r.attempts).toBe(2)
    await control('/rules', { method: 'POST', body: { mode: 'garbage', operation: 'AddMandate', times: 1 } })
    const g = await client().addMandate(mandate())
    expect(!g.ok && g.error.code).toBe('MALFORMED_RESPONSE')
  })
})

describe('batches, load reports and unpaids', () => {
  it('uploads a batch, reads its load report with the rejected line, and later its unpaids', async () => {
    const file = buildDebitBatch(batch([debit('INV-1'), debit('INV-2', { branchCode: '111111' }), debit('INV-3', { amountCents: 44_900 })]))
    const up = await client().uploadBatch(file)
    expect(up.ok).toBe(true)
    if (!up.ok) return
    const report = await client().loadReport(up.value.fileToken)
    expect(report.ok && report.value).toMatchObject({ outcome: 'SUCCESSFUL WITH ERRORS', rejected: [{ line: 4, message: 'Invalid branch code' }] })
    // The bank details reached NetCash whole; its control API shows them masked.
    const [stored] = (await control('/batches')).body.batches
    expect(stored.debits.map((d: { accountNumber: string }) => d.accountNumber)).toEqual(['*******5678', '*******5678'])

    expect((await control('/unpaids', { method: 'POST', body: { accountName: 'INV-3', reasonCode: '02', afterDays: 2 } })).status).toBe(201)
    await control('/config', { method: 'PUT', body: { now: '2026-12-08T08:00:00+02:00' } })
    const early = await client().unpaidsSince('2026-12-01')
    expect(early.ok && early.value).toEqual([])
    await control('/config', { method: 'PUT', body: { now: '2026-12-09T08:00:00+02:00' } })
    const later = await client().unpaidsSince('2026-12-01')
    expect(later.ok && later.value.map((u) => [u.accountName, u.amountCents, u.reasonCode, u.representable])).toEqual([['INV-3', 44_900, '02', true]])
  })

  it('an upload answered 5xx, garbage or without a token is UNCERTAIN and sent once only', async () => {
    const before = (await control('/batches')).body.batches.length
    await control('/rules', { method: 'POST', body: { mode: 'server_error', operation: 'BatchFileUpload', times: 3, status: 504 } })
    const gateway = await client().uploadBatch(buildDebitBatch(batch([debit('INV-1')])))
    expect(!gateway.ok && [gateway.error.code, gateway.error.attempts]).toEqual(['UNCERTAIN', 1])
    await control('/rules', { method: 'DELETE' })
    await control('/rules', { method: 'POST', body: { mode: 'garbage', operation: 'BatchFileUpload', times: 1 } })
    const garbage = await client().uploadBatch(buildDebitBatch(batch([debit('INV-1')])))
    expect(!garbage.ok && garbage.error.code).toBe('MALFORMED_RESPONSE')
    expect((await control('/requests')).body.requests.filter((r: { operation: string }) => r.operation === 'BatchFileUpload').length).toBeGreaterThanOrEqual(2)
    expect((await control('/batches')).body.batches.length).toBe(before)
  })

  it('a file whose footer is wrong loads nothing: UNSUCCESSFUL', async () => {
    const file = buildDebitBatch(batch([debit('INV-1')])).replace('F\t1\t29900\t9999', 'F\t1\t29901\t9999')
    const up = await client().uploadBatch(file)
    const report = up.ok ? await client().loadReport(up.value.fileToken) : undefined
    expect(report?.ok && report.value).toMatchObject({ outcome: 'UNSUCCESSFUL', errors: [expect.stringMatching(/footer/)] })
  })

  it('a report not ready yet is NOT_READY; an unknown token is PARAMETER', async () => {
    await control('/config', { method: 'PUT', body: { reportDelayMs: 60_000 } })
    const up = await client().uploadBatch(buildDebitBatch(batch([debit('INV-1')])))
    const r = up.ok ? await client().loadReport(up.value.fileToken) : undefined
    expect(r && !r.ok && r.error.code).toBe('NOT_READY')
    const unknown = await client().loadReport('00000000-0000-0000-0000-000000000000')
    expect(!unknown.ok && unknown.error.code).toBe('PARAMETER')
  })

  it('an upload is sent once: a timeout after it left is UNCERTAIN, not sent again', async () => {
    await control('/rules', { method: 'POST', body: { mode: 'slow', operation: 'BatchFileUpload', latencyMs: 500, times: 1 } })
    const slow = await client({ timeoutMs: 100 }).uploadBatch(buildDebitBatch(batch([debit('INV-1')])))
    expect(!slow.ok && slow.error).toMatchObject({ code: 'UNCERTAIN', attempts: 1 })
    // It did arrive: NetCash has it, which is why it must not be sent again without looking.
    expect((await control('/batches')).body.batches).toHaveLength(1)
  })
})

describe('Pay Now', () => {
  it('the page takes the request; paying sends the notify postback once per decision', async () => {
    const form = new URLSearchParams({ m1: 'paynow-key', m2: VENDOR, p2: 'INV-2026-00415-1', p3: 'Invoice INV-2026-00415', p4: '299.00', m9: 'thandi@demo.test', m4: 'invoice:415' })
    const page = await fetch(`${sim.url}/paynow/site/paynow.aspx`, { method: 'POST', body: form, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })
    expect(await page.text()).toContain('Pay R 299.00')
    await fetch(`${sim.url}/paynow/INV-2026-00415-1/pay`, { method: 'POST', body: 'method=2', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, redirect: 'manual' })
    const post = await waitFor(() => received.find((p) => p.path.endsWith('/paynow')))
    expect(Object.fromEntries(post.body)).toMatchObject({ TransactionAccepted: 'true', Reference: 'INV-2026-00415-1', Amount: '299.00', Method: '2', Extra1: 'invoice:415' })
    const second = await fetch(`${sim.url}/paynow/INV-2026-00415-1/pay`, { method: 'POST', body: 'method=2', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })
    expect(second.status).toBe(409)
    const wrongKey = await fetch(`${sim.url}/paynow/site/paynow.aspx`, { method: 'POST', body: new URLSearchParams({ ...Object.fromEntries(form), m1: 'nope' }), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })
    expect(wrongKey.status).toBe(403)
  })
})
