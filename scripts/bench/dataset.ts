/**
 * The benchmark data set: a deterministic ISP of configurable size, written with bulk SQL straight
 * into the tables the committed migrations create, satisfying every CHECK, trigger and unique
 * index on them (the triggers stay on: account and invoice numbers come from their sequences,
 * usage totals and amounts due from their triggers, and the same-customer guards check every row).
 *
 * Default size: 10,000 customers, 12,000 services, the last 12 monthly billing periods of each
 * (about 144,000 recurring invoices with their lines), the payments against them (completed,
 * partial, failed debit orders), ad hoc invoices (a quarter of them void), 90 days of daily usage
 * per service, payment methods (masked display names only, no encrypted details), billing
 * accounts whose balances are exactly issued invoices minus completed payments, service actions,
 * open suspensions and consumer orders. Every customer's password is BENCH_PASSWORD; so is that of
 * one admin, BENCH_ADMIN_EMAIL.
 *
 * Deterministic: every random choice is a hash of (seed, purpose, row key) computed in Postgres,
 * so the same spec gives the same rows on every machine and in any execution order. Only `asOf`
 * (the data set's "today", default the SAST date it is generated on) moves the dates.
 *
 * Reusable by any benchmark: `generateDataset` on an empty, migrated database; `readDatasetMarker`
 * says what a database holds (the `bench_dataset` row written last, so a half-written data set has
 * none); `benchCustomers` picks customers to sign in as.
 */
import { createHash, pbkdf2Sync } from 'node:crypto'

import type pg from 'pg'

import { addDays, sastDateOf, type CalendarDate } from '../../src/domain/calendarDate'
import { splitExclusive, splitInclusive } from '../../src/domain/money'
import { vatRateOn } from '../../src/domain/vat'
import {
  BANKS,
  CARD_BRANDS,
  COMPANY_KINDS,
  FIRST_NAMES,
  FIRST_SERVICE_PACKAGES,
  LAST_NAMES,
  MOBILE_PREFIXES,
  ORDER_CHANNELS,
  PACKAGES,
  PLACES,
  ROUTER,
  SECOND_SERVICE_PACKAGES,
  STATIC_IP,
  STREETS,
} from './datasetCatalogue'

/** Bump whenever a change here or in datasetCatalogue.ts changes the rows: stored data sets are then regenerated. */
export const DATASET_VERSION = 1
export const BENCH_PASSWORD = 'bench-pass-1234'
export const BENCH_ADMIN_EMAIL = 'bench-admin@bench.test'
export const BENCH_EMAIL_DOMAIN = 'bench.test'
export const DEFAULT_SEED = 20261202

export type DatasetSize = {
  customers: number
  /** Every customer has one service; `services - customers` of them have a second. */
  services: number
  /** Monthly billing periods invoiced per service (fewer for services younger than that). */
  months: number
  /** Days of daily usage per service, ending yesterday. */
  usageDays: number
}
export type DatasetSpec = DatasetSize & { seed: number; asOf: CalendarDate }

export const DEFAULT_SIZE: DatasetSize = { customers: 10_000, services: 12_000, months: 12, usageDays: 90 }

export type DatasetMarker = {
  version: number
  spec: DatasetSpec
  counts: Record<string, number>
  seconds: number
  generatedAt: string
  /** md5 over every generated row: equal fingerprints mean identical data sets (on any machine). */
  fingerprint: string
  /** Whether `reconcile` found nothing wrong right after generation (null: not run). */
  reconciled: boolean | null
}

export function datasetSpec(size: Partial<DatasetSize> = {}, opts: { seed?: number; asOf?: CalendarDate } = {}): DatasetSpec {
  const spec: DatasetSpec = { ...DEFAULT_SIZE, ...size, seed: opts.seed ?? DEFAULT_SEED, asOf: opts.asOf ?? sastDateOf(new Date()) }
  const problems: string[] = []
  const whole = (name: keyof DatasetSpec, min: number, max: number) => {
    const v = spec[name] as number
    if (!Number.isInteger(v) || v < min || v > max) problems.push(`${name} must be a whole number from ${min} to ${max} (got ${v})`)
  }
  whole('customers', 1, 1_000_000)
  whole('services', spec.customers, spec.customers * 2)
  whole('months', 1, 36)
  whole('usageDays', 0, 366)
  whole('seed', 0, 2_147_483_647)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(spec.asOf) || Number.isNaN(Date.parse(spec.asOf))) problems.push(`asOf must be a date YYYY-MM-DD (got ${spec.asOf})`)
  // "overdue" means due before now: a data set dated in the future would not reconcile.
  else if (spec.asOf > sastDateOf(new Date())) problems.push(`asOf must not be in the future (got ${spec.asOf})`)
  if (problems.length) throw new RangeError(`invalid data set: ${problems.join('; ')}`)
  return spec
}

/** Same generator, size and seed (and `asOf`, when the caller insists on one). */
export function markerMatches(marker: DatasetMarker | undefined, spec: DatasetSpec, opts: { asOfMatters: boolean }): boolean {
  if (!marker || marker.version !== DATASET_VERSION) return false
  const keys: Array<keyof DatasetSpec> = ['customers', 'services', 'months', 'usageDays', 'seed', ...(opts.asOfMatters ? (['asOf'] as const) : [])]
  return keys.every((k) => marker.spec[k] === spec[k])
}

type Queryable = Pick<pg.Pool, 'query'>

export async function readDatasetMarker(db: Queryable): Promise<DatasetMarker | undefined> {
  const { rows: exists } = await db.query(`SELECT to_regclass('public.bench_dataset') IS NOT NULL AS present`)
  if (!exists[0].present) return undefined
  // As JSON, so a marker written by another generator version still reads (and then does not match).
  const { rows } = await db.query(`SELECT to_jsonb(b) AS m FROM bench_dataset b WHERE id = 1`)
  if (!rows[0]) return undefined
  const m = rows[0].m
  return {
    version: m.version,
    spec: m.spec,
    counts: m.counts,
    seconds: Number(m.seconds),
    generatedAt: new Date(m.generated_at).toISOString(),
    fingerprint: m.fingerprint ?? '',
    reconciled: m.reconciled,
  }
}

export async function recordReconciliation(db: Queryable, reconciled: boolean): Promise<void> {
  await db.query('UPDATE bench_dataset SET reconciled = $1 WHERE id = 1', [reconciled])
}

/**
 * Customers to sign in as: active ones with an active service, spread over the whole data set
 * (a fixed stride through the ids, not the first N), the same ones on every run.
 */
export async function benchCustomers(db: Queryable, count: number): Promise<Array<{ id: number; email: string }>> {
  const { rows } = await db.query(
    `SELECT c.id, c.email FROM customers c
      WHERE c.email LIKE $1 AND c.account_status = 'active'
        AND EXISTS (SELECT 1 FROM services s WHERE s.customer_id = c.id AND s.status = 'active')
      ORDER BY (c.id * 7919) % 10007, c.id LIMIT $2`,
    [`%@${BENCH_EMAIL_DOMAIN}`, count],
  )
  return rows
}

/**
 * Payload 3.90's password format (pbkdf2-sha256-v1: 600,000 iterations, 32 bytes, a 32-byte hex
 * salt). Salt and hash do not depend on the account, so one pair serves every row; the salt is
 * derived from the seed so the data set stays deterministic. The benchmarks' logins prove it.
 */
export function benchPasswordHash(seed: number): { salt: string; hash: string } {
  const salt = createHash('sha256').update(`isp-bench-salt:${seed}`).digest('hex')
  const hash = pbkdf2Sync(BENCH_PASSWORD, salt, 600_000, 32, 'sha256').toString('hex')
  return { salt, hash: `pbkdf2-sha256-v1:${hash}` }
}

type Step = { name: string; table?: string; sql: string | string[] }

/**
 * Writes the data set into an empty, migrated database, logging each step. The marker row goes in
 * last; reconcile is the caller's (it needs Payload): see `recordReconciliation`.
 */
export async function generateDataset(pool: pg.Pool, spec: DatasetSpec, log: (line: string) => void): Promise<DatasetMarker> {
  const started = Date.now()
  const { rows } = await pool.query(`SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM invoices) AS n`)
  if (Number(rows[0].n) > 0) throw new Error('generateDataset needs an empty database (customers or invoices exist)')

  const plan = planSteps(spec)
  await runSteps(pool, plan.setup, log)
  // Two lanes on two connections once the services exist: the money (invoices, payments,
  // balances) and the activity (usage, audit, orders). Neither reads what the other writes.
  await Promise.all([runSteps(pool, plan.money, log), runSteps(pool, plan.activity, log)])
  await runSteps(pool, plan.finish, log)

  const counts: Record<string, number> = {}
  const digests: string[] = []
  for (const table of COUNTED_TABLES) {
    const { rows: c } = await pool.query(`SELECT count(*)::int AS n, md5(coalesce(string_agg(md5(t::text), '' ORDER BY t.id), '')) AS digest FROM ${table} t`)
    counts[table] = c[0].n
    digests.push(c[0].digest)
  }
  const fingerprint = createHash('md5').update(digests.join(',')).digest('hex')
  log('dataset: VACUUM ANALYZE (fresh statistics and visibility maps, so the benchmarks see steady plans)')
  const vacuumStarted = Date.now()
  await pool.query('VACUUM (ANALYZE)')
  await pool.query('CHECKPOINT')
  log(`dataset: VACUUM ANALYZE and CHECKPOINT in ${seconds(vacuumStarted)} s`)

  const marker: DatasetMarker = {
    version: DATASET_VERSION,
    spec,
    counts,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    generatedAt: new Date().toISOString(),
    fingerprint,
    reconciled: null,
  }
  await pool.query(
    `CREATE TABLE bench_dataset (id integer PRIMARY KEY CHECK (id = 1), version integer NOT NULL, spec jsonb NOT NULL,
       counts jsonb NOT NULL, seconds numeric NOT NULL, generated_at timestamptz NOT NULL, fingerprint text NOT NULL, reconciled boolean)`,
  )
  await pool.query('INSERT INTO bench_dataset VALUES (1, $1, $2, $3, $4, $5, $6, NULL)', [
    marker.version,
    JSON.stringify(spec),
    JSON.stringify(counts),
    marker.seconds,
    marker.generatedAt,
    fingerprint,
  ])
  return marker
}

const COUNTED_TABLES = [
  'customers',
  'billing_accounts',
  'payment_methods',
  'services',
  'invoices',
  'invoices_lines',
  'payment_transactions',
  'payment_allocations',
  'usage_records',
  'service_actions',
  'service_suspensions',
  'consumer_orders',
]

async function runSteps(pool: pg.Pool, steps: Step[], log: (line: string) => void) {
  const client = await pool.connect()
  try {
    // A lost commit on a crash only means regenerating; the bulk load need not wait for fsync.
    await client.query('SET synchronous_commit = off')
    for (const step of steps) {
      const t = Date.now()
      let rowCount = 0
      for (const statement of Array.isArray(step.sql) ? step.sql : [step.sql]) {
        const result = await client.query(statement)
        rowCount += result.rowCount ?? 0
      }
      log(`dataset: ${step.name}${step.table ? ` ${rowCount.toLocaleString('en-US')} rows` : ''} (${seconds(t)} s)`)
    }
  } finally {
    client.release()
  }
}

const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1)

// SQL building blocks. Every value spliced into the SQL below is a constant of ours or a validated
// number or date, never outside input.

/** One purpose per stream, so no two random choices are correlated. */
const STREAMS = {
  business: 1, firstName: 2, lastName: 3, place: 4, recent: 5, sinceDays: 6, method: 7, habit: 8, mobile: 9, idNumber: 10,
  street: 11, houseNumber: 12, company: 13, mobilePrefix: 14, bank: 15, lastFour: 16, brand: 17, oldCard: 18, oldCardFour: 19,
  secondService: 20, package: 21, billingDay: 22, status: 23, activation: 24, stopDate: 25, suspensionType: 26, paused: 27,
  staticIp: 28, latitude: 29, longitude: 30, adhoc: 31, adhocDate: 32, void: 33, debitFailed: 34, eftDelay: 35,
  download: 36, upload: 37, ordered: 38, orderStatus: 39, orderChannel: 40, prospectStatus: 41, prospectDate: 42,
  registration: 43, oldCardBrand: 44, notifySms: 45,
} as const

const r = (stream: keyof typeof STREAMS, key: string) => `bench_gen.r(${STREAMS[stream]}, (${key})::bigint)`
const quote = (s: string) => `'${s.replace(/'/g, "''")}'`
const textArray = (values: readonly string[]) => `ARRAY[${values.map(quote).join(', ')}]::text[]`
const pick = (values: readonly string[], stream: keyof typeof STREAMS, key: string) =>
  `(${textArray(values)})[1 + floor(${r(stream, key)} * ${values.length})::int]`
const pickInt = (values: readonly number[], stream: keyof typeof STREAMS, key: string) =>
  `(ARRAY[${values.join(', ')}]::int[])[1 + floor(${r(stream, key)} * ${values.length})::int]`
/** The instant a SAST calendar day (a `date` expression) begins, plus some hours. */
const sast = (date: string, hours = 0) =>
  `(((${date})::timestamp + interval '${hours} hours') AT TIME ZONE 'Africa/Johannesburg')`

function planSteps(spec: DatasetSpec): { setup: Step[]; money: Step[]; activity: Step[]; finish: Step[] } {
  const asOf = `DATE '${spec.asOf}'`
  const vatBp = vatRateOn(spec.asOf)
  const earliest = addDays(spec.asOf, -(spec.months * 31 + 7))
  if (vatRateOn(earliest) !== vatBp) throw new Error(`the VAT rate changes between ${earliest} and ${spec.asOf}: the generator assumes one rate`)
  const { salt, hash } = benchPasswordHash(spec.seed)
  const secondServices = spec.services - spec.customers

  const price = (code: string, description: string, residentialCents: number, businessCents: number) => {
    const res = splitInclusive(residentialCents, vatBp)
    const bus = splitExclusive(businessCents, vatBp)
    return [
      `(${quote(code)}, false, ${quote(description)}, ${residentialCents}, ${res.exclVatCents}, ${res.vatCents}, ${res.inclVatCents})`,
      `(${quote(code)}, true, ${quote(description)}, ${businessCents}, ${bus.exclVatCents}, ${bus.vatCents}, ${bus.inclVatCents})`,
    ]
  }
  const prices = [
    ...PACKAGES.flatMap((p, i) => price(`pkg${i + 1}`, p.name, p.residentialCents, p.businessCents)),
    ...price('static_ip', STATIC_IP.description, STATIC_IP.residentialCents, STATIC_IP.businessCents),
    ...price('router', ROUTER.description, ROUTER.residentialCents, ROUTER.businessCents),
  ]

  const setup: Step[] = [
    {
      name: 'helper functions and lookup tables',
      sql: [
        'DROP SCHEMA IF EXISTS bench_gen CASCADE',
        'CREATE SCHEMA bench_gen',
        // A uniform number in [0, 1) from (seed, stream, key): Postgres's 64-bit extended hash,
        // the same on every machine; top 53 bits, as a double holds them exactly.
        `CREATE FUNCTION bench_gen.r(stream integer, key bigint) RETURNS double precision
           LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
           SELECT ((hashint8extended(key, ${spec.seed}::bigint * 1024 + stream) >> 11) & 9007199254740991)::double precision / 9007199254740992 $$`,
        // A billing day's date in a month: the 30th in February is its last day.
        `CREATE FUNCTION bench_gen.billing_date(month_start date, day integer) RETURNS date
           LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
           SELECT month_start + (least(day, extract(day FROM (month_start + interval '1 month' - interval '1 day'))::int) - 1) $$`,
        `CREATE FUNCTION bench_gen.billing_date_on_or_after(d date, day integer) RETURNS date
           LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
           SELECT CASE WHEN bench_gen.billing_date(date_trunc('month', d)::date, day) >= d
                       THEN bench_gen.billing_date(date_trunc('month', d)::date, day)
                       ELSE bench_gen.billing_date((date_trunc('month', d) + interval '1 month')::date, day) END $$`,
        `CREATE UNLOGGED TABLE bench_gen.packages (n integer PRIMARY KEY, name text, type text, down integer, up integer, cap_gb integer)`,
        `INSERT INTO bench_gen.packages VALUES ${PACKAGES.map((p, i) => `(${i + 1}, ${quote(p.name)}, ${quote(p.type)}, ${p.downMbps}, ${p.upMbps}, ${p.capGb ?? 'NULL'})`).join(', ')}`,
        `CREATE UNLOGGED TABLE bench_gen.prices (code text, business boolean, description text, unit bigint, excl bigint, vat bigint, incl bigint, PRIMARY KEY (code, business))`,
        `INSERT INTO bench_gen.prices VALUES ${prices.join(', ')}`,
        `CREATE UNLOGGED TABLE bench_gen.places (n integer PRIMARY KEY, suburb text, city text, province text, postal_code text, lat double precision, lng double precision)`,
        `INSERT INTO bench_gen.places VALUES ${PLACES.map((p, i) => `(${i + 1}, ${quote(p.suburb)}, ${quote(p.city)}, ${quote(p.province)}, ${quote(p.postalCode)}, ${p.lat}, ${p.lng})`).join(', ')}`,
      ],
    },
    {
      name: 'plan: customers',
      // Ids in the order the accounts were opened, so account numbers run chronologically.
      sql: `CREATE UNLOGGED TABLE bench_gen.customers AS
        WITH base AS (
          SELECT i,
            ${r('business', 'i')} < 0.12 AS business,
            ${pick(FIRST_NAMES, 'firstName', 'i')} AS first_name,
            ${pick(LAST_NAMES, 'lastName', 'i')} AS last_name,
            1 + floor(${r('place', 'i')} * ${PLACES.length})::int AS place,
            CASE WHEN ${r('recent', 'i')} < 0.95 THEN ${asOf} - (400 + floor(${r('sinceDays', 'i')} * 1800))::int
                 ELSE ${asOf} - (30 + floor(${r('sinceDays', 'i')} * 330))::int END AS customer_since,
            CASE WHEN ${r('method', 'i')} < 0.70 THEN 'debit_order' WHEN ${r('method', 'i')} < 0.85 THEN 'card' ELSE 'eft' END AS method,
            CASE WHEN ${r('habit', 'i')} < 0.88 THEN 'prompt' WHEN ${r('habit', 'i')} < 0.94 THEN 'partial' ELSE 'arrears' END AS habit
          FROM generate_series(1, ${spec.customers}) i)
        SELECT (row_number() OVER (ORDER BY customer_since, i))::int AS id, base.* FROM base`,
    },
    {
      name: 'plan: services',
      sql: `CREATE UNLOGGED TABLE bench_gen.services AS
        WITH owners AS (
          SELECT id AS customer_id, 1 AS nth FROM bench_gen.customers
          UNION ALL
          SELECT id, 2 FROM (SELECT id FROM bench_gen.customers ORDER BY ${r('secondService', 'i')}, id LIMIT ${secondServices}) second),
        numbered AS (SELECT (row_number() OVER (ORDER BY customer_id, nth))::int AS id, customer_id, nth FROM owners),
        rolled AS (
          SELECT n.id, n.customer_id, n.nth, c.business, c.habit, c.place,
            CASE WHEN n.nth = 1 THEN ${pickInt(FIRST_SERVICE_PACKAGES, 'package', 'n.id')} ELSE ${pickInt(SECOND_SERVICE_PACKAGES, 'package', 'n.id')} END AS package,
            ${pickInt([1, 5, 25, 30], 'billingDay', 'n.id')} AS billing_day,
            ${r('status', 'n.id')} AS status_roll,
            CASE WHEN n.nth = 1 THEN c.customer_since + 3 + floor(${r('activation', 'n.id')} * 18)::int
                 ELSE least(${asOf} - 1, c.customer_since + 30 + floor(${r('activation', 'n.id')} * 240)::int) END AS activation,
            c.customer_since
          FROM numbered n JOIN bench_gen.customers c ON c.id = n.customer_id),
        statused AS (
          SELECT rolled.*, CASE
              WHEN status_roll < 0.02 THEN 'pending'
              WHEN habit = 'arrears' AND status_roll < 0.5 THEN 'suspended'
              WHEN status_roll < 0.05 THEN 'suspended'
              WHEN status_roll < 0.09 THEN 'cancelled'
              ELSE 'active' END AS status
          FROM rolled)
        SELECT id, customer_id, nth, business, habit, place, package, billing_day, status, customer_since,
          CASE WHEN status <> 'pending' THEN activation END AS activation_date,
          CASE WHEN status = 'suspended' THEN least(${asOf}, greatest(activation + 1, ${asOf} - 5 - floor(${r('stopDate', 'id')} * 35)::int)) END AS suspension_date,
          CASE WHEN status = 'cancelled' THEN activation + 1 + floor(${r('stopDate', 'id')} * greatest(0, ${asOf} - activation - 1))::int END AS cancellation_date,
          CASE WHEN status = 'suspended' THEN CASE WHEN habit = 'arrears' THEN 'non_payment'
               WHEN ${r('suspensionType', 'id')} < 0.5 THEN 'customer_request' ELSE 'technical' END END AS suspension_type,
          status = 'suspended' AND habit <> 'arrears' AND ${r('paused', 'id')} < 0.7 AS billing_paused,
          ${r('staticIp', 'id')} < 0.15 AS static_ip
        FROM statused`,
    },
    {
      name: 'plan: invoices and what was paid against them',
      sql: `CREATE UNLOGGED TABLE bench_gen.invoices AS
        WITH horizon AS (SELECT ${asOf} + 7 AS issued_before, date_trunc('month', ${asOf} + 7)::date AS m0),
        candidates AS (
          SELECT s.*, k,
            bench_gen.billing_date((h.m0 - make_interval(months => k))::date, s.billing_day) AS period_start,
            bench_gen.billing_date((h.m0 - make_interval(months => k - 1))::date, s.billing_day) AS next_start,
            (bench_gen.billing_date(h.m0, s.billing_day) >= h.issued_before)::int AS skip
          FROM bench_gen.services s CROSS JOIN horizon h CROSS JOIN generate_series(0, ${spec.months}) k
          WHERE s.activation_date IS NOT NULL),
        wanted AS (
          -- The last ${spec.months} periods whose invoice (issued 7 days before the period) exists by asOf.
          SELECT 'recurring' AS kind, id AS service_id, customer_id, business, period_start - 7 AS invoice_date, period_start AS due_date,
                 period_start, next_start - 1 AS period_end, 'pkg' || package AS l1_code, CASE WHEN static_ip THEN 'static_ip' END AS l2_code
          FROM candidates
          WHERE k BETWEEN skip AND skip + ${spec.months} - 1
            AND period_start >= activation_date
            AND (cancellation_date IS NULL OR period_start <= cancellation_date)
            AND (NOT billing_paused OR period_start <= suspension_date)
          UNION ALL
          SELECT 'adhoc', s.id, s.customer_id, s.business, d, d + 7, NULL, NULL, 'router', NULL
          FROM bench_gen.services s
          CROSS JOIN LATERAL (SELECT least(coalesce(s.cancellation_date, ${asOf} - 1), greatest(s.activation_date, ${asOf} - 1 - floor(${r('adhocDate', 's.id')} * 200)::int)) AS d) x
          WHERE s.nth = 1 AND s.activation_date IS NOT NULL AND ${r('adhoc', 's.id')} < 0.02),
        priced AS (
          SELECT w.*,
            CASE WHEN w.kind = 'recurring' THEN l1.description || ': ' || to_char(w.period_start, 'YYYY-MM-DD') || ' to ' || to_char(w.period_end, 'YYYY-MM-DD')
                 ELSE l1.description END AS l1_description,
            CASE WHEN w.kind = 'recurring' THEN 'service' ELSE 'equipment' END AS l1_kind,
            l1.unit AS l1_unit, l1.excl AS l1_excl, l1.vat AS l1_vat, l1.incl AS l1_incl,
            l2.description || ': ' || to_char(w.period_start, 'YYYY-MM-DD') || ' to ' || to_char(w.period_end, 'YYYY-MM-DD') AS l2_description,
            l2.unit AS l2_unit, l2.excl AS l2_excl, l2.vat AS l2_vat, l2.incl AS l2_incl,
            l1.excl + coalesce(l2.excl, 0) AS subtotal, l1.vat + coalesce(l2.vat, 0) AS vat, l1.incl + coalesce(l2.incl, 0) AS total
          FROM wanted w
          JOIN bench_gen.prices l1 ON l1.code = w.l1_code AND l1.business = w.business
          LEFT JOIN bench_gen.prices l2 ON l2.code = w.l2_code AND l2.business = w.business),
        -- Ids (and so invoice numbers) in the order the invoices were issued.
        numbered AS (SELECT (row_number() OVER (ORDER BY invoice_date, service_id, kind))::int AS id, priced.* FROM priced),
        settled AS (
          SELECT n.*, c.habit, c.method,
            n.kind = 'adhoc' AND ${r('void', 'n.id')} < 0.25 AS void,
            c.method = 'debit_order' AND ${r('debitFailed', 'n.id')} < 0.04 AS debit_failed,
            ${asOf} - n.due_date AS age
          FROM numbered n JOIN bench_gen.customers c ON c.id = n.customer_id),
        intended AS (
          SELECT s.*,
            -- A failed debit order is run again 3 days later; EFT payers pay up to 5 days late.
            s.due_date + CASE WHEN s.debit_failed THEN 3 WHEN s.method = 'eft' THEN floor(${r('eftDelay', 's.id')} * 6)::int ELSE 0 END AS pay_on,
            CASE WHEN s.void THEN 0
                 WHEN s.habit = 'arrears' AND s.age < 90 THEN 0
                 WHEN s.habit = 'partial' AND s.age < 60 THEN s.total / 2
                 ELSE s.total END AS intended
          FROM settled s)
        SELECT i.*,
          CASE WHEN i.pay_on < ${asOf} THEN i.intended ELSE 0 END AS paid,
          -- Debit orders that bounced: the retried ones, and every month of a debit-order customer in arrears.
          CASE WHEN NOT i.void AND i.method = 'debit_order' AND i.due_date < ${asOf} AND (i.debit_failed OR i.intended = 0)
               THEN i.due_date END AS failed_on
        FROM intended i`,
    },
    {
      name: 'plan: payment transactions',
      sql: `CREATE UNLOGGED TABLE bench_gen.transactions AS
        SELECT (row_number() OVER (ORDER BY on_date, invoice_id, status))::int AS id, t.* FROM (
          SELECT id AS invoice_id, customer_id, method, failed_on AS on_date, 'failed' AS status, total AS amount
            FROM bench_gen.invoices WHERE failed_on IS NOT NULL
          UNION ALL
          SELECT id, customer_id, method, pay_on, 'completed', paid FROM bench_gen.invoices WHERE paid > 0) t`,
    },
    {
      name: 'a staff admin',
      table: 'users',
      sql: `INSERT INTO users (id, name, role, email, salt, hash, created_at, updated_at)
        VALUES (1, 'Bench Admin', 'admin', ${quote(BENCH_ADMIN_EMAIL)}, ${quote(salt)}, ${quote(hash)}, ${sast(`${asOf} - 2400`, 9)}, ${sast(`${asOf} - 2400`, 9)})`,
    },
    {
      name: 'customers',
      table: 'customers',
      sql: `INSERT INTO customers (id, email, first_name, last_name, display_name, account_type, company_name, account_status, mobile,
          id_number, postal_address_line1, postal_address_suburb, postal_address_city, postal_address_province, postal_address_postal_code,
          customer_since, salt, hash, created_at, updated_at)
        SELECT c.id,
          lower(c.first_name) || '.' || regexp_replace(lower(c.last_name), '[^a-z]', '', 'g') || '.' || c.id || '@${BENCH_EMAIL_DOMAIN}',
          c.first_name, c.last_name,
          CASE WHEN c.business THEN co.name ELSE c.first_name || ' ' || c.last_name END,
          (CASE WHEN c.business THEN 'business' ELSE 'residential' END)::enum_customers_account_type,
          CASE WHEN c.business THEN co.name END,
          (CASE WHEN s.all_cancelled THEN 'closed' WHEN s.none_live THEN 'suspended' ELSE 'active' END)::enum_customers_account_status,
          '27' || ${pick(MOBILE_PREFIXES, 'mobilePrefix', 'c.i')} || lpad(floor(${r('mobile', 'c.i')} * 10000000)::bigint::text, 7, '0'),
          CASE WHEN c.business THEN '20' || (10 + floor(${r('idNumber', 'c.i')} * 14))::int || '/' || lpad(floor(${r('registration', 'c.i')} * 1000000)::int::text, 6, '0') || '/07'
               ELSE lpad(floor(${r('idNumber', 'c.i')} * 10000000000000)::bigint::text, 13, '0') END,
          (1 + floor(${r('houseNumber', 'c.i')} * 250))::int || ' ' || ${pick(STREETS, 'street', 'c.i')},
          p.suburb, p.city, p.province::enum_customers_postal_address_province, p.postal_code,
          ${sast('c.customer_since')}, ${quote(salt)}, ${quote(hash)}, ${sast('c.customer_since', 9)}, ${sast('c.customer_since', 9)}
        FROM bench_gen.customers c
        JOIN bench_gen.places p ON p.n = c.place
        JOIN (SELECT customer_id, bool_and(status = 'cancelled') AS all_cancelled, bool_and(status IN ('suspended', 'cancelled')) AS none_live
                FROM bench_gen.services GROUP BY customer_id) s ON s.customer_id = c.id
        CROSS JOIN LATERAL (SELECT c.last_name || ' ' || ${pick(COMPANY_KINDS, 'company', 'c.i')} AS name) co
        ORDER BY c.id`,
    },
    {
      name: 'payment methods',
      table: 'payment_methods',
      sql: [
        // The primary method has the customer's id. Masked display names only: the encrypted
        // details stay NULL (they are written only by the payment-method service, under its keys).
        `INSERT INTO payment_methods (id, customer_id, type, display_name, last_four, mandate_reference, mandate_status, is_primary, is_active, created_at, updated_at)
          SELECT c.id, c.id, c.method::enum_payment_methods_type,
            CASE c.method WHEN 'debit_order' THEN 'Debit Order - ' || ${pick(BANKS, 'bank', 'c.i')} || ' ***' || f.four
                          WHEN 'card' THEN ${pick(CARD_BRANDS, 'brand', 'c.i')} || ' ***' || f.four
                          ELSE 'EFT (bank transfer)' END,
            CASE WHEN c.method <> 'eft' THEN f.four END,
            CASE WHEN c.method = 'debit_order' THEN 'BENCH-MANDATE-' || lpad(c.id::text, 7, '0') END,
            (CASE WHEN c.method = 'debit_order' THEN 'active' END)::enum_payment_methods_mandate_status,
            true, true, ${sast('c.customer_since', 9)}, ${sast('c.customer_since', 9)}
          FROM bench_gen.customers c
          CROSS JOIN LATERAL (SELECT lpad(floor(${r('lastFour', 'c.i')} * 10000)::int::text, 4, '0') AS four) f
          ORDER BY c.id`,
        // Some customers keep an old card they no longer use.
        `INSERT INTO payment_methods (id, customer_id, type, display_name, last_four, is_primary, is_active, created_at, updated_at)
          SELECT ${spec.customers} + (row_number() OVER (ORDER BY c.id))::int, c.id, 'card',
            ${pick(CARD_BRANDS, 'oldCardBrand', 'c.i')} || ' ***' || f.four, f.four, false, false, ${sast('c.customer_since', 10)}, ${sast('c.customer_since', 10)}
          FROM bench_gen.customers c
          CROSS JOIN LATERAL (SELECT lpad(floor(${r('oldCardFour', 'c.i')} * 10000)::int::text, 4, '0') AS four) f
          WHERE ${r('oldCard', 'c.i')} < 0.10
          ORDER BY c.id`,
      ],
    },
    {
      name: 'services',
      table: 'services',
      // The next billing date is the first period not yet invoiced.
      sql: `INSERT INTO services (id, customer_id, type, package_name, download_mbps, upload_mbps, data_cap_gb, monthly_price_cents,
          installation_address, latitude, longitude, connection_id, status, activation_date, suspension_date, cancellation_date,
          billing_day, next_billing_date, billing_paused, created_at, updated_at)
        SELECT s.id, s.customer_id, p.type::enum_services_type, p.name, p.down, p.up, p.cap_gb, pr.unit,
          cu.postal_address_line1 || ', ' || cu.postal_address_suburb || ', ' || cu.postal_address_city || ', ' || cu.postal_address_postal_code,
          round((pl.lat + (${r('latitude', 's.id')} - 0.5) / 50)::numeric, 6), round((pl.lng + (${r('longitude', 's.id')} - 0.5) / 50)::numeric, 6),
          CASE WHEN s.status <> 'pending' THEN 'ISL-' || lpad(s.id::text, 7, '0') END,
          s.status::enum_services_status, ${sast('s.activation_date')}, ${sast('s.suspension_date')}, ${sast('s.cancellation_date')},
          s.billing_day,
          CASE WHEN s.status IN ('active', 'suspended') THEN ${sast('coalesce(inv.last_end + 1, bench_gen.billing_date_on_or_after(s.activation_date, s.billing_day))')} END,
          s.billing_paused,
          ${sast('s.customer_since', 9)}, ${sast('coalesce(s.cancellation_date, s.suspension_date, s.activation_date, s.customer_since)', 9)}
        FROM bench_gen.services s
        JOIN bench_gen.packages p ON p.n = s.package
        JOIN bench_gen.prices pr ON pr.code = 'pkg' || s.package AND pr.business = s.business
        JOIN bench_gen.places pl ON pl.n = s.place
        JOIN customers cu ON cu.id = s.customer_id
        LEFT JOIN (SELECT service_id, max(period_end) AS last_end FROM bench_gen.invoices WHERE kind = 'recurring' GROUP BY service_id) inv ON inv.service_id = s.id
        ORDER BY s.id`,
    },
  ]

  const money: Step[] = [
    {
      name: 'invoices',
      table: 'invoices',
      // Numbers (INV-YYYY-NNNNN) and amounts due come from the table's own triggers.
      sql: `INSERT INTO invoices (id, status, customer_id, service_id, kind, invoice_date, due_date, period_start, period_end,
          subtotal_cents, vat_cents, total_cents, amount_paid_cents, amount_due_cents, void_reason, voided_at, created_at, updated_at)
        SELECT i.id,
          (CASE WHEN i.void THEN 'void' WHEN i.paid = i.total THEN 'paid' WHEN i.paid > 0 THEN 'partially_paid'
                WHEN i.due_date < ${asOf} THEN 'overdue' ELSE 'unpaid' END)::enum_invoices_status,
          i.customer_id, i.service_id, i.kind::enum_invoices_kind,
          ${sast('i.invoice_date')}, ${sast('i.due_date')}, ${sast('i.period_start')}, ${sast('i.period_end')},
          i.subtotal, i.vat, i.total, i.paid, i.total - i.paid,
          CASE WHEN i.void THEN 'Issued in error: the router was replaced under warranty' END,
          CASE WHEN i.void THEN ${sast('i.invoice_date + 2', 11)} END,
          ${sast('i.invoice_date', 2)},
          CASE WHEN i.void THEN ${sast('i.invoice_date + 2', 11)} WHEN i.paid > 0 THEN ${sast('i.pay_on', 10)} ELSE ${sast('i.invoice_date', 2)} END
        FROM bench_gen.invoices i ORDER BY i.id`,
    },
    {
      name: 'invoice lines',
      table: 'invoices_lines',
      sql: `INSERT INTO invoices_lines (_order, _parent_id, id, description, kind, quantity, unit_price_cents, excl_vat_cents, vat_rate_basis_points, vat_cents, incl_vat_cents)
        SELECT 1, id, lpad(to_hex(id), 16, '0') || '00000001', l1_description, l1_kind::enum_invoices_lines_kind, 1, l1_unit, l1_excl, ${vatBp}, l1_vat, l1_incl
          FROM bench_gen.invoices
        UNION ALL
        SELECT 2, id, lpad(to_hex(id), 16, '0') || '00000002', l2_description, 'other'::enum_invoices_lines_kind, 1, l2_unit, l2_excl, ${vatBp}, l2_vat, l2_incl
          FROM bench_gen.invoices WHERE l2_unit IS NOT NULL`,
    },
    {
      name: 'payment transactions',
      table: 'payment_transactions',
      sql: `INSERT INTO payment_transactions (id, transaction_id, customer_id, invoice_id, payment_method_id, amount_cents, currency, status,
          gateway_reference, failure_reason, submitted_at, completed_at, failed_at, created_at, updated_at)
        SELECT t.id, 'BENCH-TX-' || lpad(t.id::text, 8, '0'), t.customer_id, t.invoice_id, t.customer_id, t.amount, 'ZAR',
          t.status::enum_payment_transactions_status,
          CASE WHEN t.method <> 'eft' THEN 'NC' || (7000000 + t.id) END,
          CASE WHEN t.status = 'failed' THEN 'Insufficient funds (RD)' END,
          ${sast('t.on_date', 6)},
          CASE WHEN t.status = 'completed' THEN ${sast('t.on_date', 10)} END,
          CASE WHEN t.status = 'failed' THEN ${sast('t.on_date', 18)} END,
          ${sast('t.on_date', 6)},
          CASE WHEN t.status = 'completed' THEN ${sast('t.on_date', 10)} ELSE ${sast('t.on_date', 18)} END
        FROM bench_gen.transactions t ORDER BY t.id`,
    },
    {
      name: 'payment allocations',
      table: 'payment_allocations',
      sql: `INSERT INTO payment_allocations (id, customer_id, invoice_id, amount_cents, payment_id, created_at, updated_at)
        SELECT (row_number() OVER (ORDER BY t.id))::int, t.customer_id, t.invoice_id, t.amount, t.id, ${sast('t.on_date', 10)}, ${sast('t.on_date', 10)}
        FROM bench_gen.transactions t WHERE t.status = 'completed' ORDER BY t.id`,
    },
    {
      name: 'billing accounts (balance = issued invoices - completed payments)',
      table: 'billing_accounts',
      // Read back from the tables just written, exactly as reconcile defines the balance.
      sql: `INSERT INTO billing_accounts (id, customer_id, balance_cents, credit_limit_cents, primary_payment_method_id, auto_pay,
          notify_by_sms, notify_by_email, created_at, updated_at)
        SELECT c.id, c.id, coalesce(i.charged, 0) - coalesce(i.credited, 0) - coalesce(p.paid, 0), 0, c.id, c.method = 'debit_order',
          ${r('notifySms', 'c.i')} < 0.8, true, ${sast('c.customer_since', 9)}, ${sast(asOf)}
        FROM bench_gen.customers c
        LEFT JOIN (SELECT customer_id, sum(total_cents) FILTER (WHERE kind <> 'credit_note') AS charged,
                          sum(total_cents) FILTER (WHERE kind = 'credit_note') AS credited
                     FROM invoices WHERE status NOT IN ('void', 'draft') GROUP BY customer_id) i ON i.customer_id = c.id
        LEFT JOIN (SELECT customer_id, sum(amount_cents) AS paid FROM payment_transactions WHERE status = 'completed' GROUP BY customer_id) p
          ON p.customer_id = c.id
        ORDER BY c.id`,
    },
  ]

  const activity: Step[] = [
    {
      name: `usage records (${spec.usageDays} days per service)`,
      table: 'usage_records',
      // Daily ingestion order: every service's day, then the next day. Totals come from the trigger.
      sql: `INSERT INTO usage_records (service_id, customer_id, date, upload_bytes, download_bytes, total_bytes, source, created_at, updated_at)
        SELECT u.service_id, u.customer_id, ${sast('u.d')}, u.up, u.down, u.up + u.down, 'interstellio', ${sast('u.d + 1', 2)}, ${sast('u.d + 1', 2)}
        FROM (
          SELECT s.id AS service_id, s.customer_id, x.d, dl.down,
            round(dl.down * (0.08 + ${r('upload', 's.id::bigint * 1000 + k')} * 0.12))::bigint AS up
          FROM bench_gen.services s
          JOIN bench_gen.packages p ON p.n = s.package
          CROSS JOIN generate_series(1, ${spec.usageDays}) k
          CROSS JOIN LATERAL (SELECT ${asOf} - k AS d) x
          CROSS JOIN LATERAL (SELECT round(CASE WHEN p.cap_gb IS NOT NULL THEN p.cap_gb * 1e9 / 30 ELSE p.down * 0.12e9 END
                                  * (0.3 + ${r('download', 's.id::bigint * 1000 + k')} * 1.1))::bigint AS down) dl
          WHERE s.activation_date IS NOT NULL AND x.d >= s.activation_date
            AND (s.suspension_date IS NULL OR x.d < s.suspension_date)
            AND (s.cancellation_date IS NULL OR x.d <= s.cancellation_date)) u
        ORDER BY u.d, u.service_id`,
    },
    {
      name: 'service actions (activate, suspend, cancel)',
      table: 'service_actions',
      sql: `INSERT INTO service_actions (id, service_id, customer_id, staff_user_id, action, reason, previous_status, new_status, created_at, updated_at)
        SELECT (row_number() OVER (ORDER BY a.d, a.service_id, a.action))::int, a.service_id, a.customer_id, 1, a.action::enum_service_actions_action, a.reason,
          a.previous::enum_service_actions_previous_status, a.next::enum_service_actions_new_status, ${sast('a.d', 9)}, ${sast('a.d', 9)}
        FROM (
          SELECT id AS service_id, customer_id, 'activate' AS action, 'Installation completed' AS reason, 'pending' AS previous, 'active' AS next, activation_date AS d
            FROM bench_gen.services WHERE activation_date IS NOT NULL
          UNION ALL
          SELECT id, customer_id, 'suspend',
            CASE suspension_type WHEN 'non_payment' THEN 'Account in arrears' WHEN 'customer_request' THEN 'Customer travelling' ELSE 'Line fault under investigation' END,
            'active', 'suspended', suspension_date FROM bench_gen.services WHERE suspension_date IS NOT NULL
          UNION ALL
          SELECT id, customer_id, 'cancel', 'Customer relocated', 'active', 'cancelled', cancellation_date FROM bench_gen.services WHERE cancellation_date IS NOT NULL) a
        ORDER BY 1`,
    },
    {
      name: 'open suspensions',
      table: 'service_suspensions',
      sql: `INSERT INTO service_suspensions (id, service_id, suspension_type, reason, suspended_at, skip_billing, created_at, updated_at)
        SELECT (row_number() OVER (ORDER BY id))::int, id, suspension_type::enum_service_suspensions_suspension_type,
          CASE suspension_type WHEN 'non_payment' THEN 'Account in arrears' WHEN 'customer_request' THEN 'Customer travelling' ELSE 'Line fault under investigation' END,
          ${sast('suspension_date', 9)}, billing_paused, ${sast('suspension_date', 9)}, ${sast('suspension_date', 9)}
        FROM bench_gen.services WHERE status = 'suspended' ORDER BY id`,
    },
    {
      name: 'consumer orders',
      table: 'consumer_orders',
      sql: `INSERT INTO consumer_orders (id, order_number, customer_email, customer_id, status, details, created_at, updated_at)
        SELECT (row_number() OVER (ORDER BY o.at, o.key))::int, 'ORD-' || lpad((row_number() OVER (ORDER BY o.at, o.key))::text, 7, '0'),
          o.email, o.customer_id, o.status::enum_consumer_orders_status, o.details, ${sast('o.at', 8)}, ${sast('o.at', 8)}
        FROM (
          SELECT s.id AS key, cu.email, cu.id AS customer_id,
            CASE WHEN s.status = 'pending' THEN ${pick(['confirmed', 'scheduled'], 'orderStatus', 's.id')} ELSE 'installed' END AS status,
            jsonb_build_object('package', p.name, 'channel', ${pick(ORDER_CHANNELS, 'orderChannel', 's.id')}) AS details,
            s.customer_since - 7 AS at
          FROM bench_gen.services s JOIN bench_gen.packages p ON p.n = s.package JOIN customers cu ON cu.id = s.customer_id
          WHERE s.nth = 1 AND ${r('ordered', 's.id')} < 0.3
          UNION ALL
          -- Orders from people who never became customers.
          SELECT ${spec.services} + n, 'prospect.' || n || '@example.org', NULL,
            ${pick(['pending', 'cancelled'], 'prospectStatus', 'n')},
            jsonb_build_object('package', 'Fibre 50/50 Uncapped', 'channel', 'website'),
            ${asOf} - floor(${r('prospectDate', 'n')} * 60)::int
          FROM generate_series(1, greatest(1, ${spec.customers} / 100)) n) o
        ORDER BY 1`,
    },
  ]

  const finish: Step[] = [
    {
      name: 'id sequences moved past the generated rows',
      sql: ['users', 'customers', 'payment_methods', 'services', 'invoices', 'payment_transactions', 'payment_allocations', 'billing_accounts', 'service_actions', 'service_suspensions', 'consumer_orders'].map(
        (t) => `SELECT setval(pg_get_serial_sequence('public.${t}', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM ${t}), false)`,
      ),
    },
    { name: 'helper schema dropped', sql: 'DROP SCHEMA bench_gen CASCADE' },
  ]

  return { setup, money, activity, finish }
}
