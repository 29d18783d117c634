import { z } from 'zod'

/** NetCash Pay Now: the form our portal posts the customer's browser to, and the notify postback it sends us. */

export type PayNowRequest = {
  /** Unique per attempt (p2): NetCash refuses a reference it has seen. */
  reference: string
  description: string
  amountCents: number
  email?: string | null
  /** Carried back in the notify as Extra1: what the payment is for (`invoice:415`). */
  extra1: string
}

/** Rand with two decimals, the form Pay Now's p4 and its notify's Amount use: the one conversion, both ways. */
export const centsToRand = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`
export function randToCents(text: string): number | null {
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.trim())
  if (!m) return null
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'))
}

/** The fields of the form (m1 service key, m2 vendor key, p2 reference, p3 description, p4 amount, m9 email, m4 extra 1). */
export function payNowForm(keys: { payNowKey: string; vendorKey: string }, r: PayNowRequest): Record<string, string> {
  return {
    m1: keys.payNowKey,
    m2: keys.vendorKey,
    p2: r.reference,
    p3: r.description.slice(0, 50),
    p4: centsToRand(r.amountCents),
    ...(r.email ? { m9: r.email } : {}),
    m4: r.extra1,
  }
}

/** The notify's fields (exported for the API documentation). */
export const payNowNotifyFields = z.object({
  TransactionAccepted: z.enum(['true', 'false']),
  Reason: z.string().max(500).optional().default(''),
  Reference: z.string().min(1).max(50),
  Amount: z.string().max(20),
  Method: z.string().max(10).optional().default(''),
  RequestTrace: z.string().max(100).optional().default(''),
  Extra1: z.string().max(100).optional().default(''),
  Extra2: z.string().max(100).optional().default(''),
  Extra3: z.string().max(100).optional().default(''),
})

export type PayNowNotify = { accepted: boolean; reason: string; reference: string; amountCents: number; method: string; requestTrace: string; extra1: string }

/** The notify postback's form fields read strictly: anything else (or an amount not in rand) is refused. */
export function readPayNowNotify(form: URLSearchParams | Record<string, string>): { ok: true; value: PayNowNotify } | { ok: false; error: string } {
  const fields = form instanceof URLSearchParams ? Object.fromEntries(form) : form
  const parsed = payNowNotifyFields.safeParse(fields)
  if (!parsed.success) return { ok: false, error: `Not a Pay Now notify: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}` }
  const amountCents = randToCents(parsed.data.Amount)
  if (amountCents === null) return { ok: false, error: 'Not a Pay Now notify: Amount is not rand' }
  const d = parsed.data
  return { ok: true, value: { accepted: d.TransactionAccepted === 'true', reason: d.Reason, reference: d.Reference, amountCents, method: d.Method, requestTrace: d.RequestTrace, extra1: d.Extra1 } }
}

/** The mandate postback's fields (exported for the API documentation). */
export const mandatePostbackFields = z.object({
  MandateSuccessful: z.enum(['0', '1']),
  IsDeclined: z.enum(['0', '1']).optional(),
  ReasonForDecline: z.string().max(500).optional().default(''),
  AccountRef: z.string().min(1).max(25),
  MandateReferenceNumber: z.string().max(50).optional().default(''),
  DebitDay: z.string().max(4).optional().default(''),
  MandateAmount: z.string().max(20).optional(),
  BankAccountNo: z.string().max(30).optional().default(''),
  MandatePDFLink: z.string().max(500).optional().default(''),
})

export type MandatePostback = { successful: boolean; reasonForDecline: string; accountReference: string; mandateReference: string; debitDay: string; mandateAmountCents: number | null }

/** The mandate postback read strictly. The masked account number and PDF link are not kept. */
export function readMandatePostback(form: URLSearchParams | Record<string, string>): { ok: true; value: MandatePostback } | { ok: false; error: string } {
  const fields = form instanceof URLSearchParams ? Object.fromEntries(form) : form
  const parsed = mandatePostbackFields.safeParse(fields)
  if (!parsed.success) return { ok: false, error: `Not a mandate postback: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}` }
  const d = parsed.data
  const amount = d.MandateAmount === undefined ? null : randToCents(d.MandateAmount)
  return {
    ok: true,
    value: { successful: d.MandateSuccessful === '1' && d.IsDeclined !== '1', reasonForDecline: d.ReasonForDecline, accountReference: d.AccountRef, mandateReference: d.MandateReferenceNumber, debitDay: d.DebitDay, mandateAmountCents: amount },
  }
}
