import type { Payload, PayloadRequest } from 'payload'

import type { PaymentMethod } from '../../payload-types'
import { lockAccount } from '../billing/ledger'
import { keepAutoPayCollectable } from './autoPay'
import { ok, refuse, type Result } from '../result'
import { withTransaction } from '../withTransaction'

type Code = 'UNKNOWN_METHOD' | 'PRIMARY_METHOD_HAS_BALANCE'

/**
 * Removes a payment method softly (inactive, kept for the payments that used it). The primary
 * method cannot be removed while the account owes money: it is how the debt gets collected.
 */
export async function removePaymentMethod(on: Payload | PayloadRequest, args: { customerId: number; methodId: number }): Promise<Result<PaymentMethod, Code>> {
  return withTransaction(on, async (req) => {
    await lockAccount(req, args.customerId)
    const found = await req.payload.find({
      collection: 'payment-methods',
      where: { and: [{ id: { equals: args.methodId } }, { customer: { equals: args.customerId } }, { isActive: { equals: true } }] },
      limit: 1,
      depth: 0,
      req,
      overrideAccess: true,
    })
    const method = found.docs[0]
    if (!method) return refuse('UNKNOWN_METHOD', 'No such active payment method for this customer', 'methodId')
    if (method.isPrimary) {
      const account = await req.payload.find({ collection: 'billing-accounts', where: { customer: { equals: args.customerId } }, limit: 1, depth: 0, req })
      if ((account.docs[0]?.balanceCents ?? 0) > 0) {
        return refuse('PRIMARY_METHOD_HAS_BALANCE', 'The primary payment method cannot be removed while the account owes money; make another method primary first')
      }
    }
    const removed = await req.payload.update({
      collection: 'payment-methods',
      id: method.id,
      data: { isActive: false, isPrimary: false },
      req,
      overrideAccess: true,
      depth: 0,
    })
    if (method.isPrimary) {
      const account = await req.payload.find({ collection: 'billing-accounts', where: { customer: { equals: args.customerId } }, limit: 1, depth: 0, req })
      await req.payload.update({ collection: 'billing-accounts', id: account.docs[0].id, data: { primaryPaymentMethod: null }, req, overrideAccess: true, depth: 0 })
      await keepAutoPayCollectable(req, args.customerId)
    }
    return ok(removed)
  })
}
