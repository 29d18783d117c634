'use client'

import type React from 'react'
import { useEffect, useId, useState } from 'react'
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'

import { formatDate, formatRand, plural, statusBadge } from '../../../domain/display'
import type { DebitOrderRun } from '../../../services/reports/debitOrderRuns'
import styles from '../jobRuns/jobRuns.module.css'
import { apiFetch, useRoutes } from '../lifecycle/api'

/**
 * Above the debit-order runs list: how the last 12 runs went, as stacked bars of debits collected,
 * returned, rejected and still awaiting their action date, and a table of each run's counts and
 * totals in rand (also the chart's text alternative).
 */

const RUNS_SHOWN = 12

/** Each at least 3:1 against the panel in both themes, and told apart without colour by the table. */
const SERIES = [
  { key: 'collected', name: 'Collected', colour: '#1a7fc1' },
  { key: 'returned', name: 'Returned', colour: '#d6453d' },
  { key: 'rejected', name: 'Rejected', colour: '#b06a00' },
  { key: 'awaiting', name: 'Awaiting action date', colour: '#858585' },
] as const

const muted: React.CSSProperties = { margin: 0, color: 'var(--theme-elevation-650)', fontSize: '0.9em' }
const cell: React.CSSProperties = { padding: '0.35rem 0.5rem', borderBottom: '1px solid var(--theme-elevation-150)', textAlign: 'left', whiteSpace: 'nowrap' }
const num: React.CSSProperties = { ...cell, textAlign: 'right', fontVariantNumeric: 'tabular-nums' }

type State = { state: 'loading' } | { state: 'ready'; runs: DebitOrderRun[] } | { state: 'error'; message: string }

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`)
const figure = (f: { count: number; cents: number }) => (f.count === 0 ? '—' : `${f.count} · ${formatRand(f.cents)}`)

export function DebitRunsSummary() {
  const routes = useRoutes()
  const uid = useId()
  const [runs, setRuns] = useState<State>({ state: 'loading' })
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    const controller = new AbortController()
    setRuns({ state: 'loading' })
    void apiFetch<{ runs?: DebitOrderRun[] }>(`${routes.api}/admin/reports/debit-orders?runs=${RUNS_SHOWN}`, { signal: controller.signal }).then((res) => {
      if (controller.signal.aborted) return
      if (res.ok) setRuns({ state: 'ready', runs: Array.isArray(res.body?.runs) ? res.body.runs : [] })
      else setRuns({ state: 'error', message: res.message })
    })
    return () => controller.abort()
  }, [routes.api, attempt])

  return (
    <section
      className={styles.root}
      aria-labelledby={`${uid}-heading`}
      style={{ marginBottom: 'var(--base)', padding: 'calc(var(--base) * 0.75)', borderRadius: 'var(--style-radius-s)', background: 'var(--theme-elevation-50)', border: '1px solid var(--theme-elevation-150)' }}
    >
      <h3 id={`${uid}-heading`} style={{ margin: '0 0 calc(var(--base) * 0.5)', fontSize: '1.1em' }}>
        Collection over the last {RUNS_SHOWN} runs
      </h3>
      <div aria-live="polite">
        {runs.state === 'loading' && <p style={muted}>Loading runs…</p>}
        {runs.state === 'error' && (
          <div role="alert" style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 'calc(var(--base) * 0.5)' }}>
            <p style={{ ...muted, color: 'var(--theme-error-650)' }}>Could not load the runs: {runs.message}</p>
            <button type="button" className="btn btn--style-secondary btn--size-small" style={{ margin: 0 }} onClick={() => setAttempt((n) => n + 1)}>
              Try again
            </button>
          </div>
        )}
        {runs.state === 'ready' && runs.runs.length === 0 && <p style={muted}>No debit-order run has sent a file yet. The run sends one at 06:00 on banking days.</p>}
      </div>
      {runs.state === 'ready' && runs.runs.length > 0 && <Overview runs={runs.runs} admin={routes.admin} />}
    </section>
  )
}

function Overview({ runs, admin }: { runs: DebitOrderRun[]; admin: string }) {
  const oldestFirst = [...runs].reverse()
  const bars = oldestFirst.map((r) => ({ key: r.batchName, label: formatDate(r.actionDate), collected: r.collected.count, returned: r.returned.count, rejected: r.rejected.count, awaiting: r.awaiting.count }))
  const decided = runs.filter((r) => r.successRate !== null)
  const overall = decided.length ? decided.reduce((s, r) => s + r.collected.count, 0) / decided.reduce((s, r) => s + r.collected.count + r.returned.count + r.rejected.count, 0) : null
  return (
    <>
      <p style={{ ...muted, marginBottom: 'calc(var(--base) * 0.5)' }}>
        {overall === null ? 'Nothing decided yet.' : `${percent(overall)} of the debits decided in ${runs.length === 1 ? 'the last run' : `the last ${plural(runs.length, 'run')}`} were collected.`}
      </p>
      <div style={{ width: '100%', height: 240, minHeight: 200 }}>
        <ResponsiveContainer width="100%" height="100%" minHeight={200}>
          <BarChart data={bars} aria-label="Debits per run by outcome" desc="The table below lists every run with its counts and totals." margin={{ top: 12, right: 8, bottom: 0, left: 0 }} barCategoryGap="18%">
            <CartesianGrid vertical={false} stroke="var(--theme-elevation-150)" strokeDasharray="3 3" />
            <XAxis dataKey="label" tick={{ fill: 'var(--theme-elevation-800)', fontSize: 12 }} stroke="var(--theme-elevation-400)" minTickGap={12} />
            <YAxis allowDecimals={false} width={44} tick={{ fill: 'var(--theme-elevation-800)', fontSize: 12 }} stroke="var(--theme-elevation-400)" />
            <Tooltip cursor={{ fill: 'var(--theme-elevation-150)', fillOpacity: 0.5 }} contentStyle={{ background: 'var(--theme-elevation-0)', border: '1px solid var(--theme-elevation-250)', color: 'var(--theme-text)' }} />
            <Legend itemSorter={null} formatter={(name: string) => <span style={{ color: 'var(--theme-text)' }}>{name}</span>} />
            {SERIES.map((s) => (
              <Bar key={s.key} dataKey={s.key} name={s.name} stackId="debits" fill={s.colour} stroke="var(--theme-elevation-50)" strokeWidth={1} maxBarSize={36} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <div style={{ overflowX: 'auto', marginTop: 'calc(var(--base) * 0.5)' }} tabIndex={0} role="region" aria-label="Debit-order runs, newest first">
        <table style={{ borderCollapse: 'collapse', width: '100%', fontSize: '0.9em' }}>
          <caption style={{ ...muted, textAlign: 'left', marginBottom: '0.25rem' }}>Newest first: debits (count · total) by where they stand.</caption>
          <thead>
            <tr>
              {['Run', 'Action date', 'File', 'Sent', 'Rejected', 'Collected', 'Returned', 'Awaiting', 'Collected of decided'].map((h, i) => (
                <th key={h} scope="col" style={i < 3 ? cell : num}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.batchId}>
                <th scope="row" style={cell}>
                  <a href={`${admin}/collections/debit-order-batches/${r.batchId}`}>{r.batchName}</a>
                </th>
                <td style={cell}>{formatDate(r.actionDate)}</td>
                <td style={cell}>{statusBadge('debitBatch', r.status).label}</td>
                <td style={num}>{figure(r.submitted)}</td>
                <td style={num}>{figure(r.rejected)}</td>
                <td style={num}>{figure(r.collected)}</td>
                <td style={num}>{figure(r.returned)}</td>
                <td style={num}>{figure(r.awaiting)}</td>
                <td style={num}>{percent(r.successRate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}
