import type { CollectionAfterChangeHook } from 'payload'

import { lockAccount, moveBalance } from '../services/billing/ledger'

type InvoiceLike = { status?: string | null; kind?: string | null; totalCents?: number | null; customer?: unknown }
type PaymentLike = { status?: string | null; kind?: string | null; amountCents?: number | null; customer?: unknown }

const customerId = (doc: { customer?: unknown }) =>
  typeof doc.customer === 'object' && doc.customer !== null ? (doc.customer as { id: number }).id : (doc.customer as number)

/** What an invoice contributes to the balance: issued charges add, credit notes subtract, drafts and voids nothing. */
export function invoiceEffect(doc: InvoiceLike | undefined): number {
  if (!doc || doc.status === 'draft' || doc.status === 'void') return 0
  return doc.kind === 'credit_note' ? -(doc.totalCents ?? 0) : (doc.totalCents ?? 0)
}

/**
 * A completed payment lowers the balance; a completed refund (account credit paid back) raises it
 * again; pending, failed, returned or refunded money does not move it.
 */
export function paymentEffect(doc: PaymentLike | undefined): number {
  if (doc?.status !== 'completed') return 0
  return doc.kind === 'refund' ? doc.amountCents ?? 0 : -(doc.amountCents ?? 0)
}

/**
 * The ledger moves with the documents, in their transaction, whatever wrote them (a billing
 * service, the admin panel, the API): the balance changes by the difference between what the
 * document contributes now and what it contributed before.
 */
const ledgerHook =
  (effect: (doc: never) => number): CollectionAfterChangeHook =>
  async ({ doc, previousDoc, operation, req }) => {
    const before = operation === 'create' ? 0 : effect(previousDoc as never)
    const delta = effect(doc as never) - before
    if (delta !== 0) {
      const id = customerId(doc)
      await lockAccount(req, id)
      await moveBalance(req, id, delta)
    }
    return doc
  }

export const moveLedgerForInvoice = ledgerHook(invoiceEffect)
export const moveLedgerForPayment = ledgerHook(paymentEffect)
