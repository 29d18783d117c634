import Link from 'next/link'
import React from 'react'

import { formatGb, formatRand } from '../../../../domain/display'
import type { ServiceSummary } from '../../../../services/dashboard/contract'
import { StatusBadge, UsageBar } from './ui'

/** Services with their status and this cycle's usage (a bar against the cap when capped). */
export function ServiceList({ services }: { services: ServiceSummary[] }) {
  return (
    <ul className="list">
      {services.map((s) => (
        <li key={s.id}>
          <div style={{ flex: '1 1 14rem' }}>
            <Link className="title" href={`/portal/services/${s.id}`}>
              {s.packageName}
            </Link>
            <p className="muted" style={{ margin: '0.15rem 0 0' }}>
              {s.downloadMbps}/{s.uploadMbps} Mbps · {formatRand(s.monthlyPriceCents)} a month
            </p>
            {s.usage.capBytes !== null && s.usage.percentUsed !== null ? (
              <>
                <UsageBar percent={s.usage.percentUsed} label={`${s.packageName}: ${s.usage.percentUsed}% of the cap used`} />
                <p className="muted" style={{ margin: 0 }}>
                  {formatGb(s.usage.usedBytes)} of {formatGb(s.usage.capBytes)} ({s.usage.percentUsed}%)
                </p>
              </>
            ) : (
              <p className="muted" style={{ margin: 0 }}>
                {formatGb(s.usage.usedBytes)} this cycle · uncapped
              </p>
            )}
          </div>
          <StatusBadge kind="service" status={s.status} />
        </li>
      ))}
    </ul>
  )
}
