import type { Payload, PayloadRequest } from 'payload'
import { sql } from 'drizzle-orm'

import { sastDateOf, sastMidnight, type CalendarDate } from '../domain/calendarDate'
import { SA_BANKS } from '../domain/bankAccounts'
import { mandateAccountReferenceOf } from '../services/netcash/mandates'
import { storePaymentDetails } from '../services/paymentMethods/paymentDetails'
import { transactionSql } from '../services/transactionSql'
import { withTransaction } from '../services/withTransaction'
import { DEMO_PASSWORD, DEMO_STAFF } from './demoAccounts'
import { generateDemoData, PACKAGES, type DemoData } from './demoData'

export type SeedResult = { seeded: true; counts: Record<string, number> } | { seeded: false; reason: string }

/**
 * Loads the demo data into an empty database, all in one transaction (a crash leaves nothing
 * half-seeded). A database that already has staff or customers is left untouched: the seed never
 * wipes anything. Deterministic: the same data for the same day on every machine.
 */
export async function seedDemoData(
  on: Payload | PayloadRequest,
  opts: { production: boolean; asOf?: CalendarDate },
): Promise<SeedResult> {
  if (opts.production) return { seeded: false, reason: 'The demo seed never runs in production' }
  return withTransaction(on, async (req) => {
    const { payload } = req
    const staff = await payload.count({ collection: 'users', req })
    const customers = await payload.count({ collection: 'customers', req })
    if (staff.totalDocs > 0 || customers.totalDocs > 0) {
      return { seeded: false, reason: 'The database already has data' }
    }
    const data = generateDemoData(opts.asOf ?? sastDateOf(new Date()))
    return { seeded: true, counts: await writeDemoData(req, data) }
  })
}

const FIBRE_INSTALLATION_CENTS = 99_900

const DEMO_PRODUCTS = [
  ...PACKAGES.map((p) => ({
    name: p.name,
    type: p.type,
    downloadMbps: p.down,
    uploadMbps: p.up,
    dataCapGb: p.capGb,
    monthlyPriceCents: p.residentialCents,
    priceIncludesVat: true,
    installationFeeCents: p.type === 'fibre' ? FIBRE_INSTALLATION_CENTS : 0,
    active: true,
  })),
  { name: 'Business Fibre 500/250 Uncapped', type: 'fibre' as const, downloadMbps: 500, uploadMbps: 250, dataCapGb: null, monthlyPriceCents: 249_900, priceIncludesVat: false, installationFeeCents: 0, active: true },
  { name: 'Fibre 10/10 Uncapped', type: 'fibre' as const, downloadMbps: 10, uploadMbps: 10, dataCapGb: null, monthlyPriceCents: 39_900, priceIncludesVat: true, installationFeeCents: FIBRE_INSTALLATION_CENTS, active: false },
]

const at = (date: CalendarDate, hour = 9) => new Date(Date.parse(sastMidnight(date)) + hour * 3_600_000).toISOString()

async function writeDemoData(req: PayloadRequest, data: DemoData): Promise<Record<string, number>> {
  const { payload } = req
  const create = payload.create.bind(payload)

  const staffIds: Record<string, number> = {}
  for (const s of DEMO_STAFF) {
    const user = await create({ collection: 'users', data: { ...s, permissions: [...s.permissions], password: DEMO_PASSWORD }, req })
    staffIds[s.role] = user.id
  }

  const customerIds = new Map<string, number>()
  const methodIds = new Map<string, number>()
  // In the order the accounts were opened, so account numbers run chronologically.
  const byAge = [...data.customers].sort((a, b) => a.customerSince.localeCompare(b.customerSince) || a.key.localeCompare(b.key))
  for (const c of byAge) {
    const customer = await create({
      collection: 'customers',
      data: {
        email: c.email,
        password: DEMO_PASSWORD,
        firstName: c.firstName,
        lastName: c.lastName,
        companyName: c.companyName,
        accountType: c.accountType,
        accountStatus: c.accountStatus,
        mobile: c.mobile,
        idNumber: c.idNumber,
        postalAddress: c.postalAddress as never,
        customerSince: c.customerSince,
      },
      req,
    })
    customerIds.set(c.key, customer.id)
    const p = c.payment
    const method = await create({
      collection: 'payment-methods',
      data: {
        customer: customer.id,
        type: p.type,
        displayName:
          p.type === 'debit_order' ? `Debit Order - ${p.bank} ***${p.lastFour}` : p.type === 'card' ? `${p.brand} ***${p.lastFour}` : 'EFT (bank transfer)',
        lastFour: p.type === 'eft' ? undefined : p.lastFour,
        mandateReference: p.type === 'debit_order' ? `MANDATE-${c.key.toUpperCase()}` : undefined,
        mandateStatus: p.type === 'debit_order' ? 'active' : undefined,
        isPrimary: true,
        isActive: true,
      },
      req,
    })
    methodIds.set(c.key, method.id)
    if (p.type === 'debit_order') {
      // Signed long ago: the mandate as NetCash's postback would have left it, so the 06:00 run debits it.
      await req.payload.update({
        collection: 'payment-methods',
        id: method.id,
        data: { mandateAccountReference: mandateAccountReferenceOf(String(customer.accountNumber), method.id), mandateAmountCents: 200_000, mandateDecidedAt: c.customerSince },
        req,
        overrideAccess: true,
        depth: 0,
      })
      const bank = SA_BANKS.find((b) => b.shortName === p.bank)!
      const digits = bank.accountNumberLength[0]
      const accountNumber = `${String(customer.id * 7919).padStart(digits - 4, '6').slice(0, digits - 4)}${p.lastFour}`
      await storePaymentDetails(req, method.id, customer.id, {
        kind: 'bank',
        bank: { bankCode: bank.code, branchCode: bank.universalBranchCode, accountType: 'cheque', accountNumber, accountHolder: `${c.firstName} ${c.lastName}` },
      })
    }
  }

  // The catalogue: the demo's packages at their residential (VAT-inclusive) prices, one business
  // package quoted excl. VAT, and one withdrawn package. Each demo service names its package; its
  // own terms are given, so nothing is copied (business services keep their negotiated prices).
  const productIds = new Map<string, number>()
  for (const p of DEMO_PRODUCTS) {
    const product = await create({ collection: 'products', data: p, req })
    productIds.set(p.name, product.id)
  }

  const serviceIds = new Map<string, number>()
  let actions = 0
  for (const s of data.services) {
    const customer = customerIds.get(s.customerKey)!
    const service = await create({
      collection: 'services',
      data: {
        customer,
        product: productIds.get(s.pkg.name),
        type: s.pkg.type,
        packageName: s.pkg.name,
        downloadMbps: s.pkg.down,
        uploadMbps: s.pkg.up,
        dataCapGb: s.pkg.capGb,
        monthlyPriceCents: s.monthlyPriceCents,
        installationAddress: s.installationAddress,
        latitude: s.latitude,
        longitude: s.longitude,
        connectionId: s.connectionId,
        status: s.status,
        billingDay: s.billingDay,
        activationDate: s.activationDate,
        suspensionDate: s.suspensionDate,
        cancellationDate: s.cancellationDate,
        nextBillingDate: s.nextBillingDate,
        billingPaused: s.billingPaused,
        // The demo's history happened before this system talked to the network: its states as applied then.
        ...(s.status === 'pending'
          ? {}
          : { networkState: s.status === 'active' ? 'enabled' : 'disabled', networkStateAt: at(s.cancellationDate ?? s.suspensionDate ?? s.activationDate!) }),
      },
      req,
    })
    serviceIds.set(s.key, service.id)
    const audit = (action: 'activate' | 'suspend' | 'cancel', date: CalendarDate, previousStatus: string, newStatus: string, reason: string) =>
      create({
        collection: 'service-actions',
        data: { service: service.id, customer, staffUser: staffIds.billing, action, reason, previousStatus, newStatus, createdAt: at(date) } as never,
        req,
      }).then(() => actions++)
    if (s.activationDate) await audit('activate', s.activationDate, 'pending', 'active', 'Installation completed')
    if (s.suspensionDate) {
      const reason = { non_payment: 'Account in arrears', customer_request: 'Customer travelling', technical: 'Line fault under investigation' }[s.suspensionType!]
      await audit('suspend', s.suspensionDate, 'active', 'suspended', reason)
      await create({
        collection: 'service-suspensions',
        data: { service: service.id, suspensionType: s.suspensionType!, reason, suspendedAt: at(s.suspensionDate), skipBilling: s.billingPaused },
        req,
      })
    }
    if (s.cancellationDate) await audit('cancel', s.cancellationDate, 'active', 'cancelled', 'Customer relocated')
  }

  // Invoices in date order (so numbers run chronologically), each with what was paid against it.
  const paidByInvoice = new Map<number, number>()
  for (const p of data.payments) paidByInvoice.set(p.invoiceIndex, (paidByInvoice.get(p.invoiceIndex) ?? 0) + p.amountCents)
  const invoiceIds: number[] = []
  for (const [index, inv] of data.invoices.entries()) {
    const paid = paidByInvoice.get(index) ?? 0
    const total = inv.split.inclVatCents
    const status = paid >= total ? 'paid' : paid > 0 ? 'partially_paid' : inv.dueDate < data.asOf ? 'overdue' : 'unpaid'
    const invoice = await create({
      collection: 'invoices',
      data: {
        customer: customerIds.get(inv.customerKey)!,
        service: serviceIds.get(inv.serviceKey)!,
        kind: 'recurring',
        status,
        invoiceDate: inv.invoiceDate,
        dueDate: inv.dueDate,
        periodStart: inv.periodStart,
        periodEnd: inv.periodEnd,
        amountPaidCents: paid,
        lines: [
          {
            description: inv.description,
            kind: 'service',
            quantity: 1,
            unitPriceCents: inv.split.inclVatCents,
            exclVatCents: inv.split.exclVatCents,
            vatRateBasisPoints: inv.split.vatRateBasisPoints,
            vatCents: inv.split.vatCents,
            inclVatCents: inv.split.inclVatCents,
          },
        ],
      },
      req,
    })
    invoiceIds.push(invoice.id)
  }

  for (const [n, p] of data.payments.entries()) {
    const transaction = await create({
      collection: 'payment-transactions',
      data: {
        transactionId: `DEMO-TX-${String(n + 1).padStart(5, '0')}`,
        kind: 'payment',
        customer: customerIds.get(p.customerKey)!,
        invoice: invoiceIds[p.invoiceIndex],
        paymentMethod: methodIds.get(p.customerKey)!,
        amountCents: p.amountCents,
        currency: 'ZAR',
        status: 'completed',
        gatewayReference: p.method === 'eft' ? undefined : `NC${String(700000 + n)}`,
        submittedAt: at(p.date, 6),
        completedAt: at(p.date, 10),
      },
      req,
    })
    await create({
      collection: 'payment-allocations',
      data: { customer: customerIds.get(p.customerKey)!, invoice: invoiceIds[p.invoiceIndex], amountCents: p.amountCents, payment: transaction.id },
      req,
    })
  }

  // Balances moved with every invoice and payment (the ledger hooks); here only the preferences.
  for (const c of data.customers) {
    const { docs } = await payload.find({ collection: 'billing-accounts', where: { customer: { equals: customerIds.get(c.key)! } }, limit: 1, req })
    await payload.update({
      collection: 'billing-accounts',
      id: docs[0].id,
      data: { autoPay: c.autoPay, primaryPaymentMethod: methodIds.get(c.key)! },
      req,
    })
  }

  await insertUsage(req, data, serviceIds, customerIds)

  // A little of everything else the back office shows.
  const thandi = data.customers[0]
  await create({
    collection: 'notifications',
    data: { customer: customerIds.get(thandi.key)!, channel: 'sms', template: 'invoice_issued', eventKey: 'demo:invoice-sms', recipient: thandi.mobile, content: 'Demo Fibre: your invoice is ready.', status: 'delivered', providerMessageId: 'demo-sms-1' },
    req,
  })
  await create({
    collection: 'notifications',
    data: { customer: customerIds.get(thandi.key)!, channel: 'email', template: 'payment_received', eventKey: 'demo:payment-email', recipient: thandi.email, content: 'Payment received, thank you', status: 'sent' },
    req,
  })
  const orders = data.customers.slice(2, 6).map((c, i) => ({ orderNumber: `ORD-${1001 + i}`, customerEmail: c.email, customer: customerIds.get(c.key)!, status: 'installed' as const }))
  orders.push({ orderNumber: 'ORD-1005', customerEmail: 'unmatched.buyer@example.org', customer: undefined as never, status: 'installed' })
  for (const o of orders) await create({ collection: 'consumer-orders', data: { ...o, details: { package: 'Fibre 50/50 Uncapped', channel: 'website' } }, req })
  await create({
    collection: 'validation-errors',
    data: { source: 'consumer-orders backfill', recordReference: 'ORD-1005', reason: 'No customer with the order email unmatched.buyer@example.org', suggestedFix: 'Find the customer by phone and correct the email on the order' },
    req,
  })
  await create({
    collection: 'job-runs',
    data: { jobName: 'generate-invoices', trigger: 'schedule', startedAt: at(data.asOf, 2), finishedAt: at(data.asOf, 2), status: 'succeeded', recordsProcessed: data.services.length, recordsFailed: 0, input: { asOf: data.asOf } },
    req,
  })

  return {
    users: DEMO_STAFF.length,
    products: DEMO_PRODUCTS.length,
    customers: data.customers.length,
    services: data.services.length,
    invoices: data.invoices.length,
    payments: data.payments.length,
    usageRecords: data.usage.length,
    serviceActions: actions,
  }
}

/** Daily usage in bulk (thousands of rows): one multi-row INSERT per chunk on the seed's transaction. */
async function insertUsage(req: PayloadRequest, data: DemoData, serviceIds: Map<string, number>, customerIds: Map<string, number>) {
  const db = await transactionSql(req)
  for (let i = 0; i < data.usage.length; i += 1000) {
    const rows = data.usage.slice(i, i + 1000).map(
      (u) =>
        sql`(${serviceIds.get(u.serviceKey)!}, ${customerIds.get(u.customerKey)!}, ${sastMidnight(u.date)}::timestamptz, ${u.uploadBytes}, ${u.downloadBytes}, ${u.uploadBytes + u.downloadBytes}, 'interstellio')`,
    )
    await db.execute(
      sql`INSERT INTO usage_records (service_id, customer_id, date, upload_bytes, download_bytes, total_bytes, source) VALUES ${sql.join(rows, sql`, `)}`,
    )
  }
}
