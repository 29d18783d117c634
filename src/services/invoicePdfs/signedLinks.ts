import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto'

/**
 * Signed invoice download links for emails: anyone holding the link may download that one
 * invoice's PDF until it expires (24 hours by default), without signing in. The signature is an
 * HMAC-SHA256 of the invoice id and the expiry, under a key derived from PAYLOAD_SECRET for this
 * purpose only, so a link cannot be altered to reach another invoice or to live longer.
 */
export type SignedLink = { invoiceId: number; expires: number; signature: string }

const keyFor = (secret: string) => Buffer.from(hkdfSync('sha256', secret, 'isp-billing', 'invoice-pdf-link/v1', 32))

const sign = (secret: string, invoiceId: number, expires: number) =>
  createHmac('sha256', keyFor(secret)).update(`${invoiceId}.${expires}`).digest('base64url')

export function signInvoiceLink(secret: string, invoiceId: number, opts: { now: Date; hours: number }): SignedLink {
  const expires = Math.floor(opts.now.getTime() / 1000) + opts.hours * 3600
  return { invoiceId, expires, signature: sign(secret, invoiceId, expires) }
}

export function signedInvoiceUrl(serverUrl: string, link: SignedLink): string {
  return `${serverUrl}/api/invoice-links/${link.invoiceId}?expires=${link.expires}&signature=${link.signature}`
}

export type LinkCheck = { ok: true } | { ok: false; code: 'LINK_INVALID' | 'LINK_EXPIRED'; message: string }

export function checkInvoiceLink(secret: string, link: { invoiceId: number; expires: number; signature: string }, now: Date): LinkCheck {
  const expected = Buffer.from(sign(secret, link.invoiceId, link.expires))
  const given = Buffer.from(link.signature)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, code: 'LINK_INVALID', message: 'This download link is not valid' }
  }
  if (now.getTime() >= link.expires * 1000) {
    return {
      ok: false,
      code: 'LINK_EXPIRED',
      message: `This download link expired at ${new Date(link.expires * 1000).toISOString()}; sign in to the portal to download the invoice`,
    }
  }
  return { ok: true }
}
