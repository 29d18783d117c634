import fs from 'node:fs'
import path from 'node:path'

import type { Payload } from 'payload'

import { clickatellClient } from '../../integrations/clickatell/client'
import type { SmsSender } from '../../integrations/clickatell/types'
import type { Brand } from '../../domain/notifications'
import { getConfig } from '../../lib/config'

/** The content id of the logo every email carries inline (so it shows without loading remote images). */
export const LOGO_CID = 'logo@isp-billing'

export function brandFromConfig(): Brand {
  const c = getConfig()
  return {
    name: c.company.name,
    shortName: c.company.shortName,
    supportEmail: c.company.email,
    supportPhone: c.company.phone,
    portalUrl: `${c.serverUrl}/portal`,
    logoCid: LOGO_CID,
  }
}

let sms: SmsSender | undefined
/** The SMS sender the configuration names: Clickatell's platform, or our simulator in dev and tests. */
export function smsSender(): SmsSender {
  const c = getConfig().clickatell
  sms ??= clickatellClient({ baseUrl: c.baseUrl, apiKey: c.enabled ? c.apiKey : undefined, timeoutMs: c.timeoutMs })
  return sms
}

let logo: Buffer | null | undefined
function logoPng(): Buffer | null {
  if (logo === undefined) {
    const file = path.resolve(process.cwd(), 'public/brand/logo@2x.png')
    logo = fs.existsSync(file) ? fs.readFileSync(file) : null
  }
  return logo
}

export type EmailMessage = { to: string; subject: string; text: string; html: string }
export type EmailOutcome = { ok: true; messageId: string } | { ok: false; retryable: boolean; message: string }

/**
 * Sends one email through the configured SMTP server (Payload's nodemailer adapter). A 4xx answer
 * or a connection problem is worth another try later; a 5xx refusal is final.
 */
export async function sendEmail(payload: Payload, message: EmailMessage): Promise<EmailOutcome> {
  const png = logoPng()
  try {
    const info = (await payload.sendEmail({
      ...message,
      attachments: png ? [{ filename: 'logo.png', content: png, contentType: 'image/png', cid: LOGO_CID }] : [],
    })) as { messageId?: string } | undefined
    return { ok: true, messageId: info?.messageId ?? '' }
  } catch (err) {
    const e = err as { responseCode?: number; code?: string; message?: string }
    if (typeof e.responseCode === 'number') {
      const retryable = e.responseCode < 500
      return { ok: false, retryable, message: `The mail server ${retryable ? 'deferred' : 'refused'} the message (${e.responseCode})` }
    }
    return { ok: false, retryable: true, message: `The mail server could not be reached${e.code ? ` (${e.code})` : ''}` }
  }
}
