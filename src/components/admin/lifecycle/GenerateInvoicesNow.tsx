'use client'

import { useAuth } from '@payloadcms/ui'
import Link from 'next/link'
import { useRouter } from 'next/navigation'
import type React from 'react'
import { useId, useRef, useState } from 'react'

import { isCalendarDate } from '../../../domain/calendarDate'
import { formatDate } from '../../../domain/display'
import { effectivePermissions, type StaffIdentity } from '../../../domain/staffPermissions'
import { apiFetch, todaySast, useRoutes } from './api'
import { DayPicker } from '../fields/DayPicker'

/** Above the invoices list: run the recurring billing now (it skips what is already issued), for billing managers. */

type GenerateResult = {
  asOf: string
  issued: number
  skipped: number
  failed: number
  results: { serviceId: number; outcome: 'issued' | 'skipped' | 'failed'; invoiceIds?: number[]; reason?: string }[]
}

type RunState = { state: 'idle' } | { state: 'running' } | { state: 'done'; result: GenerateResult } | { state: 'error'; message: string }

export function GenerateInvoicesNow() {
  const { user } = useAuth()
  const router = useRouter()
  const routes = useRoutes()
  const uid = useId()
  const [asOf, setAsOf] = useState(todaySast)
  const [run, setRun] = useState<RunState>({ state: 'idle' })
  const inFlight = useRef(false)

  if (!effectivePermissions((user ?? {}) as StaffIdentity).has('billing_manage')) return null

  const running = run.state === 'running'
  const dateValid = asOf === '' || isCalendarDate(asOf)

  async function generate() {
    if (inFlight.current || !dateValid) return
    inFlight.current = true
    setRun({ state: 'running' })
    const res = await apiFetch<GenerateResult>(`${routes.api}/admin/billing/generate-invoices-now`, {
      method: 'POST',
      body: asOf ? { asOf } : {},
    })
    inFlight.current = false
    if (!res.ok) {
      setRun({ state: 'error', message: res.message })
      return
    }
    setRun({ state: 'done', result: res.body })
    router.refresh()
  }

  const failures = run.state === 'done' ? (run.result.results ?? []).filter((r) => r.outcome === 'failed') : []

  return (
    <div
      style={{
        marginBottom: 'var(--base)',
        padding: 'calc(var(--base) * 0.75)',
        borderRadius: 'var(--style-radius-s)',
        background: 'var(--theme-elevation-50)',
        border: '1px solid var(--theme-elevation-150)',
      }}
    >
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: 'calc(var(--base) * 0.75)' }}>
        <div>
          <label htmlFor={`${uid}-as-of`} style={{ display: 'block', marginBottom: 'calc(var(--base) * 0.25)', fontSize: '0.9em' }}>
            As of
          </label>
          <DayPicker id={`${uid}-as-of`} value={asOf} onChange={setAsOf} disabled={running} aria-invalid={dateValid ? undefined : true} />
        </div>
        <button
          type="button"
          className="btn btn--style-primary btn--size-small"
          style={{ margin: 0 }}
          onClick={() => void generate()}
          disabled={running || !dateValid}
          aria-busy={running}
        >
          {running ? 'Generating…' : 'Generate invoices now'}
        </button>
      </div>

      <div aria-live="polite" style={{ marginTop: run.state === 'idle' ? 0 : 'calc(var(--base) * 0.6)' }}>
        {run.state === 'error' && (
          <p role="alert" style={{ margin: 0, color: 'var(--theme-error-800)' }}>
            {run.message}
          </p>
        )}
        {run.state === 'done' && (
          <>
            <p style={{ margin: 0 }}>
              {run.result.asOf && <span style={{ color: 'var(--theme-elevation-500)' }}>As of {formatDate(run.result.asOf)}: </span>}
              Issued {run.result.issued}, skipped {run.result.skipped} (already issued), failed {run.result.failed}
            </p>
            {failures.length > 0 && (
              <ul style={{ margin: 'calc(var(--base) * 0.4) 0 0', paddingLeft: 'calc(var(--base) * 1.2)', color: 'var(--theme-error-800)' }}>
                {failures.map((f) => (
                  <li key={f.serviceId}>
                    <Link href={`${routes.admin}/collections/services/${f.serviceId}`} style={linkStyle}>
                      Service {f.serviceId}
                    </Link>
                    : {f.reason || 'unknown error'}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
    </div>
  )
}

const linkStyle: React.CSSProperties = { color: 'inherit', textDecoration: 'underline' }
