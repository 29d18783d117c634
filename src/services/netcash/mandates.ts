import type { Payload } from 'payload'

import { nextMonth, sastDateOf } from '../../domain/calendarDate'
import { mandateLimitCents } from '../../domain/mandates'
import type { NetcashClient, NetcashError } from '../../integrations/netcash'
import { poolOf } from '../pool'

export type MandateOutcome =
  | { outcome: 'requested'; mandateUrl: string }
  | { outcome: 'already_requested'; mandateUrl: string | null }
  | { outcome: 'not_applicable'; why: string }
  | { outcome: 'refused'; error: NetcashError }
  | { outcome: 'failed'; error: NetcashError }

/** `PM-<method id>`: one agreement per payment method, so asking NetCash again is the same mandate. */
export const agreementReferenceOf = (methodId: number) => `PM-${methodId}`

/**
 * The account reference NetCash files the mandate (and, later, its debits) under: the customer's
 * account number and the payment method, `CT-2026-00001-17`, so a postback names one mandate even
 * when a customer has two debit orders waiting. Within the 22 characters every source allows.
 */
export const mandateAccountReferenceOf = (accountNumber: string, methodId: number) => `${accountNumber}-${methodId}`.slice(0, 22)

/**
 * Asks NetCash for the mandate of a debit-order payment method still `pending` and not yet
 * asked for (`AddMandate`), and keeps the signing link for the customer. Safe to call twice, or
 * from the job and the request at once: NetCash keys the mandate by our agreement reference, and
 * the link is stored only where none is. What it asks for is kept on the method (account
 * reference, limit), because a postback is only believed when it matches; the account reference
 * is the method's own (mandateAccountReferenceOf). The limit is mandateLimitCents; the debit
 * day is the billing day of the customer's first live service (their invoices fall due then).
 * Bank details are not sent: the account holder gives them on NetCash's page.
 */
export async function requestMandate(payload: Payload, client: NetcashClient, methodId: number, now: Date = new Date()): Promise<MandateOutcome> {
  const pool = poolOf(payload)
  const { rows } = await pool.query(
    `SELECT m.id, m.type, m.mandate_status, m.mandate_url, m.mandate_requested_at, m.is_active, c.account_number, c.display_name, c.first_name, c.last_name, c.mobile, c.account_type,
            (SELECT coalesce(sum(s.monthly_price_cents), 0) FROM services s WHERE s.customer_id = c.id AND s.status IN ('active', 'pending', 'suspended')) AS monthly_cents,
            (SELECT s.billing_day FROM services s WHERE s.customer_id = c.id AND s.status IN ('active', 'pending', 'suspended') ORDER BY s.id LIMIT 1) AS billing_day
       FROM payment_methods m JOIN customers c ON c.id = m.customer_id WHERE m.id = $1`,
    [methodId],
  )
  const m = rows[0]
  if (!m) return { outcome: 'not_applicable', why: 'no such payment method' }
  if (m.type !== 'debit_order' || !m.is_active) return { outcome: 'not_applicable', why: 'not an active debit order' }
  if (m.mandate_status !== 'pending') return { outcome: 'not_applicable', why: `the mandate is ${m.mandate_status}` }
  if (m.mandate_url) return { outcome: 'already_requested', mandateUrl: String(m.mandate_url) }
  const limit = mandateLimitCents(Number(m.monthly_cents))
  const today = sastDateOf(now)
  const commencement = nextMonth(Number(today.slice(0, 4)), Number(today.slice(5, 7)))
  const accountReference = mandateAccountReferenceOf(String(m.account_number), methodId)
  const result = await client.addMandate({
    accountReference,
    mandateName: String(m.display_name),
    mandateAmountCents: limit,
    isConsumer: m.account_type !== 'business',
    firstName: String(m.first_name),
    surname: String(m.last_name),
    mobileNumber: String(m.mobile ?? ''),
    debitDay: String(m.billing_day ?? 1).padStart(2, '0'),
    commencementMonth: commencement.month,
    agreementDate: today,
    agreementReference: agreementReferenceOf(methodId),
  })
  if (!result.ok) {
    if (result.error.vendorDown) return { outcome: 'failed', error: result.error }
    // NetCash refused what we sent (a missing mobile number, say): staff see why; asking again changes nothing.
    await pool.query(`UPDATE payment_methods SET mandate_error = $2 WHERE id = $1 AND mandate_url IS NULL`, [methodId, result.error.message.slice(0, 500)])
    return { outcome: 'refused', error: result.error }
  }
  await pool.query(
    `UPDATE payment_methods SET mandate_url = $2, mandate_agreement_reference = $3, mandate_account_reference = $4, mandate_amount_cents = $5, mandate_requested_at = $6, mandate_error = NULL
      WHERE id = $1 AND mandate_url IS NULL AND mandate_status = 'pending'`,
    [methodId, result.value.mandateUrl, agreementReferenceOf(methodId), accountReference, limit, now.toISOString()],
  )
  return { outcome: 'requested', mandateUrl: result.value.mandateUrl }
}
