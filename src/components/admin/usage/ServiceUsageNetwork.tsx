'use client'

import { useDocumentInfo, useFormFields } from '@payloadcms/ui'
import { useEffect, useState } from 'react'

import { addDays, sastDateOf, sastMidnight } from '../../../domain/calendarDate'
import { formatDate, formatGb, formatSastDateTime, freshness } from '../../../domain/display'
import { capBytesOf, cycleOf, percentUsed } from '../../../domain/usage'
import { apiFetch, useRoutes } from '../lifecycle/api'

/** A network change not applied for this long is a warning for staff. */
const FAILING_WARNING_MS = 60 * 60_000

const box: React.CSSProperties = { border: '1px solid var(--theme-elevation-150)', borderRadius: 4, padding: '0.75rem 1rem', margin: '0 0 1.5rem' }

/**
 * On a service's page: this cycle's usage against the cap (GB, with how fresh the figure is) and
 * whether the network follows the status, with a warning when a change has not reached the
 * network for an hour.
 */
export function ServiceUsageNetwork() {
  const { id } = useDocumentInfo()
  const routes = useRoutes()
  const billingDay = useFormFields(([f]) => f.billingDay?.value) as number | undefined
  const dataCapGb = useFormFields(([f]) => f.dataCapGb?.value) as number | null | undefined
  const syncedAt = useFormFields(([f]) => f.usageSyncedAt?.value) as string | null | undefined
  const networkState = useFormFields(([f]) => f.networkState?.value) as string | undefined
  const failingSince = useFormFields(([f]) => f.networkFailingSince?.value) as string | null | undefined
  const networkError = useFormFields(([f]) => f.networkError?.value) as string | null | undefined
  const [used, setUsed] = useState<number | null | 'error'>(null)

  const today = sastDateOf(new Date())
  const cycle = cycleOf(today, typeof billingDay === 'number' ? billingDay : 1)

  useEffect(() => {
    if (id === undefined || id === null || id === '') return
    const controller = new AbortController()
    const q = new URLSearchParams({
      'where[service][equals]': String(id),
      'where[date][greater_than_equal]': sastMidnight(cycle.start),
      'where[date][less_than]': sastMidnight(addDays(cycle.end, 1)),
      limit: '40',
      depth: '0',
      'select[totalBytes]': 'true',
    })
    void apiFetch<{ docs: Array<{ totalBytes?: number | null }> }>(`${routes.api}/usage-records?${q}`, { signal: controller.signal }).then((res) => {
      if (controller.signal.aborted) return
      setUsed(res.ok ? res.body.docs.reduce((sum: number, d) => sum + Number(d.totalBytes ?? 0), 0) : 'error')
    })
    return () => controller.abort()
  }, [id, cycle.start, cycle.end, routes.api, syncedAt])

  if (id === undefined || id === null || id === '') return null
  const capBytes = capBytesOf(dataCapGb ?? null)
  const percent = typeof used === 'number' ? percentUsed(used, capBytes) : null
  const failingLong = networkState === 'failed' && failingSince && Date.now() - Date.parse(failingSince) > FAILING_WARNING_MS

  return (
    <section aria-labelledby="usage-network-heading" style={box}>
      <h3 id="usage-network-heading" style={{ margin: '0 0 0.5rem', fontSize: '1rem' }}>
        Usage and network
      </h3>
      <p style={{ margin: '0 0 0.25rem' }}>
        <strong>This cycle</strong> ({formatDate(cycle.start)} to {formatDate(cycle.end)}):{' '}
        {used === null ? 'loading…' : used === 'error' ? 'could not be read' : capBytes ? `${formatGb(used)} of ${formatGb(capBytes)} (${percent}%)` : `${formatGb(used)} (uncapped)`}
        {typeof used === 'number' ? `, ${freshness(syncedAt ?? null)}` : null}
      </p>
      <p style={{ margin: 0 }}>
        <strong>Network:</strong> {networkLabel(networkState)}
      </p>
      {failingLong ? (
        <p role="alert" style={{ margin: '0.5rem 0 0', color: 'var(--theme-error-800)', fontWeight: 600 }}>
          The network has not followed this service's status since {formatSastDateTime(failingSince!)}: it is retried automatically. {networkError ? `Last error: ${networkError}` : ''}
        </p>
      ) : networkState === 'failed' && networkError ? (
        <p style={{ margin: '0.5rem 0 0', color: 'var(--theme-warning-800, var(--theme-elevation-800))' }}>Retrying: {networkError}</p>
      ) : null}
    </section>
  )
}

function networkLabel(state: string | undefined): string {
  switch (state) {
    case 'enabled':
      return 'Enabled on Interstellio'
    case 'disabled':
      return 'Disabled on Interstellio'
    case 'failed':
      return 'Not applied yet (Interstellio refused or could not be reached)'
    default:
      return 'Not on the network yet'
  }
}
