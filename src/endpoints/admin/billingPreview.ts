import type { Endpoint, PayloadRequest } from 'payload'
import { z } from 'zod'

import { staffOf } from '../../access/identity'
import { sastDateOf } from '../../domain/calendarDate'
import { ACCOUNT_TYPES, BILLING_DAYS, INVOICE_LINE_KINDS } from '../../domain/catalogue'
import { totalsOf, type InvoiceLine } from '../../domain/invoiceLines'
import { holdsPermission } from '../../domain/staffPermissions'
import { invoicedPeriodsFrom, planCancellation, planProRata } from '../../services/billing/plans'
import { ok, parseBody, problem } from '../http'
import { calendarDateInput, idInput } from '../schemas'

const calendarDate = calendarDateInput
const serviceId = idInput('serviceId')
const kind = z.enum(['activation', 'reactivation', 'cancellation'])

const byService = z.object({ serviceId, date: calendarDate, kind }).strict()
const byPrice = z
  .object({
    monthlyPriceCents: z.number().int('Whole cents').min(0).max(100_000_000, 'At most R 1 000 000.00 a month'),
    accountType: z.enum(ACCOUNT_TYPES),
    billingDay: z.union(BILLING_DAYS.map((d) => z.literal(d)) as [z.ZodLiteral<1>, z.ZodLiteral<5>, z.ZodLiteral<25>, z.ZodLiteral<30>]),
    date: calendarDate,
    kind,
  })
  .strict()
/** The two bodies the preview takes, for the API document. */
export const billingPreviewBodies = { byService, byPrice }
/** Either a service, or a price, account type and billing day: the body's shape says which. */
const body = (raw: Record<string, unknown>): z.ZodType<z.infer<typeof byService> | z.infer<typeof byPrice>> =>
  'serviceId' in raw ? byService : byPrice

const cents = z.number().int().describe('ZAR cents')
/** What the preview answers. Credits come back as negative amounts. */
export const billingPreviewResponse = z.object({
  lines: z.array(
    z.object({
      description: z.string(),
      kind: z.enum(INVOICE_LINE_KINDS),
      exclVatCents: cents,
      vatCents: cents,
      inclVatCents: cents,
      vatRateBasisPoints: z.number().int().describe('1500 = 15%'),
    }),
  ),
  totals: z.object({ exclVatCents: cents, vatCents: cents, inclVatCents: cents }),
  explanation: z.string(),
  nextBillingDate: z.string().optional().describe('Activation and reactivation: the next billing date, YYYY-MM-DD'),
})
type BillingPreview = z.input<typeof billingPreviewResponse>

const lineOut = (l: Pick<InvoiceLine, 'description' | 'kind' | 'exclVatCents' | 'vatCents' | 'inclVatCents' | 'vatRateBasisPoints'>) => ({
  description: l.description,
  kind: l.kind,
  exclVatCents: l.exclVatCents,
  vatCents: l.vatCents,
  inclVatCents: l.inclVatCents,
  vatRateBasisPoints: l.vatRateBasisPoints,
})

/**
 * `POST /api/admin/billing/preview`: what activating, reactivating or cancelling would invoice,
 * computed by the same plan the operation uses. Credits come back as negative amounts.
 */
async function billingPreview(req: PayloadRequest): Promise<Response> {
  const staff = staffOf(req)
  if (!req.user) return problem(req, 401, [{ code: 'NOT_AUTHENTICATED', message: 'Sign in as staff first' }])
  if (!staff) return problem(req, 403, [{ code: 'FORBIDDEN', message: 'Only staff can preview charges' }])
  if (!holdsPermission(staff, 'billing_manage') && !holdsPermission(staff, 'services_activate')) {
    return problem(req, 403, [{ code: 'FORBIDDEN', message: 'Previewing charges needs billing_manage or services_activate' }])
  }
  const parsed = await parseBody(req, body)
  if (!parsed.ok) return parsed.response
  const input = parsed.data
  const today = sastDateOf(new Date())

  let service: { id?: number; packageName: string; billingDay: number; monthlyPriceCents: number }
  let accountType: 'residential' | 'business'
  // What cancellation will do for this service: nothing for one never activated, no charge for
  // days a suspension paused (the same rules cancelService applies).
  let neverActivated = false
  let chargeUnbilledDays = true
  if ('serviceId' in input) {
    const found = await req.payload.findByID({ collection: 'services', id: input.serviceId, depth: 1, req, disableErrors: true })
    if (!found) return problem(req, 404, [{ code: 'NOT_FOUND', message: `No service ${input.serviceId}`, field: 'serviceId' }])
    const customer = found.customer as { accountType: 'residential' | 'business' }
    const activated = found.activationDate ? sastDateOf(found.activationDate) : undefined
    if (input.kind === 'cancellation' && activated && input.date < activated) {
      return problem(req, 400, [{ code: 'DATE_BEFORE_ACTIVATION', message: `The service was activated on ${activated}: it cannot be cancelled before that`, field: 'date' }])
    }
    service = { id: found.id, packageName: found.packageName, billingDay: found.billingDay, monthlyPriceCents: found.monthlyPriceCents }
    accountType = customer.accountType
    neverActivated = !activated
    chargeUnbilledDays = !found.billingPaused
  } else {
    service = { packageName: 'Service', billingDay: input.billingDay, monthlyPriceCents: input.monthlyPriceCents }
    accountType = input.accountType
  }

  if (input.kind === 'cancellation') {
    if (neverActivated) {
      return ok(req, { lines: [], totals: totalsOf([]), explanation: 'Never activated: cancelling charges and credits nothing' } satisfies BillingPreview)
    }
    const invoiced = service.id ? await invoicedPeriodsFrom(req, { ...service, id: service.id }, input.date, accountType) : []
    const plan = planCancellation({ service, accountType, cancellationDate: input.date, invoiceDate: today, invoiced, chargeUnbilledDays })
    const lines = [...plan.charges.map(lineOut), ...plan.credits.map((c) => lineOut(c.line)).map((l) => ({ ...l, exclVatCents: -l.exclVatCents, vatCents: -l.vatCents, inclVatCents: -l.inclVatCents }))]
    return ok(req, { lines, totals: totalsOf(lines), explanation: plan.explanation } satisfies BillingPreview)
  }
  const plan = planProRata({ service, accountType, kind: input.kind, date: input.date, invoiceDate: today })
  const lines = plan.lines.map(lineOut)
  return ok(req, { lines, totals: totalsOf(lines), explanation: plan.explanation, nextBillingDate: plan.nextBillingDate } satisfies BillingPreview)
}

export const billingPreviewEndpoint: Endpoint = { path: '/admin/billing/preview', method: 'post', handler: billingPreview }
