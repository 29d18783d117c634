import type { ServiceStatus } from './catalogue'

/**
 * The service lifecycle: pending -> active <-> suspended, and any live state -> cancelled, which
 * is terminal. (A pending order that never goes live may be cancelled too.) The database enforces
 * the same graph with a trigger.
 */
const ALLOWED: Record<ServiceStatus, readonly ServiceStatus[]> = {
  pending: ['active', 'cancelled'],
  active: ['suspended', 'cancelled'],
  suspended: ['active', 'cancelled'],
  cancelled: [],
}

export function canTransition(from: ServiceStatus, to: ServiceStatus): boolean {
  return from === to || ALLOWED[from].includes(to)
}

export function allowedTransitions(from: ServiceStatus): readonly ServiceStatus[] {
  return ALLOWED[from]
}
