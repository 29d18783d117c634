import { z } from 'zod'

export const OPERATIONS = ['AddMandate', 'BatchFileUpload', 'RequestFileUploadReport', 'RetrieveUnpaids'] as const

/** Modes that decide a SOAP answer; the first matching one applies. */
export const soapModes = ['server_error', 'slow', 'garbage'] as const
/** Modes that act on the postbacks we send (mandate results, Pay Now notifies). */
export const postbackModes = ['duplicate_postback', 'delay_postback', 'drop_postback'] as const

export const netcashRuleSchema = z
  .object({
    mode: z.enum([...soapModes, ...postbackModes]),
    operation: z.enum(OPERATIONS).optional(),
    kind: z.enum(['mandate', 'paynow']).optional(),
    times: z.number().int().positive().optional(),
    latencyMs: z.number().int().min(0).max(120_000).optional(),
    delayMs: z.number().int().min(0).max(600_000).optional(),
    status: z.number().int().min(500).max(599).optional(),
  })
  .strict()

export type NetcashRule = z.infer<typeof netcashRuleSchema>
export const isSoapRule = (r: NetcashRule) => (soapModes as readonly string[]).includes(r.mode)
