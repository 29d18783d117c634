import React from 'react'

import { statusBadge, type BadgeKind, type Tone } from '../../../../domain/display'

/** A status with its fixed label and colour. */
export function StatusBadge({ kind, status }: { kind: BadgeKind; status: string }) {
  const { label, tone } = statusBadge(kind, status)
  return <span className={`badge tone-${tone}`}>{label}</span>
}

export function Badge({ tone, children }: { tone: Tone; children: React.ReactNode }) {
  return <span className={`badge tone-${tone}`}>{children}</span>
}

export function PageTitle({ title, children }: { title: string; children?: React.ReactNode }) {
  return (
    <div className="page-title">
      <h1>{title}</h1>
      {children}
    </div>
  )
}

export function StatCard({ label, value, detail, tone }: { label: string; value: React.ReactNode; detail?: React.ReactNode; tone?: Tone }) {
  return (
    <div className={`stat-card${tone ? ` tone-text-${tone}` : ''}`}>
      <p className="stat-label">{label}</p>
      <p className="stat-value">{value}</p>
      {detail && <p className="stat-detail">{detail}</p>}
    </div>
  )
}

export function EmptyState({ title, children }: { title: string; children?: React.ReactNode }) {
  return (
    <div className="empty-state">
      <p className="empty-title">{title}</p>
      {children}
    </div>
  )
}

/** Usage against the cap, as a bar with its figure in words. */
export function UsageBar({ percent, label }: { percent: number; label: string }) {
  const tone = percent >= 95 ? 'bad' : percent >= 80 ? 'warn' : 'good'
  return (
    <div className="usage-bar">
      <div className={`usage-track`} role="progressbar" aria-valuenow={Math.min(percent, 100)} aria-valuemin={0} aria-valuemax={100} aria-label={label}>
        <div className={`usage-fill tone-fill-${tone}`} style={{ width: `${Math.min(percent, 100)}%` }} />
      </div>
    </div>
  )
}

export function Banner({ tone, title, children }: { tone: 'warn' | 'bad' | 'info' | 'good'; title: string; children?: React.ReactNode }) {
  return (
    <div className={`banner tone-${tone}`} role={tone === 'bad' || tone === 'warn' ? 'alert' : 'status'}>
      <p className="banner-title">{title}</p>
      {children && <div>{children}</div>}
    </div>
  )
}
