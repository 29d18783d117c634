import type { Payload } from 'payload'

import { sastDateOf } from '../../domain/calendarDate'
import type { AccountType } from '../../domain/catalogue'
import type { NotificationTemplateName } from '../../domain/notifications'
import { getConfig } from '../../lib/config'
import { monthlyInclVat } from '../dashboard/shapes'
import { signInvoiceLink, signedInvoiceUrl } from '../invoicePdfs/signedLinks'

/** What a notification is about: the records its parameters are read from. */
export type NotificationRefs = {
  serviceId?: number
  invoiceId?: number
  serviceActionId?: number
  /** Facts no record holds (a decline reason, a usage figure), given by whoever asks. */
  params?: Record<string, unknown>
  /** Only these channels (a resend by email); within the customer's preferences all the same. */
  channels?: Array<'sms' | 'email'>
}

export type Recipient = {
  customerId: number
  firstName: string
  accountNumber: string
  accountType: AccountType
  email?: string | null
  mobile?: string | null
  notifyBySms: boolean
  notifyByEmail: boolean
  balanceCents: number
}

export async function loadRecipient(payload: Payload, customerId: number): Promise<Recipient | null> {
  const customer = await payload.findByID({ collection: 'customers', id: customerId, depth: 0, disableErrors: true, overrideAccess: true })
  if (!customer) return null
  const { docs } = await payload.find({ collection: 'billing-accounts', where: { customer: { equals: customerId } }, depth: 0, limit: 1, overrideAccess: true })
  const account = docs[0]
  return {
    customerId,
    firstName: customer.firstName,
    accountNumber: customer.accountNumber ?? '',
    accountType: (customer.accountType ?? 'residential') as AccountType,
    email: customer.email,
    mobile: customer.mobile,
    notifyBySms: account?.notifyBySms !== false,
    notifyByEmail: account?.notifyByEmail !== false,
    balanceCents: Number(account?.balanceCents ?? 0),
  }
}

/**
 * A template's parameters, read from the records it is about when it is sent (so the invoice
 * link is freshly signed and an amount is what the ledger says then). The template's own schema
 * checks the result: a missing fact fails the notification, never a half-filled message.
 */
export async function templateParams(
  payload: Payload,
  template: NotificationTemplateName,
  who: Recipient,
  refs: NotificationRefs,
  now: Date,
): Promise<Record<string, unknown>> {
  const base: Record<string, unknown> = { firstName: who.firstName, accountNumber: who.accountNumber }
  const service = refs.serviceId
    ? await payload.findByID({ collection: 'services', id: refs.serviceId, depth: 0, disableErrors: true, overrideAccess: true })
    : null
  const invoice = refs.invoiceId
    ? await payload.findByID({ collection: 'invoices', id: refs.invoiceId, depth: 0, disableErrors: true, overrideAccess: true })
    : null
  const action = refs.serviceActionId
    ? await payload.findByID({ collection: 'service-actions', id: refs.serviceActionId, depth: 0, disableErrors: true, overrideAccess: true })
    : null
  const day = (v: string | null | undefined) => (v ? sastDateOf(v) : undefined)
  const today = sastDateOf(now)
  const serviceName = service?.packageName

  const fromRecords: Record<string, unknown> = (() => {
    switch (template) {
      case 'service_activated':
        return {
          serviceName,
          activationDate: day(service?.activationDate),
          monthlyPriceCents: service ? monthlyInclVat(Number(service.monthlyPriceCents), who.accountType, today) : undefined,
        }
      case 'service_suspended': {
        return {
          serviceName,
          reason: undefined,
          effectiveDate: day(service?.suspensionDate) ?? day(action?.createdAt),
          ...(who.balanceCents > 0 ? { amountOwingCents: who.balanceCents } : {}),
        }
      }
      case 'service_reactivated':
        return { serviceName, effectiveDate: day(action?.createdAt) ?? today }
      case 'service_cancelled':
        return {
          serviceName,
          effectiveDate: day(service?.cancellationDate) ?? day(action?.createdAt),
          ...(invoice?.invoiceNumber ? { finalInvoiceNumber: invoice.invoiceNumber } : {}),
        }
      case 'invoice_issued': {
        if (!invoice) return {}
        const config = getConfig()
        const link = signInvoiceLink(config.payloadSecret, invoice.id, { now, hours: config.invoiceLinkHours })
        return {
          invoiceNumber: invoice.invoiceNumber ?? undefined,
          totalCents: Number(invoice.totalCents),
          amountDueCents: Number(invoice.amountDueCents ?? invoice.totalCents),
          dueDate: day(invoice.dueDate),
          pdfUrl: signedInvoiceUrl(config.serverUrl, link),
          linkExpiresAt: new Date(link.expires * 1000).toISOString(),
          portalUrl: `${config.serverUrl}/portal`,
        }
      }
      default:
        return {}
    }
  })()
  if (template === 'service_suspended') {
    const { docs } = refs.serviceId
      ? await payload.find({ collection: 'service-suspensions', where: { service: { equals: refs.serviceId } }, sort: '-suspendedAt', limit: 1, depth: 0, overrideAccess: true })
      : { docs: [] }
    fromRecords.reason = docs[0]?.suspensionType
  }
  const merged = { ...base, ...stripUndefined(fromRecords), ...(refs.params ?? {}) }
  return merged
}

function stripUndefined(o: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))
}
