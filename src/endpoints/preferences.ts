import type { PayloadHandler } from 'payload'

import { ok, problem } from './http'

/**
 * `DELETE /api/payload-preferences/:key`. Payload's own "delete my preference" route builds a
 * query the Postgres adapter cannot run (a join on the polymorphic user is left out: a 500 for any
 * signed-in user). Same behaviour, by a find (which works) and a delete by id. Mounted before
 * Payload's route by src/access/internalCollections.ts.
 */
export const deleteOwnPreference: PayloadHandler = async (req) => {
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
