import type { Payload, PayloadRequest } from 'payload'

import { maskedDebitOrderName, validateBankDetails, type BankDetails } from '../../domain/bankAccounts'
import type { PaymentMethod } from '../../payload-types'
import { lockAccount } from '../billing/ledger'
import { ok, refuse, type Result } from '../result'
import { withTransaction } from '../withTransaction'
import { storePaymentDetails, type CardDetails } from './paymentDetails'
import { makePrimary } from './setPrimaryPaymentMethod'

export type AddPaymentMethodInput =
  | { customerId: number; type: 'debit_order'; bank: BankDetails; primary?: boolean }
  | { customerId: number; type: 'card'; card: CardDetails; primary?: boolean }
  | { customerId: number; type: 'eft'; primary?: boolean }

type Code = 'INVALID_BANK_DETAILS' | 'INVALID_CARD' | 'UNKNOWN_CUSTOMER'

/**
 * Adds a payment method: validates it, stores only the masked form in readable fields and the
 * details encrypted (bound to the new record), and makes it primary when asked or when it is the
 * customer's first. A debit order waits for its NetCash mandate (`pending`). One transaction.
 */
export async function addPaymentMethod(on: Payload | PayloadRequest, input: AddPaymentMethodInput): Promise<Result<PaymentMethod, Code>> {
  let displayName: string
  let lastFour: string | undefined
  let details: Parameters<typeof storePaymentDetails>[3] | undefined
  if (input.type === 'debit_order') {
    const checked = validateBankDetails(input.bank)
    if (!checked.ok) return refuse('INVALID_BANK_DETAILS', checked.problems.map((p) => p.message).join('; '), `bank.${checked.problems[0].field}`)
    displayName = maskedDebitOrderName(checked.bank, checked.value.accountNumber)
    lastFour = checked.value.accountNumber.slice(-4)
    details = { kind: 'bank', bank: checked.value }
  } else if (input.type === 'card') {
    const c = input.card
    const validCard =
      typeof c?.gatewayToken === 'string' && c.gatewayToken.length >= 8 && /^\d{4}$/.test(c.lastFour ?? '') &&
      Number.isInteger(c.expiryMonth) && c.expiryMonth >= 1 && c.expiryMonth <= 12 && Number.isInteger(c.expiryYear) && c.expiryYear >= 2000
    if (!validCard) return refuse('INVALID_CARD', 'A card is a gateway token with brand, last four digits and expiry (never a card number)', 'card')
    displayName = `${c.brand} ***${c.lastFour}`
    lastFour = c.lastFour
    details = { kind: 'card', card: c }
  } else {
    displayName = 'EFT (bank transfer)'
  }

  return withTransaction(on, async (req) => {
    const account = await req.payload.find({ collection: 'billing-accounts', where: { customer: { equals: input.customerId } }, limit: 1, depth: 0, req })
    if (account.totalDocs === 0) return refuse('UNKNOWN_CUSTOMER', `No customer ${input.customerId}`, 'customerId')
    await lockAccount(req, input.customerId)
    const method = await req.payload.create({
      collection: 'payment-methods',
      data: {
        customer: input.customerId,
        type: input.type,
        displayName,
        lastFour,
        mandateStatus: input.type === 'debit_order' ? 'pending' : undefined,
        isPrimary: false,
        isActive: true,
      },
      req,
      overrideAccess: true,
      depth: 0,
    })
    if (details) await storePaymentDetails(req, method.id, input.customerId, details)
    // The mandate is asked of NetCash by a job queued here, so it happens only if this commits
    // (the caller may also ask at once after the commit: the job then finds it done).
    if (input.type === 'debit_order') await req.payload.jobs.queue({ task: 'requestMandate', queue: 'default', input: { paymentMethodId: method.id }, req })
    const others = await req.payload.count({ collection: 'payment-methods', where: { and: [{ customer: { equals: input.customerId } }, { isActive: { equals: true } }, { id: { not_equals: method.id } }] }, req })
    if (input.primary || others.totalDocs === 0) return ok(await makePrimary(req, input.customerId, method.id))
    return ok(method)
  })
}
