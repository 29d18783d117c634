import type { PayloadRequest } from 'payload'

import { ACCOUNT_CHANGE_SOURCE } from '../../domain/catalogue'
import { normaliseSaMobile } from '../../domain/mobileNumber'
import type { PreferencesResponse, ProfileResponse } from './contract'
import type { Customer } from '../../payload-types'
import { lockAccount } from '../billing/ledger'
import { canCollectFrom } from '../paymentMethods/autoPay'
import { ok, refuse, type Result } from '../result'
import { withTransaction } from '../withTransaction'

/** Changes made through the dashboard are recorded as made in the portal (src/hooks/recordAccountChanges.ts). */
function inThePortal(req: PayloadRequest): PayloadRequest {
  req.context = { ...req.context, [ACCOUNT_CHANGE_SOURCE]: 'portal' }
  return req
}

type PreferenceCode = 'AUTO_PAY_NEEDS_PAYMENT_METHOD' | 'NO_BILLING_ACCOUNT'

/**
 * Auto-pay and notification choices. Auto-pay needs something to collect with: a primary card,
 * or a primary debit order whose mandate NetCash has approved. Checked and written under the
 * account's lock, which the payment-method services take too, and they switch auto-pay off when
 * the primary changes to something it cannot collect from (src/services/paymentMethods/autoPay.ts).
 */
export async function updatePreferences(
  req: PayloadRequest,
  customerId: number,
  change: { autoPay?: boolean; notifyBySms?: boolean; notifyByEmail?: boolean },
): Promise<Result<PreferencesResponse, PreferenceCode>> {
  return withTransaction(inThePortal(req), async (req) => {
    await lockAccount(req, customerId)
    const found = await req.payload.find({ collection: 'billing-accounts', where: { customer: { equals: customerId } }, limit: 1, depth: 1, overrideAccess: false, user: req.user, req })
    const account = found.docs[0]
    if (!account) return refuse('NO_BILLING_ACCOUNT', 'This customer has no billing account yet')
    if (change.autoPay === true && !account.autoPay) {
      const primary = typeof account.primaryPaymentMethod === 'object' ? account.primaryPaymentMethod : null
      if (!canCollectFrom(primary)) {
        return refuse(
          'AUTO_PAY_NEEDS_PAYMENT_METHOD',
          primary?.type === 'debit_order'
            ? 'Auto-pay starts once your debit order mandate is approved'
            : 'Auto-pay needs a primary card, or a primary debit order with an approved mandate',
          'autoPay',
        )
      }
    }
    // autoPay is a billing field (staff only on the generic API): this operation is where a
    // customer may set it, under the rule above.
    const updated = await req.payload.update({ collection: 'billing-accounts', id: account.id, data: change, overrideAccess: true, depth: 0, req })
    return ok({ autoPay: Boolean(updated.autoPay), notifyBySms: updated.notifyBySms !== false, notifyByEmail: updated.notifyByEmail !== false })
  })
}

export function profileOf(customer: Pick<Customer, 'mobile' | 'postalAddress'>): ProfileResponse {
  const a = customer.postalAddress
  const hasAddress = a && Object.values(a).some((v) => v !== null && v !== undefined && v !== '')
  return {
    mobile: customer.mobile ?? null,
    postalAddress: hasAddress
      ? { line1: a.line1 ?? null, line2: a.line2 ?? null, suburb: a.suburb ?? null, city: a.city ?? null, province: a.province ?? null, postalCode: a.postalCode ?? null }
      : null,
  }
}

/** The signed-in customer's contact details, read with their own access. */
export async function readProfile(req: PayloadRequest, customerId: number): Promise<{ email: string; profile: ProfileResponse }> {
  const me = await req.payload.findByID({ collection: 'customers', id: customerId, depth: 0, overrideAccess: false, user: req.user, req })
  return { email: me.email, profile: profileOf(me) }
}

/** The customer's mobile number (normalised to 27XXXXXXXXX) and postal address, with their own access. */
export async function updateProfile(
  req: PayloadRequest,
  customerId: number,
  change: { mobile?: string; postalAddress?: NonNullable<Customer['postalAddress']> },
): Promise<Result<ProfileResponse, 'INVALID_MOBILE'>> {
  const data: Partial<Customer> = {}
  if (change.mobile !== undefined) {
    const mobile = normaliseSaMobile(change.mobile)
    if (!mobile) return refuse('INVALID_MOBILE', 'A South African mobile number, e.g. 082 123 4567', 'mobile')
    data.mobile = mobile
  }
  if (change.postalAddress) data.postalAddress = { line2: null, suburb: null, ...change.postalAddress }
  return withTransaction(inThePortal(req), async (req) => {
    const updated = await req.payload.update({ collection: 'customers', id: customerId, data, overrideAccess: false, user: req.user, depth: 0, req })
    return ok(profileOf(updated))
  })
}
