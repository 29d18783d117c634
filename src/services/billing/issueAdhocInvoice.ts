import type { Payload, PayloadRequest } from 'payload'

import { addDays, type CalendarDate } from '../../domain/calendarDate'
import { buildLine, type LineKind } from '../../domain/invoiceLines'
import type { Invoice } from '../../payload-types'
import { ok, refuse, type Result } from '../result'
import { withTransaction } from '../withTransaction'
import { issueInvoice } from './issueInvoice'
import { lockAccount } from './ledger'

export type AdhocLine = { description: string; kind?: LineKind; unitPriceCents: number; quantity?: number }
type Code = 'UNKNOWN_CUSTOMER' | 'UNKNOWN_SERVICE' | 'INVALID_LINE' | 'NO_LINES'

/**
 * An invoice from lines staff enter (an installation fee, a router): priced as the customer's
 * price list quotes (incl. VAT for residential, excl. for business), VAT at the invoice date's
 * rate, due 7 days after issue. One transaction.
 */
export async function issueAdhocInvoice(
  on: Payload | PayloadRequest,
  args: { customerId: number; serviceId?: number; invoiceDate: CalendarDate; lines: AdhocLine[]; kind?: 'adhoc' | 'installation' },
): Promise<Result<Invoice, Code>> {
  if (!args.lines?.length) return refuse('NO_LINES', 'An invoice needs at least one line', 'lines')
  for (const [i, l] of args.lines.entries()) {
    if (!l.description?.trim()) return refuse('INVALID_LINE', 'Every line needs a description', `lines.${i}.description`)
    if (!Number.isSafeInteger(l.unitPriceCents) || l.unitPriceCents < 0) return refuse('INVALID_LINE', 'A price is whole cents, not negative', `lines.${i}.unitPriceCents`)
    if (l.quantity !== undefined && (!Number.isInteger(l.quantity) || l.quantity < 1)) return refuse('INVALID_LINE', 'A quantity is a whole number from 1', `lines.${i}.quantity`)
  }
  return withTransaction(on, async (req) => {
    const customer = await req.payload.findByID({ collection: 'customers', id: args.customerId, depth: 0, req, disableErrors: true, overrideAccess: true })
    if (!customer) return refuse('UNKNOWN_CUSTOMER', `No customer ${args.customerId}`, 'customerId')
    if (args.serviceId !== undefined) {
      const service = await req.payload.find({ collection: 'services', where: { and: [{ id: { equals: args.serviceId } }, { customer: { equals: customer.id } }] }, limit: 1, depth: 0, req })
      if (service.totalDocs === 0) return refuse('UNKNOWN_SERVICE', 'No such service for this customer', 'serviceId')
    }
    await lockAccount(req, customer.id)
    const lines = args.lines.map((l) =>
      buildLine({ description: l.description.trim(), kind: l.kind ?? 'other', unitPriceCents: l.unitPriceCents, quantity: l.quantity, accountType: customer.accountType, invoiceDate: args.invoiceDate }),
    )
    return ok(
      await issueInvoice(req, {
        customerId: customer.id,
        serviceId: args.serviceId,
        kind: args.kind ?? 'adhoc',
        invoiceDate: args.invoiceDate,
        dueDate: addDays(args.invoiceDate, 7),
        lines,
      }),
    )
  })
}
