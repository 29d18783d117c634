import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import {
  EMAIL_COLOUR_PAIRS,
  EMAIL_COLOURS,
  escapeHtml,
  isGsm7,
  NOTIFICATION_TEMPLATE_NAMES,
  renderNotification,
  smsLength,
  TEMPLATE_PARAMS,
  TemplateParamsError,
  toGsm7,
  type Brand,
  type NotificationTemplateName,
  type TemplateParams,
} from '../../src/domain/notifications'

const brand: Brand = {
  name: 'Demo Fibre (Pty) Ltd',
  shortName: 'Demo Fibre',
  supportEmail: 'accounts@isp.test',
  supportPhone: '021 000 0000',
  portalUrl: 'https://portal.isp.test/portal',
  logoCid: 'logo@isp',
}

type ParamSets = { [T in NotificationTemplateName]: TemplateParams<T> }

const thandi = { firstName: 'Thandiwe', accountNumber: 'CT-2026-00042' }

/** What a typical customer gets. */
const realistic: ParamSets = {
  order_confirmation: { ...thandi, orderNumber: 'ORD-1001', productName: 'Fibre 100 Mbps', installationDate: '2026-12-02' },
  service_activated: { ...thandi, serviceName: 'Fibre 100 Mbps', activationDate: '2026-12-02', monthlyPriceCents: 79_900 },
  invoice_issued: {
    ...thandi,
    invoiceNumber: 'INV-2026-00042',
    totalCents: 123_456,
    dueDate: '2027-01-01',
    pdfUrl: 'https://files.isp.test/invoices/INV-2026-00042.pdf?X-Amz-Expires=604800&X-Amz-Signature=ab12',
    linkExpiresAt: '2026-12-09T10:00:00.000Z',
    portalUrl: 'https://portal.isp.test/portal',
  },
  payment_received: { ...thandi, amountCents: 79_900, paymentDate: '2026-12-02', reference: 'CT-2026-00042', balanceCents: 0 },
  payment_failed: { ...thandi, amountCents: 79_900, invoiceNumber: 'INV-2026-00042', reason: 'insufficient funds', payNowUrl: 'https://paynow.isp.test/p/7Hq2' },
  usage_80: {
    ...thandi,
    serviceName: 'LTE 100 GB Anytime',
    usedBytes: 80_400_000_000,
    capBytes: 100_000_000_000,
    percentUsed: 80.4,
    measuredAt: '2026-12-02T12:05:00.000Z',
    cycleEndDate: '2026-12-24',
  },
  usage_95: {
    ...thandi,
    serviceName: 'LTE 100 GB Anytime',
    usedBytes: 95_100_000_000,
    capBytes: 100_000_000_000,
    percentUsed: 95.1,
    measuredAt: '2026-12-02T12:05:00.000Z',
    cycleEndDate: '2026-12-24',
  },
  service_suspended: { ...thandi, serviceName: 'Fibre 100 Mbps', reason: 'non_payment', effectiveDate: '2026-12-02', amountOwingCents: 159_800 },
  service_reactivated: { ...thandi, serviceName: 'Fibre 100 Mbps', effectiveDate: '2026-12-05' },
  service_cancelled: { ...thandi, serviceName: 'Fibre 100 Mbps', effectiveDate: '2026-12-31', finalInvoiceNumber: 'INV-2026-00057' },
  mandate_approved: { ...thandi, bankAccountDisplay: 'FNB ***1234', debitDay: 1 },
}

/** The long end of what is real: a 20-character name, a 30-character product, R 99 999.99, wide numbers. */
const anneMarie = { firstName: 'Anne-Marie Christine', accountNumber: 'CT-2026-123456' }
const longProduct = 'Fibre 1 Gbps Uncapped Pro Plus'
const longButRealistic: ParamSets = {
  order_confirmation: { ...anneMarie, orderNumber: 'ORD-123456', productName: longProduct, installationDate: '2026-09-22' },
  service_activated: { ...anneMarie, serviceName: longProduct, activationDate: '2026-09-22', monthlyPriceCents: 9_999_999 },
  invoice_issued: {
    ...anneMarie,
    invoiceNumber: 'INV-2026-123456',
    totalCents: 9_999_999,
    dueDate: '2026-09-22',
    pdfUrl: 'https://files.isp.test/invoices/INV-2026-123456.pdf?X-Amz-Expires=604800&X-Amz-Signature=0123456789abcdef',
    linkExpiresAt: '2026-09-29T10:00:00.000Z',
    portalUrl: 'https://portal.isp.test/portal',
  },
  payment_received: { ...anneMarie, amountCents: 9_999_999, paymentDate: '2026-09-22', reference: 'DO-2026-09-22-123456', balanceCents: -9_999_999 },
  payment_failed: { ...anneMarie, amountCents: 9_999_999, invoiceNumber: 'INV-2026-123456', reason: 'insufficient funds', payNowUrl: 'https://paynow.netcash.co.za/p/AbC123' },
  usage_80: {
    ...anneMarie,
    serviceName: longProduct,
    usedBytes: 999_900_000_000,
    capBytes: 1_000_000_000_000,
    percentUsed: 80.4,
    measuredAt: '2026-09-22T10:05:00.000Z',
    cycleEndDate: '2026-09-30',
  },
  usage_95: {
    ...anneMarie,
    serviceName: longProduct,
    usedBytes: 999_900_000_000,
    capBytes: 1_000_000_000_000,
    percentUsed: 95.7,
    measuredAt: '2026-09-22T10:05:00.000Z',
    cycleEndDate: '2026-09-30',
  },
  service_suspended: { ...anneMarie, serviceName: longProduct, reason: 'non_payment', effectiveDate: '2026-09-22', amountOwingCents: 9_999_999 },
  service_reactivated: { ...anneMarie, serviceName: longProduct, effectiveDate: '2026-09-22' },
  service_cancelled: { ...anneMarie, serviceName: longProduct, effectiveDate: '2026-09-22', finalInvoiceNumber: 'INV-2026-123456' },
  mandate_approved: { ...anneMarie, bankAccountDisplay: 'Standard Bank ***1234', debitDay: 31 },
}

/** The other wordings a template has: optional parameters left out, the other reasons and balances. */
const variants: Array<{ [T in NotificationTemplateName]: [label: string, name: T, params: TemplateParams<T>] }[NotificationTemplateName]> = [
  ['order without an installation date', 'order_confirmation', { ...thandi, orderNumber: 'ORD-1002', productName: 'Fibre 50 Mbps' }],
  ['payment leaving a balance owing', 'payment_received', { ...realistic.payment_received, amountCents: 50_000, balanceCents: 29_900 }],
  ['payment leaving the account in credit', 'payment_received', { ...realistic.payment_received, amountCents: 100_000, balanceCents: -20_100 }],
  ['failed payment without a Pay Now link', 'payment_failed', { ...thandi, amountCents: 79_900, invoiceNumber: 'INV-2026-00042', reason: 'account closed' }],
  ['suspension without the amount owing', 'service_suspended', { ...thandi, serviceName: 'Fibre 100 Mbps', reason: 'non_payment', effectiveDate: '2026-12-02' }],
  ['suspension the customer asked for', 'service_suspended', { ...thandi, serviceName: 'Fibre 100 Mbps', reason: 'customer_request', effectiveDate: '2026-12-02' }],
  ['suspension for a technical reason', 'service_suspended', { ...thandi, serviceName: 'Fibre 100 Mbps', reason: 'technical', effectiveDate: '2026-12-02' }],
  ['cancellation without a final invoice', 'service_cancelled', { ...thandi, serviceName: 'Fibre 100 Mbps', effectiveDate: '2026-12-31' }],
  ['debit order on the 31st', 'mandate_approved', { ...thandi, bankAccountDisplay: 'Capitec ***9876', debitDay: 31 }],
]

const render = <T extends NotificationTemplateName>(name: T, params: TemplateParams<T>) => renderNotification(name, params, brand)
const renderAny = (name: NotificationTemplateName, params: unknown) => renderNotification(name, params as never, brand)
const everySet = [...NOTIFICATION_TEMPLATE_NAMES.map((name) => [name, name, longButRealistic[name]] as const), ...variants]

function refusal(name: NotificationTemplateName, params: unknown): TemplateParamsError {
  try {
    renderAny(name, params)
  } catch (error) {
    if (error instanceof TemplateParamsError) return error
    throw error
  }
  throw new Error(`${name} rendered with ${JSON.stringify(params)}`)
}

describe('every template, rendered with realistic parameters', () => {
  it('has a schema for each name and nothing else', () => {
    expect(Object.keys(TEMPLATE_PARAMS).sort()).toEqual([...NOTIFICATION_TEMPLATE_NAMES].sort())
  })

  it.each(NOTIFICATION_TEMPLATE_NAMES)('%s', (name) => {
    const { sms, email } = renderAny(name, realistic[name])
    expect({ sms, subject: email.subject, text: email.text }).toMatchSnapshot()
  })

  it.each(variants)('%s', (_, name, params) => {
    const { sms, email } = renderAny(name, params)
    expect({ sms, subject: email.subject, text: email.text }).toMatchSnapshot()
  })

  it('the invoice email, as a mail client receives it', async () => {
    await expect(render('invoice_issued', realistic.invoice_issued).email.html).toMatchFileSnapshot('__snapshots__/invoice_issued.html')
  })
})

describe('parameters are checked before anything is rendered', () => {
  const cases = NOTIFICATION_TEMPLATE_NAMES.flatMap((name) => {
    const shape = TEMPLATE_PARAMS[name].shape as Record<string, { safeParse(value: unknown): { success: boolean } }>
    return Object.keys(shape)
      .filter((key) => !shape[key].safeParse(undefined).success)
      .map((key) => [name, key] as const)
  })

  it.each(cases)('%s without %s is refused, naming it', (name, key) => {
    const params: Record<string, unknown> = { ...realistic[name] }
    delete params[key]
    const error = refusal(name, params)
    expect(error.template).toBe(name)
    expect(error.issues).toEqual([`${key}: missing`])
  })

  it.each(NOTIFICATION_TEMPLATE_NAMES)('%s with an unknown parameter is refused, naming it', (name) => {
    const error = refusal(name, { ...realistic[name], firstname: 'Thandiwe' })
    expect(error.template).toBe(name)
    expect(error.issues).toEqual(['firstname: unknown parameter'])
  })

  it.each([
    ['an account number of the wrong shape', { accountNumber: 'CT-26-42' }, 'accountNumber'],
    ['a first name of only spaces', { firstName: '   ' }, 'firstName'],
    ['a date that does not exist', { dueDate: '2027-02-30' }, 'dueDate'],
    ['cents that are not whole', { totalCents: 1234.5 }, 'totalCents'],
    ['an amount in rand, as text', { totalCents: 'R 1 234.56' }, 'totalCents'],
    ['a link that is not a web address', { pdfUrl: 'javascript:alert(1)' }, 'pdfUrl'],
    ['an expiry that is not an instant', { linkExpiresAt: '9 Dec 2026' }, 'linkExpiresAt'],
    ['an invoice number of the wrong shape', { invoiceNumber: '42' }, 'invoiceNumber'],
  ])('%s is refused, naming it', (_, change, key) => {
    const error = refusal('invoice_issued', { ...realistic.invoice_issued, ...change })
    expect(error.issues).toHaveLength(1)
    expect(error.issues[0]).toMatch(new RegExp(`^${key}: `))
  })

  it('names every problem at once', () => {
    const { firstName: _, ...params } = realistic.mandate_approved
    const error = refusal('mandate_approved', { ...params, debitDay: 32, colour: 'blue' })
    expect(error.issues).toHaveLength(3)
    expect(error.issues).toEqual(expect.arrayContaining(['firstName: missing', 'colour: unknown parameter']))
    expect(error.issues.find((issue) => issue.startsWith('debitDay: '))).toBeDefined()
    expect(error.message).toContain('mandate_approved')
  })

  it('refuses parameters that are not an object, and a template that does not exist', () => {
    expect(refusal('usage_80', null).issues).toHaveLength(1)
    expect(refusal('no_such_template' as NotificationTemplateName, realistic.usage_80).issues).toEqual(['template: no template has this name'])
  })

  it('an optional parameter may be left out', () => {
    const { payNowUrl: _, ...withoutLink } = realistic.payment_failed
    expect(() => render('payment_failed', withoutLink)).not.toThrow()
  })
})

describe('the SMS', () => {
  it.each(everySet)('%s: one GSM-7 message of at most 160, from the brand, with the account number', (_, name, params) => {
    const { sms } = renderAny(name, params)
    expect(isGsm7(sms)).toBe(true)
    expect(smsLength(sms)).toBeLessThanOrEqual(160)
    expect(sms.startsWith('Demo Fibre: ')).toBe(true)
    expect(sms).toContain((params as { accountNumber: string }).accountNumber)
  })

  it.each(everySet.filter(([, name]) => name !== 'payment_failed'))('%s: has no link', (_, name, params) => {
    expect(renderAny(name, params).sms).not.toMatch(/https?:|www\./)
  })

  it('a long-but-realistic set keeps the facts that matter', () => {
    expect(render('invoice_issued', longButRealistic.invoice_issued).sms).toContain('R 99 999.99 is due 22 Sep 2026. See your email or the portal.')
    expect(render('service_activated', longButRealistic.service_activated).sms).toContain(`${longProduct} service is active from 22 Sep 2026`)
    expect(render('usage_95', longButRealistic.usage_95).sms).toContain(`95.7% of data used on ${longProduct} (999.9 GB of 1 000 GB) as of 22 Sep 2026, 12:05. Cycle ends 30 Sep 2026.`)
  })

  it('greets the customer by name when there is room', () => {
    expect(render('invoice_issued', realistic.invoice_issued).sms).toMatch(/^Demo Fibre: Hi Thandiwe, /)
  })

  it('a failed payment includes the Pay Now link when it fits, and leaves it out when it does not', () => {
    expect(render('payment_failed', longButRealistic.payment_failed).sms).toContain('Pay now: https://paynow.netcash.co.za/p/AbC123')
    const longLink = `https://paynow.netcash.co.za/pay?token=${'x'.repeat(80)}`
    const { sms, email } = render('payment_failed', { ...longButRealistic.payment_failed, payNowUrl: longLink })
    expect(sms).not.toContain('http')
    expect(smsLength(sms)).toBeLessThanOrEqual(160)
    expect(email.html).toContain(longLink)
  })

  it('rewrites what the customer typed into GSM-7 rather than sending UCS-2', () => {
    const { sms } = render('service_reactivated', { ...realistic.service_reactivated, firstName: 'Ayşe “Zoë” 😀' })
    expect(sms).toContain('Hi Ayse "Zoe", ')
    expect(isGsm7(sms)).toBe(true)
  })

  it('still one message for names far beyond realistic, keeping the brand and the account number', () => {
    const absurd = 'Fibre '.repeat(30).trim()
    const { sms } = render('service_suspended', { ...longButRealistic.service_suspended, firstName: 'A'.repeat(60), serviceName: absurd })
    expect(smsLength(sms)).toBeLessThanOrEqual(160)
    expect(sms).toMatch(/^Demo Fibre: /)
    expect(sms).toMatch(/ Acc CT-2026-123456$/)
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 300, unit: 'grapheme' }), fc.string({ minLength: 1, maxLength: 300 }), (firstName, reason) => {
        fc.pre(firstName.trim() !== '' && reason.trim() !== '')
        const failed = render('payment_failed', { ...longButRealistic.payment_failed, firstName, reason }).sms
        return isGsm7(failed) && smsLength(failed) <= 160 && failed.endsWith(' Acc CT-2026-123456')
      }),
    )
  })
})

/** Tags opened and never closed (or closed out of order): the document is well formed when empty. */
function unbalancedTags(html: string): string[] {
  const VOID = new Set(['meta', 'img', 'br', 'hr', 'link', 'input'])
  const open: string[] = []
  const problems: string[] = []
  for (const [, closing, tag] of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>/g)) {
    const name = tag.toLowerCase()
    if (VOID.has(name)) continue
    if (!closing) open.push(name)
    else if (open.pop() !== name) problems.push(`</${name}>`)
  }
  return [...problems, ...open]
}

/** What a reader sees of an email's HTML: the text, without tags or entities. */
function visibleText(html: string): string {
  const body = html.slice(html.indexOf('<body'))
  const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" }
  return body
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => entities[entity])
    .replace(/\s+/g, ' ')
    .replace(/ ([,.)])/g, '$1')
}

describe('the email', () => {
  it.each(everySet)('%s: a complete document with the logo, the account number and the footer', (_, name, params) => {
    const { html, text } = renderAny(name, params).email
    const accountNumber = (params as { accountNumber: string }).accountNumber
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true)
    expect(html).toContain('<meta charset="utf-8">')
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">')
    expect(html).toMatch(/<title>[^<]+<\/title>/)
    expect(html.trimEnd().endsWith('</html>')).toBe(true)
    expect(unbalancedTags(html)).toEqual([])
    expect(html).toContain('<img src="cid:logo@isp" alt="Demo Fibre (Pty) Ltd" width="240" height="64"')
    expect(html).toContain(accountNumber)
    expect(html).not.toMatch(/<script/i)
    for (const body of [visibleText(html), text]) {
      expect(body).toContain('Demo Fibre (Pty) Ltd')
      expect(body).toContain('accounts@isp.test')
      expect(body).toContain('021 000 0000')
      expect(body).toContain(`You receive this because you have an account with Demo Fibre (Pty) Ltd (account ${accountNumber}).`)
      expect(body).toContain('You can change which messages you get under Profile in the portal: ')
      expect(body).toContain('https://portal.isp.test/portal/profile')
    }
    expect(text).toContain(accountNumber)
  })

  it.each(NOTIFICATION_TEMPLATE_NAMES)('%s: escapes every parameter', (name) => {
    const script = '<script>alert("x")</script>'
    const shape = TEMPLATE_PARAMS[name].shape as Record<string, { safeParse(value: unknown): { success: boolean } }>
    const params: Record<string, unknown> = { ...realistic[name] }
    for (const key of Object.keys(shape)) if (shape[key].safeParse(script).success) params[key] = script
    const { html, text } = renderAny(name, params).email
    expect(html).not.toMatch(/<script/i)
    expect(html).toContain('Hi &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;,')
    expect(text).toContain(`Hi ${script},`)
  })

  it('shows amounts in rand and dates and times in SAST', () => {
    const { subject, text } = render('invoice_issued', realistic.invoice_issued).email
    expect(subject).toBe('Invoice INV-2026-00042: R 1 234.56 due 1 Jan 2027')
    expect(text).toContain('Amount due: R 1 234.56')
    // 10:00 UTC is 12:00 in Johannesburg.
    expect(text).toContain('This link works until 9 Dec 2026, 12:00.')
  })

  it('the invoice: a download link to the PDF, how long it works, and the portal for later', () => {
    const { html, text } = render('invoice_issued', realistic.invoice_issued).email
    const pdfUrl = realistic.invoice_issued.pdfUrl
    expect(html).toContain(`<a href="${escapeHtml(pdfUrl)}"`)
    expect(html).toMatch(/>Download invoice \(PDF\)<\/a>/)
    expect(visibleText(html)).toContain(`This link works until 9 Dec 2026, 12:00. After that, you'll find this invoice and all your others in the portal: https://portal.isp.test/portal/invoices`)
    expect(html).toContain('<a href="https://portal.isp.test/portal/invoices"')
    expect(text).toContain(`Download invoice (PDF): ${pdfUrl}`)
    expect(text).toContain('https://portal.isp.test/portal/invoices')
  })

  it('keeps amounts, dates and numbers on one line', () => {
    const { html } = render('invoice_issued', realistic.invoice_issued).email
    for (const figure of ['R 1 234.56', '1 Jan 2027', '9 Dec 2026, 12:00', 'INV-2026-00042', 'CT-2026-00042', '021 000 0000']) {
      expect(html).toContain(`<span style="white-space:nowrap;">${figure}</span>`)
    }
  })

  it('the HTML says what the plain text says', () => {
    const words = (text: string) => text.replace(/https?:\/\/\S+/g, ' ').replace(/:/g, ' ').replace(/\s+/g, ' ').trim()
    for (const name of NOTIFICATION_TEMPLATE_NAMES) {
      const { html, text } = renderAny(name, realistic[name]).email
      const seen = words(visibleText(html))
      for (const line of text.split('\n').filter((line) => line !== '' && line !== '---')) expect(seen).toContain(words(line))
    }
  })

  it('a failed payment: a Pay now link only when there is one', () => {
    expect(render('payment_failed', realistic.payment_failed).email.html).toMatch(/<a href="https:\/\/paynow\.isp\.test\/p\/7Hq2"[^>]*>Pay now<\/a>/)
    const { payNowUrl: _, ...withoutLink } = realistic.payment_failed
    expect(render('payment_failed', withoutLink).email.html).not.toContain('Pay now')
  })

  it('says what the balance after a payment means, owing or in credit', () => {
    const after = (balanceCents: number) => render('payment_received', { ...realistic.payment_received, balanceCents })
    expect(after(29_900).sms).toContain('You still owe R 299.00.')
    expect(after(29_900).email.text).toContain('Your account balance is now R 299.00, which is still owing.')
    expect(after(-20_100).sms).toContain('You are R 201.00 in credit.')
    expect(after(-20_100).email.text).toContain('Your account is now R 201.00 in credit.')
    expect(after(0).sms).toContain('Your account is paid up.')
  })

  it('mentions the amount owing only for a suspension for non-payment', () => {
    expect(render('service_suspended', realistic.service_suspended).email.text).toContain('Please pay the R 1 598.00 you owe to have your service restored.')
    const asked = render('service_suspended', { ...realistic.service_suspended, reason: 'customer_request' })
    expect(asked.email.text).not.toContain('R 1 598.00')
    expect(asked.sms).not.toContain('R 1 598.00')
  })

  it.each(EMAIL_COLOUR_PAIRS)('%s text on %s has a contrast of at least 4.5:1', (text, background) => {
    expect(contrastRatio(EMAIL_COLOURS[text], EMAIL_COLOURS[background])).toBeGreaterThanOrEqual(4.5)
  })

  it('uses only the checked colours', () => {
    const palette = new Set<string>(Object.values(EMAIL_COLOURS))
    const html = NOTIFICATION_TEMPLATE_NAMES.map((name) => renderAny(name, realistic[name]).email.html).join('')
    const used = new Set([...html.matchAll(/#[0-9a-f]{6}\b/gi)].map(([colour]) => colour.toLowerCase()))
    expect([...used].filter((colour) => !palette.has(colour))).toEqual([])
  })
})

/** WCAG 2 contrast ratio of two `#rrggbb` colours. */
function contrastRatio(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl
  }
  const [lighter, darker] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (lighter + 0.05) / (darker + 0.05)
}

describe('GSM-7', () => {
  it.each([
    ['Hello, R 1 234.56 due 1 Jan 2027.', true],
    ['Café Müller, Ñoño, Søren, Åsa', true],
    ['{braces} [brackets] ~ | ^ € \\', true],
    ['curly ’quote’', false],
    ['emoji 😀', false],
    ['Ayşe', false],
    ['naïve', false],
  ])('%j is GSM-7: %s', (text, expected) => {
    expect(isGsm7(text)).toBe(expected)
  })

  it.each([
    ['', 0],
    ['abc', 3],
    ['é à ü', 5],
    ['€', 2],
    ['[x]', 5],
    ['{}', 4],
    ['^~|\\', 8],
    ['a'.repeat(160), 160],
  ])('%j is %i characters long as an SMS counts them', (text, length) => {
    expect(smsLength(text)).toBe(length)
  })

  it('has no length for text outside the alphabet', () => {
    expect(() => smsLength('emoji 😀')).toThrow(RangeError)
  })

  it.each([
    ['‘single’ and “double” quotes', `'single' and "double" quotes`],
    ['Anne–Marie — dashes', 'Anne-Marie - dashes'],
    ['wait…', 'wait...'],
    ['Ayşe Çelik', 'Ayse Çelik'],
    ['Zoë, Renée, José', 'Zoe, Renée, José'],
    ['François', 'Francois'],
    ['Łukasz Żółć', 'Lukasz Zolc'],
    ['môre', 'more'],
    ['e\u0301', 'é'],
    ['ﬁbre', 'fibre'],
    ['R\u00a0100\u202f000', 'R 100 000'],
    ['Thandi 😀👍🏽🇿🇦', 'Thandi '],
    ['family 👨‍👩‍👧', 'family '],
    ['tab\tstop', 'tab stop'],
    ['北京', '??'],
    ['already plain: R 1 234.56 [ok]', 'already plain: R 1 234.56 [ok]'],
  ])('toGsm7(%j) is %j', (text, expected) => {
    expect(toGsm7(text)).toBe(expected)
  })

  it('always gives GSM-7, and leaves GSM-7 as it is', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const gsm = toGsm7(text)
        return isGsm7(gsm) && toGsm7(gsm) === gsm
      }),
    )
  })
})

describe('escapeHtml', () => {
  it.each([
    ['<script>alert("x")</script>', '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'],
    ["O'Brien & Sons", 'O&#39;Brien &amp; Sons'],
    ['https://x.test/a?b=1&c=2', 'https://x.test/a?b=1&amp;c=2'],
    ['&amp;', '&amp;amp;'],
    ['plain text', 'plain text'],
  ])('%j becomes %j', (text, escaped) => {
    expect(escapeHtml(text)).toBe(escaped)
  })
})

describe('invoice_issued after account credit applied at issue', () => {
  it('asks only for what is left, and says why', () => {
    const out = render('invoice_issued', { ...realistic.invoice_issued, totalCents: 79_900, amountDueCents: 29_900 })
    expect(out.sms).toContain('R 299.00 is due')
    expect(out.sms).toContain('after your credit')
    expect(isGsm7(out.sms) && smsLength(out.sms) <= 160).toBe(true)
    expect(out.email.subject).toMatch(/R 299\.00 due/)
    expect(out.email.text).toContain('Your account credit paid R 500.00 of it, so R 299.00 is due on')
  })

  it('says there is nothing to pay when credit paid it all', () => {
    const out = render('invoice_issued', { ...realistic.invoice_issued, totalCents: 79_900, amountDueCents: 0 })
    expect(out.sms).toMatch(/paid from your account credit\. Nothing to pay\./)
    expect(out.email.subject).toMatch(/paid from your credit/)
    expect(out.email.text).not.toMatch(/is due on/)
  })
})
