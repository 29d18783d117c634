import { formatShortDate, isCalendarDate, sastDateOf } from '../../../domain/calendarDate'
import { formatDate, formatSastDateTime, formatSastTime, plural, type Tone } from '../../../domain/display'
import type { JobRun } from '../../../payload-types'

/**
 * How staff read a job run: the job and its status in words, who started it, how long it took,
 * its errors without the JSON. Pure functions, shared by the job-runs chart and the run's page.
 */

export type JobRunStatus = JobRun['status']
export type JobRunTrigger = JobRun['trigger']

/** The runs the chart can show, in the order its switch lists them. */
export const CHARTED_JOBS = [
  { jobName: 'generate-invoices', label: 'Invoice run', noRunsYet: 'No runs yet: the invoice run happens daily at 02:00 SAST' },
  { jobName: 'mark-overdue', label: 'Overdue marking', noRunsYet: 'No runs yet: overdue marking happens daily at 00:30 SAST' },
  { jobName: 'debit-orders', label: 'Debit-order run', noRunsYet: 'No runs yet: the debit-order run happens at 06:00 SAST on banking days' },
] as const

export type ChartedJobName = (typeof CHARTED_JOBS)[number]['jobName']

/** `generate-invoices` -> `Invoice run`; a job the chart does not know reads as its name in words. */
export function jobLabel(jobName: string | null | undefined): string {
  if (!jobName) return '—'
  return CHARTED_JOBS.find((j) => j.jobName === jobName)?.label ?? sentenceCase(jobName.replace(/[-_]+/g, ' '))
}

const STATUS_BADGES: Record<JobRunStatus, { label: string; tone: Tone }> = {
  running: { label: 'Running', tone: 'info' },
  succeeded: { label: 'Succeeded', tone: 'good' },
  partially_failed: { label: 'Partially failed', tone: 'warn' },
  failed: { label: 'Failed', tone: 'bad' },
}

export function runStatusBadge(status: string | null | undefined): { label: string; tone: Tone } {
  return (status && STATUS_BADGES[status as JobRunStatus]) || { label: status ? sentenceCase(status.replace(/_/g, ' ')) : 'Unknown', tone: 'neutral' }
}

/** The staff member behind a run, as far as the panel could look them up. */
export type RunRequester = { name?: string | null; email?: string | null } | null | undefined

/** `Schedule`, `Thandi Mokoena`, `API key (integrations@isp.co.za)`. */
export function startedByLabel(trigger: string | null | undefined, requester?: RunRequester): string {
  const who = requester?.name?.trim() || requester?.email?.trim() || ''
  switch (trigger) {
    case 'schedule':
      return 'Schedule'
    case 'staff':
      return who || 'Staff member'
    case 'api_key':
      return who ? `API key (${who})` : 'API key'
    default:
      return who || '—'
  }
}

/** `0.4 s`, `42 s`, `1 min 12 s`, `1 h 5 min`; `—` when the run has not finished. */
export function formatDuration(ms: number | null | undefined): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) return '—'
  const tenths = Math.round(ms / 100)
  if (tenths < 100) return `${(tenths / 10).toFixed(1)} s`
  const seconds = Math.round(ms / 1000)
  if (seconds < 60) return `${seconds} s`
  if (seconds < 3600) {
    const s = seconds % 60
    return `${Math.floor(seconds / 60)} min${s ? ` ${s} s` : ''}`
  }
  const minutes = Math.round(seconds / 60)
  const m = minutes % 60
  return `${Math.floor(minutes / 60)} h${m ? ` ${m} min` : ''}`
}

/** `2 Dec 02:00` in SAST: short enough for a chart's axis. */
export function runMoment(instant: string | null | undefined): string {
  if (!validInstant(instant)) return '—'
  return `${formatShortDate(sastDateOf(instant))} ${formatSastTime(instant)}`
}

/** `2 Dec 2026, 02:00` in SAST, or `—`. */
export function runDateTime(instant: string | null | undefined): string {
  return validInstant(instant) ? formatSastDateTime(instant) : '—'
}

/** One failed record: the service it concerns (when it is one) and why, plus any other facts it carries. */
export type RunError = { serviceId?: number; reason: string; details: string[] }

/** The `errors` JSON as rows a person reads; anything that is not a list reads as one reason. */
export function runErrors(value: unknown): RunError[] {
  if (value === null || value === undefined || value === '') return []
  const entries = Array.isArray(value) ? value : [value]
  return entries.flatMap((entry): RunError[] => {
    if (entry === null || entry === undefined) return []
    if (typeof entry !== 'object' || Array.isArray(entry)) return [{ reason: String(entry), details: [] }]
    const { serviceId, reason, ...rest } = entry as Record<string, unknown>
    const id = typeof serviceId === 'string' && /^\d+$/.test(serviceId) ? Number(serviceId) : serviceId
    const details = Object.entries(rest)
      .filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
      .map(([k, v]) => `${keyInWords(k)}: ${String(v)}`)
    return [
      {
        ...(typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? { serviceId: id } : {}),
        reason: typeof reason === 'string' && reason.trim() ? reason : 'No reason recorded',
        details,
      },
    ]
  })
}

/** The run's `input` JSON as labelled values: `{ asOf: '2026-12-02' }` -> `As of: 2 Dec 2026`. */
export function runInputs(value: unknown): { label: string; value: string }[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return []
  return Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    .map(([k, v]) => ({
      label: k === 'asOf' ? 'As of' : keyInWords(k),
      value: isCalendarDate(v) ? formatDate(v) : typeof v === 'boolean' ? (v ? 'Yes' : 'No') : String(v),
    }))
}

/** The fields of a run the chart reads. */
export type ChartedRun = Pick<
  JobRun,
  'id' | 'status' | 'startedAt' | 'finishedAt' | 'durationMs' | 'recordsProcessed' | 'recordsSucceeded' | 'recordsSkipped' | 'recordsFailed' | 'summary'
>

/** One bar: a run's counts and how to label it. */
export type RunBar = {
  id: number
  /** Unique per run, so two runs in the same minute get two bars. */
  key: string
  moment: string
  when: string
  status: string
  statusLabel: string
  succeeded: number
  skipped: number
  failed: number
  duration: string
  /** Some records failed, or the whole run did. */
  flagged: boolean
}

const count = (n: number | null | undefined) => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 0)

export function runHasFailures(run: Pick<ChartedRun, 'status' | 'recordsFailed'>): boolean {
  return run.status === 'failed' || run.status === 'partially_failed' || count(run.recordsFailed) > 0
}

/** The bars for runs fetched newest first: oldest on the left, as a timeline reads. */
export function runBars(runsNewestFirst: readonly ChartedRun[]): RunBar[] {
  return [...runsNewestFirst].reverse().map((run) => ({
    id: run.id,
    key: String(run.id),
    moment: runMoment(run.startedAt),
    when: runDateTime(run.startedAt),
    status: run.status,
    statusLabel: runStatusBadge(run.status).label,
    succeeded: count(run.recordsSucceeded),
    skipped: count(run.recordsSkipped),
    failed: count(run.recordsFailed),
    duration: run.status === 'running' ? 'Still running' : formatDuration(run.durationMs),
    flagged: runHasFailures(run),
  }))
}

/** `28 succeeded, 1 partially failed, 1 failed`: the runs by status, most common outcome first. */
export function statusTally(runs: readonly Pick<ChartedRun, 'status'>[]): string {
  const order: JobRunStatus[] = ['succeeded', 'partially_failed', 'failed', 'running']
  const parts = order
    .map((status) => ({ status, n: runs.filter((r) => r.status === status).length }))
    .filter(({ n }) => n > 0)
    .map(({ status, n }) => `${n} ${runStatusBadge(status).label.toLowerCase()}`)
  return parts.join(', ')
}

/** `Last run succeeded on 2 Dec 2026, 02:00 and took 1 min 12 s; no records failed.` */
export function lastRunSentence(run: ChartedRun): string {
  const when = runDateTime(run.startedAt)
  if (run.status === 'running') return `Last run started on ${when} and is still running.`
  const status = runStatusBadge(run.status).label.toLowerCase()
  const failed = count(run.recordsFailed)
  const took = formatDuration(run.durationMs)
  if (run.status === 'failed' && failed === 0) return `Last run failed on ${when} after ${took}.`
  return `Last run ${status} on ${when} and took ${took}; ${failed === 0 ? 'no records' : plural(failed, 'record')} failed.`
}

function validInstant(instant: string | null | undefined): instant is string {
  return typeof instant === 'string' && instant !== '' && !Number.isNaN(Date.parse(instant))
}

function sentenceCase(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}

/** `invoiceId` -> `Invoice id`, `customer_id` -> `Customer id`. */
function keyInWords(key: string): string {
  return sentenceCase(key.replace(/[_-]+/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase())
}
