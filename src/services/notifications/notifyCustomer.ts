import { createLocalReq, type Payload } from 'payload'
import { sql } from 'drizzle-orm'

import { normaliseSaMobile } from '../../domain/mobileNumber'
import { renderNotification, TemplateParamsError, type NotificationTemplateName, type RenderedNotification } from '../../domain/notifications'
import { getConfig } from '../../lib/config'
import { transactionSql } from '../transactionSql'
import { brandFromConfig, sendEmail, smsSender } from './senders'
import { loadRecipient, templateParams, type NotificationRefs } from './templateParams'

/** Sends of one message before it is marked failed (each send is itself retried by its client). */
export const MAX_SEND_ATTEMPTS = 5

export type NotifyOutcome =
  | { kind: 'no_customer' }
  | { kind: 'invalid_params'; message: string }
  | { kind: 'notified'; rows: DeliveryOutcome[]; retryLater: number }

export type DeliveryOutcome = { notificationId: number; channel: 'sms' | 'email'; result: 'sent' | 'failed' | 'retry' | 'already_done' | 'in_progress' }

type Row = { id: number; channel: 'sms' | 'email'; recipient: string; status: string; attempts: number; claimed_at: string | null }

/**
 * Tells a customer about an event, on the channels their preferences allow (SMS to their mobile,
 * email to their address). Writes one `notifications` row per channel, unique per (event,
 * template, channel), then sends every row of the event not yet sent. Run by the
 * `notifyCustomer` job, after the operation that caused it has committed: a notification that
 * fails never undoes that operation. Running it again (a retried job, a duplicate) sends nothing
 * twice: rows already sent are left alone, and a row whose send was interrupted by a crash is
 * marked failed ("not resent") once its claim is older than any send can take
 * (JOBS_STALE_MINUTES), rather than risk a person getting it twice; until then the job retries.
 */
export async function notifyCustomer(
  payload: Payload,
  args: { customerId: number; template: NotificationTemplateName; eventKey: string; refs: NotificationRefs; now: Date },
): Promise<NotifyOutcome> {
  const who = await loadRecipient(payload, args.customerId)
  if (!who) return { kind: 'no_customer' }
  let rendered: RenderedNotification
  try {
    const params = await templateParams(payload, args.template, who, args.refs, args.now)
    rendered = renderNotification(args.template, params as never, brandFromConfig())
  } catch (err) {
    if (err instanceof TemplateParamsError) return { kind: 'invalid_params', message: err.message }
    throw err
  }

  const db = await transactionSql(await createLocalReq({}, payload))
  const mobile = who.mobile ? normaliseSaMobile(who.mobile) : null
  const wanted: Array<{ channel: 'sms' | 'email'; recipient: string; content: string }> = []
  const allowed = (c: 'sms' | 'email') => !args.refs.channels || args.refs.channels.includes(c)
  if (allowed('sms') && who.notifyBySms && mobile && getConfig().clickatell.enabled) wanted.push({ channel: 'sms', recipient: mobile, content: rendered.sms })
  if (allowed('email') && who.notifyByEmail && who.email) wanted.push({ channel: 'email', recipient: who.email, content: rendered.email.subject })
  for (const w of wanted) {
    await db.execute(sql`
      INSERT INTO notifications (customer_id, channel, template, event_key, recipient, content, status, attempts, updated_at, created_at)
      VALUES (${args.customerId}, ${w.channel}, ${args.template}, ${args.eventKey}, ${w.recipient}, ${w.content}, 'queued', 0, now(), now())
      ON CONFLICT (event_key, template, channel) DO NOTHING`)
  }
  const { rows } = await db.execute(sql`
    SELECT id, channel, recipient, status, attempts, claimed_at FROM notifications
    WHERE event_key = ${args.eventKey} AND template = ${args.template} ORDER BY id`)
  const outcomes: DeliveryOutcome[] = []
  for (const row of rows as unknown as Row[]) {
    // A retry after the customer turned a channel off (or SMS was switched off) sends nothing there.
    if (row.status === 'queued' && !wanted.some((w) => w.channel === row.channel)) {
      await db.execute(sql`
        UPDATE notifications SET status = 'failed', error = 'Not sent: the customer no longer receives this channel', updated_at = now()
        WHERE id = ${row.id} AND status = 'queued' AND claimed_at IS NULL`)
      outcomes.push({ notificationId: row.id, channel: row.channel, result: 'failed' })
      continue
    }
    outcomes.push(await deliver(payload, row, rendered))
  }
  // A row another attempt still holds is settled on a later try: sent by it, or failed once its lease is up.
  return { kind: 'notified', rows: outcomes, retryLater: outcomes.filter((o) => o.result === 'retry' || o.result === 'in_progress').length }
}

async function deliver(payload: Payload, row: Row, rendered: RenderedNotification): Promise<DeliveryOutcome> {
  const done = (result: DeliveryOutcome['result']): DeliveryOutcome => ({ notificationId: row.id, channel: row.channel, result })
  if (row.status !== 'queued') return done('already_done')
  const db = await transactionSql(await createLocalReq({}, payload))
  const claimed = await db.execute(sql`
    UPDATE notifications SET claimed_at = now(), attempts = attempts + 1, updated_at = now()
    WHERE id = ${row.id} AND status = 'queued' AND claimed_at IS NULL RETURNING attempts`)
  if (claimed.rows.length === 0) {
    // Claimed and never finished: the sender died mid-send, so whether it went out is unknown.
    const lease = `${getConfig().jobs.staleMinutes} minutes`
    const abandoned = await db.execute(sql`
      UPDATE notifications SET status = 'failed', claimed_at = NULL, updated_at = now(),
        error = 'Interrupted while sending; not resent, so nobody gets it twice'
      WHERE id = ${row.id} AND status = 'queued' AND claimed_at < now() - ${lease}::interval RETURNING id`)
    return done(abandoned.rows.length > 0 ? 'failed' : 'in_progress')
  }
  const attempts = Number(claimed.rows[0].attempts)

  let outcome: { ok: true; providerId: string } | { ok: false; retryable: boolean; message: string }
  if (row.channel === 'sms') {
    const [result] = await smsSender().send([{ clientMessageId: `notification-${row.id}`, to: row.recipient, content: rendered.sms }])
    outcome = result.outcome === 'accepted' ? { ok: true, providerId: result.apiMessageId } : { ok: false, retryable: result.retryable, message: result.message }
  } else {
    const sent = await sendEmail(payload, { to: row.recipient, ...rendered.email })
    outcome = sent.ok ? { ok: true, providerId: sent.messageId } : sent
  }

  if (outcome.ok) {
    await db.execute(sql`
      UPDATE notifications SET provider_message_id = ${outcome.providerId}, sent_at = now(), claimed_at = NULL, error = NULL, updated_at = now(),
        status = CASE WHEN status = 'queued' THEN 'sent'::enum_notifications_status ELSE status END
      WHERE id = ${row.id}`)
    return done('sent')
  }
  const final = !outcome.retryable || attempts >= MAX_SEND_ATTEMPTS
  await db.execute(sql`
    UPDATE notifications SET status = ${final ? 'failed' : 'queued'}, error = ${outcome.message}, claimed_at = NULL, updated_at = now()
    WHERE id = ${row.id} AND status = 'queued'`)
  payload.logger.warn(`notification ${row.id} (${row.channel}) ${final ? 'failed' : 'will be retried'}: ${outcome.message}`)
  return done(final ? 'failed' : 'retry')
}
