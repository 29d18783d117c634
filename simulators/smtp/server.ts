import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { simpleParser } from 'mailparser'
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server'

import { CappedLog } from '../shared/capped-log'
import { close, httpUrl, listen, parseJson, readBody, sendJson, sendNoContent, sleep } from '../shared/http'
import { RuleBook } from '../shared/rules'
import { findAttachment, rewriteCidReferences, toStoredMail, type StoredMail } from './caught-mail'
import { PAGE_CSP, renderInbox, renderMail, renderNotFound } from './inbox-pages'
import { failureReplies, mailRuleMatches, mailRuleSchema, type MailRule } from './rules'

export type MailCatcherOptions = {
  /** 0 or undefined: a free port. */
  smtpPort?: number
  /** The web inbox and JSON API; 0 or undefined: a free port. */
  httpPort?: number
  /** Default 127.0.0.1. */
  host?: string
}

export type MailCatcher = {
  smtpPort: number
  /** The web inbox, http://127.0.0.1:PORT. */
  url: string
  stop(): Promise<void>
}

const MAX_MAILS_KEPT = 2_000
const MAX_MAIL_BYTES = 25 * 1024 * 1024
const DEFAULT_SLOW_MS = 1_000
/** What the HTML body route allows: its own images and inline styles, never scripts, fonts or remote loads. */
const HTML_BODY_CSP = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'"
/** Attachments are served from the inbox's origin, so one that is HTML must not run there either. */
const ATTACHMENT_CSP = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox"

const smtpError = (responseCode: number, message: string) => Object.assign(new Error(message), { responseCode })

const contentDisposition = (filename: string | null) =>
  filename ? `inline; filename="${filename.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}` : 'inline'

/**
 * An SMTP server that keeps every mail it is sent (no auth needed, AUTH accepted when a client
 * offers it), with a JSON API and a small web inbox to read them, and failure rules to make it
 * refuse or delay mail.
 */
export async function startMailCatcher(opts: MailCatcherOptions): Promise<MailCatcher> {
  const host = opts.host ?? '127.0.0.1'
  const mails = new CappedLog<StoredMail>(MAX_MAILS_KEPT)
  const rules = new RuleBook<MailRule>()
  const lifetime = new AbortController()

  async function receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
    const receivedAt = new Date()
    // cid: links kept as sent, so tests see what a mail client would, and the HTML route can rewrite them.
    const parsed = await simpleParser(stream, { keepCidLinks: true })
    if (stream.sizeExceeded) throw smtpError(552, '5.3.4 Message exceeds the fixed maximum message size')
    const rcptTo = session.envelope.rcptTo.map((a) => a.address.toLowerCase())
    const entry = rules.matching((r) => mailRuleMatches(r, rcptTo))[0]
    if (entry) {
      rules.consume(entry)
      const latencyMs = entry.rule.latencyMs ?? (entry.rule.mode === 'slow' ? DEFAULT_SLOW_MS : 0)
      if (latencyMs > 0) await sleep(latencyMs, lifetime.signal)
      if (entry.rule.mode !== 'slow') {
        const reply = failureReplies[entry.rule.mode]
        throw smtpError(reply.responseCode, reply.message)
      }
    }
    const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : ''
    const stored = toStoredMail(parsed, { id: randomUUID(), receivedAt, mailFrom, rcptTo })
    mails.push(stored)
    return `OK: queued as ${stored.mail.id}`
  }

  const smtp = new SMTPServer({
    name: 'mail-catcher.local',
    banner: 'ISP billing mail catcher (simulator)',
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    size: MAX_MAIL_BYTES,
    closeTimeout: 1_000,
    logger: false,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? 'anonymous' })
    },
    onData(stream, session, callback) {
      receive(stream, session).then(
        (message) => callback(null, message),
        (err: Error) => callback(err),
      )
    },
  })
  // A client dropping mid-conversation is an event, not a crash.
  smtp.on('error', () => undefined)

  const byId = (id: string) => mails.find((m) => m.mail.id === id)
  const newestFirst = (to: string | null) =>
    [...mails.all()]
      .reverse()
      .map((m) => m.mail)
      .filter((m) => to === null || m.to.includes(to))
  const sendHtml = (res: ServerResponse, status: number, html: string, csp: string) => {
    res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store' })
    res.end(html)
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://inbox')
    const method = req.method ?? 'GET'
    const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent)
    const toFilter = url.searchParams.get('to')?.trim().toLowerCase() || null

    if (method === 'GET' && url.pathname === '/') return sendHtml(res, 200, renderInbox(newestFirst(toFilter), toFilter), PAGE_CSP)
    if (method === 'GET' && segments.length === 2 && segments[0] === 'messages') {
      const stored = byId(segments[1]!)
      return stored ? sendHtml(res, 200, renderMail(stored.mail), PAGE_CSP) : sendHtml(res, 404, renderNotFound(), PAGE_CSP)
    }

    if (segments[0] === 'api' && segments[1] === 'messages') {
      const [, , id, part, ref, ...rest] = segments
      if (id === undefined) {
        if (method === 'GET') return sendJson(res, 200, { messages: newestFirst(toFilter) })
        if (method === 'DELETE') {
          mails.clear()
          return sendNoContent(res)
        }
      } else if (method === 'GET' && rest.length === 0) {
        const stored = byId(id)
        if (!stored) return sendJson(res, 404, { error: 'no such message' })
        if (part === undefined) return sendJson(res, 200, stored.mail)
        if (part === 'html' && ref === undefined) {
          if (stored.mail.html === null) return sendJson(res, 404, { error: 'this message has no HTML body' })
          return sendHtml(res, 200, rewriteCidReferences(stored.mail.html, id), HTML_BODY_CSP)
        }
        if (part === 'attachments' && ref !== undefined) {
          const found = findAttachment(stored, ref)
          if (!found) return sendJson(res, 404, { error: 'no such attachment' })
          res.writeHead(200, {
            'Content-Type': found.summary.contentType,
            'Content-Length': found.content.length,
            'Content-Disposition': contentDisposition(found.summary.filename),
            'Content-Security-Policy': ATTACHMENT_CSP,
            'X-Content-Type-Options': 'nosniff',
            'Cache-Control': 'no-store',
          })
          return void res.end(found.content)
        }
      }
    }

    if (segments[0] === '__control') {
      const [, resource, ruleId] = segments
      if (resource === 'rules' && ruleId === undefined) {
        if (method === 'GET') return sendJson(res, 200, { rules: rules.list().map(({ id, rule, remaining }) => ({ id, ...rule, remaining })) })
        if (method === 'POST') {
          const read = await readBody(req, 64 * 1024)
          const parsed = mailRuleSchema.safeParse(read.ok ? parseJson(read.text) : undefined)
          if (!parsed.success) return sendJson(res, 400, { error: 'invalid rule', issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) })
          return sendJson(res, 201, { id: rules.add(parsed.data) })
        }
        if (method === 'DELETE') {
          rules.clear()
          return sendNoContent(res)
        }
      }
      if (resource === 'rules' && ruleId !== undefined && method === 'DELETE') return rules.remove(ruleId) ? sendNoContent(res) : sendJson(res, 404, { error: 'no such rule' })
      if (resource === 'reset' && ruleId === undefined && method === 'POST') {
        mails.clear()
        rules.clear()
        return sendNoContent(res)
      }
    }
    return sendJson(res, 404, { error: 'not found' })
  }

  const http = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) return void res.destroy()
      // A path with a broken %-escape is the client's mistake.
      sendJson(res, err instanceof URIError ? 400 : 500, { error: err instanceof Error ? err.message : String(err) })
    })
  })

  const smtpPort = await new Promise<number>((resolve, reject) => {
    smtp.server.once('error', reject)
    smtp.listen(opts.smtpPort ?? 0, host, () => {
      smtp.server.off('error', reject)
      resolve((smtp.server.address() as AddressInfo).port)
    })
  })
  let httpPort: number
  try {
    httpPort = await listen(http, opts.httpPort ?? 0, host)
  } catch (err) {
    await new Promise<void>((resolve) => smtp.close(() => resolve()))
    throw err
  }

  return {
    smtpPort,
    url: httpUrl(host, httpPort),
    async stop() {
      lifetime.abort()
      await Promise.all([new Promise<void>((resolve) => smtp.close(() => resolve())), close(http)])
    },
  }
}
