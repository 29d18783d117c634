import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import React from 'react'

import { addDays, sastDateOf } from '../../../../../../domain/calendarDate'
import { formatDate, formatGb, formatRand } from '../../../../../../domain/display'
import { idFromPath } from '../../../../../../endpoints/schemas'
import { serviceDetail, serviceUsage } from '../../../../../../services/dashboard/reads'
import { UsageDetail } from '../../../_components/UsageDetail'
import { PageTitle, StatusBadge } from '../../../_components/ui'
import { requireSession } from '../../../_lib/session'
import { pageTitle } from '../../../_lib/title'

export const dynamic = 'force-dynamic'
export const metadata: Metadata = { title: pageTitle('Service') }

const TYPE_LABELS = { fibre: 'Fibre', lte: 'LTE', wireless: 'Fixed wireless' } as const

export default async function ServicePage({ params }: { params: Promise<{ id: string }> }) {
  const { req } = await requireSession()
  const id = idFromPath((await params).id)
  const service = id ? await serviceDetail(req, id) : null
  if (!service) notFound()
  const today = sastDateOf(new Date())
  const usage = await serviceUsage(req, { serviceId: service.id, startDate: addDays(today, -29), endDate: today })
  return (
    <>
      <p>
        <Link href="/portal/services">← All services</Link>
      </p>
      <PageTitle title={service.packageName}>
        <StatusBadge kind="service" status={service.status} />
      </PageTitle>
      <section className="card" aria-labelledby="details-heading">
        <h2 id="details-heading">Details</h2>
        <dl className="facts">
          <dt>Type</dt>
          <dd>{TYPE_LABELS[service.type]}</dd>
          <dt>Speed</dt>
          <dd>
            {service.downloadMbps} Mbps down / {service.uploadMbps} Mbps up
          </dd>
          <dt>Data</dt>
          <dd>{service.dataCapGb ? `${service.dataCapGb} GB a month` : 'Uncapped'}</dd>
          <dt>Address</dt>
          <dd>{service.installationAddress}</dd>
          <dt>Price</dt>
          <dd>{formatRand(service.monthlyPriceCents)} a month, VAT included</dd>
          <dt>Billing day</dt>
          <dd>The {ordinal(service.billingDay)} of each month</dd>
          <dt>Next bill</dt>
          <dd>{service.billingPaused ? 'Billing paused' : formatDate(service.nextBillingDate)}</dd>
          <dt>This cycle</dt>
          <dd>
            {formatDate(service.usage.cycleStart)} to {formatDate(service.usage.cycleEnd)}: {formatGb(service.usage.usedBytes)}
            {service.usage.capBytes ? ` of ${formatGb(service.usage.capBytes)}` : ''}
          </dd>
        </dl>
      </section>
      {usage.ok && (
        <>
          <h2>The last 30 days</h2>
          <UsageDetail usage={{ ...usage.value, percentUsed: service.usage.percentUsed }} title={`Daily usage of ${service.packageName}, the last 30 days`} />
        </>
      )}
    </>
  )
}

function ordinal(n: number): string {
  const suffix = n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'
  return `${n}${suffix}`
}
