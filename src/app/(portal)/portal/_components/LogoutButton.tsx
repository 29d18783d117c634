'use client'

import { useRouter } from 'next/navigation'
import React from 'react'

export function LogoutButton() {
  const router = useRouter()
  return (
    <button
      className="secondary"
      onClick={async () => {
        await fetch('/api/dashboard/logout', { method: 'POST' })
        router.replace('/portal/login')
        router.refresh()
      }}
    >
      Sign out
    </button>
  )
}
