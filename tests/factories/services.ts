import type { Payload } from 'payload'

import type { Service } from '../../src/payload-types'

type ServiceInput = Partial<Omit<Service, 'id' | 'customer' | 'createdAt' | 'updatedAt'>>

/** A fibre service for a customer; active services get an activation date. */
export async function createService(payload: Payload, customer: number, overrides: ServiceInput = {}) {
  const status = overrides.status ?? 'active'
  return payload.create({
    collection: 'services',
    data: {
      customer,
      type: 'fibre',
      packageName: 'Fibre 50/50 Uncapped',
      downloadMbps: 50,
      uploadMbps: 50,
      monthlyPriceCents: 79900,
      installationAddress: '12 Jan Smuts Ave, Randburg, 2194',
      status,
      billingDay: 1,
      activationDate: status === 'pending' ? undefined : '2026-11-15',
      cancellationDate: status === 'cancelled' ? '2026-11-20' : undefined,
      ...overrides,
    },
  })
}

/** One recurring R 799.00 (VAT-inclusive) invoice line: 694.78 + 104.22 VAT. */
export const R799_LINE = {
  description: 'Fibre 50/50 Uncapped',
  kind: 'service' as const,
  quantity: 1,
  unitPriceCents: 79900,
  exclVatCents: 69478,
  vatRateBasisPoints: 1500,
  vatCents: 10422,
  inclVatCents: 79900,
}

export async function createInvoice(
  payload: Payload,
  customer: number,
  overrides: { service?: number; status?: 'draft' | 'unpaid'; invoiceDate?: string; dueDate?: string } = {},
) {
  return payload.create({
    collection: 'invoices',
    data: {
      customer,
      service: overrides.service,
      kind: 'recurring',
      status: overrides.status ?? 'unpaid',
      invoiceDate: overrides.invoiceDate ?? '2026-11-24',
      dueDate: overrides.dueDate ?? '2026-12-01',
      periodStart: '2026-12-01',
      periodEnd: '2026-12-31',
      lines: [R799_LINE],
    },
  })
}
