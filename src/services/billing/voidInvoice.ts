import type { Payload, PayloadRequest } from 'payload'

import type { Invoice } from '../../payload-types'
import { sastDateOf } from '../../domain/calendarDate'
import { ok, refuse, type Result } from '../result'
import { withTransaction } from '../withTransaction'
import { BILLING_OPERATION } from '../../hooks/guardIssuedInvoice'
import { queueInvoicePdf } from '../invoicePdfs/queueInvoicePdf'
import { declareLedgerWrite, lockAccount } from './ledger'

type Code = 'UNKNOWN_INVOICE' | 'NOT_VOIDABLE' | 'REASON_REQUIRED' | 'DEBIT_IN_PROGRESS'

/**
 * Voids an unpaid invoice: never deleted, kept with its reason, and its amount taken off the
 * balance. An invoice with money applied to it cannot be voided (credit it instead).
 */
export async function voidInvoice(on: Payload | PayloadRequest, args: { invoiceId: number; reason: string; now: Date }): Promise<Result<Invoice, Code>> {
  const reason = args.reason?.trim()
  if (!reason) return refuse('REASON_REQUIRED', 'Say why the invoice is voided', 'reason')
  return withTransaction(on, async (req) => {
    const invoice = await req.payload.findByID({ collection: 'invoices', id: args.invoiceId, depth: 0, req, disableErrors: true, overrideAccess: true })
    if (!invoice) return refuse('UNKNOWN_INVOICE', `No invoice ${args.invoiceId}`, 'invoiceId')
    await lockAccount(req, invoice.customer as number)
    // Read again under the lock: a payment may have landed since.
    const current = await req.payload.findByID({ collection: 'invoices', id: invoice.id, depth: 0, req, overrideAccess: true })
    Object.assign(invoice, current)
    if (invoice.kind === 'credit_note' || !['unpaid', 'overdue', 'draft'].includes(invoice.status) || invoice.amountPaidCents !== 0) {
      return refuse('NOT_VOIDABLE', `Invoice ${invoice.invoiceNumber ?? invoice.id} is ${invoice.status}: only an unpaid invoice can be voided`)
    }
    // A debit order for it with the bank would collect money for an invoice that no longer exists.
    const inFlight = await req.payload.find({
      collection: 'payment-transactions',
      where: { and: [{ invoice: { equals: invoice.id } }, { actionDate: { exists: true } }, { status: { in: ['pending', 'submitted'] } }] },
      limit: 1,
      depth: 0,
      req,
      overrideAccess: true,
    })
    if (inFlight.docs[0]) {
      return refuse('DEBIT_IN_PROGRESS', `A debit order for ${invoice.invoiceNumber ?? 'this invoice'} is with the bank (action date ${sastDateOf(inFlight.docs[0].actionDate!)}): void it once the debit is collected or comes back`)
    }
    await declareLedgerWrite(req)
    const voided = await req.payload.update({
      collection: 'invoices',
      id: invoice.id,
      data: { status: 'void', voidReason: reason, voidedAt: args.now.toISOString() },
      req,
      context: { [BILLING_OPERATION]: true },
      overrideAccess: true,
      depth: 0,
    })
    // An issued invoice gets a copy stamped VOID; a draft never had a document.
    if (voided.invoiceNumber) await queueInvoicePdf(req, voided.id)
    return ok(voided)
  })
}
