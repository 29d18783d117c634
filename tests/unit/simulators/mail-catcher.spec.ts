import nodemailer from 'nodemailer'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { formatSast } from '../../../simulators/smtp/inbox-pages'
import { startMailCatcher, type MailCatcher } from '../../../simulators/smtp/server'

// A 1x1 transparent PNG: the logo an invoice mail embeds.
const LOGO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64')

let catcher: MailCatcher

const transport = (auth?: { user: string; pass: string }) => nodemailer.createTransport({ host: '127.0.0.1', port: catcher.smtpPort, secure: false, ignoreTLS: true, ...(auth ? { auth } : {}) })

const invoiceMail = (to: string | string[], subject = 'Your invoice INV-000123') => ({
  from: 'ISP Billing <billing@isp.test>',
  to,
  subject,
  text: 'Your invoice for R 699.00 is attached.',
  html: '<p>Your invoice for <strong>R 699.00</strong>.</p><img src="cid:logo@isp.test" alt="Demo Fibre">',
  attachments: [{ filename: 'logo.png', content: LOGO, contentType: 'image/png', cid: 'logo@isp.test' }],
})

type Mail = {
  id: string
  receivedAt: string
  from: string
  to: string[]
  subject: string
  text: string | null
  html: string | null
  headers: Record<string, string | null>
  attachments: Array<{ filename: string | null; contentType: string; size: number; cid: string | null }>
}

const api = (path: string, init?: RequestInit) => fetch(`${catcher.url}${path}`, init)
const mailsTo = async (to: string) => ((await (await api(`/api/messages?to=${encodeURIComponent(to)}`)).json()) as { messages: Mail[] }).messages
const addRule = (rule: Record<string, unknown>) => api('/__control/rules', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(rule) })

beforeAll(async () => {
  catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0 })
})

afterAll(async () => {
  await catcher?.stop()
})

beforeEach(async () => {
  await api('/__control/reset', { method: 'POST' })
})

describe('mail catcher', () => {
  it('keeps a sent mail, readable by recipient through the JSON API', async () => {
    const info = await transport().sendMail({ ...invoiceMail(['Thandi.Nkosi@Example.co.za', 'accounts@isp.test']), bcc: 'audit@isp.test' })
    expect(info.accepted).toHaveLength(3)

    const [mail] = await mailsTo('thandi.nkosi@example.co.za')
    expect(mail).toMatchObject({
      from: '"ISP Billing" <billing@isp.test>',
      to: ['thandi.nkosi@example.co.za', 'accounts@isp.test', 'audit@isp.test'],
      subject: 'Your invoice INV-000123',
      text: 'Your invoice for R 699.00 is attached.',
      headers: { 'message-id': info.messageId },
      attachments: [{ filename: 'logo.png', contentType: 'image/png', size: LOGO.length, cid: 'logo@isp.test' }],
    })
    expect(mail!.html).toContain('cid:logo@isp.test')
    expect(await mailsTo('audit@isp.test')).toHaveLength(1)
    expect(await mailsTo('someone-else@example.co.za')).toEqual([])

    const one = (await (await api(`/api/messages/${mail!.id}`)).json()) as Mail
    expect(one).toEqual(mail)
  })

  it('lists newest first', async () => {
    await transport().sendMail(invoiceMail('a@example.co.za', 'first'))
    await transport().sendMail(invoiceMail('a@example.co.za', 'second'))
    expect((await mailsTo('a@example.co.za')).map((m) => m.subject)).toEqual(['second', 'first'])
  })

  it('serves the HTML body with cid: references pointed at the attachment, under a strict CSP', async () => {
    await transport().sendMail(invoiceMail('b@example.co.za'))
    const [mail] = await mailsTo('b@example.co.za')
    const res = await api(`/api/messages/${mail!.id}/html`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'")
    const html = await res.text()
    const src = `/api/messages/${mail!.id}/attachments/${encodeURIComponent('logo@isp.test')}`
    expect(html).toContain(`src="${src}"`)
    expect(html).not.toContain('cid:')

    const image = await api(src)
    expect(image.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await image.arrayBuffer())).toEqual(LOGO)
    expect((await api(`/api/messages/${mail!.id}/attachments/0`)).status).toBe(200)
    expect((await api(`/api/messages/${mail!.id}/attachments/7`)).status).toBe(404)
  })

  it('accepts AUTH when a client offers it', async () => {
    await transport({ user: 'billing', pass: 'anything' }).sendMail(invoiceMail('c@example.co.za'))
    expect(await mailsTo('c@example.co.za')).toHaveLength(1)
  })

  it('temporary_failure makes the send fail with 451, and keeps nothing', async () => {
    await addRule({ mode: 'temporary_failure', times: 1 })
    await expect(transport().sendMail(invoiceMail('d@example.co.za'))).rejects.toMatchObject({ responseCode: 451 })
    expect(await mailsTo('d@example.co.za')).toEqual([])
    await transport().sendMail(invoiceMail('d@example.co.za'))
    expect(await mailsTo('d@example.co.za')).toHaveLength(1)
  })

  it('permanent_failure makes the send fail with 550, only for the recipient named', async () => {
    await addRule({ mode: 'permanent_failure', to: 'Gone@Example.co.za' })
    await expect(transport().sendMail(invoiceMail('gone@example.co.za'))).rejects.toMatchObject({ responseCode: 550 })
    await transport().sendMail(invoiceMail('e@example.co.za'))
    expect(await mailsTo('e@example.co.za')).toHaveLength(1)
  })

  it('slow delays the answer to DATA', async () => {
    await addRule({ mode: 'slow', latencyMs: 200 })
    const started = Date.now()
    await transport().sendMail(invoiceMail('f@example.co.za'))
    expect(Date.now() - started).toBeGreaterThanOrEqual(190)
  })

  it('reset clears the mail and the rules; DELETE /api/messages clears the mail', async () => {
    await transport().sendMail(invoiceMail('g@example.co.za'))
    await addRule({ mode: 'permanent_failure' })
    expect((await api('/__control/reset', { method: 'POST' })).status).toBe(204)
    expect(await mailsTo('g@example.co.za')).toEqual([])
    await transport().sendMail(invoiceMail('g@example.co.za'))
    expect((await api('/api/messages', { method: 'DELETE' })).status).toBe(204)
    expect(await mailsTo('g@example.co.za')).toEqual([])
  })

  it('refuses a rule it does not understand', async () => {
    expect((await addRule({ mode: 'bounce' })).status).toBe(400)
  })
})

describe('web inbox', () => {
  it('lists mail in an accessible page, escaping what senders wrote', async () => {
    await transport().sendMail(invoiceMail('h@example.co.za', 'Invoice <script>alert(1)</script>'))
    const res = await api('/')
    expect(res.headers.get('content-type')).toContain('text/html')
    const html = await res.text()
    expect(html).toContain('<html lang="en">')
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">')
    expect(html).toMatch(/<h1>[^<]+<\/h1>/)
    expect(html).toContain('Invoice &lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).not.toContain('<script>')
    const [mail] = await mailsTo('h@example.co.za')
    expect(html).toContain(`href="/messages/${mail!.id}"`)
    expect(html).toContain(formatSast(mail!.receivedAt))
  })

  it('shows one mail with its text and the HTML body in a sandboxed frame', async () => {
    await transport().sendMail(invoiceMail('i@example.co.za'))
    const [mail] = await mailsTo('i@example.co.za')
    const html = await (await api(`/messages/${mail!.id}`)).text()
    expect(html).toContain('Your invoice for R 699.00 is attached.')
    expect(html).toContain(`<iframe sandbox="" src="/api/messages/${mail!.id}/html"`)
    expect(html).toContain('logo.png')
    expect((await api('/messages/no-such-id')).status).toBe(404)
  })

  it('writes times in SAST', () => {
    expect(formatSast('2026-12-02T12:05:00.000Z')).toBe('2 Dec 2026 14:05')
    expect(formatSast('2026-12-31T22:30:00.000Z')).toBe('1 Jan 2027 00:30')
  })
})
