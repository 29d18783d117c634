import type { PayloadRequest } from 'payload'

import { staffOf, type StaffUser } from '../../access/identity'
import { holdsPermission, type Permission } from '../../domain/staffPermissions'
import { problem } from '../http'
import { idFromPath } from '../schemas'

/**
 * The gate of every staff endpoint: signed in (401), staff (403), holding the permission when one
 * is needed (403 naming it). Returns the staff member, or the response to send.
 */
export function requireStaff(req: PayloadRequest, permission?: Permission): { staff: StaffUser } | { response: Response } {
  if (!req.user) return { response: problem(req, 401, [{ code: 'NOT_AUTHENTICATED', message: 'Sign in as staff first' }]) }
  const staff = staffOf(req)
  if (!staff) return { response: problem(req, 403, [{ code: 'FORBIDDEN', message: 'Only staff may do this' }]) }
  if (permission && !holdsPermission(staff, permission)) {
    return { response: problem(req, 403, [{ code: 'FORBIDDEN', message: `This needs the ${permission} permission`, permission }]) }
  }
  return { staff }
}

/** A positive Postgres integer id from a path segment, or null (then the thing is simply not found). */
export function idParam(req: PayloadRequest, name: string): number | null {
  return idFromPath(req.routeParams?.[name])
}
