import type { ParsedMail } from 'mailparser'

export type AttachmentSummary = { filename: string | null; contentType: string; size: number; cid: string | null }

/** A received mail as the JSON API shows it: everything but the attachments' content. */
export type CaughtMail = {
  id: string
  receivedAt: string
  /** The From header as written (`ISP Billing <billing@isp.test>`), or the envelope sender when there is none. */
  from: string
  /** The envelope recipients (RCPT TO), lowercased: Bcc included, exactly who the mail went to. */
  to: string[]
  subject: string
  text: string | null
  html: string | null
  headers: { 'message-id': string | null; 'reply-to': string | null; date: string | null }
  attachments: AttachmentSummary[]
}

export type StoredMail = { mail: CaughtMail; content: Buffer[] }

export function toStoredMail(parsed: ParsedMail, envelope: { id: string; receivedAt: Date; mailFrom: string; rcptTo: string[] }): StoredMail {
  return {
    mail: {
      id: envelope.id,
      receivedAt: envelope.receivedAt.toISOString(),
      from: parsed.from?.text || envelope.mailFrom,
      to: envelope.rcptTo.map((a) => a.toLowerCase()),
      subject: parsed.subject ?? '',
      text: parsed.text ?? null,
      html: parsed.html || null,
      headers: { 'message-id': parsed.messageId ?? null, 'reply-to': parsed.replyTo?.text ?? null, date: parsed.date?.toISOString() ?? null },
      attachments: parsed.attachments.map((a) => ({ filename: a.filename ?? null, contentType: a.contentType, size: a.size, cid: a.cid ?? null })),
    },
    content: parsed.attachments.map((a) => a.content),
  }
}

/** The attachment a `cid:` reference or a position (`0`, `1`...) names, as the attachment route takes it. */
export function findAttachment(stored: StoredMail, ref: string): { summary: AttachmentSummary; content: Buffer } | undefined {
  const byCid = stored.mail.attachments.findIndex((a) => a.cid !== null && a.cid === ref)
  const index = byCid >= 0 ? byCid : /^\d+$/.test(ref) ? Number(ref) : -1
  const summary = stored.mail.attachments[index]
  const content = stored.content[index]
  return summary && content ? { summary, content } : undefined
}

/** Points `cid:` references in attributes and CSS `url()` at the attachment route, so embedded images show. */
export function rewriteCidReferences(html: string, mailId: string): string {
  return html.replace(/(=\s*["']?|url\(\s*["']?)cid:([^"'\s)>]+)/gi, (_, lead: string, cid: string) => `${lead}/api/messages/${encodeURIComponent(mailId)}/attachments/${encodeURIComponent(safeDecode(cid))}`)
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}
