import { z } from 'zod'

import { BANK_ACCOUNT_TYPES, SA_BANKS, validateBankDetails } from '../../domain/bankAccounts'
import {
  ACCOUNT_STATUSES,
  ACCOUNT_TYPES,
  PROVINCES,
  INVOICE_KINDS,
  MANDATE_STATUSES,
  ORDER_STATUSES,
  PAYMENT_METHOD_TYPES,
  SERVICE_STATUSES,
  SERVICE_TYPES,
  TRANSACTION_KINDS,
  TRANSACTION_STATUSES,
} from '../../domain/catalogue'
import { sastDateOf } from '../../domain/calendarDate'
import { calendarDateInput, MAX_ID } from '../../endpoints/schemas'

/**
 * The customer dashboard API's contract (`/api/dashboard/...`): every query, body and response as
 * a zod schema. The endpoints validate with these, the OpenAPI document is generated from them
 * (src/endpoints/openapi/), and the portal imports the types. Change a shape here and all three
 * follow.
 *
 * Conventions: money is integer cents (`...Cents`, ZAR, VAT included unless named otherwise);
 * calendar dates are SAST days as `YYYY-MM-DD`; instants are ISO 8601 UTC; bytes are integers
 * (a GB is 10^9 bytes, src/domain/usage.ts).
 */

const cents = z.number().int().describe('ZAR cents')
const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).describe('A SAST calendar date, YYYY-MM-DD')
const instant = z.string().describe('An ISO 8601 instant (UTC)')
const id = z.number().int().positive()
const bytes = z.number().int().nonnegative().describe('Bytes')

// Requests -------------------------------------------------------------------------------------

/** A whole number in a query string, from `min` to `max`. */
const wholeNumber = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,10}$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(z.number().min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`))

export const idParam = z.object({
  id: z.string().regex(/^[1-9]\d{0,9}$/, 'id must be a positive whole number').transform(Number).pipe(z.number().max(MAX_ID, 'No such record')),
})

export const servicesQuery = z.strictObject({ status: z.enum(SERVICE_STATUSES).optional() })

export const MAX_USAGE_DAYS = 400
export const usageQuery = z
  .strictObject({
    serviceId: wholeNumber('serviceId', 1, MAX_ID),
    startDate: calendarDateInput.optional(),
    endDate: calendarDateInput.optional(),
  })
  .refine((q) => (q.startDate === undefined) === (q.endDate === undefined), { message: 'Give both startDate and endDate, or neither', path: ['endDate'] })
  .refine((q) => !q.startDate || !q.endDate || q.startDate <= q.endDate, { message: 'endDate is before startDate', path: ['endDate'] })

export const INVOICE_LIST_STATUSES = ['unpaid', 'partially_paid', 'paid', 'overdue', 'void'] as const
export const invoicesQuery = z.strictObject({
  status: z.enum(INVOICE_LIST_STATUSES).optional(),
  page: wholeNumber('page', 1, 1_000_000).optional(),
  limit: wholeNumber('limit', 1, 100).optional(),
})

const text = (name: string, max: number) => z.string({ error: `${name} must be text` }).trim().min(1, `${name} is required`).max(max, `${name} is at most ${max} characters`)

export const addPaymentMethodBody = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('debit_order'),
    bankCode: z.enum(SA_BANKS.map((b) => b.code) as [string, ...string[]]).describe('The bank'),
    branchCode: z.string().regex(/^\d{6}$/, 'branchCode is 6 digits'),
    accountType: z.enum(BANK_ACCOUNT_TYPES),
    accountNumber: z.string().regex(/^[\d\s-]{6,24}$/, 'accountNumber is digits (spaces and dashes are ignored)').describe('Stored encrypted; never returned'),
    accountHolder: text('accountHolder', 100),
    makePrimary: z.boolean().optional(),
  }),
  z.strictObject({
    type: z.literal('card'),
    gatewayToken: z.string().min(8, 'gatewayToken is the token the card gateway returned').max(200),
    brand: text('brand', 30),
    lastFour: z.string().regex(/^\d{4}$/, 'lastFour is 4 digits'),
    expiryMonth: z.number().int().min(1).max(12),
    expiryYear: z.number().int().min(2000).max(2099),
    makePrimary: z.boolean().optional(),
  }),
  z.strictObject({ type: z.literal('eft'), makePrimary: z.boolean().optional() }),
])
  // The bank's own rules (its universal branch code, its account number length): the same
  // function the payment-method service applies, so the portal's form and the server agree.
  .superRefine((body, ctx) => {
    if (body.type === 'card') {
      // A card is good to the end of its expiry month (SAST).
      const thisMonth = sastDateOf(new Date()).slice(0, 7)
      const expiry = `${body.expiryYear}-${String(body.expiryMonth).padStart(2, '0')}`
      if (expiry < thisMonth) ctx.addIssue({ code: 'custom', path: ['expiryYear'], message: 'This card has expired' })
    }
    if (body.type !== 'debit_order') return
    const checked = validateBankDetails(body)
    if (checked.ok) return
    for (const p of checked.problems) ctx.addIssue({ code: 'custom', path: [p.field], message: p.message })
  })
export type AddPaymentMethodBody = z.infer<typeof addPaymentMethodBody>

export const updatePaymentMethodBody = z.strictObject({ isPrimary: z.literal(true, { error: 'Only isPrimary: true can be set: choose the method to make primary' }) })

export const preferencesBody = z
  .strictObject({ autoPay: z.boolean().optional(), notifyBySms: z.boolean().optional(), notifyByEmail: z.boolean().optional() })
  .refine((b) => Object.keys(b).length > 0, { message: 'Give at least one of autoPay, notifyBySms, notifyByEmail' })


// Optional lines may be sent back as GET /profile answers them (null) or left out.
const optionalLine = (name: string) =>
  z.string({ error: `${name} must be text` }).trim().max(100, `${name} is at most 100 characters`).nullish().transform((v) => v || undefined)
export const postalAddress = z.strictObject({
  line1: text('line1', 100),
  line2: optionalLine('line2'),
  suburb: optionalLine('suburb'),
  city: text('city', 60),
  province: z.enum(PROVINCES),
  postalCode: z.string().regex(/^\d{4}$/, 'postalCode is 4 digits'),
})
export const profileBody = z
  .strictObject({ mobile: z.string({ error: 'mobile must be text' }).max(30).optional(), postalAddress: postalAddress.optional() })
  .refine((b) => Object.keys(b).length > 0, { message: 'Give mobile, postalAddress or both' })

// Responses ------------------------------------------------------------------------------------

export const maskedPaymentMethod = z.object({
  id,
  type: z.enum(PAYMENT_METHOD_TYPES),
  displayName: z.string().describe('Masked, e.g. "Debit Order - FNB ***1234"'),
  lastFour: z.string().nullable(),
  mandateStatus: z.enum(MANDATE_STATUSES).nullable().describe('Debit orders only: collection starts once the mandate is active'),
  mandateUrl: z.string().nullable().describe("Debit orders awaiting signature: NetCash's page where the account holder signs the mandate"),
  isPrimary: z.boolean(),
  addedAt: instant,
})
export type MaskedPaymentMethod = z.infer<typeof maskedPaymentMethod>

export const cycleUsage = z.object({
  cycleStart: calendarDate,
  cycleEnd: calendarDate.describe('The last day of the cycle (inclusive)'),
  usedBytes: bytes,
  capBytes: bytes.nullable().describe('null: uncapped'),
  percentUsed: z.number().nullable().describe('Of the cap, rounded down to one decimal (null when uncapped)'),
  usageAsOf: instant.nullable().describe('When the newest usage figure was synced (null: none yet)'),
})
export type CycleUsage = z.infer<typeof cycleUsage>

export const serviceSummary = z.object({
  id,
  packageName: z.string(),
  type: z.enum(SERVICE_TYPES),
  status: z.enum(SERVICE_STATUSES),
  downloadMbps: z.number(),
  uploadMbps: z.number(),
  dataCapGb: z.number().nullable(),
  monthlyPriceCents: cents.describe('What a month costs, VAT included (business prices are quoted excl. VAT; this adds it)'),
  installationAddress: z.string(),
  billingDay: z.number().int(),
  nextBillingDate: calendarDate.nullable(),
  billingPaused: z.boolean(),
  activationDate: calendarDate.nullable(),
  usage: cycleUsage,
})
export type ServiceSummary = z.infer<typeof serviceSummary>

export const serviceDetail = serviceSummary.extend({
  suspensionDate: calendarDate.nullable(),
  cancellationDate: calendarDate.nullable(),
  cycles: z
    .array(z.object({ cycleStart: calendarDate, cycleEnd: calendarDate, uploadBytes: bytes, downloadBytes: bytes, totalBytes: bytes }))
    .describe('The last 12 billing cycles, newest first, the current one included'),
})
export type ServiceDetail = z.infer<typeof serviceDetail>

export const invoiceListItem = z.object({
  id,
  invoiceNumber: z.string(),
  kind: z.enum(INVOICE_KINDS),
  status: z.enum(INVOICE_LIST_STATUSES),
  invoiceDate: calendarDate,
  dueDate: calendarDate,
  periodStart: calendarDate.nullable(),
  periodEnd: calendarDate.nullable(),
  totalCents: cents,
  amountPaidCents: cents,
  amountDueCents: cents,
  pdfUrl: z.string().describe('Download with the portal session: /api/dashboard/invoices/{id}/pdf'),
})
export type InvoiceListItem = z.infer<typeof invoiceListItem>

export const orderSummary = z.object({ id, orderNumber: z.string(), status: z.enum(ORDER_STATUSES), placedAt: instant })
export type OrderSummary = z.infer<typeof orderSummary>

export const billingOverview = z.object({
  balanceCents: cents.describe('Positive: owed; negative: in credit'),
  amountDueCents: cents.describe('Still due on issued invoices (unpaid, partially paid, overdue)'),
  creditLimitCents: cents,
  nextBillingDate: calendarDate.nullable(),
  nextBillingAmountCents: cents.describe('What the services billed on nextBillingDate cost a month, VAT included'),
  autoPay: z.boolean(),
  notifyBySms: z.boolean(),
  notifyByEmail: z.boolean(),
  primaryPaymentMethod: maskedPaymentMethod.nullable(),
})
export type BillingOverview = z.infer<typeof billingOverview>

export const accountSummary = z.object({
  id,
  accountNumber: z.string(),
  displayName: z.string(),
  status: z.enum(ACCOUNT_STATUSES),
  type: z.enum(ACCOUNT_TYPES),
  customerSince: calendarDate.nullable(),
})

export const summaryResponse = z.object({
  account: accountSummary,
  services: z.array(serviceSummary),
  billing: billingOverview,
  recentInvoices: z.array(invoiceListItem).max(5),
  recentOrders: z.array(orderSummary).max(5),
  stats: z.object({
    activeServices: z.number().int(),
    openOrders: z.number().int(),
    overdueInvoices: z.number().int(),
    overdueTotalCents: cents,
    usedBytesThisCycle: bytes.describe('All services, each in its own current cycle'),
  }),
})
export type SummaryResponse = z.infer<typeof summaryResponse>

export const servicesResponse = z.object({ services: z.array(serviceSummary) })
export type ServicesResponse = z.infer<typeof servicesResponse>
export const serviceResponse = z.object({ service: serviceDetail })
export type ServiceResponse = z.infer<typeof serviceResponse>

export const usageResponse = z.object({
  serviceId: id,
  startDate: calendarDate,
  endDate: calendarDate.describe('Inclusive'),
  cycle: z.object({ start: calendarDate, end: calendarDate }).describe("The service's current billing cycle"),
  days: z.array(z.object({ date: calendarDate, uploadBytes: bytes, downloadBytes: bytes, totalBytes: bytes })).describe('Every day of the range, zeros where nothing was recorded'),
  totals: z.object({ uploadBytes: bytes, downloadBytes: bytes, totalBytes: bytes }),
  capBytes: bytes.nullable(),
  percentUsed: z.number().nullable().describe('Of the cap, over the range asked for'),
  usageAsOf: instant.nullable(),
})
export type UsageResponse = z.infer<typeof usageResponse>

export const invoicesResponse = z.object({
  invoices: z.array(invoiceListItem),
  page: z.number().int(),
  limit: z.number().int(),
  totalDocs: z.number().int(),
  totalPages: z.number().int(),
  hasNextPage: z.boolean(),
  summary: z.record(z.enum(INVOICE_LIST_STATUSES), z.object({ count: z.number().int(), amountDueCents: cents })).describe('Every issued invoice of the customer, whatever the filter'),
})
export type InvoicesResponse = z.infer<typeof invoicesResponse>

export const invoiceDetail = invoiceListItem.extend({
  subtotalCents: cents.describe('Excl. VAT'),
  vatCents: cents,
  lines: z.array(
    z.object({
      description: z.string(),
      quantity: z.number(),
      unitPriceCents: cents.describe('Excl. VAT'),
      exclVatCents: cents,
      vatRatePercent: z.number().describe('e.g. 15'),
      vatCents: cents,
      inclVatCents: cents,
    }),
  ),
  settlements: z
    .array(
      z.object({
        kind: z.enum(['payment', 'credit_note']),
        amountCents: cents,
        date: calendarDate,
        reference: z.string().describe('The payment reference or the credit note number'),
        clearsOn: calendarDate
          .nullable()
          .describe('A debit order collected but not yet cleared: the last day the bank can still return it (the invoice is paid, pending clearance); null otherwise'),
      }),
    )
    .describe('How the invoice was paid or credited, oldest first'),
  creditedInvoiceNumber: z.string().nullable().describe('Credit notes: the invoice they credit'),
  debitOrderOn: calendarDate.nullable().describe('A debit order for this invoice is on its way to the bank and collects on this day (Pay Now is refused meanwhile); null otherwise'),
})
export type InvoiceDetail = z.infer<typeof invoiceDetail>
export const invoiceResponse = z.object({ invoice: invoiceDetail })
export type InvoiceResponse = z.infer<typeof invoiceResponse>

export const transactionSummary = z.object({
  id,
  reference: z.string(),
  kind: z.enum(TRANSACTION_KINDS).describe('payment: money received; refund: account credit paid back to you'),
  amountCents: cents,
  status: z.enum(TRANSACTION_STATUSES),
  invoiceNumber: z.string().nullable(),
  paymentMethod: z.string().nullable().describe('Masked'),
  date: instant,
  failureReason: z.string().nullable(),
})
export const billingResponse = z.object({ billing: billingOverview, transactions: z.array(transactionSummary).max(10) })
export type BillingResponse = z.infer<typeof billingResponse>

export const paymentMethodsResponse = z.object({ paymentMethods: z.array(maskedPaymentMethod) })
export type PaymentMethodsResponse = z.infer<typeof paymentMethodsResponse>
export const paymentMethodResponse = z.object({ paymentMethod: maskedPaymentMethod })

/** Starting a Pay Now payment takes nothing but the invoice in the path. */
export const payNowBody = z.strictObject({})
export const payNowResponse = z.object({
  action: z.string().describe("NetCash Pay Now's page: post the browser there with `fields`"),
  fields: z.record(z.string(), z.string()).describe('The hidden inputs of that form (service keys, reference, amount in rand)'),
  reference: z.string().describe('This attempt, as NetCash will report it'),
  amountCents: z.number().int().positive().describe('What is being paid: what the invoice still owes'),
})
export type PaymentMethodResponse = z.infer<typeof paymentMethodResponse>
export const removedResponse = z.object({ removed: z.literal(true), id })

export const preferencesResponse = z.object({ autoPay: z.boolean(), notifyBySms: z.boolean(), notifyByEmail: z.boolean() })
export type PreferencesResponse = z.infer<typeof preferencesResponse>

export const profileResponse = z.object({
  mobile: z.string().nullable().describe('27XXXXXXXXX'),
  postalAddress: z
    .object({
      line1: z.string().nullable(),
      line2: z.string().nullable(),
      suburb: z.string().nullable(),
      city: z.string().nullable(),
      province: z.string().nullable(),
      postalCode: z.string().nullable(),
    })
    .nullable(),
})
export type ProfileResponse = z.infer<typeof profileResponse>

export const problemResponse = z.object({
  errors: z.array(z.object({ code: z.string(), message: z.string(), field: z.string().optional() }).loose()),
})
