import { z } from 'zod'

export const mailRuleSchema = z
  .object({
    mode: z.enum(['temporary_failure', 'permanent_failure', 'slow']),
    /** Only mail with this envelope recipient; without it, every mail. */
    to: z.string().trim().toLowerCase().includes('@', { message: 'to must be an email address' }).optional(),
    times: z.number().int().positive().optional(),
    latencyMs: z.number().int().min(0).max(120_000).optional(),
  })
  .strict()

export type MailRule = z.infer<typeof mailRuleSchema>

export const mailRuleMatches = (rule: MailRule, recipients: readonly string[]) => rule.to === undefined || recipients.includes(rule.to)

/** The SMTP answer to DATA that each failure mode gives. */
export const failureReplies = {
  temporary_failure: { responseCode: 451, message: '4.3.0 Temporary failure, try again later (simulated)' },
  permanent_failure: { responseCode: 550, message: '5.1.1 Mailbox unavailable (simulated)' },
} as const
