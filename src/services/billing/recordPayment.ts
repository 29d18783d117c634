import type { Payload, PayloadRequest } from 'payload'

import { sastDateOf } from '../../domain/calendarDate'
import type { PaymentTransaction } from '../../payload-types'
import { ok, refuse, type Result } from '../result'
import { withTransaction } from '../withTransaction'
import { allocateToOpenInvoices, type Allocation } from './allocate'
import { lockAccount } from './ledger'

export type RecordPaymentInput = {
  customerId: number
  amountCents: number
  /** Unique per payment (gateway id, bank statement reference): recording it twice is harmless. */
  transactionId: string
  /** Pay this invoice first; the rest goes to the oldest unpaid invoices, then to account credit. */
  invoiceId?: number
  paymentMethodId?: number
  gatewayReference?: string
  receivedAt: Date
}

export type RecordedPayment = { transaction: PaymentTransaction; allocations: Allocation[]; creditCents: number; alreadyRecorded: boolean }

type Code = 'INVALID_AMOUNT' | 'UNKNOWN_INVOICE' | 'TRANSACTION_ID_REUSED'

/**
 * Records a completed payment, in one transaction: the transaction row, its allocations to open
 * invoices (partial payments allowed), their amounts paid and statuses, and the balance. A second
 * call with the same transaction id returns the first result and changes nothing (the unique
 * transaction id is the guarantee; a concurrent duplicate fails on it and is answered the same);
 * the same id with a different customer or amount is refused. Money beyond what is owed stays as
 * account credit and pays the next invoice issued.
 */
export async function recordPayment(on: Payload | PayloadRequest, input: RecordPaymentInput): Promise<Result<RecordedPayment, Code>> {
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0) {
    return refuse('INVALID_AMOUNT', 'A payment is a positive whole number of cents', 'amountCents')
  }
  const payload = 'payload' in on && 'headers' in on ? on.payload : (on as Payload)
  // Called on a caller's transaction (a postback being processed), every read goes on it: a second
  // pooled connection while that transaction holds locks could starve the pool.
  const outer = 'payload' in on && 'headers' in on && (on as PayloadRequest).transactionID !== undefined ? (on as PayloadRequest) : undefined
  const existing = await findRecorded(payload, input.transactionId, outer)
  if (existing) return sameAsRecorded(existing, input)
  try {
    return await withTransaction(on, async (req) => {
      await lockAccount(req, input.customerId)
      // Under the lock, a duplicate that committed meanwhile is visible: answer with it.
      const recorded = await findRecorded(req.payload, input.transactionId, req)
      if (recorded) return sameAsRecorded(recorded, input)
      if (input.invoiceId !== undefined) {
        const found = await req.payload.find({
          collection: 'invoices',
          where: { and: [{ id: { equals: input.invoiceId } }, { customer: { equals: input.customerId } }] },
          limit: 1,
          depth: 0,
          req,
        })
        if (found.totalDocs === 0) return refuse('UNKNOWN_INVOICE', 'No such invoice for this customer', 'invoiceId')
      }
      const transaction = await req.payload.create({
        collection: 'payment-transactions',
        data: {
          transactionId: input.transactionId,
          kind: 'payment',
          customer: input.customerId,
          invoice: input.invoiceId,
          paymentMethod: input.paymentMethodId,
          amountCents: input.amountCents,
          currency: 'ZAR',
          status: 'completed',
          gatewayReference: input.gatewayReference,
          completedAt: input.receivedAt.toISOString(),
        },
        req,
        overrideAccess: true,
        depth: 0,
      })
      const { allocations, unallocatedCents } = await allocateToOpenInvoices(req, {
        customerId: input.customerId,
        amountCents: input.amountCents,
        invoiceId: input.invoiceId,
        source: { paymentId: transaction.id },
        asOf: sastDateOf(input.receivedAt),
      })
      return ok({ transaction, allocations, creditCents: unallocatedCents, alreadyRecorded: false })
    })
  } catch (err) {
    // On the caller's transaction a failed statement has aborted it: only the caller can retry.
    if (outer) throw err
    // A concurrent call with the same transaction id won the race: answer with its result.
    const raced = await findRecorded(payload, input.transactionId)
    if (raced) return sameAsRecorded(raced, input)
    throw err
  }
}

/**
 * A repeat of a recorded payment is answered with the first result; the same transaction id
 * carrying a different customer, amount or status is not a repeat but a mistake (or a forged
 * reference), and is refused rather than silently mapped onto someone else's payment.
 */
function sameAsRecorded(recorded: RecordedPayment, input: RecordPaymentInput): Result<RecordedPayment, Code> {
  const t = recorded.transaction
  const customer = typeof t.customer === 'object' ? t.customer.id : t.customer
  // The status may have moved on since (returned, refunded): a gateway retry of the original
  // notification is still a repeat, answered with what was recorded.
  if (customer !== input.customerId || t.amountCents !== input.amountCents) {
    return refuse('TRANSACTION_ID_REUSED', `Transaction id ${input.transactionId} is already recorded for a different payment`, 'transactionId')
  }
  return ok(recorded)
}

/** With `req`, on its transaction (never a second pooled connection while holding the account lock). */
async function findRecorded(payload: Payload, transactionId: string, req?: PayloadRequest): Promise<RecordedPayment | undefined> {
  const found = await payload.find({ collection: 'payment-transactions', where: { transactionId: { equals: transactionId } }, limit: 1, pagination: false, depth: 0, req })
  const transaction = found.docs[0]
  if (!transaction) return undefined
  const allocations = await payload.find({ collection: 'payment-allocations', where: { payment: { equals: transaction.id } }, depth: 0, pagination: false, req })
  const applied = allocations.docs.map((a) => ({ invoiceId: a.invoice as number, amountCents: a.amountCents }))
  return {
    transaction,
    allocations: applied,
    creditCents: transaction.amountCents - applied.reduce((s, a) => s + a.amountCents, 0),
    alreadyRecorded: true,
  }
}

