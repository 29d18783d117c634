import type { Payload } from 'payload'

import { addDays, sastDateOf, sastMidnight, type CalendarDate } from '../../domain/calendarDate'
import { OPEN_INVOICE_STATUSES, OPEN_ORDER_STATUSES, type AccountType } from '../../domain/catalogue'
import { isBillable } from '../billing/issueRecurringInvoices'
import type { BillingOverview, SummaryResponse } from './contract'
import { dateOf, instantOf, invoiceItem, maskedMethod, readPool, serviceSummaryOf, type DailyUsage } from './shapes'

const inList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ')
const OPEN_INVOICE = `status IN (${inList(OPEN_INVOICE_STATUSES)})`
const OPEN_ORDER = `status IN (${inList(OPEN_ORDER_STATUSES)})`

/**
 * Everything the portal's home page shows, in one SQL round trip (a statement of scalar
 * subqueries, each on an index by customer or service). It reads exactly what the collections' access lets
 * the customer read (their own rows; issued invoices only: `ownIssuedInvoices`), and the tests
 * hold its figures equal to the individual endpoints, which go through that access.
 */
export async function dashboardSummary(payload: Payload, customerId: number, now = new Date()): Promise<SummaryResponse | null> {
  const today = sastDateOf(now)
  // Usage rows back far enough for any cycle holding today (a cycle is at most 31 days).
  const usageSince = addDays(today, -32)
  const { rows } = await readPool(payload).query(
    `SELECT
      (SELECT row_to_json(c) FROM (SELECT id, account_number, display_name, first_name, last_name, account_status, account_type, customer_since
         FROM customers WHERE id = $1) c) AS account,
      (SELECT coalesce(json_agg(s ORDER BY s.id), '[]') FROM (
         SELECT s.id, s.package_name, s.type, s.status, s.download_mbps, s.upload_mbps, s.data_cap_gb, s.monthly_price_cents,
                s.installation_address, s.billing_day, s.next_billing_date, s.billing_paused, s.activation_date,
                (SELECT max(u.updated_at) FROM usage_records u WHERE u.service_id = s.id) AS usage_as_of,
                (SELECT coalesce(json_agg(json_build_object('d', u.date, 'up', u.upload_bytes, 'down', u.download_bytes)), '[]')
                   FROM usage_records u WHERE u.service_id = s.id AND u.date >= $2::timestamptz) AS usage
           FROM services s WHERE s.customer_id = $1) s) AS services,
      (SELECT row_to_json(b) FROM (
         SELECT ba.balance_cents, ba.credit_limit_cents, ba.auto_pay, ba.notify_by_sms, ba.notify_by_email,
                (SELECT row_to_json(pm) FROM (SELECT id, type, display_name, last_four, mandate_status, is_primary, created_at
                   FROM payment_methods WHERE id = ba.primary_payment_method_id AND is_active) pm) AS primary_method
           FROM billing_accounts ba WHERE ba.customer_id = $1) b) AS billing,
      (SELECT coalesce(json_agg(i), '[]') FROM (
         SELECT id, invoice_number, kind, status, invoice_date, due_date, period_start, period_end, total_cents, amount_paid_cents, amount_due_cents
           FROM invoices WHERE customer_id = $1 AND status <> 'draft' ORDER BY invoice_date DESC, id DESC LIMIT 5) i) AS invoices,
      (SELECT json_build_object('due', coalesce(sum(amount_due_cents) FILTER (WHERE ${OPEN_INVOICE}), 0),
                                'overdue_count', count(*) FILTER (WHERE status = 'overdue'),
                                'overdue_total', coalesce(sum(amount_due_cents) FILTER (WHERE status = 'overdue'), 0))
         FROM invoices WHERE customer_id = $1 AND status <> 'draft' AND kind <> 'credit_note') AS owed,
      (SELECT coalesce(json_agg(o), '[]') FROM (
         SELECT id, order_number, status, created_at FROM consumer_orders WHERE customer_id = $1 ORDER BY created_at DESC, id DESC LIMIT 5) o) AS orders,
      (SELECT count(*) FROM consumer_orders WHERE customer_id = $1 AND ${OPEN_ORDER}) AS open_orders`,
    [customerId, sastMidnight(usageSince)],
  )
  const row = rows[0]
  const account = row.account as Record<string, unknown> | null
  if (!account) return null

  const accountType = account.account_type as AccountType
  const services = (row.services as Array<Record<string, unknown>>).map((s) => {
    const daily: DailyUsage[] = (s.usage as Array<{ d: string; up: number; down: number }>).map((u) => ({
      date: dateOf(u.d)!,
      uploadBytes: Number(u.up),
      downloadBytes: Number(u.down),
    }))
    return serviceSummaryOf(s, daily, s.usage_as_of ? instantOf(s.usage_as_of) : null, today, accountType)
  })
  const owed = row.owed as { due: number; overdue_count: number; overdue_total: number }
  const billingRow = row.billing as Record<string, unknown> | null
  const billing = billingOverviewOf(billingRow, Number(owed.due), services)

  return {
    account: {
      id: Number(account.id),
      accountNumber: String(account.account_number ?? ''),
      displayName: String(account.display_name ?? `${account.first_name} ${account.last_name}`),
      status: account.account_status as SummaryResponse['account']['status'],
      type: account.account_type as SummaryResponse['account']['type'],
      customerSince: dateOf(account.customer_since),
    },
    services,
    billing,
    recentInvoices: (row.invoices as Array<Record<string, unknown>>).map(invoiceItem),
    recentOrders: (row.orders as Array<Record<string, unknown>>).map((o) => ({
      id: Number(o.id),
      orderNumber: String(o.order_number),
      status: o.status as SummaryResponse['recentOrders'][number]['status'],
      placedAt: instantOf(o.created_at),
    })),
    stats: {
      activeServices: services.filter((s) => s.status === 'active').length,
      openOrders: Number(row.open_orders),
      overdueInvoices: Number(owed.overdue_count),
      overdueTotalCents: Number(owed.overdue_total),
      usedBytesThisCycle: services.reduce((sum, s) => sum + s.usage.usedBytes, 0),
    },
  }
}

/**
 * The billing figures, shared with GET /billing. The next bill: the earliest next billing date of
 * the services the billing run will bill (`isBillable`: active or suspended, not paused), and what
 * those services cost a month, VAT included (their `monthlyPriceCents` as the dashboard answers it).
 */
export function billingOverviewOf(
  row: Record<string, unknown> | null,
  amountDueCents: number,
  services: Array<{ status: string; billingPaused: boolean; nextBillingDate: CalendarDate | null; monthlyPriceCents: number }>,
): BillingOverview {
  const billed = services.filter((s) => isBillable(s) && s.nextBillingDate)
  const nextBillingDate = billed.map((s) => s.nextBillingDate!).sort()[0] ?? null
  const primary = row?.primary_method as Record<string, unknown> | null | undefined
  return {
    balanceCents: Number(row?.balance_cents ?? 0),
    amountDueCents,
    creditLimitCents: Number(row?.credit_limit_cents ?? 0),
    nextBillingDate,
    nextBillingAmountCents: billed.filter((s) => s.nextBillingDate === nextBillingDate).reduce((sum, s) => sum + s.monthlyPriceCents, 0),
    autoPay: Boolean(row?.auto_pay),
    notifyBySms: row?.notify_by_sms !== false,
    notifyByEmail: row?.notify_by_email !== false,
    primaryPaymentMethod: primary ? maskedMethod(primary) : null,
  }
}
