import type { Metadata } from 'next'
import Link from 'next/link'
import { redirect } from 'next/navigation'

import { getConfig } from '../../../../lib/config'
import { LoginForm } from '../_components/LoginForm'
import { portalSession, safeNext } from '../_lib/session'
import { pageTitle } from '../_lib/title'

export const dynamic = 'force-dynamic'
export const metadata: Metadata = { title: pageTitle('Sign in') }

export default async function PortalLogin({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const next = safeNext((await searchParams).next)
  if (await portalSession()) redirect(next)
  return (
    <main id="main" className="card login-card">
      <p className="portal-brand" style={{ marginTop: 0 }}>
        <span className="brand-mark" aria-hidden="true">
          {getConfig().company.name.slice(0, 1)}
        </span>
        <span>{getConfig().company.name}</span>
      </p>
      <h1>Sign in</h1>
      <p className="muted">Manage your services, usage, invoices and payment methods.</p>
      <LoginForm next={next} />
      <p>
        <Link href="/portal/forgot-password">Forgot password?</Link>
      </p>
    </main>
  )
}
