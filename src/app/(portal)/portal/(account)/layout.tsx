import React from 'react'

import { getConfig } from '../../../../lib/config'
import { Nav } from '../_components/Nav'
import { LogoutButton } from '../_components/LogoutButton'
import { requireSession } from '../_lib/session'

export const dynamic = 'force-dynamic'

/** Every signed-in portal page: the ISP's header, the navigation, and the page. */
export default async function AccountLayout({ children }: { children: React.ReactNode }) {
  const { customer } = await requireSession()
  const company = getConfig().company
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="portal-header">
        <a className="portal-brand" href="/portal">
          <span className="brand-mark" aria-hidden="true">
            {company.name.slice(0, 1)}
          </span>
          <span>{company.name}</span>
        </a>
        <div className="header-account">
          <span className="header-name">{customer.displayName ?? `${customer.firstName} ${customer.lastName}`}</span>
          <LogoutButton />
        </div>
      </header>
      <Nav />
      <main id="main" className="portal-main">
        {children}
      </main>
      <footer className="portal-footer">
        <span>{company.name}</span>
        <span>
          {company.phone} · <a href={`mailto:${company.email}`}>{company.email}</a>
        </span>
      </footer>
    </>
  )
}
