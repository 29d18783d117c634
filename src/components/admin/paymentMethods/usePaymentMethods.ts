'use client'

import { useCallback, useEffect, useState } from 'react'

import { apiFetch, useRoutes } from '../lifecycle/api'

/** A payment method as the staff panel shows it: the masked fields only (the API never returns more). */
export type ListedMethod = {
  id: number
  type: 'debit_order' | 'card' | 'eft'
  displayName: string
  mandateStatus?: string | null
  isPrimary?: boolean | null
  isActive?: boolean | null
}

export type MethodsState = { state: 'loading' } | { state: 'ready'; methods: ListedMethod[] } | { state: 'error'; message: string }

/** A customer's active payment methods, the primary one first, read with the staff member's own access. */
export function usePaymentMethods(customerId: number | undefined): { methods: MethodsState; reload: () => void } {
  const routes = useRoutes()
  const [methods, setMethods] = useState<MethodsState>({ state: 'loading' })
  const [round, setRound] = useState(0)
  const reload = useCallback(() => setRound((n) => n + 1), [])

  useEffect(() => {
    if (customerId === undefined) return
    const controller = new AbortController()
    const query = new URLSearchParams({
      'where[customer][equals]': String(customerId),
      'where[isActive][equals]': 'true',
      sort: '-isPrimary',
      depth: '0',
      limit: '100',
    })
    void apiFetch<{ docs?: ListedMethod[] }>(`${routes.api}/payment-methods?${query}`, { signal: controller.signal }).then((res) => {
      if (controller.signal.aborted) return
      setMethods(res.ok ? { state: 'ready', methods: res.body?.docs ?? [] } : { state: 'error', message: res.message })
    })
    return () => controller.abort()
  }, [routes.api, customerId, round])

  return { methods, reload }
}
