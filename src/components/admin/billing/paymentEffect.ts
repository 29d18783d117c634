import { formatRand } from '../../../domain/money'

/**
 * What a payment will do, as the server allocates it (src/services/billing/allocate.ts): the
 * chosen invoice first, then the other open invoices by due date, and what is left stays as
 * account credit. Computed from the amounts due the page has, so it is a preview, not a promise.
 */

export type OpenInvoice = { id: number; invoiceNumber: string | null; amountDueCents: number; dueDate?: string | null }

export type PlannedAllocation = { invoice: OpenInvoice; amountCents: number; stillDueCents: number }

export function planPayment(amountCents: number, open: readonly OpenInvoice[], preferredId?: number) {
  const ordered = [...open].sort(
    (a, b) =>
      Number(b.id === preferredId) - Number(a.id === preferredId) ||
      (a.dueDate ?? '').localeCompare(b.dueDate ?? '') ||
      a.id - b.id,
  )
  let remaining = amountCents
  const allocations: PlannedAllocation[] = []
  for (const invoice of ordered) {
    if (remaining <= 0) break
    const amount = Math.min(invoice.amountDueCents, remaining)
    if (amount <= 0) continue
    allocations.push({ invoice, amountCents: amount, stillDueCents: invoice.amountDueCents - amount })
    remaining -= amount
  }
  return { allocations, creditCents: remaining }
}

export const invoiceName = (invoice: { id: number; invoiceNumber?: string | null }) => invoice.invoiceNumber || `invoice #${invoice.id}`

/** `R 500.00 goes to INV-2026-00042; R 299.00 still due`, one clause per invoice, then the credit. */
export function describePayment(plan: ReturnType<typeof planPayment>): string {
  const clauses = plan.allocations.map((a) =>
    a.stillDueCents === 0
      ? `${formatRand(a.amountCents)} pays ${invoiceName(a.invoice)} in full`
      : `${formatRand(a.amountCents)} goes to ${invoiceName(a.invoice)}; ${formatRand(a.stillDueCents)} still due`,
  )
  if (plan.creditCents > 0) clauses.push(`${formatRand(plan.creditCents)} stays as account credit`)
  return clauses.join('; ')
}
