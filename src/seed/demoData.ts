/**
 * The demo ISP as plain data: a deterministic function of the date it is generated for and a
 * fixed random seed. No Payload here; `src/seed/index.ts` writes it.
 *
 * About 50 customers (residential and business, South African names, numbers and addresses),
 * about 70 services (fibre 25/50/100/200 uncapped, capped LTE 50/100 GB) on all four billing
 * days, some pending, suspended and cancelled; six months of recurring invoices and the payments
 * against them (most paid, a few partly paid or overdue), and 90 days of daily usage.
 */
import { addDays, billingDateIn, daysBetween, nextMonth, type CalendarDate } from '../domain/calendarDate'
import type { AccountType, BillingDay, ServiceStatus } from '../domain/catalogue'
import { splitExclusive, splitInclusive, type VatSplit } from '../domain/money'
import { DEMO_CUSTOMERS } from './demoAccounts'

export const DEMO_SEED = 20261128
const VAT_BP = 1500
const GB = 1_000_000_000

/** mulberry32: small, fast, good enough for demo data, and the same on every machine. */
export function randomFrom(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
    chance: (p: number) => next() < p,
  }
}

type Package = { name: string; type: 'fibre' | 'lte'; down: number; up: number; capGb: number | null; residentialCents: number; businessCents: number }

export const PACKAGES: Package[] = [
  { name: 'Fibre 25/25 Uncapped', type: 'fibre', down: 25, up: 25, capGb: null, residentialCents: 49900, businessCents: 59900 },
  { name: 'Fibre 50/50 Uncapped', type: 'fibre', down: 50, up: 50, capGb: null, residentialCents: 79900, businessCents: 89900 },
  { name: 'Fibre 100/100 Uncapped', type: 'fibre', down: 100, up: 100, capGb: null, residentialCents: 99900, businessCents: 119900 },
  { name: 'Fibre 200/100 Uncapped', type: 'fibre', down: 200, up: 100, capGb: null, residentialCents: 129900, businessCents: 159900 },
  { name: 'LTE 50 GB', type: 'lte', down: 20, up: 10, capGb: 50, residentialCents: 29900, businessCents: 34900 },
  { name: 'LTE 100 GB', type: 'lte', down: 30, up: 15, capGb: 100, residentialCents: 44900, businessCents: 49900 },
]

const FIRST_NAMES = ['Sipho', 'Lerato', 'Johan', 'Ayesha', 'Thabo', 'Nomvula', 'Pieter', 'Zanele', 'Kagiso', 'Annelie', 'Bongani', 'Fatima', 'Lwazi', 'Chantel', 'Mpho', 'Riaan', 'Naledi', 'Themba', 'Priya', 'Willem', 'Khanyisile', 'Sibusiso', 'Megan', 'Tumelo', 'Refilwe', 'Hennie', 'Nandi', 'Yusuf', 'Busisiwe', 'Gert']
const LAST_NAMES = ['Dlamini', 'Mokoena', 'Botha', 'Naidoo', 'Khumalo', 'Van Wyk', 'Nkosi', 'Pillay', 'Mahlangu', 'Pretorius', 'Zulu', 'Ndlovu', 'Coetzee', 'Molefe', 'Jacobs', 'Govender', 'Sithole', 'Du Plessis', 'Mthembu', 'Adams', 'Baloyi', 'Venter', 'Maseko', 'Hendricks']
const COMPANIES = ['Karoo Logistics (Pty) Ltd', 'Umhlanga Dental Studio', 'Soweto Print Works', 'Stellenbosch Wine Traders CC', 'Midrand Accounting Partners', 'Durban Coastal Realty', 'Pretoria Legal Chambers', 'Cape Point Surf Co']
const PLACES = [
  { suburb: 'Randburg', city: 'Johannesburg', province: 'Gauteng', postalCode: '2194', lat: -26.0936, lng: 28.0064 },
  { suburb: 'Soweto', city: 'Johannesburg', province: 'Gauteng', postalCode: '1804', lat: -26.2485, lng: 27.854 },
  { suburb: 'Midrand', city: 'Johannesburg', province: 'Gauteng', postalCode: '1685', lat: -25.9992, lng: 28.1263 },
  { suburb: 'Hatfield', city: 'Pretoria', province: 'Gauteng', postalCode: '0083', lat: -25.7487, lng: 28.2381 },
  { suburb: 'Centurion', city: 'Pretoria', province: 'Gauteng', postalCode: '0157', lat: -25.8603, lng: 28.1894 },
  { suburb: 'Observatory', city: 'Cape Town', province: 'Western Cape', postalCode: '7925', lat: -33.9381, lng: 18.4722 },
  { suburb: 'Bellville', city: 'Cape Town', province: 'Western Cape', postalCode: '7530', lat: -33.9, lng: 18.6292 },
  { suburb: 'Stellenbosch Central', city: 'Stellenbosch', province: 'Western Cape', postalCode: '7600', lat: -33.9321, lng: 18.8602 },
  { suburb: 'Umhlanga', city: 'Durban', province: 'KwaZulu-Natal', postalCode: '4319', lat: -29.7277, lng: 31.0849 },
  { suburb: 'Morningside', city: 'Durban', province: 'KwaZulu-Natal', postalCode: '4001', lat: -29.8279, lng: 31.0139 },
  { suburb: 'Summerstrand', city: 'Gqeberha', province: 'Eastern Cape', postalCode: '6001', lat: -33.9856, lng: 25.6597 },
  { suburb: 'Bloemfontein Central', city: 'Bloemfontein', province: 'Free State', postalCode: '9301', lat: -29.1167, lng: 26.2167 },
] as const
const STREETS = ['Jan Smuts Ave', 'Main Rd', 'Church St', 'Oxford Rd', 'Beach Rd', 'Voortrekker Rd', 'Nelson Mandela Dr', 'Long St', 'Florida Rd', 'Rivonia Rd']
const BANKS = ['FNB', 'ABSA', 'Standard Bank', 'Nedbank', 'Capitec']
const MOBILE_PREFIXES = ['82', '83', '84', '72', '73', '74', '76', '79', '60', '61', '71', '81']

export type DemoCustomer = {
  key: string
  email: string
  firstName: string
  lastName: string
  companyName?: string
  accountType: AccountType
  accountStatus: 'active' | 'suspended' | 'closed'
  mobile: string
  idNumber: string
  postalAddress: { line1: string; suburb: string; city: string; province: string; postalCode: string }
  customerSince: CalendarDate
  payment: { type: 'debit_order'; bank: string; lastFour: string } | { type: 'card'; brand: string; lastFour: string } | { type: 'eft' }
  autoPay: boolean
  /** How this customer pays: on time, partly, or has stopped paying. */
  habit: 'prompt' | 'partial' | 'arrears'
}

export type DemoService = {
  key: string
  customerKey: string
  pkg: Package
  monthlyPriceCents: number
  installationAddress: string
  latitude: number
  longitude: number
  connectionId: string | null
  status: ServiceStatus
  billingDay: BillingDay
  activationDate: CalendarDate | null
  suspensionDate: CalendarDate | null
  cancellationDate: CalendarDate | null
  nextBillingDate: CalendarDate | null
  billingPaused: boolean
  suspensionType?: 'non_payment' | 'customer_request' | 'technical'
}

export type DemoInvoice = {
  serviceKey: string
  customerKey: string
  periodStart: CalendarDate
  periodEnd: CalendarDate
  invoiceDate: CalendarDate
  dueDate: CalendarDate
  description: string
  split: VatSplit
}

export type DemoPayment = { invoiceIndex: number; customerKey: string; amountCents: number; date: CalendarDate; method: 'debit_order' | 'card' | 'eft' }

export type DemoUsage = { serviceKey: string; customerKey: string; date: CalendarDate; uploadBytes: number; downloadBytes: number }

export type DemoData = {
  asOf: CalendarDate
  customers: DemoCustomer[]
  services: DemoService[]
  invoices: DemoInvoice[]
  payments: DemoPayment[]
  usage: DemoUsage[]
}

function saIdNumber(r: ReturnType<typeof randomFrom>): string {
  const yy = String(r.int(55, 99)).padStart(2, '0')
  const mm = String(r.int(1, 12)).padStart(2, '0')
  const dd = String(r.int(1, 28)).padStart(2, '0')
  const digits = `${yy}${mm}${dd}${r.int(0, 9999).toString().padStart(4, '0')}08`
  // Luhn check digit, as on a real SA ID number.
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i])
    if (i % 2 === 0) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return digits + ((10 - (sum % 10)) % 10)
}

/** The billing date on or before `date` for a billing day. */
function billingDateOnOrBefore(date: CalendarDate, billingDay: number): CalendarDate {
  const [y, m] = date.split('-').map(Number)
  const thisMonth = billingDateIn(y, m, billingDay)
  if (thisMonth <= date) return thisMonth
  const prev = m === 1 ? { year: y - 1, month: 12 } : { year: y, month: m - 1 }
  return billingDateIn(prev.year, prev.month, billingDay)
}

function nextBillingDateAfter(date: CalendarDate, billingDay: number): CalendarDate {
  const [y, m] = date.split('-').map(Number)
  const thisMonth = billingDateIn(y, m, billingDay)
  if (thisMonth > date) return thisMonth
  const n = nextMonth(y, m)
  return billingDateIn(n.year, n.month, billingDay)
}

export function generateDemoData(asOf: CalendarDate, seed = DEMO_SEED): DemoData {
  const r = randomFrom(seed)
  const customers: DemoCustomer[] = []
  const services: DemoService[] = []
  const start = addDays(asOf, -560)

  const makeCustomer = (i: number, fixed?: { email: string; firstName: string; lastName: string }): DemoCustomer => {
    const business = !fixed && i % 6 === 5
    const firstName = fixed?.firstName ?? r.pick(FIRST_NAMES)
    const lastName = fixed?.lastName ?? r.pick(LAST_NAMES)
    const place = r.pick(PLACES)
    const bankRoll = r.next()
    const payment: DemoCustomer['payment'] =
      bankRoll < 0.7
        ? { type: 'debit_order', bank: r.pick(BANKS), lastFour: String(r.int(0, 9999)).padStart(4, '0') }
        : bankRoll < 0.85
          ? { type: 'card', brand: r.pick(['Visa', 'Mastercard']), lastFour: String(r.int(0, 9999)).padStart(4, '0') }
          : { type: 'eft' }
    const habitRoll = r.next()
    return {
      key: `c${i}`,
      email:
        fixed?.email ??
        `${firstName}.${lastName}.${i}`.toLowerCase().replace(/[^a-z0-9.]/g, '') + (business ? '@business.demo.test' : '@demo.test'),
      firstName,
      lastName,
      companyName: business ? COMPANIES[Math.floor(i / 6) % COMPANIES.length] : undefined,
      accountType: business ? 'business' : 'residential',
      accountStatus: 'active',
      mobile: `27${r.pick(MOBILE_PREFIXES)}${String(r.int(0, 9_999_999)).padStart(7, '0')}`,
      idNumber: business ? `20${r.int(10, 23)}/${String(r.int(100000, 999999))}/07` : saIdNumber(r),
      postalAddress: { line1: `${r.int(1, 250)} ${r.pick(STREETS)}`, suburb: place.suburb, city: place.city, province: place.province, postalCode: place.postalCode },
      customerSince: fixed ? addDays(asOf, -400 - i * 30) : addDays(start, r.int(0, 380)),
      payment,
      autoPay: payment.type === 'debit_order',
      habit: fixed ? 'prompt' : habitRoll < 0.82 ? 'prompt' : habitRoll < 0.9 ? 'partial' : 'arrears',
    }
  }

  DEMO_CUSTOMERS.forEach((c, i) => customers.push(makeCustomer(i, c)))
  for (let i = DEMO_CUSTOMERS.length; i < 50; i++) customers.push(makeCustomer(i))

  const billingDays: BillingDay[] = [1, 5, 25, 30]
  let serviceIndex = 0
  const addService = (customer: DemoCustomer, pkg: Package, status: ServiceStatus, billingDay: BillingDay) => {
    const place = PLACES.find((p) => p.suburb === customer.postalAddress.suburb) ?? PLACES[0]
    const i = serviceIndex++
    const activationDate = status === 'pending' ? null : addDays(customer.customerSince, r.int(3, 20))
    let suspensionDate: CalendarDate | null = null
    let cancellationDate: CalendarDate | null = null
    if (status === 'suspended') suspensionDate = addDays(asOf, -r.int(5, 40))
    if (status === 'cancelled') cancellationDate = addDays(asOf, -r.int(10, 100))
    const live = status === 'active' || status === 'suspended'
    services.push({
      key: `s${i}`,
      customerKey: customer.key,
      pkg,
      monthlyPriceCents: customer.accountType === 'business' ? pkg.businessCents : pkg.residentialCents,
      installationAddress: `${customer.postalAddress.line1}, ${customer.postalAddress.suburb}, ${customer.postalAddress.city}, ${customer.postalAddress.postalCode}`,
      latitude: Number((place.lat + (r.next() - 0.5) / 50).toFixed(6)),
      longitude: Number((place.lng + (r.next() - 0.5) / 50).toFixed(6)),
      connectionId: status === 'pending' ? null : `ISL-${String(100000 + i * 7919).slice(-6)}`,
      status,
      billingDay,
      activationDate,
      suspensionDate,
      cancellationDate,
      nextBillingDate: live ? nextBillingDateAfter(asOf, billingDay) : null,
      billingPaused: status === 'suspended' && r.chance(0.5),
      suspensionType: status === 'suspended' ? r.pick(['non_payment', 'customer_request', 'technical'] as const) : undefined,
    })
  }

  customers.forEach((customer, i) => {
    if (customer.email === 'thandi@demo.test') {
      addService(customer, PACKAGES[1], 'active', 1)
      addService(customer, PACKAGES[4], 'pending', 1)
      return
    }
    if (customer.email === 'pieter@demo.test') {
      addService(customer, PACKAGES[2], 'active', 25)
      return
    }
    const statusRoll = r.next()
    const status: ServiceStatus =
      customer.habit === 'arrears' && r.chance(0.6) ? 'suspended' : statusRoll < 0.06 ? 'pending' : statusRoll < 0.12 ? 'cancelled' : 'active'
    addService(customer, r.pick(PACKAGES), status, billingDays[i % 4])
    // Some households and most businesses have a second connection (often LTE backup).
    if (customer.accountType === 'business' || r.chance(0.3)) {
      addService(customer, r.pick(PACKAGES.slice(4)), r.chance(0.9) ? 'active' : 'pending', billingDays[(i + 1) % 4])
    }
  })

  const byKey = new Map(customers.map((c) => [c.key, c]))
  const invoices: DemoInvoice[] = []
  for (const s of services) {
    if (!s.activationDate) continue
    const customer = byKey.get(s.customerKey)!
    // The last six billing periods (whose invoices, issued 7 days ahead, exist by asOf).
    let periodStart = billingDateOnOrBefore(addDays(asOf, 7), s.billingDay)
    const periods: CalendarDate[] = []
    for (let k = 0; k < 6; k++) {
      periods.unshift(periodStart)
      periodStart = billingDateOnOrBefore(addDays(periodStart, -1), s.billingDay)
    }
    for (const start of periods) {
      if (start < s.activationDate) continue
      if (s.cancellationDate && start > s.cancellationDate) continue
      if (s.suspensionDate && s.billingPaused && start > s.suspensionDate) continue
      const next = nextBillingDateAfter(start, s.billingDay)
      const split = customer.accountType === 'business' ? splitExclusive(s.monthlyPriceCents, VAT_BP) : splitInclusive(s.monthlyPriceCents, VAT_BP)
      invoices.push({
        serviceKey: s.key,
        customerKey: s.customerKey,
        periodStart: start,
        periodEnd: addDays(next, -1),
        invoiceDate: addDays(start, -7),
        dueDate: start,
        description: `${s.pkg.name}: ${start} to ${addDays(next, -1)}`,
        split,
      })
    }
  }
  invoices.sort((a, b) => (a.invoiceDate === b.invoiceDate ? a.serviceKey.localeCompare(b.serviceKey) : a.invoiceDate.localeCompare(b.invoiceDate)))

  const payments: DemoPayment[] = []
  invoices.forEach((inv, index) => {
    if (inv.dueDate > asOf) return
    const customer = byKey.get(inv.customerKey)!
    const method = customer.payment.type
    const ageDays = daysBetween(inv.dueDate, asOf)
    if (customer.habit === 'arrears' && ageDays < 75) return
    if (customer.habit === 'partial' && ageDays < 40) {
      payments.push({ invoiceIndex: index, customerKey: inv.customerKey, amountCents: Math.round(inv.split.inclVatCents / 2), date: addDays(inv.dueDate, 3), method })
      return
    }
    payments.push({ invoiceIndex: index, customerKey: inv.customerKey, amountCents: inv.split.inclVatCents, date: addDays(inv.dueDate, method === 'eft' ? r.int(0, 5) : 0), method })
  })

  const usage: DemoUsage[] = []
  // Capped services use from about 60% to 110% of their cap in a cycle, so the demo has customers
  // below, near and over their caps (and cap warnings to show).
  const CAPPED_INTENSITY = [0.7, 0.9, 1.05, 1.3]
  for (const [index, s] of services.entries()) {
    if (!s.activationDate) continue
    const intensity = s.pkg.capGb ? CAPPED_INTENSITY[index % CAPPED_INTENSITY.length]! : 1
    for (let d = 90; d >= 1; d--) {
      const date = addDays(asOf, -d)
      if (date < s.activationDate) continue
      if (s.suspensionDate && date >= s.suspensionDate) continue
      if (s.cancellationDate && date > s.cancellationDate) continue
      const daily = s.pkg.capGb ? (s.pkg.capGb * GB) / 30 : s.pkg.down * 0.12 * GB
      const download = Math.round(daily * intensity * (0.3 + r.next() * 1.1))
      usage.push({ serviceKey: s.key, customerKey: s.customerKey, date, downloadBytes: download, uploadBytes: Math.round(download * (0.08 + r.next() * 0.12)) })
    }
  }

  // Customers whose only services are suspended are themselves suspended; all-cancelled ones closed.
  for (const c of customers) {
    const mine = services.filter((s) => s.customerKey === c.key)
    if (mine.length && mine.every((s) => s.status === 'cancelled')) c.accountStatus = 'closed'
    else if (mine.length && mine.every((s) => s.status === 'suspended' || s.status === 'cancelled')) c.accountStatus = 'suspended'
  }

  return { asOf, customers, services, invoices, payments, usage }
}
