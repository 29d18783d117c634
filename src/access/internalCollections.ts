import type { CollectionBeforeValidateHook, Endpoint, SanitizedConfig } from 'payload'

import { deleteOwnPreference } from '../endpoints/preferences'

import { isStaff } from './staff'

/** A lock is always in the name of whoever takes it: staff cannot lock a document as someone else. */
const lockedByWhoeverLocks: CollectionBeforeValidateHook = ({ data, req }) => {
  if (!req.user || !data) return data
  return { ...data, user: { relationTo: req.user.collection, value: req.user.id } }
}

/**
 * Payload adds `payload-locked-documents` (who is editing what in the admin panel) with access for
 * any logged-in user, customers included: a customer could list which staff member was editing
 * which invoice, and create or delete locks. Only staff use the admin panel, so only staff may
 * touch it, and only in their own name. Applied to the sanitized config, where Payload has added
 * the collection. Payload's preference route is replaced too (src/endpoints/preferences.ts).
 */
export async function staffOnlyDocumentLocks(config: Promise<SanitizedConfig>): Promise<SanitizedConfig> {
  const sanitized = await config
  const locks = sanitized.collections.find((c) => c.slug === 'payload-locked-documents')
  const preferences = sanitized.collections.find((c) => c.slug === 'payload-preferences')
  if (preferences && Array.isArray(preferences.endpoints)) {
    const ours: Endpoint = { path: '/:key', method: 'delete', handler: deleteOwnPreference }
    preferences.endpoints = [ours, ...preferences.endpoints]
  }
  if (locks) {
    locks.access = { ...locks.access, create: isStaff, read: isStaff, update: isStaff, delete: isStaff }
    locks.hooks.beforeValidate = [...(locks.hooks.beforeValidate ?? []), lockedByWhoeverLocks]
  }
  return sanitized
}
