import type { Endpoint, PayloadHandler, PayloadRequest } from 'payload'
import { z } from 'zod'

import { sastDateOf } from '../../domain/calendarDate'
import { BILLING_QUEUE, queueSlot } from '../../jobs/schedules'
import type { JobRunTrigger } from '../../services/jobRuns/recordJobRun'
import { ok, parseBody, problem } from '../http'
import { calendarDateInput } from '../schemas'
import { requireStaff } from './staffAccess'

/** The runs staff and external schedulers may start, by the name job-runs shows. */
export const STARTABLE_RUNS = {
  'generate-invoices': { task: 'runInvoiceRun', schedule: 'invoice-run', pastDays: true },
  'mark-overdue': { task: 'markOverdueInvoices', schedule: 'overdue-marking', pastDays: true },
  // A file is dated from the day it is sent: a debit run is as of today only.
  'debit-orders': { task: 'runDebitOrders', schedule: 'debit-order-run', pastDays: false },
  'debit-order-settlement': { task: 'settleDebitOrders', schedule: 'debit-order-settlement', pastDays: false },
  // Usage is fetched up to now: a sync has no day to be as of. On its own queue, as the hourly one.
  'usage-sync': { task: 'syncUsage', schedule: 'usage-sync', pastDays: false, queue: 'usage' },
} as const
type RunName = keyof typeof STARTABLE_RUNS

export const startRunBody = z.strictObject({ asOf: calendarDateInput.optional() })

export const startRunResponse = z.object({
  run: z.enum(Object.keys(STARTABLE_RUNS) as [RunName, ...RunName[]]),
  jobId: z.number().int().positive().nullable().describe('The queued job; null when this minute already has one'),
  queued: z.boolean().describe('false: a run was already queued this minute (a retried call starts nothing new)'),
  slot: z.string().describe('The minute the run is filed under, ISO 8601'),
})

/** How a request was authenticated: an integration's API key, or a person's session. */
export const triggerOf = (req: PayloadRequest): JobRunTrigger => ((req.user as { _strategy?: string } | null)?._strategy === 'api-key' ? 'api_key' : 'staff')

/**
 * `POST /api/admin/job-runs/:run/start` (billing_manage, by a staff session or a staff user's API
 * key: `Authorization: users API-Key <key>`): queues the run for the job runner and answers 202
 * at once (an invoice run over every customer takes longer than an HTTP call should). The run is
 * filed under the current minute (in slots of its own, beside the schedule's), so an external
 * scheduler that retries its call starts one run. Watch it in job-runs.
 */
const handler: PayloadHandler = async (req) => {
  const gate = requireStaff(req, 'billing_manage')
  if ('response' in gate) return gate.response
  const name = String(req.routeParams?.run ?? '')
  if (!Object.hasOwn(STARTABLE_RUNS, name)) {
    return problem(req, 404, [{ code: 'UNKNOWN_RUN', message: `No such run; runs that can be started: ${Object.keys(STARTABLE_RUNS).join(', ')}` }])
  }
  // An external scheduler's bare `curl -X POST` (no body at all) means "as of today".
  const bodyless = !req.headers.get('content-type') && ['0', null].includes(req.headers.get('content-length'))
  const parsed = bodyless ? { ok: true as const, data: {} as z.infer<typeof startRunBody> } : await parseBody(req, startRunBody)
  if (!parsed.ok) return parsed.response
  const now = new Date()
  const today = sastDateOf(now)
  if (parsed.data.asOf && parsed.data.asOf > today) {
    return problem(req, 400, [{ code: 'DATE_IN_FUTURE', message: `A run is as of today (${today}) or an earlier day`, field: 'asOf' }])
  }
  const run = STARTABLE_RUNS[name as RunName]
  if (!run.pastDays && parsed.data.asOf && parsed.data.asOf !== today) {
    return problem(req, 400, [{ code: 'TODAY_ONLY', message: `The ${name} run is as of today (${today}): leave asOf out`, field: 'asOf' }])
  }
  const slot = new Date(Math.floor(now.getTime() / 60_000) * 60_000)
  // Its own slots: a manual start in the 02:00 minute must not take the scheduled run's place.
  const queue = 'queue' in run ? run.queue : BILLING_QUEUE
  const jobId = await queueSlot(req.payload, { name: `${run.schedule}:requested`, task: run.task, queue }, slot, {
    asOf: parsed.data.asOf,
    requestedBy: gate.staff.id as number,
    trigger: triggerOf(req),
  })
  return ok(req, { run: name as RunName, jobId: jobId ?? null, queued: jobId !== undefined, slot: slot.toISOString() } satisfies z.input<typeof startRunResponse>, { status: 202 })
}

export const startJobRunEndpoint: Endpoint = { path: '/admin/job-runs/:run/start', method: 'post', handler }
