import type { CollectionAfterChangeHook, PayloadRequest } from 'payload'

import { ACCOUNT_CHANGE_SOURCE, ACCOUNT_CHANGE_SOURCES } from '../domain/catalogue'

type Source = (typeof ACCOUNT_CHANGE_SOURCES)[number]


function sourceOf(req: PayloadRequest): Source {
  const declared = req.context?.[ACCOUNT_CHANGE_SOURCE]
  if (typeof declared === 'string' && (ACCOUNT_CHANGE_SOURCES as readonly string[]).includes(declared)) return declared as Source
  if (!req.user) return 'system'
  // Staff change accounts in the admin panel (or with a staff token, which is the panel's API).
  return req.user.collection === 'users' ? 'admin' : 'api'
}

const comparable = (value: unknown): string => JSON.stringify(value ?? null, (key, v) => (key === 'id' ? undefined : v))

/**
 * Records a change to any of `fields` (before and after, who, on which path) in the account
 * change log, in the change's own transaction: if the change rolls back, so does its record.
 */
export function recordAccountChanges(fields: string[], customerIdOf: (doc: Record<string, unknown>) => number): CollectionAfterChangeHook {
  return async ({ doc, previousDoc, operation, req }) => {
    if (operation !== 'update' || !previousDoc) return doc
    const changed = fields.filter((f) => comparable(doc[f]) !== comparable(previousDoc[f]))
    if (changed.length === 0) return doc
    const customer = customerIdOf(doc)
    const changedBy = req.user ? { relationTo: req.user.collection as 'customers' | 'users', value: req.user.id as number } : undefined
    for (const field of changed) {
      await req.payload.create({
        collection: 'account-changes',
        data: { customer, field, before: previousDoc[field] ?? null, after: doc[field] ?? null, changedBy, source: sourceOf(req) },
        overrideAccess: true,
        depth: 0,
        req,
      })
    }
    return doc
  }
}

const idOf = (v: unknown) => Number(v && typeof v === 'object' ? (v as { id: unknown }).id : v)

export const recordCustomerChanges = recordAccountChanges(['mobile', 'postalAddress', 'email'], (doc) => Number(doc.id))
export const recordBillingAccountChanges = recordAccountChanges(['autoPay', 'notifyBySms', 'notifyByEmail', 'creditLimitCents'], (doc) => idOf(doc.customer))
