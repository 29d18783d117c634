import type { Metadata } from 'next'
import React from 'react'

import './portal.css'

export const metadata: Metadata = {
  title: 'My account | ISP',
  description: 'Manage your internet services, usage, invoices and payment methods',
}

export default function PortalRootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en-ZA">
      <body>{children}</body>
    </html>
  )
}
