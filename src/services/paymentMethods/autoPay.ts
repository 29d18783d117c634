import type { PayloadRequest } from 'payload'

import type { PaymentMethod } from '../../payload-types'

/** Auto-pay can collect from a method that is active and either a card or a debit order whose mandate NetCash approved. */
export function canCollectFrom(method: Pick<PaymentMethod, 'isActive' | 'type' | 'mandateStatus'> | null | undefined): boolean {
  return Boolean(method?.isActive && (method.type === 'card' || (method.type === 'debit_order' && method.mandateStatus === 'active')))
}

/**
 * Auto-pay stays on only while there is something to collect from: when the primary method
 * changes or goes (or its mandate lapses), auto-pay is switched off, on the caller's transaction
 * and under its account lock, and the account change log records it.
 */
export async function keepAutoPayCollectable(req: PayloadRequest, customerId: number): Promise<void> {
  const found = await req.payload.find({ collection: 'billing-accounts', where: { customer: { equals: customerId } }, limit: 1, depth: 1, overrideAccess: true, req })
  const account = found.docs[0]
  if (!account?.autoPay) return
  const primary = typeof account.primaryPaymentMethod === 'object' ? account.primaryPaymentMethod : null
  if (canCollectFrom(primary)) return
  await req.payload.update({ collection: 'billing-accounts', id: account.id, data: { autoPay: false }, overrideAccess: true, depth: 0, req })
}
