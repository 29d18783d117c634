import React from 'react'

import { formatDate, formatGb, freshness, usageWarning } from '../../../../domain/display'
import { BYTES_PER_GB } from '../../../../domain/usage'
import type { UsageResponse } from '../../../../services/dashboard/contract'
import { UsageChart } from './UsageChart'
import { Banner, StatCard, UsageBar } from './ui'

/** A range of daily usage: the cap warning, totals, the bar against the cap, the chart and its table. */
export function UsageDetail({ usage, title }: { usage: UsageResponse; title: string }) {
  const warning = usageWarning(usage.percentUsed)
  const days = usage.days.map((d) => ({
    date: d.date,
    label: formatDate(d.date).replace(/ \d{4}$/, ''),
    uploadGb: d.uploadBytes / BYTES_PER_GB,
    downloadGb: d.downloadBytes / BYTES_PER_GB,
  }))
  return (
    <>
      {warning && (
        <Banner tone={warning.level} title={warning.threshold === 100 ? 'You have reached your data cap' : `${warning.threshold}% of your data used`}>
          <p>
            {warning.message} Usage {freshness(usage.usageAsOf)}.
          </p>
        </Banner>
      )}
      <div className="grid stats">
        <StatCard label="Download" value={formatGb(usage.totals.downloadBytes)} />
        <StatCard label="Upload" value={formatGb(usage.totals.uploadBytes)} />
        <StatCard label="Total" value={formatGb(usage.totals.totalBytes)} detail={usage.capBytes ? `of ${formatGb(usage.capBytes)}` : 'uncapped'} />
        <StatCard label="Last synced" value={usage.usageAsOf ? freshness(usage.usageAsOf).replace(/^as of /, '') : 'Not yet'} detail="figures update hourly" />
      </div>
      {usage.capBytes !== null && usage.percentUsed !== null && (
        <div className="card">
          <p style={{ margin: 0 }}>
            <strong>{usage.percentUsed}%</strong> of your {formatGb(usage.capBytes)} cap used
          </p>
          <UsageBar percent={usage.percentUsed} label={`${usage.percentUsed}% of the cap used`} />
        </div>
      )}
      <section className="card" aria-labelledby="chart-heading">
        <h2 id="chart-heading">Daily usage</h2>
        <UsageChart days={days} title={title} />
        <details className="data-table">
          <summary>Show the figures as a table</summary>
          <div className="table-wrap">
            <table className="data">
              <caption className="visually-hidden">{title}</caption>
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col" className="num">Download</th>
                  <th scope="col" className="num">Upload</th>
                  <th scope="col" className="num">Total</th>
                </tr>
              </thead>
              <tbody>
                {usage.days.map((d) => (
                  <tr key={d.date}>
                    <td>{formatDate(d.date)}</td>
                    <td className="num">{formatGb(d.downloadBytes)}</td>
                    <td className="num">{formatGb(d.uploadBytes)}</td>
                    <td className="num">{formatGb(d.totalBytes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </section>
    </>
  )
}
