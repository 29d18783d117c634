import { addBusinessDays, isBusinessDay } from './businessDays'
import { addDays, type CalendarDate } from './calendarDate'
import type { Cents } from './money'

/**
 * What the debit-order run decides for each open invoice of an account with auto-pay and an
 * active mandate (src/services/netcash/debitOrders.ts reads the facts, this decides). Pure, so
 * every rule is tested without a database.
 */

export type DebitOrderSettings = {
  instruction: 'TwoDay' | 'Sameday'
  /** An invoice unpaid since its due date is still debited this many days later; a returned debit is presented again within this many days of its return. */
  retryWindowDays: number
  /** A collected debit counts as cleared this many days after its action date without an unpaid. */
  clearingDays: number
  /** How often one invoice is presented in all (the first presentation and re-presentations), unless staff ask for another. */
  maxPresentations: number
}

/**
 * The day the bank debits the accounts of a file sent on `sentOn`: two banking days later for
 * two-day debit orders, the same day for same-day ones. Null when `sentOn` is not a banking day
 * (no file is sent then).
 */
export function actionDateFor(sentOn: CalendarDate, instruction: DebitOrderSettings['instruction']): CalendarDate | null {
  if (!isBusinessDay(sentOn)) return null
  return instruction === 'TwoDay' ? addBusinessDays(sentOn, 2) : sentOn
}

/** The invoice's last debit, if it had one. */
export type LastDebit = {
  id: number
  status: string
  /** SAST day of the return, when returned. */
  returnedOn: CalendarDate | null
  representable: boolean
  representRequested: boolean
  followUp: boolean
  /** How many debits this invoice has had in all. */
  presentations: number
  /** It failed before the bank saw it, for a reason not the customer's (a file NetCash refused whole, or not sent in time). */
  batchRefused?: boolean
}

export type DebitCandidate = {
  dueDate: CalendarDate
  amountDueCents: Cents
  mandateLimitCents: Cents | null
  last: LastDebit | null
}

export type DebitDecision = { debit: true; representOf: number | null } | { debit: false; why: string }

export function debitDecision(c: DebitCandidate, settings: DebitOrderSettings, ctx: { asOf: CalendarDate; actionDate: CalendarDate }): DebitDecision {
  if (c.dueDate > ctx.actionDate) return { debit: false, why: 'not due by the action date' }
  if (c.amountDueCents <= 0) return { debit: false, why: 'nothing owed' }
  if (c.mandateLimitCents !== null && c.amountDueCents > c.mandateLimitCents) return { debit: false, why: 'more than the mandate allows' }
  const last = c.last
  if (!last) {
    return c.dueDate < addDays(ctx.actionDate, -settings.retryWindowDays)
      ? { debit: false, why: 'due before the retry window' }
      : { debit: true, representOf: null }
  }
  if (last.status === 'pending' || last.status === 'submitted') return { debit: false, why: 'a debit is in progress' }
  if (last.status === 'completed') return { debit: false, why: 'already collected' }
  if (last.status !== 'returned' && last.status !== 'failed') return { debit: false, why: `the last debit is ${last.status}` }
  // Staff asked for it: presented again whatever the count, reason or window.
  if (last.representRequested) return { debit: true, representOf: last.id }
  if (last.followUp) return { debit: false, why: 'marked for manual follow-up' }
  // The bank never saw it (NetCash refused the file, or it was not sent in time): ask again.
  if (last.status === 'failed' && last.batchRefused) return { debit: true, representOf: last.id }
  if (last.status === 'failed') return { debit: false, why: 'the last debit was rejected (bank details): staff re-present it' }
  if (!last.representable) return { debit: false, why: 'returned for a reason that is not presented again' }
  if (last.presentations >= settings.maxPresentations) return { debit: false, why: 'presented as often as allowed' }
  if (last.returnedOn !== null && last.returnedOn < addDays(ctx.asOf, -settings.retryWindowDays)) return { debit: false, why: 'returned before the retry window' }
  return { debit: true, representOf: last.id }
}
