import type { CollectionAfterChangeHook } from 'payload'

/**
 * Every customer has exactly one billing account, opened in the same transaction as the customer
 * (the database's unique index on billing_accounts.customer_id backs the "exactly").
 */
export const openBillingAccount: CollectionAfterChangeHook = async ({ doc, operation, req }) => {
  if (operation !== 'create') return doc
  await req.payload.create({
    collection: 'billing-accounts',
    data: { customer: doc.id, balanceCents: 0, creditLimitCents: 0, autoPay: false, notifyBySms: true, notifyByEmail: true },
    req,
    overrideAccess: true,
  })
  return doc
}
