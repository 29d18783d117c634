import { createLocalReq, type Endpoint, type PayloadHandler } from 'payload'
import { z } from 'zod'

import { sastDateOf } from '../../domain/calendarDate'
import { generateInvoicesNow } from '../../services/billing/generateInvoicesNow'
import { keepResponse, requestFingerprint, storedResponseFor } from '../../services/idempotency'
import { ok, parseBody, problem } from '../http'
import { calendarDateInput, idInput } from '../schemas'
import { triggerOf } from './jobRuns'
import { IDEMPOTENCY_KEY } from './serviceLifecycle'
import { requireStaff } from './staffAccess'

export const generateInvoicesNowBody = z
  .object({
    serviceIds: z.array(idInput('serviceIds')).max(1000, 'At most 1000 services at a time').optional(),
    asOf: calendarDateInput.optional(),
  })
  .strict()

const id = z.number().int().positive()
const count = z.number().int().nonnegative()
/** The run's report: counts, and one result per service considered. */
export const generateInvoicesNowResponse = z.object({
  asOf: z.string().describe('The day invoices were generated as of, YYYY-MM-DD'),
  issued: count.describe('Services invoiced'),
  skipped: count.describe('Already invoiced for the period, or not yet due'),
  failed: count,
  invoicesIssued: count,
  results: z.array(
    z.object({
      serviceId: id,
      outcome: z.enum(['issued', 'skipped', 'failed']),
      invoiceIds: z.array(id).optional(),
      reason: z.string().optional(),
    }),
  ),
  jobRunId: id.describe('The run, recorded in job-runs'),
})

/**
 * `POST /api/admin/billing/generate-invoices-now` (billing_manage): issues what is due now, for
 * the services named or all of them, and answers with counts issued, skipped (already issued or
 * not yet due) and failed, with reasons. Safe to repeat: issuing is idempotent per service and
 * period; an Idempotency-Key also replays the first answer.
 */
const handler: PayloadHandler = async (req) => {
  const gate = requireStaff(req, 'billing_manage')
  if ('response' in gate) return gate.response
  const parsed = await parseBody(req, generateInvoicesNowBody)
  if (!parsed.ok) return parsed.response
  const today = sastDateOf(new Date())
  if (parsed.data.asOf && parsed.data.asOf > today) {
    // A future date would issue months ahead for every service: always a typo here.
    return problem(req, 400, [{ code: 'DATE_IN_FUTURE', message: `Invoices are generated as of today (${today}) or an earlier day`, field: 'asOf' }])
  }
  const key = req.headers.get('Idempotency-Key') ?? undefined
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    return problem(req, 400, [{ code: 'INVALID_IDEMPOTENCY_KEY', message: 'Idempotency-Key must be 1 to 255 visible ASCII characters', field: 'Idempotency-Key' }])
  }
  const scope = `users:${gate.staff.id} generate-invoices-now`
  const fingerprint = requestFingerprint(parsed.data)
  const local = await createLocalReq({}, req.payload)
  if (key) {
    const earlier = await storedResponseFor(local, { scope, key, fingerprint })
    if (earlier && !earlier.sameRequest) {
      return problem(req, 422, [{ code: 'IDEMPOTENCY_KEY_REUSED', message: 'This Idempotency-Key was used for a different request', field: 'Idempotency-Key' }])
    }
    if (earlier) return ok(req, earlier.stored.body, { headers: new Headers({ 'Idempotent-Replayed': 'true' }) })
  }
  const now = new Date()
  const report = await generateInvoicesNow(req.payload, {
    asOf: parsed.data.asOf ?? sastDateOf(now),
    serviceIds: parsed.data.serviceIds,
    requestedBy: { staffUserId: gate.staff.id as number },
    trigger: triggerOf(req),
    now,
  })
  if (key) await keepResponse(local, { scope, key, fingerprint, response: { status: 200, body: report } })
  return ok(req, report satisfies z.input<typeof generateInvoicesNowResponse>)
}

export const generateInvoicesNowEndpoint: Endpoint = { path: '/admin/billing/generate-invoices-now', method: 'post', handler }
