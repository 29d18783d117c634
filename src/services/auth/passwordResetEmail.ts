import type { PayloadRequest } from 'payload'

import { normalisedEmail } from '../../domain/email'
import { RESET_JOB_CONTEXT } from '../../hooks/passwordResetByJob'
import { getConfig } from '../../lib/config'

export type ResetCollection = 'users' | 'customers'

/** Where a reset link takes a person: staff to the admin panel's own page, customers to the portal. */
export function resetLink(collection: ResetCollection, token: string): string {
  const base = getConfig().serverUrl
  return collection === 'users' ? `${base}/admin/reset/${token}` : `${base}/portal/reset-password/${token}`
}

/**
 * Sets a fresh reset token on the account with this email, if there is one, and emails the link.
 * Run by a job (queued by every forgot-password request, whoever the email belongs to), so the
 * request does the same work either way, a mail server that is down delays the email instead of
 * failing the request, and the job retries. Each run sets a new token: only the newest link works.
 */
export async function sendPasswordResetEmail(
  req: PayloadRequest,
  args: { collection: ResetCollection; email: string; now: Date },
): Promise<'sent' | 'no such account'> {
  const token = await req.payload.forgotPassword({
    collection: args.collection,
    data: { email: args.email },
    disableEmail: true,
    context: { [RESET_JOB_CONTEXT]: true },
    req,
  })
  if (!token) return 'no such account'
  const link = resetLink(args.collection, token)
  await req.payload.sendEmail({
    to: normalisedEmail(args.email),
    subject: `Reset your ${getConfig().company.name} password`,
    text: `Someone asked to reset the password of this account. To choose a new one, open:\n\n${link}\n\nThe link works for one hour. If you did not ask, ignore this email: your password stays as it is.`,
    html: `<p>Someone asked to reset the password of this account. To choose a new one, open:</p><p><a href="${link}">${link}</a></p><p>The link works for one hour. If you did not ask, ignore this email: your password stays as it is.</p>`,
  })
  return 'sent'
}
