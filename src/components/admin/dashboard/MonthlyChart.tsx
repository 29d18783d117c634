'use client'

import type React from 'react'
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts'

import { compactRand } from '../../../domain/billingDashboard'
import { formatRand } from '../../../domain/money'
import styles from './dashboard.module.css'

export type ChartMonth = { month: string; label: string; invoicedCents: number; creditNotesCents: number; collectedCents: number }

/**
 * Invoiced and collected per SAST month as paired bars. The same figures, with links to their
 * lists, are in the table the dashboard renders under the chart; the chart's description says so.
 *
 * Blue and orange (told apart by the colour-blind), each at least 3:1 against the panel's
 * backgrounds in both themes (white, #f5f5f5, #141414, #222).
 */
const SERIES = [
  { key: 'invoicedCents', name: 'Invoiced', colour: '#1a7fc1' },
  { key: 'collectedCents', name: 'Collected', colour: '#c26b00' },
] as const satisfies readonly { key: keyof ChartMonth; name: string; colour: string }[]

const axisTick = { fill: 'var(--theme-elevation-800)', fontSize: 12 }

export function MonthlyChart({ months, description }: { months: ChartMonth[]; description: string }) {
  return (
    <div className={styles.chart}>
      <ResponsiveContainer width="100%" height="100%" minHeight={220}>
        <BarChart data={months} aria-label="Invoiced and collected per month, last 12 months" desc={description} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} barGap={2} barCategoryGap="20%">
          <CartesianGrid vertical={false} stroke="var(--theme-elevation-150)" strokeDasharray="3 3" />
          <XAxis dataKey="label" tickFormatter={(label: string) => label.slice(0, 3)} tick={axisTick} stroke="var(--theme-elevation-400)" minTickGap={4} />
          <YAxis tickFormatter={(cents: number) => compactRand(cents)} width={64} tick={axisTick} stroke="var(--theme-elevation-400)" />
          <Tooltip content={MonthTooltip} cursor={{ fill: 'var(--theme-elevation-150)', fillOpacity: 0.5 }} />
          <Legend formatter={(name: string) => <span style={{ color: 'var(--theme-text)' }}>{name}</span>} />
          {SERIES.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.name} fill={s.colour} maxBarSize={28} radius={[2, 2, 0, 0]} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  )
}

const tooltipBox: React.CSSProperties = {
  padding: 'calc(var(--base) * 0.5) calc(var(--base) * 0.65)',
  borderRadius: 'var(--style-radius-s)',
  background: 'var(--theme-elevation-0)',
  border: '1px solid var(--theme-elevation-250)',
  boxShadow: '0 2px 8px rgba(0, 0, 0, 0.15)',
  color: 'var(--theme-text)',
  fontSize: '0.9em',
  lineHeight: 1.5,
}

function MonthTooltip({ active, payload }: TooltipContentProps) {
  const month = payload?.[0]?.payload as ChartMonth | undefined
  if (!active || !month) return null
  const rows: [string, number, string | null][] = [
    ['Invoiced', month.invoicedCents, SERIES[0].colour],
    ['Credit notes', month.creditNotesCents, null],
    ['Collected', month.collectedCents, SERIES[1].colour],
  ]
  return (
    <div style={tooltipBox}>
      <div style={{ fontWeight: 600 }}>{month.label}</div>
      {rows.map(([name, cents, colour]) => (
        <div key={name} style={{ display: 'flex', alignItems: 'center', gap: '0.4em' }}>
          <span aria-hidden="true" style={{ width: '0.7em', height: '0.7em', borderRadius: 2, background: colour ?? 'transparent', flex: 'none' }} />
          <span style={{ flex: 1 }}>{name}</span>
          <span style={{ fontVariantNumeric: 'tabular-nums', fontWeight: 600 }}>{formatRand(cents)}</span>
        </div>
      ))}
    </div>
  )
}
