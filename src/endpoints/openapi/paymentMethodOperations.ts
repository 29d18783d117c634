import { z } from 'zod'

import { staffPaymentMethodBodies, staffPaymentMethodResponses } from '../admin/paymentMethods'
import { IDEMPOTENCY_KEY } from '../admin/serviceLifecycle'
import { json, rowIdParam, STAFF, type ApiOperation, type ApiParameter, type ApiResponse } from './operation'
import { STAFF_BILLING_TAG } from './staffOperations'

const gate: Record<number, ApiResponse> = {
  401: { description: 'Not signed in (NOT_AUTHENTICATED)' },
  403: { description: 'Not staff, or not holding billing_manage (FORBIDDEN, naming the permission); nothing is done or logged' },
  415: { description: 'The body is not sent as application/json (UNSUPPORTED_MEDIA_TYPE)' },
}
const idempotencyKey: Record<string, ApiParameter> = {
  'Idempotency-Key': {
    description: 'A retry with the same key and body replays the first answer and acts no second time; keys are kept 7 days.',
    schema: z.string().regex(IDEMPOTENCY_KEY),
  },
}
const replayed = { 'Idempotent-Replayed': '"true" when this is the stored answer to an earlier request with the same Idempotency-Key' }
const id = (what: string): Record<string, ApiParameter> => ({ id: { ...rowIdParam, description: what } })

const write = (o: Pick<ApiOperation, 'path' | 'summary' | 'description' | 'pathParams' | 'body'> & { errors: Record<number, ApiResponse> }): ApiOperation => ({
  method: 'post',
  tag: STAFF_BILLING_TAG,
  security: STAFF,
  headers: idempotencyKey,
  path: o.path,
  summary: o.summary,
  description: `${o.description} Needs billing_manage; one transaction with its entry in the billing action log (masked details only).`,
  pathParams: o.pathParams,
  body: o.body,
  responses: {
    200: { description: 'Done', content: json(staffPaymentMethodResponses.method), headers: replayed },
    ...o.errors,
    ...gate,
    422: { description: 'This Idempotency-Key was used for a different request (IDEMPOTENCY_KEY_REUSED)' },
  },
})

/** A clerk's work on a customer's payment methods (src/endpoints/admin/paymentMethods.ts). */
export const paymentMethodOperations: ApiOperation[] = [
  write({
    path: '/admin/customers/:id/payment-methods',
    summary: "Add a payment method to a customer's account",
    description:
      "A debit order (bank, its universal branch code, account type, an account number of the bank's length, holder; stored encrypted, never returned, mandate pending), a card only as the gateway's token with brand, last four and expiry, or EFT. The customer's first active method, or one sent with makePrimary, becomes the primary one.",
    pathParams: id("The customer's id"),
    body: { schema: staffPaymentMethodBodies.add },
    errors: {
      400: { description: 'A body field is not valid (VALIDATION_FAILED, UNKNOWN_FIELD, INVALID_BANK_DETAILS, INVALID_CARD), naming the field' },
      404: { description: 'No such customer (UNKNOWN_CUSTOMER)' },
      409: { description: 'The same Idempotency-Key is still being processed (IDEMPOTENCY_KEY_IN_USE)' },
    },
  }),
  write({
    path: '/admin/payment-methods/:id/primary',
    summary: "Make a payment method the customer's primary one",
    description: 'Atomically the only primary method, also on the billing account; auto-pay is switched off (recorded) when the new primary cannot be collected from.',
    pathParams: id("The payment method's id"),
    body: { schema: staffPaymentMethodBodies.primary },
    errors: {
      400: { description: 'A body field is not valid (VALIDATION_FAILED, UNKNOWN_FIELD)' },
      404: { description: 'No such payment method of this customer (UNKNOWN_METHOD)' },
      409: { description: 'The method was removed (INACTIVE_METHOD)' },
    },
  }),
  write({
    path: '/admin/payment-methods/:id/remove',
    summary: 'Remove a payment method',
    description: 'A soft delete: kept for the payments that used it, no longer offered. The primary method of an account that owes money cannot be removed.',
    pathParams: id("The payment method's id"),
    body: { schema: staffPaymentMethodBodies.remove },
    errors: {
      400: { description: 'A body field is not valid (VALIDATION_FAILED, UNKNOWN_FIELD)' },
      404: { description: 'No such active payment method of this customer (UNKNOWN_METHOD)' },
      409: { description: 'The primary method of an account that owes money (PRIMARY_METHOD_HAS_BALANCE)' },
    },
  }),
  {
    method: 'post',
    tag: STAFF_BILLING_TAG,
    security: STAFF,
    path: '/admin/payment-methods/:id/reveal',
    summary: "Show a debit order's bank details, unmasked",
    description:
      'For a staff member holding billing_manage who gives the reason. The view is written to the billing action log (who, when, which method, why; never the details) in the same transaction, before the details are sent. Every answer carries Cache-Control: no-store. An Idempotency-Key is not honoured: each request is a new, audited view, and its answer is never stored.',
    pathParams: id("The payment method's id"),
    body: { schema: staffPaymentMethodBodies.reveal },
    responses: {
      200: { description: 'The bank details', content: json(staffPaymentMethodResponses.reveal), headers: { 'Cache-Control': '"no-store"' } },
      400: { description: 'A body field is not valid, e.g. no reason (VALIDATION_FAILED, UNKNOWN_FIELD)' },
      404: { description: 'No such payment method of this customer (UNKNOWN_METHOD)' },
      409: { description: 'Not a debit order: there are no bank details (NO_BANK_DETAILS)' },
      ...gate,
    },
  },
]
