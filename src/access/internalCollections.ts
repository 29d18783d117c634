import type { SanitizedConfig } from 'payload'

import { isStaff } from './staff'

/**
 * Payload adds `payload-locked-documents` (who is editing what in the admin panel) with access for
 * any logged-in user, customers included: a customer could list which staff member was editing
 * which invoice, and create or delete locks. Only staff use the admin panel, so only staff may
 * touch it. Applied to the sanitized config, where Payload has added the collection.
 */
export async function staffOnlyDocumentLocks(config: Promise<SanitizedConfig>): Promise<SanitizedConfig> {
  const sanitized = await config
  const locks = sanitized.collections.find((c) => c.slug === 'payload-locked-documents')
  if (locks) locks.access = { ...locks.access, create: isStaff, read: isStaff, update: isStaff, delete: isStaff }
  return sanitized
}
