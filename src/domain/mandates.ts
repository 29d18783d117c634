import type { Cents } from './money'

/** The least a mandate lets one debit take, whatever the services cost today. */
export const MIN_MANDATE_CENTS: Cents = 50_000

/**
 * The most one debit may take under a new debit-order mandate: twice what the customer's services
 * cost a month (room for a pro-rata or an installation invoice on top), rounded up to R 100, and
 * at least R 500.
 */
export function mandateLimitCents(monthlyCents: Cents): Cents {
  return Math.max(MIN_MANDATE_CENTS, Math.ceil((monthlyCents * 2) / 10_000) * 10_000)
}
