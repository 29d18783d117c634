import type { PayloadRequest } from 'payload'
import { sql } from 'drizzle-orm'

import { addDays, sastDateOf, type CalendarDate } from '../../domain/calendarDate'
import type { AccountType, ServiceStatus } from '../../domain/catalogue'
import { allowedTransitions, canTransition } from '../../domain/serviceLifecycle'
import type { Service, ServiceAction } from '../../payload-types'
import { lockAccount } from '../billing/ledger'
import { refuse, type Refusal } from '../result'
import { transactionSql } from '../transactionSql'

export type LifecycleRefusal =
  | 'SERVICE_NOT_FOUND'
  | 'INVALID_TRANSITION'
  | 'REASON_REQUIRED'
  | 'DATE_IN_FUTURE'
  | 'DATE_BEFORE_ACTIVATION'
  | 'DATE_TOO_FAR_BACK'

/**
 * How far back staff may date an activation or cancellation: a late-recorded installation or a
 * notice given last month, not a typo that would bill or credit years.
 */
export const MAX_BACKDATE_DAYS = 62

/** A refusal when `date` lies in the future or more than MAX_BACKDATE_DAYS back, else undefined. */
export function outsideDatingWindow(date: CalendarDate, today: CalendarDate, field: string, what: string): Refusal<LifecycleRefusal> | undefined {
  if (date > today) return refuse('DATE_IN_FUTURE', `A service is ${what} on or before today (${today})`, field)
  const earliest = addDays(today, -MAX_BACKDATE_DAYS)
  if (date < earliest) return refuse('DATE_TOO_FAR_BACK', `A service can be ${what} at most ${MAX_BACKDATE_DAYS} days back (from ${earliest})`, field)
  return undefined
}

/** Who acts: a staff member (recorded on the audit entry), or the system (a scheduled job). */
export type Actor = { staffUserId: number } | { system: true }

export type LifecycleArgs = {
  customerId: number
  serviceId: number
  actor: Actor
  reason: string
  notes?: string
  /** The clock: tests travel in time; endpoints pass `new Date()`. */
  now: Date
}

export type Locked = { service: Service; customerId: number; accountType: AccountType; today: CalendarDate }

/**
 * The opening of every lifecycle operation, on its transaction: the customer's billing account
 * and then the service row locked (always in that order, like every billing operation), the
 * service read under the lock and only if it belongs to the customer named (someone else's
 * service is "not found"), and the transition checked against the lifecycle.
 */
export async function lockServiceFor(
  req: PayloadRequest,
  args: LifecycleArgs,
  transition: { from: readonly ServiceStatus[]; to: ServiceStatus },
): Promise<Locked | Refusal<LifecycleRefusal>> {
  const { to } = transition
  if (!args.reason?.trim()) return refuse('REASON_REQUIRED', 'Give a reason: it goes on the audit trail', 'reason')
  await lockAccount(req, args.customerId)
  const db = await transactionSql(req)
  const { rows } = await db.execute(sql`SELECT id FROM services WHERE id = ${args.serviceId} AND customer_id = ${args.customerId} FOR UPDATE`)
  if (rows.length === 0) return refuse('SERVICE_NOT_FOUND', `Customer ${args.customerId} has no service ${args.serviceId}`, 'serviceId')
  const service = await req.payload.findByID({ collection: 'services', id: args.serviceId, depth: 0, req, overrideAccess: true })
  const customer = await req.payload.findByID({ collection: 'customers', id: args.customerId, depth: 0, req, overrideAccess: true })
  // Each command moves from its own states (activate only from pending, reactivate only from
  // suspended), within the lifecycle graph.
  if (!transition.from.includes(service.status) || !canTransition(service.status, to) || service.status === to) {
    const allowed = allowedTransitions(service.status)
    const why =
      service.status === 'cancelled' ? ': cancelled is final'
      : canTransition(service.status, to) && service.status !== to ? ` this way (a ${service.status} service is ${service.status === 'suspended' ? 'reactivated' : 'activated'} instead)`
      : ` (it can become: ${allowed.join(', ')})`
    return refuse('INVALID_TRANSITION', `A ${service.status} service cannot become ${to}${why}`)
  }
  return { service, customerId: args.customerId, accountType: customer.accountType, today: sastDateOf(args.now) }
}

/** The one audit entry of a transition: who, what, why, from and to. */
export async function recordServiceAction(
  req: PayloadRequest,
  args: LifecycleArgs & { action: ServiceAction['action']; previousStatus: ServiceStatus; newStatus: ServiceStatus },
): Promise<ServiceAction> {
  return req.payload.create({
    collection: 'service-actions',
    data: {
      service: args.serviceId,
      customer: args.customerId,
      staffUser: 'staffUserId' in args.actor ? args.actor.staffUserId : undefined,
      action: args.action,
      reason: args.reason.trim(),
      notes: args.notes?.trim() || undefined,
      previousStatus: args.previousStatus,
      newStatus: args.newStatus,
    },
    req,
    overrideAccess: true,
    depth: 0,
  })
}

/** Lifecycle columns are the operations' business: written with access overridden, never through the API. */
export async function updateService(req: PayloadRequest, id: number, data: Partial<Service>): Promise<Service> {
  return req.payload.update({ collection: 'services', id, data, req, overrideAccess: true, depth: 0 })
}
