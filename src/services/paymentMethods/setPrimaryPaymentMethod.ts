import type { Payload, PayloadRequest } from 'payload'
import { sql } from 'drizzle-orm'

import type { PaymentMethod } from '../../payload-types'
import { lockAccount } from '../billing/ledger'
import { keepAutoPayCollectable } from './autoPay'
import { ok, refuse, type Result } from '../result'
import { transactionSql } from '../transactionSql'
import { withTransaction } from '../withTransaction'

/** On the caller's transaction: this method becomes the only primary one, and the account's. */
export async function makePrimary(req: PayloadRequest, customerId: number, methodId: number): Promise<PaymentMethod> {
  const db = await transactionSql(req)
  await db.execute(sql`UPDATE payment_methods SET is_primary = false, updated_at = now() WHERE customer_id = ${customerId} AND is_primary AND id <> ${methodId}`)
  await db.execute(sql`UPDATE payment_methods SET is_primary = true, updated_at = now() WHERE id = ${methodId}`)
  await db.execute(sql`UPDATE billing_accounts SET primary_payment_method_id = ${methodId}, updated_at = now() WHERE customer_id = ${customerId}`)
  await keepAutoPayCollectable(req, customerId)
  return req.payload.findByID({ collection: 'payment-methods', id: methodId, depth: 0, req, overrideAccess: true })
}

type Code = 'UNKNOWN_METHOD' | 'INACTIVE_METHOD'

/** Makes one active method the customer's primary, atomically: never none, never two. */
export async function setPrimaryPaymentMethod(on: Payload | PayloadRequest, args: { customerId: number; methodId: number }): Promise<Result<PaymentMethod, Code>> {
  return withTransaction(on, async (req) => {
    await lockAccount(req, args.customerId)
    const found = await req.payload.find({
      collection: 'payment-methods',
      where: { and: [{ id: { equals: args.methodId } }, { customer: { equals: args.customerId } }] },
      limit: 1,
      depth: 0,
      req,
      overrideAccess: true,
    })
    const method = found.docs[0]
    if (!method) return refuse('UNKNOWN_METHOD', 'No such payment method for this customer', 'methodId')
    if (!method.isActive) return refuse('INACTIVE_METHOD', 'A removed payment method cannot be primary', 'methodId')
    return ok(await makePrimary(req, args.customerId, method.id))
  })
}
