import type { Metadata } from 'next'
import Link from 'next/link'
import React from 'react'

import { isCalendarDate } from '../../../../../domain/calendarDate'
import { formatDate } from '../../../../../domain/display'
import { recentCycles } from '../../../../../domain/usage'
import { sastDateOf } from '../../../../../domain/calendarDate'
import { listServices, serviceUsage } from '../../../../../services/dashboard/reads'
import { UsageDetail } from '../../_components/UsageDetail'
import { Banner, EmptyState, PageTitle } from '../../_components/ui'
import { requireSession } from '../../_lib/session'
import { pageTitle } from '../../_lib/title'

export const dynamic = 'force-dynamic'
export const metadata: Metadata = { title: pageTitle('Usage') }

type Query = Record<string, string | string[] | undefined>
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)

export default async function UsagePage({ searchParams }: { searchParams: Promise<Query> }) {
  const { req } = await requireSession()
  const q = await searchParams
  const services = await listServices(req, {})
  if (services.length === 0) {
    return (
      <>
        <PageTitle title="Usage" />
        <section className="card">
          <EmptyState title="No services yet">Usage appears here once a service is connected.</EmptyState>
        </section>
      </>
    )
  }
  const asked = Number(one(q.service))
  // Asked for, else the first active capped service (the one a cap warning is about), else any active one.
  const active = services.filter((s) => s.status === 'active')
  const service = services.find((s) => s.id === asked) ?? active.find((s) => s.usage.capBytes !== null) ?? active[0] ?? services[0]
  const start = one(q.start)
  const end = one(q.end)
  const range = start && end && isCalendarDate(start) && isCalendarDate(end) && start <= end ? { startDate: start, endDate: end } : {}
  const usage = await serviceUsage(req, { serviceId: service.id, ...range })
  const cycles = recentCycles(sastDateOf(new Date()), service.billingDay, 6)
  const isCurrent = !range.startDate || (range.startDate === service.usage.cycleStart && range.endDate === service.usage.cycleEnd)
  return (
    <>
      <PageTitle title="Usage" />
      <form className="card" method="get" action="/portal/usage" aria-label="Choose what to show">
        <label htmlFor="service">Service</label>
        <div className="actions" style={{ alignItems: 'center' }}>
          <select id="service" name="service" defaultValue={service.id} style={{ flex: '1 1 16rem', width: 'auto' }}>
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.packageName}
              </option>
            ))}
          </select>
          <button type="submit">Show</button>
        </div>
        <p className="field-hint">Billing cycles:</p>
        <nav className="filters" aria-label="Billing cycles">
          {cycles.map((c, i) => (
            <Link
              key={c.start}
              href={`/portal/usage?service=${service.id}&start=${c.start}&end=${c.end}`}
              aria-current={(i === 0 && isCurrent) || range.startDate === c.start ? 'true' : undefined}
            >
              {i === 0 ? 'This cycle' : `${formatDate(c.start)} – ${formatDate(c.end)}`}
            </Link>
          ))}
        </nav>
      </form>
      {usage.ok ? (
        <>
          <p className="muted">
            {service.packageName}: {formatDate(usage.value.startDate)} to {formatDate(usage.value.endDate)}
            {isCurrent ? ' (this billing cycle)' : ''}
          </p>
          <UsageDetail usage={usage.value} title={`Daily usage of ${service.packageName}, ${formatDate(usage.value.startDate)} to ${formatDate(usage.value.endDate)}`} />
        </>
      ) : (
        <Banner tone="warn" title="That range is too long">
          <p>Choose at most 400 days.</p>
        </Banner>
      )}
    </>
  )
}
