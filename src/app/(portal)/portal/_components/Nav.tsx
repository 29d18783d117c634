'use client'

import { CreditCard, FileText, Gauge, Home, Router, UserRound } from 'lucide-react'
import Link from 'next/link'
import { usePathname } from 'next/navigation'
import React from 'react'

const LINKS = [
  { href: '/portal', label: 'Home', icon: Home },
  { href: '/portal/services', label: 'Services', icon: Router },
  { href: '/portal/usage', label: 'Usage', icon: Gauge },
  { href: '/portal/invoices', label: 'Invoices', icon: FileText },
  { href: '/portal/billing', label: 'Billing', icon: CreditCard },
  { href: '/portal/profile', label: 'Profile', icon: UserRound },
] as const

export function Nav() {
  const path = usePathname()
  const current = (href: string) => (href === '/portal' ? path === '/portal' : path === href || path.startsWith(`${href}/`) || (href === '/portal/billing' && path.startsWith('/portal/payment-methods')))
  return (
    <nav className="portal-nav" aria-label="Account">
      <ul>
        {LINKS.map(({ href, label, icon: Icon }) => (
          <li key={href}>
            <Link href={href} aria-current={current(href) ? 'page' : undefined}>
              <Icon aria-hidden="true" size={18} />
              <span>{label}</span>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  )
}
