'use client'

import Link from 'next/link'
import type React from 'react'
import { useEffect, useId, useState } from 'react'
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  useXAxisScale,
  useYAxisScale,
  type TooltipContentProps,
} from 'recharts'

import { plural } from '../../../domain/display'
import { apiFetch, useRoutes } from '../lifecycle/api'
import {
  CHARTED_JOBS,
  formatDuration,
  lastRunSentence,
  runBars,
  runDateTime,
  runHasFailures,
  statusTally,
  type ChartedJobName,
  type ChartedRun,
  type RunBar,
} from './format'
import styles from './jobRuns.module.css'
import { RunStatusBadge } from './RunStatusBadge'

/**
 * Above the job-runs list: the last 30 runs of the invoice run or of overdue marking, as stacked
 * bars of succeeded, skipped and failed records, with the last run and the runs that had failures
 * in words beside it.
 */

const RUNS_SHOWN = 30

/**
 * Fixed colours, each at least 3:1 against the panel in both themes (white, #f5f5f5, #141414,
 * #222) and told apart by the colour-blind: blue, grey and red rather than green and red.
 */
const SERIES = [
  { key: 'succeeded', name: 'Succeeded', colour: '#1a7fc1' },
  { key: 'skipped', name: 'Skipped', colour: '#858585' },
  { key: 'failed', name: 'Failed', colour: '#d6453d' },
] as const satisfies readonly { key: keyof RunBar; name: string; colour: string }[]

const CHARTED_FIELDS = ['status', 'startedAt', 'finishedAt', 'durationMs', 'summary', 'recordsProcessed', 'recordsSucceeded', 'recordsSkipped', 'recordsFailed'] as const

type RunsState = { state: 'loading' } | { state: 'ready'; runs: ChartedRun[] } | { state: 'error'; message: string }

const muted: React.CSSProperties = { margin: 0, color: 'var(--theme-elevation-650)', fontSize: '0.9em' }
const failureText = 'var(--theme-error-650)'

function runsUrl(api: string, jobName: ChartedJobName): string {
  const select = CHARTED_FIELDS.map((f) => `&select[${f}]=true`).join('')
  return `${api}/job-runs?where[jobName][equals]=${encodeURIComponent(jobName)}&sort=-startedAt&limit=${RUNS_SHOWN}&depth=0${select}`
}

export function JobRunsChart() {
  const routes = useRoutes()
  const uid = useId()
  const [jobName, setJobName] = useState<ChartedJobName>('generate-invoices')
  const [attempt, setAttempt] = useState(0)
  const [runs, setRuns] = useState<RunsState>({ state: 'loading' })
  const job = CHARTED_JOBS.find((j) => j.jobName === jobName) ?? CHARTED_JOBS[0]

  useEffect(() => {
    const controller = new AbortController()
    setRuns({ state: 'loading' })
    void apiFetch<{ docs?: ChartedRun[] }>(runsUrl(routes.api, jobName), { signal: controller.signal }).then((res) => {
      if (controller.signal.aborted) return
      if (res.ok) setRuns({ state: 'ready', runs: Array.isArray(res.body?.docs) ? res.body.docs : [] })
      else setRuns({ state: 'error', message: res.message })
    })
    return () => controller.abort()
  }, [routes.api, jobName, attempt])

  return (
    <section
      className={styles.root}
      aria-labelledby={`${uid}-heading`}
      style={{
        marginBottom: 'var(--base)',
        padding: 'calc(var(--base) * 0.75)',
        borderRadius: 'var(--style-radius-s)',
        background: 'var(--theme-elevation-50)',
        border: '1px solid var(--theme-elevation-150)',
      }}
    >
      <div
        style={{
          display: 'flex',
          flexWrap: 'wrap',
          alignItems: 'center',
          justifyContent: 'space-between',
          gap: 'calc(var(--base) * 0.5)',
          marginBottom: 'calc(var(--base) * 0.75)',
        }}
      >
        <h3 id={`${uid}-heading`} style={{ margin: 0, fontSize: '1.1em' }}>
          {job.label}: last {RUNS_SHOWN} runs
        </h3>
        <div role="group" aria-label="Job to show" style={{ display: 'flex', flexWrap: 'wrap', gap: 'calc(var(--base) * 0.4)' }}>
          {CHARTED_JOBS.map((j) => (
            <button
              key={j.jobName}
              type="button"
              className={`btn btn--size-small ${j.jobName === jobName ? 'btn--style-primary' : 'btn--style-secondary'}`}
              style={{ margin: 0 }}
              aria-pressed={j.jobName === jobName}
              onClick={() => setJobName(j.jobName)}
            >
              {j.label}
            </button>
          ))}
        </div>
      </div>

      <div aria-live="polite">
        {runs.state === 'loading' && <p style={muted}>Loading runs…</p>}
        {runs.state === 'error' && (
          <div role="alert" style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 'calc(var(--base) * 0.5)' }}>
            <p style={{ ...muted, color: failureText }}>Could not load the runs: {runs.message}</p>
            <button type="button" className="btn btn--style-secondary btn--size-small" style={{ margin: 0 }} onClick={() => setAttempt((n) => n + 1)}>
              Try again
            </button>
          </div>
        )}
        {runs.state === 'ready' && runs.runs.length === 0 && <p style={muted}>{job.noRunsYet}</p>}
      </div>

      {runs.state === 'ready' && runs.runs.length > 0 && <RunsOverview label={job.label} runs={runs.runs} admin={routes.admin} />}
    </section>
  )
}

function RunsOverview({ label, runs, admin }: { label: string; runs: ChartedRun[]; admin: string }) {
  const bars = runBars(runs)
  const momentOf = new Map(bars.map((b) => [b.key, b.moment]))
  const caption = `${label}, the last ${plural(runs.length, 'run')}, newest first`

  return (
    <>
      <div className={styles.chartLayout}>
        <div style={{ minWidth: 0 }}>
          <div style={{ width: '100%', height: 260, minHeight: 220 }}>
            <ResponsiveContainer width="100%" height="100%" minHeight={220}>
              <BarChart
                data={bars}
                aria-label={`${label}: records per run`}
                desc={`${lastRunSentence(runs[0])} Of the last ${plural(runs.length, 'run')}: ${statusTally(runs)}. The table that follows lists every run.`}
                margin={{ top: 18, right: 8, bottom: 0, left: 0 }}
                barCategoryGap="18%"
              >
                <CartesianGrid vertical={false} stroke="var(--theme-elevation-150)" strokeDasharray="3 3" />
                <XAxis
                  dataKey="key"
                  tickFormatter={(key: string) => momentOf.get(key) ?? ''}
                  tick={{ fill: 'var(--theme-elevation-800)', fontSize: 12 }}
                  stroke="var(--theme-elevation-400)"
                  minTickGap={16}
                />
                <YAxis
                  allowDecimals={false}
                  width={44}
                  tick={{ fill: 'var(--theme-elevation-800)', fontSize: 12 }}
                  stroke="var(--theme-elevation-400)"
                />
                <Tooltip content={RunTooltip} cursor={{ fill: 'var(--theme-elevation-150)', fillOpacity: 0.5 }} />
                <Legend itemSorter={null} formatter={(name: string) => <span style={{ color: 'var(--theme-text)' }}>{name}</span>} />
                {SERIES.map((s) => (
                  <Bar
                    key={s.key}
                    dataKey={s.key}
                    name={s.name}
                    stackId="records"
                    fill={s.colour}
                    // A line of the panel's colour between stacked segments, so each meets the background.
                    stroke="var(--theme-elevation-50)"
                    strokeWidth={1}
                    maxBarSize={32}
                  />
                ))}
                <FailureMarks bars={bars} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <p style={{ ...muted, marginTop: 'calc(var(--base) * 0.25)', fontSize: '0.85em' }} aria-hidden="true">
            <span style={{ color: failureText, fontWeight: 700 }}>!</span> marks a run with failures. Point at a bar, or focus the chart and use the arrow keys, for its details.
          </p>
        </div>

        <RunsSummary runs={runs} admin={admin} />
      </div>

      <table className={styles.visuallyHidden}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {['Started (SAST)', 'Status', 'Succeeded', 'Skipped', 'Failed', 'Duration'].map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[...bars].reverse().map((b) => (
            <tr key={b.key}>
              <th scope="row">{b.when}</th>
              <td>
                {b.statusLabel}
                {b.flagged ? ', has failures' : ''}
              </td>
              <td>{b.succeeded}</td>
              <td>{b.skipped}</td>
              <td>{b.failed}</td>
              <td>{b.duration}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}

/** A `!` above each run that had failures, even one that failed before counting anything (an empty bar). */
function FailureMarks({ bars }: { bars: RunBar[] }) {
  const x = useXAxisScale()
  const y = useYAxisScale()
  if (!x || !y) return null
  return (
    <g aria-hidden="true">
      {bars.map((bar) => {
        if (!bar.flagged) return null
        const centre = x(bar.key, { position: 'middle' })
        const top = y(bar.succeeded + bar.skipped + bar.failed)
        if (typeof centre !== 'number' || typeof top !== 'number') return null
        return (
          <text key={bar.key} x={centre} y={top - 4} textAnchor="middle" fontSize={13} fontWeight={700} fill={failureText}>
            !
          </text>
        )
      })}
    </g>
  )
}

function RunTooltip({ active, payload }: TooltipContentProps) {
  const bar = payload?.[0]?.payload as RunBar | undefined
  if (!active || !bar) return null
  return (
    <div
      style={{
        padding: 'calc(var(--base) * 0.5) calc(var(--base) * 0.65)',
        borderRadius: 'var(--style-radius-s)',
        background: 'var(--theme-elevation-0)',
        border: '1px solid var(--theme-elevation-250)',
        boxShadow: '0 2px 8px rgba(0, 0, 0, 0.15)',
        color: 'var(--theme-text)',
        fontSize: '0.85em',
        lineHeight: 1.5,
      }}
    >
      <div style={{ fontWeight: 600 }}>{bar.when}</div>
      <div style={{ marginBottom: '0.25em' }}>
        <RunStatusBadge status={bar.status} />
      </div>
      {SERIES.map((s) => (
        <div key={s.key} style={{ display: 'flex', alignItems: 'center', gap: '0.4em' }}>
          <span aria-hidden="true" style={{ width: '0.7em', height: '0.7em', borderRadius: 2, background: s.colour, flex: 'none' }} />
          <span style={{ flex: 1 }}>{s.name}</span>
          <span style={{ fontVariantNumeric: 'tabular-nums', fontWeight: 600 }}>{bar[s.key]}</span>
        </div>
      ))}
      <div style={{ marginTop: '0.25em' }}>Took {bar.duration}</div>
    </div>
  )
}

function RunsSummary({ runs, admin }: { runs: ChartedRun[]; admin: string }) {
  const last = runs[0]
  const withFailures = runs.filter(runHasFailures)
  const failed = last.recordsFailed ?? 0
  return (
    <div style={{ fontSize: '0.9em' }}>
      <h4 style={{ margin: '0 0 calc(var(--base) * 0.4)', fontSize: '1em' }}>Last run</h4>
      <dl className={styles.facts}>
        <dt>Status</dt>
        <dd>
          <RunStatusBadge status={last.status} />
        </dd>
        <dt>Started</dt>
        <dd>
          <Link href={`${admin}/collections/job-runs/${last.id}`}>{runDateTime(last.startedAt)}</Link>
        </dd>
        <dt>Took</dt>
        <dd>{last.status === 'running' ? 'Still running' : formatDuration(last.durationMs)}</dd>
        <dt>Failed</dt>
        <dd style={failed > 0 ? { color: failureText, fontWeight: 600 } : undefined}>{plural(failed, 'record')}</dd>
      </dl>

      <p style={{ ...muted, margin: 'calc(var(--base) * 0.6) 0 0' }}>
        Last {plural(runs.length, 'run')}: {statusTally(runs)}.
      </p>

      {withFailures.length > 0 && (
        <>
          <h4 style={{ margin: 'calc(var(--base) * 0.6) 0 calc(var(--base) * 0.3)', fontSize: '1em' }}>Runs with failures</h4>
          <ul style={{ margin: 0, padding: 0, listStyle: 'none' }}>
            {withFailures.slice(0, 5).map((r) => (
              <li key={r.id} style={{ marginBottom: '0.2em' }}>
                <span aria-hidden="true" style={{ color: failureText, fontWeight: 700, marginRight: '0.4em' }}>
                  !
                </span>
                <Link href={`${admin}/collections/job-runs/${r.id}`}>{runDateTime(r.startedAt)}</Link>
                <span style={{ color: failureText }}>
                  {' '}
                  — {r.recordsFailed ? `${plural(r.recordsFailed, 'record')} failed` : 'the run failed'}
                </span>
              </li>
            ))}
          </ul>
          {withFailures.length > 5 && <p style={{ ...muted, marginTop: '0.2em' }}>and {plural(withFailures.length - 5, 'more run')}.</p>}
        </>
      )}
    </div>
  )
}
