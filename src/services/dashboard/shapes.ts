import type { Payload } from 'payload'

import { poolOf } from '../pool'

import { sastDateOf, sastMidnight, type CalendarDate } from '../../domain/calendarDate'
import type { AccountType } from '../../domain/catalogue'
import { buildLine } from '../../domain/invoiceLines'
import { capBytesOf, cycleOf, percentUsed } from '../../domain/usage'
import type { CycleUsage, InvoiceListItem, MaskedPaymentMethod, ServiceSummary } from './contract'

/** The calendar date a stored date column holds (SAST midnight), or null. */
export const dateOf = (value: unknown): CalendarDate | null =>
  value === null || value === undefined || value === '' ? null : sastDateOf(value instanceof Date ? value : String(value))

export const instantOf = (value: unknown): string => (value instanceof Date ? value : new Date(String(value))).toISOString()

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v))

type Pool = { query: (text: string, values: unknown[]) => Promise<{ rows: Record<string, unknown>[] }> }

/** Read-only SQL on the pool: the dashboard's aggregates, which the local API cannot express in one round trip. */
export function readPool(payload: Payload): Pool {
  return poolOf(payload)
}

export function pdfUrlOf(invoiceId: number): string {
  return `/api/dashboard/invoices/${invoiceId}/pdf`
}

/** An invoice row (snake_case SQL or camelCase Payload) as the list shows it. */
export function invoiceItem(row: Record<string, unknown>): InvoiceListItem {
  const get = (camel: string, snake: string) => row[camel] ?? row[snake]
  const id = Number(row.id)
  return {
    id,
    invoiceNumber: String(get('invoiceNumber', 'invoice_number') ?? ''),
    kind: get('kind', 'kind') as InvoiceListItem['kind'],
    status: get('status', 'status') as InvoiceListItem['status'],
    invoiceDate: dateOf(get('invoiceDate', 'invoice_date'))!,
    dueDate: dateOf(get('dueDate', 'due_date'))!,
    periodStart: dateOf(get('periodStart', 'period_start')),
    periodEnd: dateOf(get('periodEnd', 'period_end')),
    totalCents: num(get('totalCents', 'total_cents')),
    amountPaidCents: num(get('amountPaidCents', 'amount_paid_cents')),
    amountDueCents: num(get('amountDueCents', 'amount_due_cents')),
    pdfUrl: pdfUrlOf(id),
  }
}

export function maskedMethod(row: Record<string, unknown>): MaskedPaymentMethod {
  const get = (camel: string, snake: string) => row[camel] ?? row[snake]
  return {
    id: Number(row.id),
    type: row.type as MaskedPaymentMethod['type'],
    displayName: String(get('displayName', 'display_name')),
    lastFour: (get('lastFour', 'last_four') as string | null) ?? null,
    mandateStatus: (get('mandateStatus', 'mandate_status') as MaskedPaymentMethod['mandateStatus']) ?? null,
    mandateUrl: (get('mandateUrl', 'mandate_url') as string | null) ?? null,
    isPrimary: Boolean(get('isPrimary', 'is_primary')),
    addedAt: instantOf(get('createdAt', 'created_at')),
  }
}

export type DailyUsage = { date: CalendarDate; uploadBytes: number; downloadBytes: number }

/** The current cycle's usage of a service from its recent daily rows. */
export function cycleUsageOf(
  service: { billingDay: number; dataCapGb: number | null },
  daily: DailyUsage[],
  usageAsOf: string | null,
  today: CalendarDate,
): CycleUsage {
  const cycle = cycleOf(today, service.billingDay)
  const usedBytes = daily.filter((d) => d.date >= cycle.start && d.date <= cycle.end).reduce((sum, d) => sum + d.uploadBytes + d.downloadBytes, 0)
  const capBytes = capBytesOf(service.dataCapGb)
  return { cycleStart: cycle.start, cycleEnd: cycle.end, usedBytes, capBytes, percentUsed: percentUsed(usedBytes, capBytes), usageAsOf }
}

/**
 * What a month of a service costs the customer, VAT included: the price as quoted (VAT-inclusive
 * for residential, exclusive for business) through the invoice line rules the billing run uses.
 */
export function monthlyInclVat(unitPriceCents: number, accountType: AccountType, on: CalendarDate): number {
  return buildLine({ description: 'monthly', kind: 'service', unitPriceCents, accountType, invoiceDate: on }).inclVatCents
}

/** A services row (snake_case SQL) and its usage as the dashboard shows it. */
export function serviceSummaryOf(
  row: Record<string, unknown>,
  daily: DailyUsage[],
  usageAsOf: string | null,
  today: CalendarDate,
  accountType: AccountType,
): ServiceSummary {
  const billingDay = num(row.billing_day)
  const dataCapGb = row.data_cap_gb === null || row.data_cap_gb === undefined ? null : Number(row.data_cap_gb)
  return {
    id: Number(row.id),
    packageName: String(row.package_name),
    type: row.type as ServiceSummary['type'],
    status: row.status as ServiceSummary['status'],
    downloadMbps: num(row.download_mbps),
    uploadMbps: num(row.upload_mbps),
    dataCapGb,
    monthlyPriceCents: monthlyInclVat(num(row.monthly_price_cents), accountType, today),
    installationAddress: String(row.installation_address),
    billingDay,
    nextBillingDate: dateOf(row.next_billing_date),
    billingPaused: Boolean(row.billing_paused),
    activationDate: dateOf(row.activation_date),
    usage: cycleUsageOf({ billingDay, dataCapGb }, daily, usageAsOf, today),
  }
}

/**
 * When a service's usage was last synced: the newest update of any of its rows (one definition
 * for every dashboard answer; index usage_records_service_updated_idx).
 */
export async function usageAsOf(payload: Payload, serviceIds: number[]): Promise<Map<number, string>> {
  const asOf = new Map<number, string>()
  if (serviceIds.length === 0) return asOf
  const { rows } = await readPool(payload).query(
    // When the sync last read the figures (kept when Interstellio is down, so the age shows); rows entered by hand count too.
    `SELECT s.id, greatest(sv.usage_synced_at, (SELECT max(u.updated_at) FROM usage_records u WHERE u.service_id = s.id)) AS as_of
     FROM unnest($1::int[]) AS s(id) LEFT JOIN services sv ON sv.id = s.id`,
    [serviceIds],
  )
  for (const r of rows) if (r.as_of) asOf.set(Number(r.id), instantOf(r.as_of))
  return asOf
}

/** Daily usage rows (by service) since a day, for these services. */
export async function recentUsage(payload: Payload, serviceIds: number[], since: CalendarDate): Promise<Map<number, DailyUsage[]>> {
  const daily = new Map<number, DailyUsage[]>()
  if (serviceIds.length === 0) return daily
  const { rows } = await readPool(payload).query(
    `SELECT service_id, date, upload_bytes, download_bytes FROM usage_records WHERE service_id = ANY($1::int[]) AND date >= $2::timestamptz`,
    [serviceIds, sastMidnight(since)],
  )
  for (const r of rows) {
    const sid = Number(r.service_id)
    if (!daily.has(sid)) daily.set(sid, [])
    daily.get(sid)!.push({ date: dateOf(r.date)!, uploadBytes: num(r.upload_bytes), downloadBytes: num(r.download_bytes) })
  }
  return daily
}
