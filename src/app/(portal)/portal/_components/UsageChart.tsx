'use client'

import React from 'react'
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'

export type UsageDay = { date: string; label: string; uploadGb: number; downloadGb: number }

/**
 * Daily usage as stacked bars (download under upload), drawn in the browser. The figures are
 * also in the table that follows the chart on every page that uses it (the text alternative).
 */
export function UsageChart({ days, title }: { days: UsageDay[]; title: string }) {
  return (
    <figure style={{ margin: 0 }}>
      <figcaption className="visually-hidden">{title}</figcaption>
      <div className="legend" aria-hidden="true">
        <span>
          <span className="swatch" style={{ background: 'var(--download)' }} />
          Download
        </span>
        <span>
          <span className="swatch" style={{ background: 'var(--upload)' }} />
          Upload
        </span>
      </div>
      <div className="chart" role="img" aria-label={`${title}: a bar chart; the same figures are in the table below`}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={days} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#d5dbe3" />
            <XAxis dataKey="label" tick={{ fill: '#4b5565', fontSize: 12 }} interval="preserveStartEnd" minTickGap={16} />
            <YAxis tick={{ fill: '#4b5565', fontSize: 12 }} unit=" GB" width={64} allowDecimals />
            <Tooltip formatter={(value, name) => [`${Number(value).toFixed(2)} GB`, name === 'downloadGb' ? 'Download' : 'Upload']} />
            <Bar dataKey="downloadGb" stackId="usage" fill="#1e40af" name="downloadGb" isAnimationActive={false} />
            <Bar dataKey="uploadGb" stackId="usage" fill="#0b6e4f" name="uploadGb" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  )
}
