import { portalPage, type Brand } from './brand'

/**
 * One layout for every notification email, written once as blocks and rendered twice: as plain
 * text and as HTML that mail clients render (tables, inline styles, no web fonts, no scripts), so
 * the two never say different things. Every value that reaches the HTML is escaped here.
 */

export type Link = { text: string; url: string }
export type Block =
  | { kind: 'paragraph'; parts: Array<string | Link> }
  | { kind: 'facts'; rows: Array<readonly [label: string, value: string]> }
  | { kind: 'button'; link: Link }

export type EmailContent = {
  subject: string
  /** The line a mail client shows after the subject in the inbox. */
  preview: string
  blocks: Block[]
}

export type RenderedEmail = { subject: string; text: string; html: string }

export const paragraph = (...parts: Array<string | Link>): Block => ({ kind: 'paragraph', parts })
export const facts = (...rows: Array<readonly [string, string]>): Block => ({ kind: 'facts', rows })
export const button = (text: string, url: string): Block => ({ kind: 'button', link: { text, url } })
export const link = (url: string, text = url): Link => ({ text, url })

/** Text on its background at least 4.5:1 (WCAG AA); the tests hold every pair to it. */
export const EMAIL_COLOURS = {
  page: '#f2f4f7',
  card: '#ffffff',
  border: '#d0d7e2',
  text: '#1a2433',
  muted: '#4a5568',
  brand: '#0b3b8c',
  onBrand: '#ffffff',
} as const

/** Which colour sits on which background, for the contrast check. */
export const EMAIL_COLOUR_PAIRS = [
  ['text', 'card'],
  ['muted', 'card'],
  ['brand', 'card'],
  ['onBrand', 'brand'],
  ['muted', 'page'],
  ['brand', 'page'],
] as const satisfies ReadonlyArray<readonly [keyof typeof EMAIL_COLOURS, keyof typeof EMAIL_COLOURS]>

export const LOGO_SIZE = { width: 240, height: 64 } as const

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text made safe to put in HTML, as content or as a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char])
}

/**
 * Figures a line break must not split: `R 1 | 234.56` reads as one rand, `CT-2026- | 00042` as a
 * broken reference. Amounts, dates (and times), data figures, document numbers, SA phone numbers.
 */
const UNBREAKABLE =
  /-?R \d{1,3}(?: \d{3})*\.\d{2}|\b\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}(?:, \d{2}:\d{2})?|\b\d{1,3}(?: \d{3})*(?:\.\d)? GB\b|\b[A-Z]{2,3}-\d{4}-\d{5,}\b|\b0\d{2} \d{3} \d{4}\b/g

/** Text as HTML: escaped, with the figures in it kept on one line. */
function htmlText(text: string): string {
  let html = ''
  let from = 0
  for (const match of text.matchAll(UNBREAKABLE)) {
    html += `${escapeHtml(text.slice(from, match.index))}<span style="white-space:nowrap;">${escapeHtml(match[0])}</span>`
    from = match.index + match[0].length
  }
  return html + escapeHtml(text.slice(from))
}

type Recipient = { firstName: string; accountNumber: string }

export function renderEmail(content: EmailContent, recipient: Recipient, brand: Brand): RenderedEmail {
  return { subject: content.subject, text: renderText(content, recipient, brand), html: renderHtml(content, recipient, brand) }
}

function signOff(brand: Brand): string {
  return `The ${brand.shortName} team`
}

function whyYouGetThis(brand: Brand, accountNumber: string): { reason: string; settings: string; profileUrl: string } {
  return {
    reason: `You receive this because you have an account with ${brand.name} (account ${accountNumber}).`,
    settings: 'You can change which messages you get under Profile in the portal:',
    profileUrl: portalPage(brand.portalUrl, 'profile'),
  }
}

function renderText(content: EmailContent, recipient: Recipient, brand: Brand): string {
  const why = whyYouGetThis(brand, recipient.accountNumber)
  const blocks = content.blocks.map((block) => {
    switch (block.kind) {
      case 'paragraph':
        return block.parts.map((part) => (typeof part === 'string' ? part : part.text === part.url ? part.url : `${part.text} (${part.url})`)).join('')
      case 'facts':
        return block.rows.map(([label, value]) => `${label}: ${value}`).join('\n')
      case 'button':
        return `${block.link.text}: ${block.link.url}`
    }
  })
  return [
    `Hi ${recipient.firstName},`,
    ...blocks,
    signOff(brand),
    '---',
    `${brand.name}\nQuestions? Email ${brand.supportEmail} or call ${brand.supportPhone}.\n${why.reason} ${why.settings} ${why.profileUrl}`,
  ].join('\n\n') + '\n'
}

const FONT = 'font-family:Arial,Helvetica,sans-serif;'
const C = EMAIL_COLOURS

function anchor(target: Link, style = `color:${C.brand};text-decoration:underline;`): string {
  return `<a href="${escapeHtml(target.url)}" style="${style}">${htmlText(target.text)}</a>`
}

function blockHtml(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p style="margin:0 0 16px 0;">${block.parts.map((part) => (typeof part === 'string' ? htmlText(part) : anchor(part))).join('')}</p>`
    case 'facts':
      return [
        `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px 0;border-top:1px solid ${C.border};">`,
        ...block.rows.map(
          ([label, value]) =>
            `<tr><td style="${FONT}padding:8px 12px 8px 0;border-bottom:1px solid ${C.border};font-size:14px;line-height:20px;color:${C.muted};width:40%;">${htmlText(label)}</td>` +
            `<td style="${FONT}padding:8px 0;border-bottom:1px solid ${C.border};font-size:14px;line-height:20px;color:${C.text};font-weight:bold;">${htmlText(value)}</td></tr>`,
        ),
        '</table>',
      ].join('\n')
    case 'button':
      return (
        `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 24px 0;"><tr>` +
        `<td style="background-color:${C.brand};border-radius:4px;">` +
        anchor(block.link, `${FONT}display:inline-block;padding:12px 24px;font-size:16px;line-height:24px;font-weight:bold;color:${C.onBrand};text-decoration:none;border-radius:4px;`) +
        `</td></tr></table>`
      )
  }
}

function renderHtml(content: EmailContent, recipient: Recipient, brand: Brand): string {
  const why = whyYouGetThis(brand, recipient.accountNumber)
  const mail = link(`mailto:${brand.supportEmail}`, brand.supportEmail)
  const phone = link(`tel:${brand.supportPhone.replace(/[^\d+]/g, '')}`, brand.supportPhone)
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="supported-color-schemes" content="light">
<title>${escapeHtml(content.subject)}</title>
</head>
<body style="margin:0;padding:0;background-color:${C.page};">
<div style="display:none;max-height:0;overflow:hidden;opacity:0;">${escapeHtml(content.preview)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:${C.page};">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;background-color:${C.card};border:1px solid ${C.border};">
<tr><td style="padding:24px 32px 8px 32px;"><img src="cid:${escapeHtml(brand.logoCid)}" alt="${escapeHtml(brand.name)}" width="${LOGO_SIZE.width}" height="${LOGO_SIZE.height}" style="display:block;border:0;outline:none;text-decoration:none;width:${LOGO_SIZE.width}px;height:${LOGO_SIZE.height}px;"></td></tr>
<tr><td style="${FONT}padding:16px 32px 8px 32px;font-size:16px;line-height:24px;color:${C.text};">
<p style="margin:0 0 16px 0;">Hi ${htmlText(recipient.firstName)},</p>
${content.blocks.map(blockHtml).join('\n')}
<p style="margin:0 0 16px 0;">${escapeHtml(signOff(brand))}</p>
</td></tr>
<tr><td style="${FONT}padding:16px 32px 24px 32px;background-color:${C.page};border-top:1px solid ${C.border};font-size:13px;line-height:20px;color:${C.muted};">
<p style="margin:0 0 8px 0;"><strong>${escapeHtml(brand.name)}</strong></p>
<p style="margin:0 0 8px 0;">Questions? Email ${anchor(mail)} or call ${anchor(phone)}.</p>
<p style="margin:0;">${htmlText(why.reason)} ${htmlText(why.settings)} ${anchor(link(why.profileUrl))}</p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`
}
