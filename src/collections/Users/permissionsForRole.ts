import { ValidationError, type CollectionBeforeChangeHook, type CollectionBeforeValidateHook } from 'payload'

/**
 * Stored permissions only mean something for billing staff (admins hold all, support none).
 *
 * Granting permissions to a support user is refused outright, so an admin is not misled into
 * thinking they took effect. Changing someone's role away from billing clears what they held, so
 * a later change back to billing starts from nothing rather than resurrecting old grants.
 */
export const refusePermissionsForSupport: CollectionBeforeValidateHook = ({ data, originalDoc, req }) => {
  const role = data?.role ?? originalDoc?.role
  const roleChanging = data?.role !== undefined && data.role !== originalDoc?.role
  const granting = Array.isArray(data?.permissions) && data.permissions.length > 0
  if (role === 'support' && granting && !roleChanging) {
    throw new ValidationError({
      collection: 'users',
      errors: [{ path: 'permissions', message: 'Support staff are read-only and cannot hold permissions' }],
      req,
    })
  }
  return data
}

export const clearPermissionsUnlessBilling: CollectionBeforeChangeHook = ({ data, originalDoc }) => {
  const role = data.role ?? originalDoc?.role
  if (role !== 'billing') data.permissions = []
  return data
}
