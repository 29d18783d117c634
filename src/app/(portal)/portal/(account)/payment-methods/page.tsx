import type { Metadata } from 'next'
import Link from 'next/link'
import React from 'react'

import { billingOverview, listPaymentMethods } from '../../../../../services/dashboard/reads'
import { PaymentMethods } from '../../_components/PaymentMethods'
import { PageTitle } from '../../_components/ui'
import { requireSession } from '../../_lib/session'
import { pageTitle } from '../../_lib/title'

export const dynamic = 'force-dynamic'
export const metadata: Metadata = { title: pageTitle('Payment methods') }

export default async function PaymentMethodsPage() {
  const { req } = await requireSession()
  const [{ paymentMethods }, billing] = await Promise.all([listPaymentMethods(req), billingOverview(req)])
  return (
    <>
      <p>
        <Link href="/portal/billing">← Billing</Link>
      </p>
      <PageTitle title="Payment methods" />
      <PaymentMethods methods={paymentMethods} balanceCents={billing.balanceCents} />
    </>
  )
}
