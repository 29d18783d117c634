import { createHash } from 'node:crypto'

import type { Payload } from 'payload'
import { sql } from 'drizzle-orm'

import { readMandatePostback, readPayNowNotify } from '../../integrations/netcash/payNow'
import { queueNotification } from '../outbox'
import { applyPayNowNotify } from './payNow'
import { transactionSql } from '../transactionSql'
import { withTransaction } from '../withTransaction'

export type PostbackKind = 'mandate' | 'paynow'

/** Fields never kept: the masked account number and links are no use to us and not ours to hold. */
const DROPPED_FIELDS = new Set(['BankAccountNo', 'MandatePDFLink'])

/** The same delivery twice is one fingerprint: kind and fields, in a fixed order. */
export function postbackFingerprint(kind: PostbackKind, fields: Record<string, string>): string {
  const canonical = Object.keys(fields).sort().map((k) => [k, fields[k]])
  return createHash('sha256').update(kind).update('\0').update(JSON.stringify(canonical)).digest('hex')
}

/**
 * Stores a postback and queues its processing, in one transaction, and nothing else: the webhook
 * answers NetCash at once and a job acts on it. A repeat delivery (same fields) only counts up on
 * the row already there and queues nothing.
 */
export async function recordNetcashPostback(payload: Payload, kind: PostbackKind, reference: string, fields: Record<string, string>): Promise<{ postbackId: number; duplicate: boolean }> {
  const kept = Object.fromEntries(Object.entries(fields).filter(([k]) => !DROPPED_FIELDS.has(k)))
  return withTransaction(payload, async (req) => {
    const db = await transactionSql(req)
    const { rows } = await db.execute(sql`
      INSERT INTO netcash_postbacks (kind, reference, fingerprint, fields, status, received_count, updated_at, created_at)
      VALUES (${kind}, ${reference.slice(0, 100)}, ${postbackFingerprint(kind, fields)}, ${JSON.stringify(kept)}::jsonb, 'received', 1, now(), now())
      ON CONFLICT (fingerprint) DO UPDATE SET received_count = netcash_postbacks.received_count + 1, updated_at = now()
      RETURNING id, (xmax = 0) AS inserted`)
    const row = rows[0] as { id: number; inserted: boolean }
    if (row.inserted) await req.payload.jobs.queue({ task: 'processNetcashPostback', queue: 'default', input: { postbackId: Number(row.id) }, req })
    return { postbackId: Number(row.id), duplicate: !row.inserted }
  })
}

export type PostbackOutcome = { status: 'processed' | 'ignored' | 'already_done'; outcome: string }

/**
 * Acts on a stored postback once: under its row lock, only while it is still `received`. A
 * mandate result is believed only for a debit order whose mandate we asked for under that
 * account reference and that is still pending, and only when its amount is the limit we asked
 * for; anything else is ignored with the reason, and changes nothing.
 */
export async function processNetcashPostback(payload: Payload, postbackId: number, now: Date = new Date()): Promise<PostbackOutcome> {
  return withTransaction(payload, async (req) => {
    const db = await transactionSql(req)
    const found = await db.execute(sql`SELECT id, kind, status, fields FROM netcash_postbacks WHERE id = ${postbackId} FOR UPDATE`)
    const postback = found.rows[0] as { id: number; kind: PostbackKind; status: string; fields: Record<string, string> } | undefined
    if (!postback) return { status: 'already_done', outcome: 'no such postback' }
    if (postback.status !== 'received') return { status: 'already_done', outcome: `already ${postback.status}` }
    const finish = async (status: 'processed' | 'ignored', outcome: string): Promise<PostbackOutcome> => {
      await db.execute(sql`UPDATE netcash_postbacks SET status = ${status}, outcome = ${outcome}, processed_at = ${now.toISOString()}, updated_at = now() WHERE id = ${postbackId}`)
      return { status, outcome }
    }
    if (postback.kind === 'paynow') {
      const notify = readPayNowNotify(postback.fields)
      if (!notify.ok) return finish('ignored', notify.error)
      const applied = await applyPayNowNotify(req, notify.value, now)
      return finish(applied.status, applied.outcome)
    }

    const read = readMandatePostback(postback.fields)
    if (!read.ok) return finish('ignored', read.error)
    const p = read.value
    const methods = await db.execute(sql`
      SELECT m.id, m.customer_id, m.display_name, m.mandate_amount_cents FROM payment_methods m
       WHERE m.mandate_account_reference = ${p.accountReference} AND m.type = 'debit_order' AND m.is_active AND m.mandate_status = 'pending' AND m.mandate_url IS NOT NULL
       ORDER BY m.mandate_requested_at DESC, m.id DESC LIMIT 1 FOR UPDATE`)
    const method = methods.rows[0] as { id: number; customer_id: number; display_name: string; mandate_amount_cents: string | null } | undefined
    if (!method) return finish('ignored', `No mandate awaiting a decision for account reference ${p.accountReference}`)
    if (p.mandateAmountCents !== null && method.mandate_amount_cents !== null && p.mandateAmountCents !== Number(method.mandate_amount_cents)) {
      return finish('ignored', `The amount (${p.mandateAmountCents} cents) is not the limit we asked for (${method.mandate_amount_cents} cents)`)
    }
    const methodId = Number(method.id)
    if (!p.successful) {
      await req.payload.update({
        collection: 'payment-methods',
        id: methodId,
        data: { mandateStatus: 'declined', mandateDecidedAt: now.toISOString(), mandateDeclineReason: (p.reasonForDecline || 'Declined').slice(0, 300), mandateUrl: null },
        overrideAccess: true,
        depth: 0,
        req,
      })
      return finish('processed', `Mandate declined for payment method ${methodId}`)
    }
    await req.payload.update({
      collection: 'payment-methods',
      id: methodId,
      data: { mandateStatus: 'active', mandateReference: p.mandateReference || null, mandateDecidedAt: now.toISOString(), mandateUrl: null },
      overrideAccess: true,
      depth: 0,
      req,
    })
    const debitDay = Number(p.debitDay)
    await queueNotification(req, {
      customerId: Number(method.customer_id),
      template: 'mandate_approved',
      eventKey: `mandate:${methodId}`,
      params: { bankAccountDisplay: method.display_name, debitDay: Number.isInteger(debitDay) && debitDay >= 1 && debitDay <= 31 ? debitDay : 1 },
    })
    return finish('processed', `Mandate signed for payment method ${methodId}`)
  })
}
