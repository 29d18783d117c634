'use client'

import { useDocumentInfo, useFormFields } from '@payloadcms/ui'
import type React from 'react'
import { useEffect, useState } from 'react'

import { apiFetch, dateTime, humanise, relationId, useRoutes } from './api'

/** The service's lifecycle history, newest first: who did what, when, from which status to which, and why. */

type AuditEntry = {
  id: number | string
  action: 'create' | 'activate' | 'suspend' | 'reactivate' | 'cancel' | 'update' | 'note'
  reason: string
  notes: string | null
  previousStatus: string | null
  newStatus: string | null
  createdAt: string
  staff: { id: number | string; name: string | null; email: string } | null
}

type TimelineState =
  | { state: 'loading' }
  | { state: 'ready'; entries: AuditEntry[] }
  | { state: 'error'; message: string }

const ACTION_COLOURS: Partial<Record<AuditEntry['action'], string>> = {
  activate: 'var(--theme-success-500)',
  reactivate: 'var(--theme-success-500)',
  suspend: 'var(--theme-warning-500)',
  cancel: 'var(--theme-error-500)',
}

function who(staff: AuditEntry['staff']): string {
  if (!staff) return 'System'
  return staff.name ? `${staff.name} <${staff.email}>` : staff.email
}

export function ServiceAuditTimeline() {
  const { id } = useDocumentInfo()
  const routes = useRoutes()
  const customerValue = useFormFields(([fields]) => fields.customer?.value)
  const customerId = relationId(customerValue)
  // Refetch when the status changes, so a new action shows up.
  const status = useFormFields(([fields]) => fields.status?.value)
  const [timeline, setTimeline] = useState<TimelineState>({ state: 'loading' })

  useEffect(() => {
    if (id === undefined || id === null || id === '') return
    if (customerId === undefined) {
      setTimeline({ state: 'error', message: 'This service has no customer.' })
      return
    }
    const controller = new AbortController()
    setTimeline({ state: 'loading' })
    void apiFetch<{ entries: AuditEntry[] }>(
      `${routes.api}/admin/customers/${encodeURIComponent(String(customerId))}/services/${encodeURIComponent(String(id))}/audit`,
      { signal: controller.signal },
    ).then((res) => {
      if (controller.signal.aborted) return
      if (res.ok) setTimeline({ state: 'ready', entries: Array.isArray(res.body?.entries) ? res.body.entries : [] })
      else setTimeline({ state: 'error', message: res.message })
    })
    return () => controller.abort()
  }, [routes.api, id, customerId, status])

  if (id === undefined || id === null || id === '') return null

  const muted: React.CSSProperties = { margin: 0, color: 'var(--theme-elevation-500)', fontSize: '0.9em' }

  return (
    <div className="field-type" style={{ marginBottom: 'calc(var(--base) * 1.5)' }}>
      <h3 style={{ margin: '0 0 calc(var(--base) * 0.75)' }}>Audit timeline</h3>

      <div aria-live="polite" aria-busy={timeline.state === 'loading'}>
        {timeline.state === 'loading' && <p style={muted}>Loading…</p>}
        {timeline.state === 'error' && (
          <p role="alert" style={{ ...muted, color: 'var(--theme-error-500)' }}>
            Could not load the audit timeline: {timeline.message}
          </p>
        )}
        {timeline.state === 'ready' && timeline.entries.length === 0 && <p style={muted}>No actions recorded yet</p>}
        {timeline.state === 'ready' && timeline.entries.length > 0 && (
          <ol
            data-testid="service-audit-timeline"
            style={{ listStyle: 'none', margin: 0, padding: 0, borderLeft: '2px solid var(--theme-elevation-150)', marginLeft: 'calc(var(--base) * 0.4)' }}
          >
            {timeline.entries.map((entry) => (
              <TimelineEntry key={entry.id} entry={entry} />
            ))}
          </ol>
        )}
      </div>
    </div>
  )
}

function TimelineEntry({ entry }: { entry: AuditEntry }) {
  const transition = entry.previousStatus || entry.newStatus
  return (
    <li style={{ position: 'relative', padding: '0 0 var(--base) calc(var(--base) * 1)' }}>
      <span
        aria-hidden="true"
        style={{
          position: 'absolute',
          left: 'calc(var(--base) * -0.4 - 1px)',
          top: '0.35em',
          width: 'calc(var(--base) * 0.8)',
          height: 'calc(var(--base) * 0.8)',
          boxSizing: 'border-box',
          borderRadius: '50%',
          background: ACTION_COLOURS[entry.action] ?? 'var(--theme-elevation-400)',
          border: '2px solid var(--theme-bg, var(--theme-elevation-0))',
        }}
      />
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'baseline', gap: 'calc(var(--base) * 0.5)' }}>
        <strong>{humanise(entry.action)}</strong>
        {transition && (
          <span style={{ color: 'var(--theme-elevation-600)', fontSize: '0.9em' }}>
            {entry.previousStatus ? humanise(entry.previousStatus) : '—'} → {entry.newStatus ? humanise(entry.newStatus) : '—'}
          </span>
        )}
      </div>
      <div style={{ color: 'var(--theme-elevation-500)', fontSize: '0.85em', marginTop: '0.15em' }}>
        <time dateTime={entry.createdAt}>{dateTime(entry.createdAt)}</time>
        {' · '}
        <span>{who(entry.staff)}</span>
      </div>
      {entry.reason && <p style={{ margin: 'calc(var(--base) * 0.25) 0 0', whiteSpace: 'pre-wrap' }}>{entry.reason}</p>}
      {entry.notes && (
        <p style={{ margin: 'calc(var(--base) * 0.2) 0 0', color: 'var(--theme-elevation-600)', fontSize: '0.9em', whiteSpace: 'pre-wrap' }}>
          <span style={{ fontWeight: 600 }}>Notes: </span>
          {entry.notes}
        </p>
      )}
    </li>
  )
}
