import type { Payload } from 'payload'

import { plural } from '../../domain/display'
import type { InterstellioClient, InterstellioErrorCode } from '../../integrations/interstellio'
import type { JobRunTally } from '../jobRuns/recordJobRun'
import { warnIfNearCap, type CapWarningOutcome } from './capWarnings'
import { syncTargets, syncUsageForService, type SyncTarget } from './syncUsage'

export type UsageSyncOptions = {
  now: () => Date
  concurrency: number
  serviceTimeoutMs: number
  /** Consecutive failures that blame the vendor (5xx, 429, timeouts, unreachable) before the run stops. */
  breakerFailures: number
  backfillDays: number
  serviceIds?: number[]
}

export type UsageSyncReport = {
  tally: JobRunTally
  services: number
  updated: number
  rowsChanged: number
  failed: number
  skipped: number
  warnings: Array<NonNullable<CapWarningOutcome>>
  circuitOpen: boolean
  durationMs: number
}

/** Failures that are the same for every service (our credentials): the run stops at the first. */
const SYSTEMIC: readonly InterstellioErrorCode[] = ['UNAUTHORISED', 'FORBIDDEN', 'NOT_CONFIGURED']

/** Errors kept whole in a run's record; the rest are counted by code. */
const MAX_ERRORS_KEPT = 100

/**
 * One usage sync over every service the network carries: `concurrency` services at a time, each
 * within `serviceTimeoutMs` (its call is aborted and nothing written), a failure recorded and
 * passed over. When `breakerFailures` services in a row fail because of the vendor, the circuit
 * opens: no more calls this run (the rest are skipped and reported), the next hour tries again.
 * After each service synced, its cap warnings (capWarnings.ts).
 */
export async function runUsageSync(payload: Payload, client: InterstellioClient, opts: UsageSyncOptions): Promise<UsageSyncReport> {
  const began = Date.now()
  const targets = await syncTargets(payload, { serviceIds: opts.serviceIds })
  const errors: Array<Record<string, unknown>> = []
  const errorCodes = new Map<InterstellioErrorCode | 'ERROR' | 'CAP_CHECK', number>()
  const warnings: Array<NonNullable<CapWarningOutcome>> = []
  let next = 0
  let updated = 0
  let rowsChanged = 0
  let failed = 0
  let succeeded = 0
  let vendorFailuresInRow = 0
  // Why the run stopped early, if it did (a success still in flight may reset the failure count after).
  let breaker: 'vendor_down' | 'credentials' | null = null

  const fail = (target: SyncTarget, code: InterstellioErrorCode | 'ERROR' | 'CAP_CHECK', message: string, requestId?: string) => {
    failed++
    errorCodes.set(code, (errorCodes.get(code) ?? 0) + 1)
    if (errors.length < MAX_ERRORS_KEPT) errors.push({ serviceId: target.id, connectionId: target.connectionId, code, reason: message, ...(requestId ? { requestId } : {}) })
  }

  const one = async (target: SyncTarget) => {
    const timeout = new AbortController()
    const timer = setTimeout(() => timeout.abort(), opts.serviceTimeoutMs)
    // One reading of the clock per service: the days asked for, the figure's time and the cycle
    // its cap is checked in are the same moment's, also across SAST midnight.
    const at = opts.now()
    try {
      const outcome = await syncUsageForService(payload, client, target, { now: at, backfillDays: opts.backfillDays, signal: timeout.signal })
      if (!outcome.ok) {
        const code = outcome.error.code === 'ABORTED' ? 'TIMEOUT' : outcome.error.code
        fail(target, code, code === 'TIMEOUT' && outcome.error.code === 'ABORTED' ? `No answer within ${opts.serviceTimeoutMs} ms; nothing written` : outcome.error.message, outcome.error.requestId)
        // Credentials refused or missing fail every service alike: stop at once rather than
        // sign in again for each (a vendor locks accounts that keep failing to sign in).
        if (SYSTEMIC.includes(outcome.error.code)) breaker ??= 'credentials'
        else if (outcome.error.vendorDown || outcome.error.code === 'ABORTED') {
          vendorFailuresInRow++
          if (vendorFailuresInRow >= opts.breakerFailures) breaker ??= 'vendor_down'
        }
        return
      }
      vendorFailuresInRow = 0
      rowsChanged += outcome.rowsChanged
      if (outcome.rowsChanged > 0) updated++
      try {
        const warning = await warnIfNearCap(payload, target, { now: at, measuredAt: outcome.measuredAt })
        if (warning) warnings.push(warning)
      } catch (err) {
        // The figures are stored; the warning (nothing of it was written) is tried again next hour.
        fail(target, 'CAP_CHECK', `Usage stored, but the cap check failed: ${err instanceof Error ? err.message : String(err)}`)
        return
      }
      succeeded++
    } catch (err) {
      // Our side (the database) failed for this service: recorded, and the batch goes on.
      fail(target, 'ERROR', err instanceof Error ? err.message : String(err))
    } finally {
      clearTimeout(timer)
    }
  }

  const worker = async () => {
    while (breaker === null && next < targets.length) await one(targets[next++]!)
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, targets.length)) }, worker))

  const processed = succeeded + failed
  const skipped = targets.length - processed
  const byCode = [...errorCodes].map(([code, n]) => `${n} ${code}`).join(', ')
  const summary = [
    `${plural(processed, 'service')} synced of ${targets.length}: ${updated} with new figures, ${plural(failed, 'failure')}${byCode ? ` (${byCode})` : ''}`,
    warnings.length ? `${plural(warnings.length, 'cap warning')} sent` : '',
    breaker === 'vendor_down' ? `Interstellio looked down after ${opts.breakerFailures} failures in a row: stopped, ${skipped} left for the next hour` : '',
    breaker === 'credentials' ? `Interstellio refused our credentials: stopped, ${skipped} left for the next hour` : '',
  ].filter(Boolean).join('; ')
  return {
    // Processed counts the services tried: a run that tried 20 and had every one fail has failed, however many it left.
    tally: { processed, succeeded, skipped, failed, errors, summary },
    services: targets.length,
    updated,
    rowsChanged,
    failed,
    skipped,
    warnings,
    circuitOpen: breaker !== null,
    durationMs: Date.now() - began,
  }
}
