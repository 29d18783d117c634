import { getConfig } from '../../../../lib/config'

/** `Invoices | Acme Fibre`: every portal page is titled with the ISP's name. */
export function pageTitle(page: string): string {
  return `${page} | ${getConfig().company.name}`
}
