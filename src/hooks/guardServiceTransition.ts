import { ValidationError, type CollectionBeforeValidateHook } from 'payload'

import type { ServiceStatus } from '../domain/catalogue'
import { allowedTransitions, canTransition } from '../domain/serviceLifecycle'

/** Refuses a status change the lifecycle does not allow, as a 400 naming the field. */
export const guardServiceTransition: CollectionBeforeValidateHook = ({ data, originalDoc, operation, req }) => {
  if (operation !== 'update' || !data?.status || !originalDoc?.status) return data
  const from = originalDoc.status as ServiceStatus
  const to = data.status as ServiceStatus
  if (!canTransition(from, to)) {
    const allowed = allowedTransitions(from)
    throw new ValidationError({
      collection: 'services',
      errors: [
        {
          path: 'status',
          message: `A ${from} service cannot become ${to}${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ': cancelled is final'}`,
        },
      ],
      req,
    })
  }
  return data
}
