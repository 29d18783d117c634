import { z } from 'zod'

/** The endpoints a rule can be limited to, as the request log names them. */
export const endpoints = ['token', 'usage', 'subscriber', 'status', 'list'] as const
export type Endpoint = (typeof endpoints)[number]

export const modes = ['rate_limited', 'server_error', 'slow', 'malformed', 'garbage', 'partial', 'expire_token', 'drop_connection'] as const

export const interstellioRuleSchema = z
  .object({
    mode: z.enum(modes),
    endpoint: z.enum(endpoints).optional(),
    subscriberId: z.string().min(1).max(64).optional(),
    times: z.number().int().positive().optional(),
    latencyMs: z.number().int().min(0).max(120_000).optional(),
    retryAfterSeconds: z.number().int().min(0).max(86_400).optional(),
    status: z.number().int().min(500).max(599).optional(),
  })
  .strict()

export type InterstellioRule = z.infer<typeof interstellioRuleSchema>

/** A rule without `endpoint` or `subscriberId` matches every request on that side. */
export const ruleMatches = (rule: InterstellioRule, endpoint: Endpoint, subscriberId: string | null) =>
  (rule.endpoint === undefined || rule.endpoint === endpoint) && (rule.subscriberId === undefined || rule.subscriberId === subscriberId)
