import type { Metadata } from 'next'
import React from 'react'

import { billingOverview } from '../../../../../services/dashboard/reads'
import { readProfile } from '../../../../../services/dashboard/writes'
import { ProfileForm } from '../../_components/ProfileForm'
import { PreferenceToggles } from '../../_components/Toggles'
import { PageTitle } from '../../_components/ui'
import { requireSession } from '../../_lib/session'
import { pageTitle } from '../../_lib/title'

export const dynamic = 'force-dynamic'
export const metadata: Metadata = { title: pageTitle('Profile') }

export default async function ProfilePage() {
  const { req, customer } = await requireSession()
  const [{ email, profile }, billing] = await Promise.all([readProfile(req, customer.id), billingOverview(req)])
  return (
    <>
      <PageTitle title="Profile" />
      <div className="grid two-col">
        <section className="card" aria-labelledby="contact-heading">
          <h2 id="contact-heading">Contact details</h2>
          <p className="muted">
            Signed in as {email}. To change your email address, contact us.
          </p>
          <ProfileForm initial={profile} />
        </section>
        <section className="card" aria-labelledby="notify-heading">
          <h2 id="notify-heading">Notifications</h2>
          <PreferenceToggles
            initial={{ autoPay: billing.autoPay, notifyBySms: billing.notifyBySms, notifyByEmail: billing.notifyByEmail }}
            keys={[
              { key: 'notifyBySms', label: 'SMS', hint: 'Usage warnings, payment notices and service changes by SMS.' },
              { key: 'notifyByEmail', label: 'Email', hint: 'Invoices and receipts by email.' },
            ]}
          />
        </section>
      </div>
    </>
  )
}
