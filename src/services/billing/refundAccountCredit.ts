import type { Payload, PayloadRequest } from 'payload'
import { sql } from 'drizzle-orm'

import { formatRand } from '../../domain/money'
import type { PaymentTransaction } from '../../payload-types'
import { ok, refuse, type Result } from '../result'
import { transactionSql } from '../transactionSql'
import { withTransaction } from '../withTransaction'
import { creditSources, type CreditSource } from './allocate'
import { lockAccount } from './ledger'

export type RefundSource = { paymentId: number } | { creditNoteId: number }

export type RefundInput = {
  customerId: number
  source: RefundSource
  /** Left out: all that is left of the source. */
  amountCents?: number
  /** The transfer's reference on our bank statement: a second refund with the same one is the same refund. */
  transactionId: string
  refundedAt: Date
}

export type RefundResult = { refund: PaymentTransaction; source: CreditSource; creditLeftCents: number; alreadyRecorded: boolean }

type Code = 'UNKNOWN_SOURCE' | 'NOTHING_TO_REFUND' | 'AMOUNT_TOO_LARGE' | 'INVALID_AMOUNT' | 'TRANSACTION_ID_REUSED' | 'NOT_CLEARED'

/**
 * Pays account credit back to the customer, in one transaction: the money left of one payment (an
 * overpayment, a payment whose invoice was later credited) or of one credit note that no invoice
 * has used. The refund is a `payment-transactions` row of kind `refund` naming its source; the
 * ledger hook raises the balance by its amount. A refund never takes money an invoice was settled
 * with: to give that back, credit or void the invoice first (the money becomes credit), then
 * refund. The amount is at most what is left of the source and at most the account's credit
 * (a customer who owes money elsewhere gets that settled first).
 */
export async function refundAccountCredit(on: Payload | PayloadRequest, input: RefundInput): Promise<Result<RefundResult, Code>> {
  if (input.amountCents !== undefined && (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0)) {
    return refuse('INVALID_AMOUNT', 'A refund is a positive whole number of cents', 'amountCents')
  }
  try {
    return await withTransaction(on, async (req) => {
      await lockAccount(req, input.customerId)
      const recorded = await findRefund(req, input.transactionId)
      if (recorded) return sameAsRecorded(req, recorded, input)
      const sources = await creditSources(req, input.customerId)
      const wanted = 'paymentId' in input.source ? { source: 'payment', id: input.source.paymentId } : { source: 'credit_note', id: input.source.creditNoteId }
      const source = sources.find((s) => s.source === wanted.source && s.id === wanted.id)
      if (!source) {
        return refuse('UNKNOWN_SOURCE', wanted.source === 'payment' ? 'No completed payment with that id for this customer' : 'No issued credit note with that id for this customer', 'source')
      }
      if (wanted.source === 'payment') {
        // A debit order the bank can still return is not money to pay out yet: refunded now, a
        // later return would leave the customer owing what no invoice shows.
        const db = await transactionSql(req)
        const { rows } = await db.execute(sql`SELECT action_date, cleared_at FROM payment_transactions WHERE id = ${wanted.id}`)
        if (rows[0]?.action_date && !rows[0]?.cleared_at) {
          return refuse('NOT_CLEARED', `${source.reference} is a debit order the bank can still return: refund it once it has cleared`, 'source')
        }
      }
      const credit = await accountCredit(req, input.customerId)
      const available = Math.min(source.free, credit)
      if (available <= 0) {
        return refuse(
          'NOTHING_TO_REFUND',
          source.free <= 0
            ? `${source.reference} has been used in full (settled invoices or refunded)`
            : 'The account owes money: settle what is owed from this credit before refunding',
          'source',
        )
      }
      const amountCents = input.amountCents ?? available
      if (amountCents > available) {
        return refuse('AMOUNT_TOO_LARGE', `At most ${formatRand(available)} can be refunded from ${source.reference}`, 'amountCents')
      }
      const refund = await req.payload.create({
        collection: 'payment-transactions',
        data: {
          transactionId: input.transactionId,
          kind: 'refund',
          customer: input.customerId,
          refundOf: 'paymentId' in input.source ? input.source.paymentId : undefined,
          refundOfCreditNote: 'creditNoteId' in input.source ? input.source.creditNoteId : undefined,
          amountCents,
          currency: 'ZAR',
          status: 'completed',
          completedAt: input.refundedAt.toISOString(),
        },
        req,
        overrideAccess: true,
        depth: 0,
      })
      return ok({ refund, source: { ...source, free: source.free - amountCents }, creditLeftCents: credit - amountCents, alreadyRecorded: false })
    })
  } catch (err) {
    // A concurrent call with the same reference won the race: answer with its result.
    const payload = 'payload' in on && 'headers' in on ? on.payload : (on as Payload)
    const raced = await payload.find({ collection: 'payment-transactions', where: { transactionId: { equals: input.transactionId } }, limit: 1, depth: 0 })
    if (raced.docs[0]) {
      return withTransaction(on, async (req) => sameAsRecorded(req, raced.docs[0], input))
    }
    throw err
  }
}

/** The account's credit in cents (0 when it owes), read on the locked transaction. */
async function accountCredit(req: PayloadRequest, customerId: number): Promise<number> {
  const db = await transactionSql(req)
  const { rows } = await db.execute(sql`SELECT balance_cents FROM billing_accounts WHERE customer_id = ${customerId}`)
  const balance = Number(rows[0]?.balance_cents ?? 0)
  return balance < 0 ? -balance : 0
}

async function findRefund(req: PayloadRequest, transactionId: string): Promise<PaymentTransaction | undefined> {
  const found = await req.payload.find({ collection: 'payment-transactions', where: { transactionId: { equals: transactionId } }, limit: 1, depth: 0, req })
  return found.docs[0]
}

/** The same reference again is the same refund only if it is a refund of the same source to the same customer. */
async function sameAsRecorded(req: PayloadRequest, t: PaymentTransaction, input: RefundInput): Promise<Result<RefundResult, Code>> {
  const id = (v: unknown) => (v && typeof v === 'object' ? (v as { id: number }).id : (v as number | null | undefined))
  const sameSource = 'paymentId' in input.source ? id(t.refundOf) === input.source.paymentId : id(t.refundOfCreditNote) === input.source.creditNoteId
  const sameAmount = input.amountCents === undefined || input.amountCents === t.amountCents
  if (t.kind !== 'refund' || id(t.customer) !== input.customerId || !sameSource || !sameAmount) {
    return refuse('TRANSACTION_ID_REUSED', `Reference ${input.transactionId} is already recorded for a different transaction`, 'reference')
  }
  const sources = await creditSources(req, input.customerId)
  const source = sources.find((s) => ('paymentId' in input.source ? s.source === 'payment' && s.id === input.source.paymentId : s.source === 'credit_note' && s.id === input.source.creditNoteId))
  return ok({ refund: t, source: source!, creditLeftCents: await accountCredit(req, input.customerId), alreadyRecorded: true })
}
