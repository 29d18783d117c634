import { z } from 'zod'

import { MSISDN } from './protocol'

/** Modes that decide the HTTP answer; only the first matching one applies. */
export const responseModes = ['slow', 'rate_limited', 'server_error', 'out_of_credit', 'malformed'] as const
/** Modes that act on the matching messages and their callbacks; all matching ones combine. */
export const messageModes = ['reject_number', 'undeliverable', 'drop_callbacks', 'duplicate_callbacks', 'reorder_callbacks'] as const

export const clickatellRuleSchema = z
  .object({
    mode: z.enum([...responseModes, ...messageModes]),
    to: z.string().regex(MSISDN, 'to must be an MSISDN without +, 11 to 15 digits').optional(),
    times: z.number().int().positive().optional(),
    latencyMs: z.number().int().min(0).max(120_000).optional(),
    retryAfterSeconds: z.number().int().min(0).max(86_400).optional(),
    status: z.number().int().min(500).max(599).optional(),
  })
  .strict()

export type ClickatellRule = z.infer<typeof clickatellRuleSchema>
export type ResponseMode = (typeof responseModes)[number]
export type MessageMode = (typeof messageModes)[number]

export const isResponseRule = (rule: ClickatellRule): rule is ClickatellRule & { mode: ResponseMode } => (responseModes as readonly string[]).includes(rule.mode)

/** A rule with `to` matches a request holding a message to that number; one without matches every request. */
export const ruleMatchesRequest = (rule: ClickatellRule, recipients: readonly string[]) => rule.to === undefined || recipients.includes(rule.to)

export const ruleMatchesMessage = (rule: ClickatellRule, to: string) => rule.to === undefined || rule.to === to

/** What the message-level rules do to one accepted message's callbacks. */
export type CallbackPlan = { undeliverable: boolean; drop: boolean; duplicate: boolean; reorder: boolean }

export function callbackPlanFor(to: string, rules: readonly ClickatellRule[]): CallbackPlan {
  const has = (mode: MessageMode) => rules.some((r) => r.mode === mode && ruleMatchesMessage(r, to))
  return { undeliverable: has('undeliverable'), drop: has('drop_callbacks'), duplicate: has('duplicate_callbacks'), reorder: has('reorder_callbacks') }
}
