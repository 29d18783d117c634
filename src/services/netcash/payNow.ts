import { randomBytes } from 'node:crypto'

import type { PayloadRequest } from 'payload'
import { sql } from 'drizzle-orm'

import { sastDateOf } from '../../domain/calendarDate'
import { formatDate } from '../../domain/display'
import { payNowForm, type PayNowNotify } from '../../integrations/netcash/payNow'
import { getConfig } from '../../lib/config'
import { recordPayment } from '../billing/recordPayment'
import { queueNotification } from '../outbox'
import { ok, refuse, type Result } from '../result'
import { transactionSql } from '../transactionSql'
import { withTransaction } from '../withTransaction'

/** How long a started Pay Now payment blocks a second one for the same invoice. */
export const PAY_NOW_ATTEMPT_MINUTES = 15

export type PayNowStart = { action: string; fields: Record<string, string>; reference: string; amountCents: number }

/**
 * Starts a Pay Now payment of what an open invoice still owes: records the attempt (a new
 * reference each time) and returns the form the browser posts to NetCash. The customer's own
 * invoice only; nothing owed, or Pay Now not configured, is refused.
 */
export async function startPayNow(req: PayloadRequest, input: { customerId: number; invoiceId: number; email?: string | null }): Promise<Result<PayNowStart, 'UNKNOWN_INVOICE' | 'NOTHING_OWED' | 'NOT_CONFIGURED' | 'PAYMENT_IN_PROGRESS' | 'DEBIT_IN_PROGRESS'>> {
  const cfg = getConfig().netcash
  if (!cfg.enabled || !cfg.payNowKey) return refuse('NOT_CONFIGURED', 'Paying online is not available at the moment')
  return withTransaction(req, async (tx) => {
    const db = await transactionSql(tx)
    const found = await db.execute(sql`
      SELECT id, invoice_number, amount_due_cents, status FROM invoices
       WHERE id = ${input.invoiceId} AND customer_id = ${input.customerId} AND kind <> 'credit_note' FOR UPDATE`)
    const invoice = found.rows[0] as { id: number; invoice_number: string; amount_due_cents: string; status: string } | undefined
    if (!invoice) return refuse('UNKNOWN_INVOICE', 'No such invoice', 'id')
    const amountCents = Number(invoice.amount_due_cents)
    if (!['unpaid', 'partially_paid', 'overdue'].includes(invoice.status) || amountCents <= 0) return refuse('NOTHING_OWED', 'This invoice has nothing left to pay', 'id')
    // One attempt at a time: a second tab or the back button must not let the customer pay twice.
    const live = await db.execute(sql`
      SELECT 1 FROM pay_now_requests WHERE invoice_id = ${invoice.id} AND status = 'started' AND created_at > now() - make_interval(mins => ${PAY_NOW_ATTEMPT_MINUTES})`)
    if (live.rows.length > 0) return refuse('PAYMENT_IN_PROGRESS', `A payment of this invoice was started in the last ${PAY_NOW_ATTEMPT_MINUTES} minutes: finish it at NetCash, or try again later`, 'id')
    // A debit order for it on its way to the bank: paying now as well would pay twice.
    const debit = await db.execute(sql`
      SELECT action_date FROM payment_transactions WHERE invoice_id = ${invoice.id} AND debit_batch_id IS NOT NULL AND status IN ('pending', 'submitted') LIMIT 1`)
    if (debit.rows.length > 0) {
      const on = sastDateOf(debit.rows[0]!.action_date as string)
      return refuse('DEBIT_IN_PROGRESS', `Your debit order collects this invoice on ${formatDate(on)}: paying now as well would pay it twice`, 'id')
    }
    const reference = `PN${invoice.id}-${randomBytes(5).toString('hex').toUpperCase()}`
    await tx.payload.create({
      collection: 'pay-now-requests',
      data: { reference, customer: input.customerId, invoice: invoice.id, amountCents, status: 'started' },
      overrideAccess: true,
      depth: 0,
      req: tx,
    })
    const fields = payNowForm({ payNowKey: cfg.payNowKey!, vendorKey: cfg.vendorKey }, { reference, description: `Invoice ${invoice.invoice_number}`, amountCents, email: input.email, extra1: `invoice:${invoice.id}` })
    return ok({ action: cfg.payNowUrl, fields, reference, amountCents })
  })
}

/**
 * Acts on a Pay Now notify, on the caller's transaction (the postback's): believed only for a
 * request we started, still `started`, for the amount we asked; an accepted one records the
 * payment against its invoice (`paynow:<reference>`, unique, so once) and queues
 * `payment_received`; a declined one marks the request. Returns what it did, for the postback row.
 */
export async function applyPayNowNotify(req: PayloadRequest, notify: PayNowNotify, now: Date): Promise<{ status: 'processed' | 'ignored'; outcome: string }> {
  const db = await transactionSql(req)
  const found = await db.execute(sql`SELECT id, customer_id, invoice_id, amount_cents, status FROM pay_now_requests WHERE reference = ${notify.reference} FOR UPDATE`)
  const request = found.rows[0] as { id: number; customer_id: number; invoice_id: number; amount_cents: string; status: string } | undefined
  if (!request) return { status: 'ignored', outcome: `No Pay Now payment was started with reference ${notify.reference}` }
  // Paid is final. A decline is not: notifies can arrive out of order, or the customer tries again
  // on the same page, and money NetCash took must be recorded whatever was said before.
  if (request.status === 'paid' || (request.status === 'declined' && !notify.accepted)) {
    return { status: 'ignored', outcome: `The Pay Now payment ${notify.reference} was already ${request.status}` }
  }
  if (notify.amountCents !== Number(request.amount_cents)) return { status: 'ignored', outcome: `The amount (${notify.amountCents} cents) is not what we asked for (${request.amount_cents} cents)` }
  if (!notify.accepted) {
    await req.payload.update({ collection: 'pay-now-requests', id: Number(request.id), data: { status: 'declined', decidedAt: now.toISOString(), declineReason: (notify.reason || 'Declined').slice(0, 300) }, overrideAccess: true, depth: 0, req })
    return { status: 'processed', outcome: `Pay Now ${notify.reference} declined` }
  }
  const paid = await recordPayment(req, {
    customerId: Number(request.customer_id),
    amountCents: notify.amountCents,
    transactionId: `paynow:${notify.reference}`,
    invoiceId: Number(request.invoice_id),
    gatewayReference: notify.requestTrace || undefined,
    receivedAt: now,
  })
  if (!paid.ok) {
    // Money NetCash took that we could not record: staff must see it (the postback row says why).
    req.payload.logger.error({ reference: notify.reference, code: paid.code }, 'Pay Now: an accepted payment could not be recorded')
    return { status: 'ignored', outcome: `ACCEPTED BUT NOT RECORDED: ${paid.message}` }
  }
  await req.payload.update({ collection: 'pay-now-requests', id: Number(request.id), data: { status: 'paid', decidedAt: now.toISOString(), payment: paid.value.transaction.id }, overrideAccess: true, depth: 0, req })
  const balance = await db.execute(sql`SELECT balance_cents FROM billing_accounts WHERE customer_id = ${request.customer_id}`)
  await queueNotification(req, {
    customerId: Number(request.customer_id),
    template: 'payment_received',
    eventKey: `payment:${paid.value.transaction.id}`,
    invoiceId: Number(request.invoice_id),
    params: { amountCents: notify.amountCents, paymentDate: sastDateOf(now), reference: notify.reference, balanceCents: Number((balance.rows[0] as { balance_cents: string } | undefined)?.balance_cents ?? 0) },
  })
  return { status: 'processed', outcome: `Pay Now ${notify.reference} paid: payment ${paid.value.transaction.id}` }
}
