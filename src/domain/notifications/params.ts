import { z } from 'zod'

import { isCalendarDate } from '../calendarDate'
import { SUSPENSION_TYPES } from '../catalogue'
import { ACCOUNT_NUMBER_PATTERN, INVOICE_NUMBER_PATTERN } from '../documentNumbers'

/**
 * The parameters each notification template needs, checked before anything is rendered: a
 * template given a missing, misspelt or malformed parameter fails loudly (in a test, in the job
 * that sends it) instead of texting a customer "Hi undefined".
 */

export const NOTIFICATION_TEMPLATE_NAMES = [
  'order_confirmation',
  'service_activated',
  'invoice_issued',
  'payment_received',
  'payment_failed',
  'usage_80',
  'usage_95',
  'service_suspended',
  'service_reactivated',
  'service_cancelled',
  'mandate_approved',
] as const
export type NotificationTemplateName = (typeof NOTIFICATION_TEMPLATE_NAMES)[number]

/** Text a person reads: one line (a name with a newline in it must not break an SMS or a subject). */
const text = z
  .string()
  .trim()
  .min(1)
  .transform((value) => value.replace(/\s+/g, ' '))
const cents = z.number().int()
const calendarDate = z.string().refine(isCalendarDate, 'expected a calendar date YYYY-MM-DD')
const instant = z.iso.datetime({ offset: true })
/** Only web links: a `javascript:` or `data:` URL never becomes a link in an email. */
const webUrl = z.url({ protocol: /^https?$/ })
const bytes = z.number().int().nonnegative()

const customer = {
  firstName: text,
  accountNumber: z.string().regex(ACCOUNT_NUMBER_PATTERN, 'expected an account number CT-YYYY-NNNNN'),
}
const invoiceNumber = z.string().regex(INVOICE_NUMBER_PATTERN, 'expected an invoice number INV-YYYY-NNNNN')

const usage = z.strictObject({
  ...customer,
  serviceName: text,
  usedBytes: bytes,
  capBytes: bytes.positive(),
  percentUsed: z.number().nonnegative(),
  measuredAt: instant,
  cycleEndDate: calendarDate,
})

export const TEMPLATE_PARAMS = {
  order_confirmation: z.strictObject({
    ...customer,
    orderNumber: text,
    productName: text,
    installationDate: calendarDate.optional(),
  }),
  service_activated: z.strictObject({
    ...customer,
    serviceName: text,
    activationDate: calendarDate,
    monthlyPriceCents: cents.nonnegative(),
  }),
  invoice_issued: z.strictObject({
    ...customer,
    invoiceNumber,
    totalCents: cents.nonnegative(),
    /** What is left to pay after account credit applied at issue; the total when none was. */
    amountDueCents: cents.nonnegative().optional(),
    dueDate: calendarDate,
    pdfUrl: webUrl,
    linkExpiresAt: instant,
    portalUrl: webUrl,
  }),
  payment_received: z.strictObject({
    ...customer,
    amountCents: cents.positive(),
    paymentDate: calendarDate,
    reference: text,
    balanceCents: cents,
  }),
  payment_failed: z.strictObject({
    ...customer,
    amountCents: cents.positive(),
    invoiceNumber,
    reason: text,
    payNowUrl: webUrl.optional(),
  }),
  usage_80: usage,
  usage_95: usage,
  service_suspended: z.strictObject({
    ...customer,
    serviceName: text,
    reason: z.enum(SUSPENSION_TYPES),
    effectiveDate: calendarDate,
    amountOwingCents: cents.positive().optional(),
  }),
  service_reactivated: z.strictObject({
    ...customer,
    serviceName: text,
    effectiveDate: calendarDate,
  }),
  service_cancelled: z.strictObject({
    ...customer,
    serviceName: text,
    effectiveDate: calendarDate,
    finalInvoiceNumber: invoiceNumber.optional(),
  }),
  mandate_approved: z.strictObject({
    ...customer,
    bankAccountDisplay: text,
    debitDay: z.number().int().min(1).max(31),
  }),
} as const satisfies Record<NotificationTemplateName, z.ZodType>

/** What a caller passes to a template. */
export type TemplateParams<T extends NotificationTemplateName> = z.input<(typeof TEMPLATE_PARAMS)[T]>
/** What a template renders from, once checked. */
export type CheckedParams<T extends NotificationTemplateName> = z.output<(typeof TEMPLATE_PARAMS)[T]>

/** A template asked to render with parameters it cannot use; `issues` names each one (`dueDate: missing`). */
export class TemplateParamsError extends Error {
  readonly template: string
  readonly issues: string[]

  constructor(template: string, issues: string[]) {
    super(`Notification template ${template}: ${issues.join('; ')}`)
    this.name = 'TemplateParamsError'
    this.template = template
    this.issues = issues
  }
}

/** The parameters, checked against the template's schema; throws TemplateParamsError. */
export function checkTemplateParams<T extends NotificationTemplateName>(name: T, params: unknown): CheckedParams<T> {
  if (!Object.hasOwn(TEMPLATE_PARAMS, name)) throw new TemplateParamsError(String(name), ['template: no template has this name'])
  const result = TEMPLATE_PARAMS[name].safeParse(params)
  if (result.success) return result.data as CheckedParams<T>
  throw new TemplateParamsError(name, result.error.issues.flatMap((issue) => describeIssue(issue, params)))
}

function describeIssue(issue: z.core.$ZodIssue, params: unknown): string[] {
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `${key}: unknown parameter`)
  const name = issue.path.map(String).join('.') || 'params'
  const top = issue.path[0]
  const given = top === undefined || (typeof params === 'object' && params !== null && (params as Record<PropertyKey, unknown>)[top] !== undefined)
  return [given ? `${name}: ${issue.message}` : `${name}: missing`]
}
