'use client'

import { useEffect, useState } from 'react'

import { OPEN_INVOICE_STATUSES } from '../../../domain/catalogue'
import { apiFetch, useRoutes } from '../lifecycle/api'
import type { OpenInvoice } from './paymentEffect'

type OverviewInvoice = OpenInvoice & { kind: string; status: string }

export type OpenInvoicesState = { state: 'loading' } | { state: 'ready'; invoices: OpenInvoice[] } | { state: 'error'; message: string }

/**
 * A customer's open invoices, from the billing overview the customer page already uses. That
 * lists the recent invoices only, which is what the payment preview needs in practice.
 */
export function useOpenInvoices(customerId: number | undefined): OpenInvoicesState {
  const routes = useRoutes()
  const [state, setState] = useState<OpenInvoicesState>({ state: 'loading' })

  useEffect(() => {
    if (customerId === undefined) {
      setState({ state: 'ready', invoices: [] })
      return
    }
    const controller = new AbortController()
    setState({ state: 'loading' })
    void apiFetch<{ invoices?: OverviewInvoice[] }>(`${routes.api}/admin/customers/${customerId}/billing`, { signal: controller.signal }).then((res) => {
      if (controller.signal.aborted) return
      if (!res.ok) {
        setState({ state: 'error', message: res.message })
        return
      }
      const open = (res.body?.invoices ?? []).filter(
        (i) => i.kind !== 'credit_note' && (OPEN_INVOICE_STATUSES as readonly string[]).includes(i.status) && i.amountDueCents > 0,
      )
      setState({ state: 'ready', invoices: open.map(({ id, invoiceNumber, amountDueCents, dueDate }) => ({ id, invoiceNumber, amountDueCents, dueDate })) })
    })
    return () => controller.abort()
  }, [routes.api, customerId])

  return state
}
