import type { PayloadRequest } from 'payload'

import { getConfig } from '../../lib/config'

export type ResetCollection = 'users' | 'customers'

/** Where a reset link takes a person: staff to the admin panel's own page, customers to the portal. */
export function resetLink(collection: ResetCollection, token: string): string {
  const base = getConfig().serverUrl
  return collection === 'users' ? `${base}/admin/reset/${token}` : `${base}/portal/reset-password/${token}`
}

/**
 * Sends the password-reset email for an account's current token. Run by a job (queued by the
 * forgot-password request), so a mail server that is down delays the email instead of failing
 * the request, and the job retries. The token is read when sending: a second request in between
 * rotated it, and only the newest one works. An expired or used token sends nothing.
 */
export async function sendPasswordResetEmail(req: PayloadRequest, args: { collection: ResetCollection; userId: number; now: Date }): Promise<'sent' | 'nothing to send'> {
  const user = (await req.payload.findByID({
    collection: args.collection,
    id: args.userId,
    depth: 0,
    showHiddenFields: true,
    overrideAccess: true,
    disableErrors: true,
    req,
  })) as { email?: string; resetPasswordToken?: string | null; resetPasswordExpiration?: string | null } | null
  const token = user?.resetPasswordToken
  const expires = user?.resetPasswordExpiration ? Date.parse(user.resetPasswordExpiration) : 0
  if (!user?.email || !token || expires <= args.now.getTime()) return 'nothing to send'
  const link = resetLink(args.collection, token)
  await req.payload.sendEmail({
    to: user.email,
    subject: `Reset your ${getConfig().company.name} password`,
    text: `Someone asked to reset the password of this account. To choose a new one, open:\n\n${link}\n\nThe link works for one hour. If you did not ask, ignore this email: your password stays as it is.`,
    html: `<p>Someone asked to reset the password of this account. To choose a new one, open:</p><p><a href="${link}">${link}</a></p><p>The link works for one hour. If you did not ask, ignore this email: your password stays as it is.</p>`,
  })
  return 'sent'
}
