/** Who a notification comes from: the business's names and contact details, from configuration. */
export type Brand = {
  /** The legal name, in emails: `Demo Fibre (Pty) Ltd`. */
  name: string
  /** The name an SMS starts with: `Demo Fibre`. */
  shortName: string
  supportEmail: string
  supportPhone: string
  /** The customer portal, without a trailing slash needed: `https://portal.isp.test/portal`. */
  portalUrl: string
  /** The Content-ID the email's inline logo is attached under: `logo@isp`. */
  logoCid: string
}

/** A page of the portal (`/invoices`), whether or not the configured address ends in a slash. */
export function portalPage(portalUrl: string, page: string): string {
  return `${portalUrl.replace(/\/+$/, '')}/${page.replace(/^\/+/, '')}`
}
