import type { Metadata } from 'next'
import Link from 'next/link'
import React from 'react'

import { SERVICE_STATUSES } from '../../../../../domain/catalogue'
import { statusBadge } from '../../../../../domain/display'
import { listServices } from '../../../../../services/dashboard/reads'
import { ServiceList } from '../../_components/ServiceList'
import { EmptyState, PageTitle } from '../../_components/ui'
import { requireSession } from '../../_lib/session'
import { pageTitle } from '../../_lib/title'

export const dynamic = 'force-dynamic'
export const metadata: Metadata = { title: pageTitle('Services') }

type Status = (typeof SERVICE_STATUSES)[number]

export default async function ServicesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { req } = await requireSession()
  const asked = (await searchParams).status
  const status = typeof asked === 'string' && (SERVICE_STATUSES as readonly string[]).includes(asked) ? (asked as Status) : undefined
  const services = await listServices(req, { status })
  return (
    <>
      <PageTitle title="Services" />
      <nav className="filters" aria-label="Filter by status">
        <Link href="/portal/services" aria-current={status ? undefined : 'true'}>
          All
        </Link>
        {SERVICE_STATUSES.map((s) => (
          <Link key={s} href={`/portal/services?status=${s}`} aria-current={status === s ? 'true' : undefined}>
            {statusBadge('service', s).label}
          </Link>
        ))}
      </nav>
      <section className="card">{services.length ? <ServiceList services={services} /> : <EmptyState title={status ? `No ${statusBadge('service', status).label.toLowerCase()} services` : 'No services yet'} />}</section>
    </>
  )
}
