import { z } from 'zod'

import { billingActionBodies } from '../admin/billingActions'
import { IDEMPOTENCY_KEY } from '../admin/serviceLifecycle'
import { json, rowIdParam, STAFF, type ApiOperation, type ApiParameter, type ApiResponse } from './operation'
import { STAFF_BILLING_TAG } from './staffOperations'

const gate: Record<number, ApiResponse> = {
  401: { description: 'Not signed in (NOT_AUTHENTICATED)' },
  403: { description: 'Not staff, or not holding billing_manage (FORBIDDEN, naming the permission)' },
  415: { description: 'The body is not sent as application/json (UNSUPPORTED_MEDIA_TYPE)' },
  422: { description: 'This Idempotency-Key was used for a different request (IDEMPOTENCY_KEY_REUSED)' },
}
const idempotencyKey: Record<string, ApiParameter> = {
  'Idempotency-Key': {
    description: 'A retry with the same key and body replays the first answer and acts no second time; keys are kept 7 days.',
    schema: z.string().regex(IDEMPOTENCY_KEY),
  },
}
const replayed = { 'Idempotent-Replayed': '"true" when this is the stored answer to an earlier request with the same Idempotency-Key' }
const answer = z.record(z.string(), z.unknown()).describe("The documents the action changed or made (Payload's own shapes)")
const id = (what: string): Record<string, ApiParameter> => ({ id: { ...rowIdParam, description: what } })

const op = (o: Omit<ApiOperation, 'tag' | 'security' | 'headers' | 'method'> & { errors: Record<number, ApiResponse> }): ApiOperation => ({
  method: 'post',
  tag: STAFF_BILLING_TAG,
  security: STAFF,
  headers: idempotencyKey,
  path: o.path,
  summary: o.summary,
  description: `${o.description} Needs billing_manage; one transaction with its entry in the billing action log.`,
  pathParams: o.pathParams,
  body: o.body,
  responses: { 200: { description: 'Done', content: json(answer), headers: replayed }, ...o.errors, ...gate },
})

/** The clerk's money actions (src/endpoints/admin/billingActions.ts). */
export const billingActionOperations: ApiOperation[] = [
  op({
    path: '/admin/customers/:id/payments',
    summary: 'Record an EFT, cash or card-terminal payment',
    description:
      'Allocated to the invoice named first, then the oldest open invoices; the rest stays as account credit. The channel and reference are the payment\'s identity: the same slip recorded twice is one payment (`alreadyRecorded: true`), the same reference with another amount is refused.',
    pathParams: id("The customer's id"),
    body: { schema: billingActionBodies.payment },
    responses: {},
    errors: {
      400: { description: 'A body field is not valid (VALIDATION_FAILED, UNKNOWN_FIELD), or receivedOn is after today (DATE_IN_FUTURE)' },
      404: { description: 'No such customer (UNKNOWN_CUSTOMER), or no such invoice for this customer (UNKNOWN_INVOICE)' },
      409: { description: 'The reference is already recorded with another amount (TRANSACTION_ID_REUSED)' },
    },
  }),
  op({
    path: '/admin/customers/:id/invoices',
    summary: 'Issue an ad-hoc invoice (installation, router, call-out)',
    description: 'Lines priced as the customer is quoted (incl. VAT for residential, excl. for business), VAT at the invoice date, due 7 days after issue; the customer is notified.',
    pathParams: id("The customer's id"),
    body: { schema: billingActionBodies.adhocInvoice },
    responses: {},
    errors: {
      400: { description: 'A body field is not valid (VALIDATION_FAILED, UNKNOWN_FIELD), or the invoice date is after today (DATE_IN_FUTURE)' },
      404: { description: 'No such customer (UNKNOWN_CUSTOMER) or service of theirs (UNKNOWN_SERVICE)' },
    },
  }),
  op({
    path: '/admin/invoices/:id/void',
    summary: 'Void an unpaid invoice',
    description: 'Kept with its reason and stamped VOID; its amount comes off the balance. An invoice with money applied to it is credited instead.',
    pathParams: id("The invoice's id"),
    body: { schema: billingActionBodies.void },
    responses: {},
    errors: {
      400: { description: 'No reason (VALIDATION_FAILED)' },
      404: { description: 'No such invoice (UNKNOWN_INVOICE)' },
      409: { description: 'The invoice is paid, part paid, void or a credit note (NOT_VOIDABLE), or a debit order for it is with the bank (DEBIT_IN_PROGRESS)' },
    },
  }),
  op({
    path: '/admin/invoices/:id/credit-notes',
    summary: 'Issue a credit note against an invoice',
    description: 'The whole invoice or the lines named (by position from 0), each at exactly the amounts and VAT it was invoiced at; never more than the invoice less earlier credit notes. The credit pays the invoice first.',
    pathParams: id("The invoice's id"),
    body: { schema: billingActionBodies.creditNote },
    responses: {},
    errors: {
      400: { description: 'No reason, or a line the invoice does not have (VALIDATION_FAILED, INVALID_LINE)' },
      404: { description: 'No such invoice (UNKNOWN_INVOICE)' },
      409: { description: 'Not an issued invoice (NOT_CREDITABLE), or more than is left to credit (OVER_CREDITED)' },
    },
  }),
  op({
    path: '/admin/invoices/:id/resend',
    summary: 'Send an invoice to the customer again, by email',
    description: 'Queues the invoice email with a fresh 24-hour PDF link; each request is a new send (an Idempotency-Key makes a retried click one send).',
    pathParams: id("The invoice's id"),
    body: { schema: billingActionBodies.resend },
    responses: {},
    errors: {
      404: { description: 'No such invoice (UNKNOWN_INVOICE)' },
      409: { description: 'A draft or a credit note (NOT_RESENDABLE)' },
    },
  }),
  op({
    path: '/admin/payments/:id/refunds',
    summary: 'Refund account credit left of a payment',
    description:
      'Pays back what is left of a payment after its allocations and earlier refunds (an overpayment, or a payment whose invoice was later credited), at most the account\'s credit; left out, the amount is all of it. Money that settled an invoice is never refunded: credit or void the invoice first. The reference is the refund\'s identity: the same one twice is one refund (`alreadyRecorded: true`).',
    pathParams: id("The payment's id"),
    body: { schema: billingActionBodies.refund },
    responses: {},
    errors: {
      400: { description: 'A body field is not valid (VALIDATION_FAILED, UNKNOWN_FIELD), or refundedOn is after today (DATE_IN_FUTURE)' },
      404: { description: 'No such payment (UNKNOWN_PAYMENT), or not a completed payment (UNKNOWN_SOURCE)' },
      409: { description: 'Nothing left to refund, or the account owes money (NOTHING_TO_REFUND); more than is left (AMOUNT_TOO_LARGE); the reference is recorded for another transaction (TRANSACTION_ID_REUSED); a debit order the bank can still return (NOT_CLEARED)' },
    },
  }),
  op({
    path: '/admin/invoices/:id/refunds',
    summary: 'Refund the unused credit of a credit note',
    description: 'As for a payment: what is left of the credit note after it paid invoices and earlier refunds, at most the account\'s credit.',
    pathParams: id("The credit note's id"),
    body: { schema: billingActionBodies.refund },
    responses: {},
    errors: {
      400: { description: 'A body field is not valid (VALIDATION_FAILED, UNKNOWN_FIELD), or refundedOn is after today (DATE_IN_FUTURE)' },
      404: { description: 'No such credit note (UNKNOWN_INVOICE, UNKNOWN_SOURCE)' },
      409: { description: 'Nothing left to refund (NOTHING_TO_REFUND), more than is left (AMOUNT_TOO_LARGE), or the reference is recorded for another transaction (TRANSACTION_ID_REUSED)' },
    },
  }),
  op({
    path: '/admin/payments/:id/represent',
    summary: 'Present a returned debit order again',
    description:
      'The next debit-order run presents this returned (or rejected) debit again for what the invoice still owes, whatever the automatic rules say (how often it was presented, the return reason, the retry window). Once per debit: the new debit names it. The decision and its reason are in the billing action log.',
    pathParams: id("The debit's payment id"),
    body: { schema: billingActionBodies.debitDecision },
    responses: {},
    errors: {
      404: { description: 'No such debit order payment (UNKNOWN_PAYMENT)' },
      409: { description: 'Not returned or rejected, debited again since, the invoice owes nothing, or the account has no auto-pay with an active mandate (NOT_REPRESENTABLE)' },
    },
  }),
  op({
    path: '/admin/payments/:id/follow-up',
    summary: 'Follow a returned debit order up by hand',
    description: 'The returned (or rejected) debit is not presented again automatically: a person follows it up with the customer. The decision and its reason are in the billing action log.',
    pathParams: id("The debit's payment id"),
    body: { schema: billingActionBodies.debitDecision },
    responses: {},
    errors: {
      404: { description: 'No such debit order payment (UNKNOWN_PAYMENT)' },
      409: { description: 'Not returned or rejected (NOT_REPRESENTABLE)' },
    },
  }),
]
