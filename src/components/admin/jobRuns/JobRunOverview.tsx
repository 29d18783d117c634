'use client'

import { useAllFormFields, useDocumentInfo } from '@payloadcms/ui'
import Link from 'next/link'
import { reduceFieldsToValues } from 'payload/shared'
import type React from 'react'
import { useEffect, useId, useMemo, useState } from 'react'

import { plural } from '../../../domain/display'
import { apiFetch, relationId, useRoutes } from '../lifecycle/api'
import {
  formatDuration,
  jobLabel,
  runDateTime,
  runErrors,
  runInputs,
  startedByLabel,
  type RunError,
  type RunRequester,
} from './format'
import styles from './jobRuns.module.css'
import { RunStatusBadge } from './RunStatusBadge'

/**
 * At the top of a job run: the run as a person reads it (which job, how it ended, who started
 * it, when and for how long, its counts and its errors), in place of the raw fields below.
 */

const ERRORS_SHOWN = 50

const muted: React.CSSProperties = { margin: 0, color: 'var(--theme-elevation-650)', fontSize: '0.9em' }
const failureText = 'var(--theme-error-650)'
const subheading: React.CSSProperties = { margin: 'calc(var(--base) * 1) 0 calc(var(--base) * 0.4)', fontSize: '1em' }
const cell: React.CSSProperties = {
  padding: 'calc(var(--base) * 0.35) calc(var(--base) * 0.5)',
  textAlign: 'left',
  verticalAlign: 'top',
  borderBottom: '1px solid var(--theme-elevation-100)',
}

type RequesterState = { state: 'none' } | { state: 'loading' } | { state: 'found'; user: NonNullable<RunRequester> } | { state: 'unknown' }

const text = (v: unknown) => (typeof v === 'string' ? v : undefined)
const whole = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0)

export function JobRunOverview() {
  const { id } = useDocumentInfo()
  const [fields] = useAllFormFields()
  const doc = useMemo(() => reduceFieldsToValues(fields, false) as Record<string, unknown>, [fields])
  const routes = useRoutes()

  const requesterId = relationId(doc.requestedBy)
  const requester = useRequester(routes.api, requesterId)

  if (id === undefined || id === null || id === '') return null

  const status = text(doc.status)
  const trigger = text(doc.trigger)
  const summary = text(doc.summary)
  const startedAt = text(doc.startedAt)
  const finishedAt = text(doc.finishedAt)
  const running = status === 'running'
  const startedBy = startedByLabel(trigger, requester.state === 'found' ? requester.user : undefined)
  const inputs = runInputs(doc.input)
  const counts = [
    { label: 'Processed', value: whole(doc.recordsProcessed) },
    { label: 'Succeeded', value: whole(doc.recordsSucceeded) },
    { label: 'Skipped', value: whole(doc.recordsSkipped) },
    { label: 'Failed', value: whole(doc.recordsFailed) },
  ]

  return (
    <div data-testid="job-run-overview" className={`field-type ${styles.root}`} style={{ marginBottom: 'calc(var(--base) * 1.5)' }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 'calc(var(--base) * 0.5)' }}>
        <h3 style={{ margin: 0 }}>{jobLabel(text(doc.jobName))}</h3>
        <RunStatusBadge status={status} />
      </div>
      {summary && <p style={{ margin: 'calc(var(--base) * 0.5) 0 0' }}>{summary}</p>}

      <dl className={styles.facts} style={{ marginTop: 'calc(var(--base) * 0.75)' }}>
        <dt>Started by</dt>
        <dd>
          {trigger !== 'schedule' && requesterId !== undefined ? (
            <Link href={`${routes.admin}/collections/users/${encodeURIComponent(String(requesterId))}`}>{startedBy}</Link>
          ) : (
            startedBy
          )}
          {requester.state === 'loading' && <span style={muted}> (looking up…)</span>}
        </dd>
        <dt>Scheduled for</dt>
        <dd>{doc.scheduledFor ? <Instant value={text(doc.scheduledFor)} /> : trigger === 'schedule' ? '—' : 'Not a scheduled run'}</dd>
        <dt>Started</dt>
        <dd>
          <Instant value={startedAt} />
        </dd>
        <dt>Finished</dt>
        <dd>{finishedAt ? <Instant value={finishedAt} /> : running ? 'Still running' : '—'}</dd>
        <dt>Duration</dt>
        <dd>{running ? 'Still running' : formatDuration(typeof doc.durationMs === 'number' ? doc.durationMs : null)}</dd>
        {inputs.map((i) => (
          <InputFact key={i.label} label={i.label} value={i.value} />
        ))}
      </dl>

      <h4 style={subheading}>Records</h4>
      <dl className={styles.counts}>
        {counts.map((c) => {
          const bad = c.label === 'Failed' && c.value > 0
          return (
            <div
              key={c.label}
              style={{
                padding: 'calc(var(--base) * 0.5) calc(var(--base) * 0.75)',
                borderRadius: 'var(--style-radius-s)',
                background: 'var(--theme-elevation-50)',
                border: `1px solid ${bad ? 'var(--theme-error-500)' : 'var(--theme-elevation-150)'}`,
              }}
            >
              <dt style={{ color: 'var(--theme-elevation-650)', fontSize: '0.85em' }}>{c.label}</dt>
              <dd style={{ margin: 0, fontSize: '1.25em', fontWeight: 600, fontVariantNumeric: 'tabular-nums', color: bad ? failureText : undefined }}>
                {c.value}
              </dd>
            </div>
          )
        })}
      </dl>

      <RunErrors errors={runErrors(doc.errors)} admin={routes.admin} />
    </div>
  )
}

function InputFact({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  )
}

function Instant({ value }: { value: string | undefined }) {
  const shown = runDateTime(value)
  return value && shown !== '—' ? <time dateTime={value}>{shown} SAST</time> : <>—</>
}

/** Who `requestedBy` is: looked up once, so the run says a name rather than an id. */
function useRequester(api: string, userId: number | string | undefined): RequesterState {
  const [requester, setRequester] = useState<RequesterState>({ state: 'none' })
  useEffect(() => {
    if (userId === undefined) {
      setRequester({ state: 'none' })
      return
    }
    const controller = new AbortController()
    setRequester({ state: 'loading' })
    void apiFetch<{ name?: string | null; email?: string | null }>(
      `${api}/users/${encodeURIComponent(String(userId))}?depth=0&select[name]=true&select[email]=true`,
      { signal: controller.signal },
    ).then((res) => {
      if (controller.signal.aborted) return
      setRequester(res.ok && res.body ? { state: 'found', user: { name: res.body.name, email: res.body.email } } : { state: 'unknown' })
    })
    return () => controller.abort()
  }, [api, userId])
  return requester
}

function RunErrors({ errors, admin }: { errors: RunError[]; admin: string }) {
  const uid = useId()
  const [showAll, setShowAll] = useState(false)
  const heading = `${uid}-errors`

  if (errors.length === 0) {
    return (
      <>
        <h4 style={subheading}>Errors</h4>
        <p style={muted}>No errors recorded.</p>
      </>
    )
  }

  const withService = errors.some((e) => e.serviceId !== undefined)
  const shown = showAll ? errors : errors.slice(0, ERRORS_SHOWN)

  return (
    <>
      <h4 id={heading} style={{ ...subheading, color: failureText }}>
        <span aria-hidden="true">✕ </span>
        {plural(errors.length, 'error')}
      </h4>
      <div style={{ overflowX: 'auto' }}>
        <table aria-labelledby={heading} style={{ width: '100%', borderCollapse: 'collapse', fontSize: '0.9em' }}>
          <thead>
            <tr>
              {withService && (
                <th scope="col" style={{ ...cell, fontWeight: 600, whiteSpace: 'nowrap', borderBottom: '1px solid var(--theme-elevation-150)' }}>
                  Service
                </th>
              )}
              <th scope="col" style={{ ...cell, fontWeight: 600, borderBottom: '1px solid var(--theme-elevation-150)', width: '100%' }}>
                Reason
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e, i) => (
              <tr key={i}>
                {withService && (
                  <td style={{ ...cell, whiteSpace: 'nowrap' }}>
                    {e.serviceId !== undefined ? <Link href={`${admin}/collections/services/${e.serviceId}`}>Service {e.serviceId}</Link> : '—'}
                  </td>
                )}
                <td style={{ ...cell, overflowWrap: 'anywhere' }}>
                  {e.reason}
                  {e.details.length > 0 && <div style={{ ...muted, marginTop: '0.2em' }}>{e.details.join(' · ')}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {errors.length > ERRORS_SHOWN && (
        <button
          type="button"
          className="btn btn--style-secondary btn--size-small"
          style={{ margin: 'calc(var(--base) * 0.5) 0 0' }}
          aria-expanded={showAll}
          onClick={() => setShowAll((v) => !v)}
        >
          {showAll ? `Show the first ${ERRORS_SHOWN}` : `Show all ${plural(errors.length, 'error')}`}
        </button>
      )}
    </>
  )
}
