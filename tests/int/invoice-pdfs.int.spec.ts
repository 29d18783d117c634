import fs from 'node:fs'
import path from 'node:path'

import type { Payload } from 'payload'
import { extractText } from 'unpdf'
import { beforeAll, describe, expect, it } from 'vitest'

import { formatRand } from '../../src/domain/money'
import { getConfig } from '../../src/lib/config'
import { ensureInvoicePdf, leanWriterMisfits } from '../../src/services/invoicePdfs/ensureInvoicePdf'
import { signInvoiceLink } from '../../src/services/invoicePdfs/signedLinks'
import { issueAdhocInvoice } from '../../src/services/billing/issueAdhocInvoice'
import { recordPayment } from '../../src/services/billing/recordPayment'
import { voidInvoice } from '../../src/services/billing/voidInvoice'
import { withTransaction } from '../../src/services/withTransaction'
import type { Invoice } from '../../src/payload-types'
import { createCustomer, createStaff, PASSWORD } from '../factories/accounts'
import { createInvoice, createService } from '../factories/services'
import { api, cookiesFrom, graphql, loginCustomer, loginStaff } from '../helpers/http'
import { testPayload } from '../helpers/payload'
import { testEnv } from '../helpers/env'

let payload: Payload
let thandi: Awaited<ReturnType<typeof createCustomer>>
let pieter: Awaited<ReturnType<typeof createCustomer>>
let invoice: Invoice
let tokens: { thandi: string; pieter: string; billing: string; support: string }

const pdfText = async (bytes: Uint8Array) => (await extractText(new Uint8Array(bytes), { mergePages: true })).text

const fetchPdf = async (url: string, init: RequestInit = {}) => {
  const res = await fetch(`${testEnv().serverUrl}${url}`, { redirect: 'manual', ...init })
  const bytes = new Uint8Array(await res.arrayBuffer())
  return { res, bytes, json: () => JSON.parse(Buffer.from(bytes).toString('utf8')) }
}
const withJwt = (jwt: string): RequestInit => ({ headers: { Authorization: `JWT ${jwt}` } })

const issue = async (customerId: number, lines = [{ description: 'Router (TP-Link Archer C6)', unitPriceCents: 129900 }, { description: 'Fibre installation', unitPriceCents: 99900 }]) => {
  const result = await issueAdhocInvoice(payload, { customerId, invoiceDate: '2026-11-20', lines, kind: 'installation' })
  if (!result.ok) throw new Error(result.message)
  return result.value
}

beforeAll(async () => {
  payload = await testPayload()
  thandi = await createCustomer(payload, { firstName: 'Thandi', lastName: 'Pdfsson' })
  pieter = await createCustomer(payload, { firstName: 'Pieter', lastName: 'Pdfsson' })
  await payload.update({
    collection: 'customers',
    id: thandi.id,
    data: { postalAddress: { line1: '14 Jacaranda Avenue', suburb: 'Menlo Park', city: 'Pretoria', postalCode: '0081', province: 'Gauteng' } },
  })
  invoice = await issue(thandi.id)
  const billing = await createStaff(payload, 'billing', ['billing_manage'])
  const support = await createStaff(payload, 'support')
  tokens = {
    thandi: await loginCustomer(thandi.email, PASSWORD),
    pieter: await loginCustomer(pieter.email, PASSWORD),
    billing: await loginStaff(billing.email, PASSWORD),
    support: await loginStaff(support.email, PASSWORD),
  }
})

describe('rendering after issue', () => {
  it('issuing an invoice queues its render in the same transaction; the job stores the PDF', async () => {
    const jobs = await payload.find({ collection: 'payload-jobs', where: { taskSlug: { equals: 'renderInvoicePdf' } }, limit: 1000, depth: 0 })
    const job = jobs.docs.find((j) => (j.input as { invoiceId?: number })?.invoiceId === invoice.id)
    expect(job).toBeDefined()
    await payload.jobs.runByID({ id: job!.id })

    const stored = await payload.find({ collection: 'invoice-pdfs', where: { invoice: { equals: invoice.id } }, depth: 0 })
    expect(stored.docs).toHaveLength(1)
    expect(stored.docs[0]).toMatchObject({ variant: 'issued', customer: thandi.id, mimeType: 'application/pdf', filename: `${invoice.invoiceNumber}.pdf` })
    const file = path.join(getConfig().storage.kind === 'local' ? (getConfig().storage as { dir: string }).dir : '', stored.docs[0].filename!)
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-')
  })

  it('an issue that rolls back queues nothing', async () => {
    const before = await payload.count({ collection: 'payload-jobs', where: { taskSlug: { equals: 'renderInvoicePdf' } } })
    await expect(
      withTransaction(payload, async (req) => {
        await issueAdhocInvoice(req, { customerId: pieter.id, invoiceDate: '2026-11-20', lines: [{ description: 'Rolled back', unitPriceCents: 1000 }] })
        throw new Error('injected failure after the issue')
      }),
    ).rejects.toThrow('injected failure')
    expect((await payload.count({ collection: 'payload-jobs', where: { taskSlug: { equals: 'renderInvoicePdf' } } })).totalDocs).toBe(before.totalDocs)
  })

  it('the PDF text holds the invoice number, customer, every line and the totals', async () => {
    const stored = await ensureInvoicePdf(payload, invoice.id)
    expect(stored.ok).toBe(true)
    const { res, bytes } = await fetchPdf(`/api/invoices/${invoice.id}/pdf`, withJwt(tokens.billing))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toContain(`${invoice.invoiceNumber}.pdf`)
    const text = await pdfText(bytes)
    const customer = await payload.findByID({ collection: 'customers', id: thandi.id })
    for (const expected of [
      'TAX INVOICE',
      invoice.invoiceNumber!,
      'Thandi Pdfsson',
      customer.accountNumber!,
      '14 Jacaranda Avenue',
      'Router (TP-Link Archer C6)',
      'Fibre installation',
      formatRand(invoice.lines[0].exclVatCents),
      formatRand(invoice.lines[0].vatCents),
      formatRand(invoice.lines[0].inclVatCents),
      formatRand(invoice.lines[1].inclVatCents),
      formatRand(invoice.subtotalCents!),
      formatRand(invoice.vatCents!),
      formatRand(invoice.totalCents!),
      formatRand(invoice.amountDueCents!),
      `VAT number: ${getConfig().company.vatNumber}`,
      getConfig().company.bank.accountNumber,
      'Payment reference',
      '20 Nov 2026',
      '27 Nov 2026',
      'Page 1 of 1',
    ]) {
      expect(text).toContain(expected)
    }
  })

  it('renders once however often it is asked, also concurrently', async () => {
    const fresh = await issue(pieter.id, [{ description: 'Static IP address', unitPriceCents: 9900 }])
    const results = await Promise.all(Array.from({ length: 6 }, () => ensureInvoicePdf(payload, fresh.id)))
    const ids = new Set(results.map((r) => (r.ok ? r.value.id : r.code)))
    expect(ids.size).toBe(1)
    expect((await payload.count({ collection: 'invoice-pdfs', where: { invoice: { equals: fresh.id } } })).totalDocs).toBe(1)
  })

  it('the lean store writes the document Payload reads back, and a second ask returns the same without rendering', async () => {
    // The collection is what the lean writer knows (else every store would quietly take Payload's create).
    expect(leanWriterMisfits(payload)).toEqual([])
    const fresh = await issue(pieter.id, [{ description: 'Wi-Fi extender', unitPriceCents: 49900 }])
    const stored = await ensureInvoicePdf(payload, fresh.id)
    if (!stored.ok) throw new Error(stored.message)
    const read = await payload.findByID({ collection: 'invoice-pdfs', id: stored.value.id, depth: 0, overrideAccess: true })
    expect(stored.value).toEqual(read)
    expect(read).toMatchObject({ invoice: fresh.id, customer: pieter.id, variant: 'issued', mimeType: 'application/pdf', filename: `${fresh.invoiceNumber}.pdf` })
    expect(read.filesize).toBeGreaterThan(1000)
    const file = path.join((getConfig().storage as { dir: string }).dir, read.filename!)
    expect(fs.statSync(file).size).toBe(read.filesize)
    const again = await ensureInvoicePdf(payload, fresh.id)
    expect(again.ok && again.value).toEqual(read)
  })

  it('a draft has no PDF; a voided invoice gets a copy stamped VOID', async () => {
    const draft = await createInvoice(payload, pieter.id, { status: 'draft' })
    expect(await ensureInvoicePdf(payload, draft.id)).toMatchObject({ ok: false, code: 'INVOICE_NOT_ISSUED' })
    const staffView = await fetchPdf(`/api/invoices/${draft.id}/pdf`, withJwt(tokens.billing))
    expect(staffView.res.status).toBe(409)
    expect(staffView.json().errors[0].code).toBe('INVOICE_NOT_ISSUED')

    const doomed = await issue(pieter.id, [{ description: 'Wrong router', unitPriceCents: 50000 }])
    const voided = await voidInvoice(payload, { invoiceId: doomed.id, reason: 'Issued to the wrong customer', now: new Date() })
    expect(voided.ok).toBe(true)
    const { res, bytes } = await fetchPdf(`/api/invoices/${doomed.id}/pdf`, withJwt(tokens.billing))
    expect(res.status).toBe(200)
    expect(await pdfText(bytes)).toContain('VOID')
    const variants = (await payload.find({ collection: 'invoice-pdfs', where: { invoice: { equals: doomed.id } }, depth: 0 })).docs.map((d) => d.variant)
    expect(variants).toContain('void')
  })
})

describe('after payment', () => {
  it('a download once the invoice is paid in full gets a copy that says so', async () => {
    const paidUp = await issue(pieter.id, [{ description: 'Mesh Wi-Fi node', unitPriceCents: 89900 }])
    await ensureInvoicePdf(payload, paidUp.id)
    const paid = await recordPayment(payload, { customerId: pieter.id, amountCents: 89900, transactionId: `PDF-PAID-${paidUp.id}`, invoiceId: paidUp.id, receivedAt: new Date() })
    expect(paid.ok).toBe(true)
    const { res, bytes } = await fetchPdf(`/api/invoices/${paidUp.id}/pdf`, withJwt(tokens.billing))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toContain(`${paidUp.invoiceNumber}-paid.pdf`)
    const text = await pdfText(bytes)
    expect(text).toMatch(/Amount due\s*R 0\.00/)
    const variants = (await payload.find({ collection: 'invoice-pdfs', where: { invoice: { equals: paidUp.id } }, sort: 'id', depth: 0 })).docs.map((d) => d.variant)
    expect(variants).toEqual(['issued', 'paid'])
  })
})

describe('who may download', () => {
  it('the customer, through the portal cookie, gets their own invoice', async () => {
    const login = await api('/api/dashboard/login', { body: { email: thandi.email, password: PASSWORD } })
    const cookie = cookiesFrom(login, 'isp-portal-token')
    const { res, bytes } = await fetchPdf(`/api/dashboard/invoices/${invoice.id}/pdf`, { headers: { Cookie: cookie, 'Sec-Fetch-Site': 'same-origin' } })
    expect(res.status).toBe(200)
    expect(await pdfText(bytes)).toContain(invoice.invoiceNumber!)
  })

  it('another customer gets a 404, as if the invoice did not exist, on every door', async () => {
    for (const url of [`/api/dashboard/invoices/${invoice.id}/pdf`, `/api/invoices/${invoice.id}/pdf`]) {
      const { res, json } = await fetchPdf(url, withJwt(tokens.pieter))
      expect(res.status).toBe(404)
      expect(json().errors[0].code).toBe('INVOICE_NOT_FOUND')
    }
    const stored = (await payload.find({ collection: 'invoice-pdfs', where: { invoice: { equals: invoice.id } }, depth: 0 })).docs[0]
    // Payload's own routes for the upload collection apply the same row-level rule.
    expect((await fetchPdf(`/api/invoice-pdfs/file/${stored.filename}`, withJwt(tokens.pieter))).res.status).toBeGreaterThanOrEqual(403)
    const list = await api(`/api/invoice-pdfs?depth=0&limit=100`, { jwt: tokens.pieter })
    expect(list.body.docs.map((d: { invoice: number }) => d.invoice)).not.toContain(invoice.id)
    const gql = await graphql(`{ InvoicePdfs(limit: 1000) { docs { id invoice { id } } } }`, {}, { jwt: tokens.pieter })
    expect(JSON.stringify(gql.body)).not.toContain(`"id":${stored.id},`)
  })

  it('nobody signed in gets a 401; a nonsense id a 404; staff, even read-only support, a 200', async () => {
    expect((await fetchPdf(`/api/invoices/${invoice.id}/pdf`)).res.status).toBe(401)
    expect((await fetchPdf(`/api/dashboard/invoices/${invoice.id}/pdf`)).res.status).toBe(401)
    expect((await fetchPdf(`/api/invoices/abc/pdf`, withJwt(tokens.billing))).res.status).toBe(404)
    expect((await fetchPdf(`/api/invoices/99999999999999999999/pdf`, withJwt(tokens.billing))).res.status).toBe(404)
    expect((await fetchPdf(`/api/dashboard/invoices/9999999999/pdf`, withJwt(tokens.thandi))).res.status).toBe(404)
    expect((await fetchPdf(`/api/invoices/${invoice.id}/pdf`, withJwt(tokens.support))).res.status).toBe(200)
  })

  it('nobody creates, changes or deletes stored PDFs through the API', async () => {
    const stored = (await payload.find({ collection: 'invoice-pdfs', where: { invoice: { equals: invoice.id } }, depth: 0 })).docs[0]
    for (const jwt of [tokens.billing, tokens.thandi]) {
      expect((await api(`/api/invoice-pdfs/${stored.id}`, { jwt, method: 'PATCH', body: { variant: 'void' } })).status).toBe(403)
      expect((await api(`/api/invoice-pdfs/${stored.id}`, { jwt, method: 'DELETE' })).status).toBe(403)
    }
    expect(await payload.findByID({ collection: 'invoice-pdfs', id: stored.id, depth: 0 })).toMatchObject({ variant: 'issued' })
  })
})

describe('signed links for emails', () => {
  const secret = () => getConfig().payloadSecret
  const url = (l: { invoiceId: number; expires: number; signature: string }) => `/api/invoice-links/${l.invoiceId}?expires=${l.expires}&signature=${l.signature}`

  it('a fresh link downloads the PDF without signing in', async () => {
    const link = signInvoiceLink(secret(), invoice.id, { now: new Date(), hours: 24 })
    const { res, bytes } = await fetchPdf(url(link))
    expect(res.status).toBe(200)
    expect(await pdfText(bytes)).toContain(invoice.invoiceNumber!)
  })

  it('a link older than 24 hours is refused cleanly with 410 LINK_EXPIRED', async () => {
    const link = signInvoiceLink(secret(), invoice.id, { now: new Date(Date.now() - 24 * 3600_000 - 1000), hours: 24 })
    const { res, json } = await fetchPdf(url(link))
    expect(res.status).toBe(410)
    expect(json().errors[0]).toMatchObject({ code: 'LINK_EXPIRED' })
  })

  it('a link altered to reach another invoice, or to live longer, is refused with 403', async () => {
    const link = signInvoiceLink(secret(), invoice.id, { now: new Date(), hours: 24 })
    for (const altered of [
      { ...link, invoiceId: invoice.id + 1 },
      { ...link, expires: link.expires + 3600 },
      { ...link, signature: link.signature.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) },
      { ...link, signature: 'short' },
    ]) {
      const { res, json } = await fetchPdf(url(altered))
      expect(res.status).toBe(403)
      expect(json().errors[0].code).toBe('LINK_INVALID')
    }
    expect((await fetchPdf(`/api/invoice-links/${invoice.id}`)).res.status).toBe(403)
  })
})
