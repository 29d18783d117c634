import type { PayloadRequest, Where } from 'payload'

import { addDays, daysBetween, sastDateOf, sastMidnight, type CalendarDate } from '../../domain/calendarDate'
import { capBytesOf, cycleOf, percentUsed, recentCycles } from '../../domain/usage'
import {
  INVOICE_LIST_STATUSES,
  MAX_USAGE_DAYS,
  type BillingOverview,
  type BillingResponse,
  type InvoiceDetail,
  type InvoicesResponse,
  type PaymentMethodsResponse,
  type ServiceDetail,
  type ServiceSummary,
  type UsageResponse,
} from './contract'
import { OPEN_INVOICE_STATUSES, type AccountType } from '../../domain/catalogue'
import { getConfig } from '../../lib/config'
import type { Service } from '../../payload-types'
import { billingOverviewOf } from './summary'
import { dateOf, instantOf, invoiceItem, maskedMethod, monthlyInclVat, readPool, recentUsage, serviceSummaryOf, usageAsOf } from './shapes'

/**
 * The customer dashboard's reads. Every row is found through the collections' own access
 * (`overrideAccess: false` with the signed-in customer): another customer's id is simply not
 * found. Aggregates over rows already found that way (usage sums) run as SQL on those ids.
 */

const asCustomer = (req: PayloadRequest) => ({ overrideAccess: false, user: req.user, req, depth: 0 }) as const

/** The signed-in customer's account type: it decides whether their prices include VAT. */
const accountTypeOf = (req: PayloadRequest): AccountType => ((req.user as { accountType?: AccountType } | null)?.accountType === 'business' ? 'business' : 'residential')

/** A Payload service document as the SQL-shaped row the summary mapper reads. */
function serviceRow(s: Service): Record<string, unknown> {
  return {
    id: s.id,
    package_name: s.packageName,
    type: s.type,
    status: s.status,
    download_mbps: s.downloadMbps,
    upload_mbps: s.uploadMbps,
    data_cap_gb: s.dataCapGb ?? null,
    monthly_price_cents: s.monthlyPriceCents,
    installation_address: s.installationAddress,
    billing_day: s.billingDay,
    next_billing_date: s.nextBillingDate ?? null,
    billing_paused: s.billingPaused ?? false,
    activation_date: s.activationDate ?? null,
  }
}

export async function listServices(req: PayloadRequest, filter: { status?: Service['status'] }, now = new Date()): Promise<ServiceSummary[]> {
  const where: Where = filter.status ? { status: { equals: filter.status } } : {}
  const found = await req.payload.find({ collection: 'services', where, sort: 'id', pagination: false, ...asCustomer(req) })
  const today = sastDateOf(now)
  const ids = found.docs.map((s) => s.id)
  const [daily, asOf] = await Promise.all([recentUsage(req.payload, ids, addDays(today, -32)), usageAsOf(req.payload, ids)])
  return found.docs.map((s) => serviceSummaryOf(serviceRow(s), daily.get(s.id) ?? [], asOf.get(s.id) ?? null, today, accountTypeOf(req)))
}

async function visibleService(req: PayloadRequest, id: number): Promise<Service | null> {
  const found = await req.payload.find({ collection: 'services', where: { id: { equals: id } }, limit: 1, ...asCustomer(req) })
  return found.docs[0] ?? null
}

export async function serviceDetail(req: PayloadRequest, id: number, now = new Date()): Promise<ServiceDetail | null> {
  const service = await visibleService(req, id)
  if (!service) return null
  const today = sastDateOf(now)
  const cycles = recentCycles(today, service.billingDay, 12)
  const oldest = cycles[cycles.length - 1].start
  const [usage, asOf] = await Promise.all([recentUsage(req.payload, [service.id], oldest), usageAsOf(req.payload, [service.id])])
  const daily = usage.get(service.id) ?? []
  const summary = serviceSummaryOf(serviceRow(service), daily, asOf.get(service.id) ?? null, today, accountTypeOf(req))
  return {
    ...summary,
    suspensionDate: dateOf(service.suspensionDate),
    cancellationDate: dateOf(service.cancellationDate),
    cycles: cycles.map((c) => {
      const inCycle = daily.filter((d) => d.date >= c.start && d.date <= c.end)
      const uploadBytes = inCycle.reduce((sum, d) => sum + d.uploadBytes, 0)
      const downloadBytes = inCycle.reduce((sum, d) => sum + d.downloadBytes, 0)
      return { cycleStart: c.start, cycleEnd: c.end, uploadBytes, downloadBytes, totalBytes: uploadBytes + downloadBytes }
    }),
  }
}

export type UsageRange = { serviceId: number; startDate?: CalendarDate; endDate?: CalendarDate }

/** Daily usage of one of the customer's services; null when the service is not theirs. */
export async function serviceUsage(
  req: PayloadRequest,
  range: UsageRange,
  now = new Date(),
): Promise<{ ok: true; value: UsageResponse } | { ok: false; code: 'NOT_FOUND' | 'RANGE_TOO_LONG' }> {
  const service = await visibleService(req, range.serviceId)
  if (!service) return { ok: false, code: 'NOT_FOUND' }
  const cycle = cycleOf(sastDateOf(now), service.billingDay)
  const startDate = range.startDate ?? cycle.start
  const endDate = range.endDate ?? cycle.end
  if (daysBetween(startDate, endDate) + 1 > MAX_USAGE_DAYS) return { ok: false, code: 'RANGE_TOO_LONG' }
  const { rows } = await readPool(req.payload).query(
    `SELECT date, upload_bytes, download_bytes FROM usage_records WHERE service_id = $1 AND date >= $2::timestamptz AND date < $3::timestamptz`,
    [service.id, sastMidnight(startDate), sastMidnight(addDays(endDate, 1))],
  )
  const byDay = new Map<string, { up: number; down: number }>()
  for (const r of rows) {
    const day = dateOf(r.date)!
    const seen = byDay.get(day) ?? { up: 0, down: 0 }
    byDay.set(day, { up: seen.up + Number(r.upload_bytes), down: seen.down + Number(r.download_bytes) })
  }
  const days: UsageResponse['days'] = []
  for (let day = startDate; day <= endDate; day = addDays(day, 1)) {
    const u = byDay.get(day) ?? { up: 0, down: 0 }
    days.push({ date: day, uploadBytes: u.up, downloadBytes: u.down, totalBytes: u.up + u.down })
  }
  const totals = days.reduce(
    (t, d) => ({ uploadBytes: t.uploadBytes + d.uploadBytes, downloadBytes: t.downloadBytes + d.downloadBytes, totalBytes: t.totalBytes + d.totalBytes }),
    { uploadBytes: 0, downloadBytes: 0, totalBytes: 0 },
  )
  const capBytes = capBytesOf(service.dataCapGb)
  return {
    ok: true,
    value: {
      serviceId: service.id,
      startDate,
      endDate,
      cycle: { start: cycle.start, end: cycle.end },
      days,
      totals,
      capBytes,
      percentUsed: percentUsed(totals.totalBytes, capBytes),
      usageAsOf: (await usageAsOf(req.payload, [service.id])).get(service.id) ?? null,
    },
  }
}

const ISSUED: Where = { status: { not_equals: 'draft' } }

export async function listInvoices(
  req: PayloadRequest,
  q: { status?: (typeof INVOICE_LIST_STATUSES)[number]; page?: number; limit?: number },
): Promise<InvoicesResponse> {
  const page = q.page ?? 1
  const limit = q.limit ?? 20
  const where: Where = q.status ? { and: [ISSUED, { status: { equals: q.status } }] } : ISSUED
  const customerId = Number(req.user?.id)
  const [found, counted] = await Promise.all([
    req.payload.find({ collection: 'invoices', where, sort: ['-invoiceDate', '-id'], page, limit, select: LIST_SELECT, ...asCustomer(req) }),
    // Every issued invoice of the signed-in customer, whatever the filter: the rows the invoices
    // access rule (ownIssuedInvoices) lets them read, counted in SQL.
    readPool(req.payload).query(
      `SELECT status, count(*) AS count, coalesce(sum(amount_due_cents), 0) AS due FROM invoices WHERE customer_id = $1 AND status <> 'draft' GROUP BY status`,
      [customerId],
    ),
  ])
  const summary = Object.fromEntries(INVOICE_LIST_STATUSES.map((s) => [s, { count: 0, amountDueCents: 0 }])) as InvoicesResponse['summary']
  for (const r of counted.rows) {
    const bucket = summary[r.status as keyof typeof summary]
    if (bucket) Object.assign(bucket, { count: Number(r.count), amountDueCents: Number(r.due) })
  }
  return {
    invoices: found.docs.map((d) => invoiceItem(d as unknown as Record<string, unknown>)),
    page: found.page ?? page,
    limit,
    totalDocs: found.totalDocs,
    totalPages: found.totalPages,
    hasNextPage: found.hasNextPage,
    summary,
  }
}

const LIST_SELECT = {
  invoiceNumber: true,
  kind: true,
  status: true,
  invoiceDate: true,
  dueDate: true,
  periodStart: true,
  periodEnd: true,
  totalCents: true,
  amountPaidCents: true,
  amountDueCents: true,
} as const

/** A collected debit order the bank can still return: the last day it can (its action date plus the clearing window). */
function clearsOn(payment: { actionDate?: string | null; clearedAt?: string | null; status?: string } | null): CalendarDate | null {
  // Only debit orders have an action date.
  if (!payment?.actionDate || payment.clearedAt || payment.status !== 'completed') return null
  return addDays(sastDateOf(payment.actionDate), getConfig().debitOrders.clearingDays)
}

export async function invoiceDetail(req: PayloadRequest, id: number): Promise<InvoiceDetail | null> {
  const found = await req.payload.find({ collection: 'invoices', where: { and: [{ id: { equals: id } }, ISSUED] }, limit: 1, ...asCustomer(req) })
  const invoice = found.docs[0]
  if (!invoice) return null
  const [allocations, credited, debits] = await Promise.all([
    req.payload.find({
      collection: 'payment-allocations',
      where: { invoice: { equals: invoice.id } },
      sort: ['createdAt', 'id'],
      pagination: false,
      ...asCustomer(req),
      depth: 1,
    }),
    typeof invoice.creditedInvoice === 'number'
      ? req.payload.find({ collection: 'invoices', where: { id: { equals: invoice.creditedInvoice } }, limit: 1, select: { invoiceNumber: true }, ...asCustomer(req) })
      : Promise.resolve(null),
    req.payload.find({
      collection: 'payment-transactions',
      where: { and: [{ invoice: { equals: invoice.id } }, { actionDate: { exists: true } }, { status: { in: ['pending', 'submitted'] } }] },
      limit: 1,
      select: { actionDate: true },
      ...asCustomer(req),
    }),
  ])
  const inFlight = debits.docs[0]?.actionDate
  return {
    ...invoiceItem(invoice as unknown as Record<string, unknown>),
    debitOrderOn: inFlight ? sastDateOf(inFlight) : null,
    subtotalCents: Number(invoice.subtotalCents ?? 0),
    vatCents: Number(invoice.vatCents ?? 0),
    lines: (invoice.lines ?? []).map((l) => ({
      description: l.description,
      quantity: Number(l.quantity),
      unitPriceCents: Number(l.unitPriceCents),
      exclVatCents: Number(l.exclVatCents),
      vatRatePercent: Number(l.vatRateBasisPoints) / 100,
      vatCents: Number(l.vatCents),
      inclVatCents: Number(l.inclVatCents),
    })),
    // Each allocation is dated when it was applied (a credit applied later is dated then).
    settlements: allocations.docs.map((a) => {
      const payment = a.payment && typeof a.payment === 'object' ? a.payment : null
      const creditNote = a.creditNote && typeof a.creditNote === 'object' ? a.creditNote : null
      return a.payment != null
        ? { kind: 'payment' as const, amountCents: Number(a.amountCents), date: sastDateOf(a.createdAt), reference: payment?.transactionId ?? '', clearsOn: clearsOn(payment) }
        : { kind: 'credit_note' as const, amountCents: Number(a.amountCents), date: sastDateOf(a.createdAt), reference: creditNote?.invoiceNumber ?? '', clearsOn: null }
    }),
    creditedInvoiceNumber: credited?.docs[0]?.invoiceNumber ?? null,
  }
}

/** Balance, what is due, the next bill, auto-pay and notification choices, the primary method. */
export async function billingOverview(req: PayloadRequest, now = new Date()): Promise<BillingOverview> {
  const today = sastDateOf(now)
  const [accounts, services, open] = await Promise.all([
    req.payload.find({ collection: 'billing-accounts', limit: 1, ...asCustomer(req), depth: 1 }),
    req.payload.find({ collection: 'services', pagination: false, select: { status: true, billingPaused: true, nextBillingDate: true, monthlyPriceCents: true }, ...asCustomer(req) }),
    req.payload.find({
      collection: 'invoices',
      where: { and: [{ status: { in: [...OPEN_INVOICE_STATUSES] } }, { kind: { not_equals: 'credit_note' } }] },
      pagination: false,
      select: { amountDueCents: true },
      ...asCustomer(req),
    }),
  ])
  const account = accounts.docs[0]
  const primary = account?.primaryPaymentMethod && typeof account.primaryPaymentMethod === 'object' && account.primaryPaymentMethod.isActive ? account.primaryPaymentMethod : null
  return billingOverviewOf(
    account
      ? {
          balance_cents: account.balanceCents,
          credit_limit_cents: account.creditLimitCents,
          auto_pay: account.autoPay,
          notify_by_sms: account.notifyBySms,
          notify_by_email: account.notifyByEmail,
          primary_method: primary,
        }
      : null,
    open.docs.reduce((sum, i) => sum + Number(i.amountDueCents ?? 0), 0),
    services.docs.map((s) => ({
      status: s.status,
      billingPaused: Boolean(s.billingPaused),
      nextBillingDate: dateOf(s.nextBillingDate),
      monthlyPriceCents: monthlyInclVat(Number(s.monthlyPriceCents), accountTypeOf(req), today),
    })),
  )
}

export async function billingDetails(req: PayloadRequest, now = new Date()): Promise<BillingResponse> {
  const [billing, transactions] = await Promise.all([
    billingOverview(req, now),
    req.payload.find({ collection: 'payment-transactions', sort: ['-createdAt', '-id'], limit: 10, ...asCustomer(req), depth: 1 }),
  ])
  return {
    billing,
    transactions: transactions.docs.map((t) => ({
      id: t.id,
      reference: t.transactionId,
      kind: t.kind ?? 'payment',
      amountCents: Number(t.amountCents),
      status: t.status,
      invoiceNumber: t.invoice && typeof t.invoice === 'object' ? (t.invoice.invoiceNumber ?? null) : null,
      paymentMethod: t.paymentMethod && typeof t.paymentMethod === 'object' ? t.paymentMethod.displayName : null,
      // When it last changed: refunded, returned, failed, completed or submitted, else created.
      date: instantOf(t.refundedAt ?? t.returnedAt ?? t.failedAt ?? t.completedAt ?? t.submittedAt ?? t.createdAt),
      failureReason: t.failureReason ?? null,
    })),
  }
}

export async function listPaymentMethods(req: PayloadRequest): Promise<PaymentMethodsResponse> {
  const found = await req.payload.find({ collection: 'payment-methods', where: { isActive: { equals: true } }, sort: ['-isPrimary', 'createdAt'], pagination: false, ...asCustomer(req) })
  return { paymentMethods: found.docs.map((m) => maskedMethod(m as unknown as Record<string, unknown>)) }
}
