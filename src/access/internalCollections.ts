import type { CollectionBeforeValidateHook, Endpoint, PayloadHandler, SanitizedConfig } from 'payload'

import { ok, problem } from '../endpoints/http'

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
 * the collection.
 */
/**
 * Payload's own "delete my preference" route builds a query the Postgres adapter cannot run (a
 * join on the polymorphic user is left out: a 500 for any signed-in user). Same behaviour, by a
 * find (which works) and a delete by id.
 */
const deleteOwnPreference: PayloadHandler = async (req) => {
  if (!req.user) return problem(req, 401, [{ code: 'UNAUTHORIZED', message: 'Sign in first' }])
  const key = String(req.routeParams?.key ?? '')
  const found = await req.payload.find({
    collection: 'payload-preferences',
    where: { and: [{ key: { equals: key } }, { 'user.value': { equals: req.user.id } }, { 'user.relationTo': { equals: req.user.collection } }] },
    limit: 1,
    depth: 0,
    overrideAccess: true,
    req,
  })
  const preference = found.docs[0]
  if (!preference) return problem(req, 404, [{ code: 'NOT_FOUND', message: 'No such preference' }])
  await req.payload.delete({ collection: 'payload-preferences', id: preference.id, overrideAccess: true, req })
  return ok(req, { message: 'Deleted', doc: preference })
}

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
