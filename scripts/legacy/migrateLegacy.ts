import type pg from 'pg'

import { inPgTransaction } from '../lib/pgTransaction'
import { LEGACY_RENAMED, LEGACY_TABLE, legacyTableName, quoteIdent, type LegacySource } from './legacySchema'

/**
 * Brings the old `orders` table into `consumer-orders` (docs/migration.md). One classification of
 * every legacy row serves the dry run and the apply alike:
 *
 *  - migrated: a valid email (trimmed, lower-cased) and a price in whole cents (or none). The
 *    customer is backfilled by that normalised email in the batch's own CTE: one customer, linked;
 *    none, an ORPHAN; two or more, AMBIGUOUS (reported, never guessed). An unmapped status comes
 *    across as pending with an UNKNOWN_STATUS error to review.
 *  - not migrated: no email (NO_EMAIL), one that is not an email (BAD_EMAIL), a second row with an
 *    earlier row's order number (DUPLICATE), a negative price (INVALID_PRICE), or an order number a
 *    current order already has (NUMBER_TAKEN). The legacy row is kept whole in the error.
 *
 * Every problem is a `validation-errors` row (unique per legacy order and code), each batch is one
 * transaction that also moves the checkpoint, so a run stopped at any point resumes where it
 * stopped and a second apply changes nothing. The table is renamed `orders_legacy` only after the
 * validation passes.
 */

export const SOURCE = 'legacy-orders'
export const NOT_MIGRATED = ['NO_EMAIL', 'NO_NUMBER', 'BAD_EMAIL', 'DUPLICATE', 'INVALID_PRICE', 'NUMBER_TAKEN'] as const
export const NEEDS_CUSTOMER = ['ORPHAN', 'AMBIGUOUS'] as const
export type ErrorCode = (typeof NOT_MIGRATED)[number] | (typeof NEEDS_CUSTOMER)[number] | 'UNKNOWN_STATUS'

/** Every status the old site used, as people typed them, to ours. */
export const STATUS_MAP: Record<string, 'pending' | 'confirmed' | 'scheduled' | 'installed' | 'cancelled'> = {
  new: 'pending',
  pending: 'pending',
  received: 'pending',
  'on hold': 'pending',
  paid: 'confirmed',
  confirmed: 'confirmed',
  approved: 'confirmed',
  booked: 'scheduled',
  scheduled: 'scheduled',
  'install booked': 'scheduled',
  installed: 'installed',
  active: 'installed',
  complete: 'installed',
  completed: 'installed',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  void: 'cancelled',
}

/** ASCII addresses only: a look-alike character (a Kelvin sign for a k) must never match someone else. */
const EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/

/**
 * Trimmed of spaces, tabs and line breaks, ASCII letters lower-cased: exactly what
 * `CUSTOMER_EMAIL_SQL` does to the customers' side, so both are compared alike.
 */
export const normaliseEmail = (raw: string | null) => (raw ?? '').replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '').replace(/[A-Z]/g, (c) => c.toLowerCase())
const CUSTOMER_EMAIL_SQL = `translate(btrim(c.email, E' \\t\\r\\n'), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`

/** `799.00` → 79900, exactly (no floating point): rand with at most two decimals. */
export function randToCentsExact(text: string | null): number | null | 'invalid' {
  if (text === null) return null
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim())
  if (!m) return 'invalid'
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'))
  return m[1] ? -cents : cents
}

type LegacyRow = { id: number; order_no: string | null; ref: string | null; email: string | null; name: string | null; cell: string | null; package: string | null; price: string | null; status: string | null; created: string | null; address: string | null; notes: string | null }

type Classified = {
  row: LegacyRow
  email: string
  cents: number | null
  status: string
  /** Why it is not migrated, if it is not. */
  skip: { code: (typeof NOT_MIGRATED)[number]; reason: string; fix: string } | null
  unknownStatus: boolean
}

export type MigrationReport = {
  mode: 'dry-run' | 'apply'
  legacyRows: number
  /** Rows looked at in this run (a resumed run starts after its checkpoint). */
  processed: number
  migrated: number
  matched: number
  orphans: number
  ambiguous: number
  unknownStatus: number
  notMigrated: Record<string, number>
  legacyTotalCents: number
  migratedTotalCents: number
  seconds: number
  rowsPerSecond: number
}

export type ValidationReport = {
  ok: boolean
  legacyRows: number
  legacyTotalCents: number
  migratedRows: number
  migratedTotalCents: number
  notMigratedRows: number
  notMigratedTotalCents: number
  /** Migrated orders with neither a customer nor an ORPHAN/AMBIGUOUS error. */
  unexplained: number
  /** Legacy orders both migrated and reported not migrated (must be 0). */
  overlap: number
  matchedShare: number
  problems: string[]
}

export type MigrationOptions = {
  source: LegacySource
  target: pg.Pool
  batchSize?: number
  onProgress?: (done: number, total: number) => void
  /** For tests: stop (as a crash would) after this many batches. */
  stopAfterBatches?: number
  now?: () => Date
}

const MIGRATED_SEPARATOR = ' | '
/** A string as an SQL literal (COMMENT takes no parameters). */
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`
async function tableComment(source: LegacySource, table: string): Promise<string | null> {
  const { rows } = await source.pool.query<{ c: string | null }>(`SELECT obj_description($1::regclass) AS c`, [`${quoteIdent(source.schema)}.${quoteIdent(table)}`])
  return rows[0]?.c ?? null
}

const fqTable = (source: LegacySource, table: string) => `${quoteIdent(source.schema)}.${quoteIdent(table)}`

function classify(row: LegacyRow, firstIdOf: Map<string, number>): Classified {
  const email = normaliseEmail(row.email)
  const cents = randToCentsExact(row.price)
  const statusKey = (row.status ?? '').trim().toLowerCase()
  const status = STATUS_MAP[statusKey] ?? 'pending'
  const unknownStatus = !(statusKey in STATUS_MAP)
  const number = (row.order_no ?? '').trim()
  const first = number === '' ? undefined : firstIdOf.get(number)
  let skip: Classified['skip'] = null
  if (email === '') skip = { code: 'NO_EMAIL', reason: 'The legacy order has no email', fix: 'Find the customer from the name, phone or address in the details and enter the order by hand' }
  else if (!EMAIL.test(email)) skip = { code: 'BAD_EMAIL', reason: `"${email.slice(0, 80)}" is not an email address`, fix: 'Correct the email from the details and enter the order by hand' }
  else if (number === '') skip = { code: 'NO_NUMBER', reason: 'The legacy order has no order number', fix: 'Enter the order by hand with a new number' }
  else if (first !== undefined && first !== row.id) skip = { code: 'DUPLICATE', reason: `Order number ${number} is also legacy order ${first} (a double submit)`, fix: `Compare with legacy order ${first}; if it is the same order, mark this resolved` }
  else if (cents === 'invalid' || (typeof cents === 'number' && cents < 0)) skip = { code: 'INVALID_PRICE', reason: `The price "${row.price}" is not an amount in rand`, fix: 'Check the price in the old system and enter the order by hand' }
  return { row, email, cents: typeof cents === 'number' ? cents : null, status, skip, unknownStatus }
}

/** The first legacy id of every order number that appears more than once. */
/**
 * For every order number (trimmed) that appears more than once, the row that stands for it: the
 * first one that could be migrated (an email and a price that is not negative), else the first.
 */
async function duplicateNumbers(source: LegacySource, table: string): Promise<Map<string, number>> {
  const { rows } = await source.pool.query<{ order_no: string; first: number }>(
    `SELECT btrim(order_no) AS order_no,
            coalesce(min(id) FILTER (WHERE btrim(coalesce(email, '')) LIKE '_%@_%._%' AND (price IS NULL OR price >= 0)), min(id)) AS first
       FROM ${fqTable(source, table)} WHERE btrim(coalesce(order_no, '')) <> '' GROUP BY btrim(order_no) HAVING count(*) > 1`,
  )
  return new Map(rows.map((r) => [r.order_no, Number(r.first)]))
}

async function legacyTotals(source: LegacySource, table: string): Promise<{ rows: number; cents: number }> {
  const { rows } = await source.pool.query<{ n: string; cents: string }>(`SELECT count(*) AS n, coalesce(sum(price * 100), 0)::bigint AS cents FROM ${fqTable(source, table)}`)
  return { rows: Number(rows[0]!.n), cents: Number(rows[0]!.cents) }
}

const readBatch = (source: LegacySource, table: string, after: number, size: number) =>
  source.pool
    .query<LegacyRow>(
      `SELECT id, order_no, ref, email, name, cell, package, price::text AS price, status, to_char(created, 'YYYY-MM-DD"T"HH24:MI:SS') AS created, address, notes
         FROM ${fqTable(source, table)} WHERE id > $1 ORDER BY id LIMIT $2`,
      [after, size],
    )
    .then((r) => r.rows.map((row) => ({ ...row, id: Number(row.id) })))

/** The customers each normalised email names (the backfill's CTE, read-only: the dry run's view). */
const MATCH_CTE = () => `matches AS (
  SELECT i.legacy_id, array_agg(c.id ORDER BY c.id) AS ids, array_agg(c.account_number ORDER BY c.id) AS accounts
    FROM incoming i JOIN customers c ON ${CUSTOMER_EMAIL_SQL} = i.email
   GROUP BY i.legacy_id)`

const INCOMING = `incoming AS (SELECT * FROM unnest($1::int[], $2::text[]) AS t(legacy_id, email))`

async function matchesFor(db: pg.Pool | pg.PoolClient, batch: Classified[]): Promise<Map<number, { ids: number[]; accounts: string[] }>> {
  const migrating = batch.filter((c) => !c.skip)
  if (migrating.length === 0) return new Map()
  const { rows } = await db.query<{ legacy_id: number; ids: number[]; accounts: string[] }>(
    `WITH ${INCOMING}, ${MATCH_CTE()} SELECT legacy_id, ids, accounts FROM matches`,
    [migrating.map((c) => c.row.id), migrating.map((c) => c.email)],
  )
  return new Map(rows.map((r) => [Number(r.legacy_id), { ids: r.ids.map(Number), accounts: r.accounts }]))
}

const placedAt = (created: string | null) => (created ? `${created}+02:00` : null)
const legacyDetails = (c: Classified) => ({ legacy: { ...c.row, priceCents: c.cents } })

type StateRow = { last_legacy_id: number; finished_at: Date | null; renamed_at: Date | null }
async function readState(target: pg.Pool): Promise<StateRow | null> {
  const { rows } = await target.query<StateRow>(`SELECT last_legacy_id, finished_at, renamed_at FROM legacy_migration_state WHERE source = $1`, [SOURCE])
  return rows[0] ? { ...rows[0], last_legacy_id: Number(rows[0].last_legacy_id) } : null
}

function emptyReport(mode: MigrationReport['mode'], legacy: { rows: number; cents: number }): MigrationReport {
  return { mode, legacyRows: legacy.rows, processed: 0, migrated: 0, matched: 0, orphans: 0, ambiguous: 0, unknownStatus: 0, notMigrated: {}, legacyTotalCents: legacy.cents, migratedTotalCents: 0, seconds: 0, rowsPerSecond: 0 }
}

function tally(report: MigrationReport, c: Classified, match: { ids: number[] } | undefined) {
  report.processed++
  if (c.skip) {
    report.notMigrated[c.skip.code] = (report.notMigrated[c.skip.code] ?? 0) + 1
    return
  }
  report.migrated++
  report.migratedTotalCents += c.cents ?? 0
  if (c.unknownStatus) report.unknownStatus++
  const n = match?.ids.length ?? 0
  if (n === 1) report.matched++
  else if (n === 0) report.orphans++
  else report.ambiguous++
}

const numberTaken = (c: Classified) => ({ code: 'NUMBER_TAKEN' as const, reason: `Order number ${c.row.order_no?.trim()} is already a current order`, fix: 'Compare with the current order of that number; enter this one by hand with a new number if it is another order' })

/** The dry run's view of NUMBER_TAKEN: a current order (not this legacy row's) already has the number. */
async function markNumbersTaken(target: pg.Pool, batch: Classified[]) {
  const migrating = batch.filter((c) => !c.skip)
  if (migrating.length === 0) return
  const { rows } = await target.query<{ order_number: string }>(
    `SELECT order_number FROM consumer_orders WHERE order_number = ANY($1::text[]) AND (legacy_id IS NULL OR NOT legacy_id = ANY($2::numeric[]))`,
    [migrating.map((c) => c.row.order_no!.trim()), migrating.map((c) => c.row.id)],
  )
  const taken = new Set(rows.map((r) => r.order_number))
  for (const c of migrating) if (taken.has(c.row.order_no!.trim())) c.skip = numberTaken(c)
}

/** `--dry-run`: the same classification and matching, read-only: writes nothing anywhere. */
export async function planLegacyMigration(opts: MigrationOptions): Promise<MigrationReport> {
  const started = performance.now()
  const table = await legacyTableName(opts.source)
  if (!table) throw new Error(`no legacy table ${opts.source.schema}.${LEGACY_TABLE}`)
  const legacy = await legacyTotals(opts.source, table)
  const report = emptyReport('dry-run', legacy)
  const firstIdOf = await duplicateNumbers(opts.source, table)
  const size = opts.batchSize ?? 5_000
  for (let after = 0; ; ) {
    const rows = await readBatch(opts.source, table, after, size)
    if (rows.length === 0) break
    const batch = rows.map((r) => classify(r, firstIdOf))
    await markNumbersTaken(opts.target, batch)
    const matches = await matchesFor(opts.target, batch)
    for (const c of batch) tally(report, c, matches.get(c.row.id))
    after = rows.at(-1)!.id
    opts.onProgress?.(report.processed, legacy.rows)
  }
  report.seconds = (performance.now() - started) / 1000
  report.rowsPerSecond = report.processed / Math.max(report.seconds, 1e-6)
  return report
}

/**
 * `--apply`: batches from the checkpoint on, each one transaction (orders, errors, checkpoint);
 * then the validation; then, only if it passed, the rename.
 */
export async function applyLegacyMigration(opts: MigrationOptions): Promise<{ report: MigrationReport; validation: ValidationReport; renamed: boolean; stopped: boolean }> {
  const started = performance.now()
  const now = opts.now ?? (() => new Date())
  const table = await legacyTableName(opts.source)
  if (!table) throw new Error(`no legacy table ${opts.source.schema}.${LEGACY_TABLE}`)
  const legacy = await legacyTotals(opts.source, table)
  const report = emptyReport('apply', legacy)
  const state = await readState(opts.target)
  if (table === LEGACY_RENAMED || state?.renamed_at) {
    // Done before: nothing to write; the report is the validation of what is there.
    const validation = await validateLegacyMigration(opts)
    return { report, validation, renamed: false, stopped: false }
  }
  await opts.target.query(
    `INSERT INTO legacy_migration_state (source, last_legacy_id, started_at) VALUES ($1, 0, $2) ON CONFLICT (source) DO NOTHING`,
    [SOURCE, now().toISOString()],
  )
  const firstIdOf = await duplicateNumbers(opts.source, table)
  const size = opts.batchSize ?? 5_000
  let after = (await readState(opts.target))?.last_legacy_id ?? 0
  let done = Number((await opts.source.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${fqTable(opts.source, table)} WHERE id <= $1`, [after])).rows[0]!.n)
  let batches = 0
  for (;;) {
    if (opts.stopAfterBatches !== undefined && batches >= opts.stopAfterBatches) {
      report.seconds = (performance.now() - started) / 1000
      return { report, validation: await validateLegacyMigration(opts), renamed: false, stopped: true }
    }
    const rows = await readBatch(opts.source, table, after, size)
    if (rows.length === 0) break
    const batch = rows.map((r) => classify(r, firstIdOf))
    await writeBatch(opts.target, batch, report, rows.at(-1)!.id)
    after = rows.at(-1)!.id
    batches++
    done += rows.length
    opts.onProgress?.(done, legacy.rows)
  }
  await opts.target.query(`UPDATE legacy_migration_state SET finished_at = coalesce(finished_at, $2) WHERE source = $1`, [SOURCE, now().toISOString()])
  const validation = await validateLegacyMigration(opts)
  let renamed = false
  if (validation.ok) {
    const keepUntil = new Date(now().getTime() + 90 * 86_400_000).toISOString().slice(0, 10)
    await opts.source.pool.query(`ALTER TABLE ${fqTable(opts.source, LEGACY_TABLE)} RENAME TO ${quoteIdent(LEGACY_RENAMED)}`)
    // Added to what the table said before (a rollback puts that back).
    const before = await tableComment(opts.source, LEGACY_RENAMED)
    const note = `Migrated to consumer_orders on ${now().toISOString().slice(0, 10)}; keep until ${keepUntil}, then drop (docs/migration.md)`
    await opts.source.pool.query(`COMMENT ON TABLE ${fqTable(opts.source, LEGACY_RENAMED)} IS ${literal(before ? `${before}${MIGRATED_SEPARATOR}${note}` : note)}`)
    await opts.target.query(`UPDATE legacy_migration_state SET renamed_at = $2 WHERE source = $1`, [SOURCE, now().toISOString()])
    renamed = true
  }
  report.seconds = (performance.now() - started) / 1000
  report.rowsPerSecond = report.processed / Math.max(report.seconds, 1e-6)
  return { report, validation, renamed, stopped: false }
}

async function writeBatch(target: pg.Pool, batch: Classified[], report: MigrationReport, lastId: number): Promise<void> {
  await inPgTransaction(target, async (client) => {
    const migrating = batch.filter((c) => !c.skip)
    let matches = new Map<number, { ids: number[]; accounts: string[] }>()
    if (migrating.length > 0) {
      const col = <T,>(f: (c: Classified) => T) => migrating.map(f)
      // The backfill: each order's customer by its normalised email (the batch's CTE, once: the
      // order and its error are decided from the same answer); only a single match links.
      matches = await matchesFor(client, migrating)
      const customerOf = (c: Classified) => {
        const m = matches.get(c.row.id)
        return m && m.ids.length === 1 ? m.ids[0]! : null
      }
      await client.query(
        `WITH incoming AS (
            SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::timestamptz[], $7::jsonb[], $8::int[])
              AS t(legacy_id, email, order_number, status, amount_cents, placed_at, details, customer_id))
         INSERT INTO consumer_orders (legacy_id, order_number, customer_email, customer_id, status, amount_cents, placed_at, reference, details, created_at, updated_at)
         SELECT i.legacy_id, i.order_number, i.email, i.customer_id, i.status::enum_consumer_orders_status, i.amount_cents, i.placed_at,
                i.details->'legacy'->>'ref', i.details, coalesce(i.placed_at, now()), now()
           FROM incoming i
         ON CONFLICT DO NOTHING`,
        [col((c) => c.row.id), col((c) => c.email), col((c) => c.row.order_no!.trim()), col((c) => c.status), col((c) => c.cents), col((c) => placedAt(c.row.created)), col((c) => JSON.stringify(legacyDetails(c))), col(customerOf)],
      )
      // What did not go in: migrated by an earlier run (present), or an order number taken by a current order.
      const present = await client.query<{ legacy_id: number; id: number }>(`SELECT legacy_id, id FROM consumer_orders WHERE legacy_id = ANY($1::int[])`, [col((c) => c.row.id)])
      const orderIdOf = new Map(present.rows.map((r) => [Number(r.legacy_id), Number(r.id)]))
      for (const c of migrating) {
        if (!orderIdOf.has(c.row.id)) c.skip = numberTaken(c)
      }
      const errors: Array<{ c: Classified; code: ErrorCode; reason: string; fix: string; orderId: number | null; customerId?: number | null; extra?: Record<string, unknown> }> = []
      for (const c of migrating) {
        if (c.skip) continue
        const orderId = orderIdOf.get(c.row.id)!
        const m = matches.get(c.row.id)
        if (!m) errors.push({ c, code: 'ORPHAN', reason: `No customer has the email ${c.email}`, fix: 'Find the customer (name, phone, address in the details) and link the order, or mark it resolved if they never became one', orderId })
        else if (m.ids.length > 1) errors.push({ c, code: 'AMBIGUOUS', reason: `${m.ids.length} customers have the email ${c.email}: ${m.accounts.join(', ')}`, fix: 'Link the order to the right one of them', orderId, extra: { candidates: m.ids } })
        if (c.unknownStatus) errors.push({ c, code: 'UNKNOWN_STATUS', reason: `The legacy status "${c.row.status ?? ''}" means nothing to us: migrated as pending`, fix: 'Set the order\'s status from the notes and mark this resolved', orderId, customerId: customerOf(c) })
      }
      for (const c of batch) if (c.skip) errors.push({ c, code: c.skip.code, reason: c.skip.reason, fix: c.skip.fix, orderId: null })
      if (errors.length > 0) {
        await client.query(
          `INSERT INTO validation_errors (source, code, legacy_id, record_reference, reason, suggested_fix, consumer_order_id, details, customer_id, resolved, created_at, updated_at)
           SELECT $1, t.code::enum_validation_errors_code, t.legacy_id, t.ref, t.reason, t.fix, t.order_id, t.details, t.customer_id, false, now(), now()
             FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::int[], $8::jsonb[], $9::int[]) AS t(code, legacy_id, ref, reason, fix, order_id, details, customer_id)
           ON CONFLICT DO NOTHING`,
          [
            SOURCE,
            errors.map((e) => e.code),
            errors.map((e) => e.c.row.id),
            errors.map((e) => `Legacy order ${e.c.row.id}${e.c.row.order_no ? ` (${e.c.row.order_no})` : ''}`),
            errors.map((e) => e.reason),
            errors.map((e) => e.fix),
            errors.map((e) => e.orderId),
            errors.map((e) => JSON.stringify({ ...legacyDetails(e.c), ...e.extra })),
            errors.map((e) => e.customerId ?? null),
          ],
        )
      }
    } else if (batch.length > 0) {
      await client.query(
        `INSERT INTO validation_errors (source, code, legacy_id, record_reference, reason, suggested_fix, details, resolved, created_at, updated_at)
         SELECT $1, t.code::enum_validation_errors_code, t.legacy_id, t.ref, t.reason, t.fix, t.details, false, now(), now()
           FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::jsonb[]) AS t(code, legacy_id, ref, reason, fix, details)
         ON CONFLICT DO NOTHING`,
        [SOURCE, batch.map((c) => c.skip!.code), batch.map((c) => c.row.id), batch.map((c) => `Legacy order ${c.row.id}${c.row.order_no ? ` (${c.row.order_no})` : ''}`), batch.map((c) => c.skip!.reason), batch.map((c) => c.skip!.fix), batch.map((c) => JSON.stringify(legacyDetails(c)))],
      )
    }
    for (const c of batch) tally(report, c, matches.get(c.row.id))
    await client.query(`UPDATE legacy_migration_state SET last_legacy_id = $2 WHERE source = $1 AND last_legacy_id < $2`, [SOURCE, lastId])
  })
}

/** Counts and rand totals of legacy and migrated, every migrated order explained, the matched share. */
export async function validateLegacyMigration(opts: MigrationOptions): Promise<ValidationReport> {
  const table = await legacyTableName(opts.source)
  if (!table) throw new Error(`no legacy table ${opts.source.schema}.${LEGACY_TABLE}`)
  const legacy = await legacyTotals(opts.source, table)
  const { rows } = await opts.target.query<Record<string, string>>(
    `SELECT
       (SELECT count(*) FROM consumer_orders WHERE legacy_id IS NOT NULL) AS migrated,
       (SELECT coalesce(sum(amount_cents), 0) FROM consumer_orders WHERE legacy_id IS NOT NULL) AS migrated_cents,
       (SELECT count(*) FROM consumer_orders WHERE legacy_id IS NOT NULL AND customer_id IS NOT NULL) AS matched,
       (SELECT count(DISTINCT legacy_id) FROM validation_errors WHERE source = $1 AND code::text = ANY($2::text[])) AS not_migrated,
       (SELECT coalesce(sum(p), 0) FROM (SELECT DISTINCT ON (legacy_id) (details->'legacy'->>'priceCents')::bigint AS p FROM validation_errors WHERE source = $1 AND code::text = ANY($2::text[]) ORDER BY legacy_id) x) AS not_migrated_cents,
       (SELECT count(*) FROM consumer_orders o WHERE o.legacy_id IS NOT NULL AND o.customer_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM validation_errors v WHERE v.source = $1 AND v.legacy_id = o.legacy_id AND v.code::text = ANY($3::text[]))) AS unexplained,
       (SELECT count(*) FROM consumer_orders o WHERE o.legacy_id IS NOT NULL
          AND EXISTS (SELECT 1 FROM validation_errors v WHERE v.source = $1 AND v.legacy_id = o.legacy_id AND v.code::text = ANY($2::text[]))) AS overlap`,
    [SOURCE, [...NOT_MIGRATED], [...NEEDS_CUSTOMER]],
  )
  const r = rows[0]!
  const v: ValidationReport = {
    ok: false,
    legacyRows: legacy.rows,
    legacyTotalCents: legacy.cents,
    migratedRows: Number(r.migrated),
    migratedTotalCents: Number(r.migrated_cents),
    notMigratedRows: Number(r.not_migrated),
    notMigratedTotalCents: Number(r.not_migrated_cents),
    unexplained: Number(r.unexplained),
    overlap: Number(r.overlap),
    matchedShare: Number(r.migrated) === 0 ? 0 : Number(r.matched) / Number(r.migrated),
    problems: [],
  }
  if (v.migratedRows + v.notMigratedRows !== v.legacyRows) v.problems.push(`${v.legacyRows} legacy orders, but ${v.migratedRows} migrated and ${v.notMigratedRows} reported not migrated`)
  if (v.migratedTotalCents + v.notMigratedTotalCents !== v.legacyTotalCents) v.problems.push(`legacy total ${v.legacyTotalCents} cents, but ${v.migratedTotalCents} migrated and ${v.notMigratedTotalCents} not migrated`)
  if (v.unexplained > 0) v.problems.push(`${v.unexplained} migrated orders have no customer and no validation error`)
  if (v.overlap > 0) v.problems.push(`${v.overlap} legacy orders are both migrated and reported not migrated`)
  v.ok = v.problems.length === 0
  return v
}

/** Undoes an apply: the migrated orders and their errors go, the table gets its old name back. */
export async function rollbackLegacyMigration(opts: MigrationOptions & { force?: boolean }): Promise<{ orders: number; errors: number; renamedBack: boolean }> {
  if (!opts.force) {
    const { rows } = await opts.target.query<{ n: string }>(
      `SELECT count(*) AS n FROM validation_errors WHERE source = $1 AND (resolved OR note IS NOT NULL OR (customer_id IS NOT NULL AND code::text = ANY($2::text[])))`,
      [SOURCE, [...NEEDS_CUSTOMER]],
    )
    if (Number(rows[0]!.n) > 0) throw new Error(`${rows[0]!.n} validation errors have been worked in the review queue: a rollback would lose that work (restore the backup instead, or --force)`)
  }
  const { orders, errors } = await inPgTransaction(opts.target, async (client) => {
    const errors = (await client.query(`DELETE FROM validation_errors WHERE source = $1`, [SOURCE])).rowCount ?? 0
    const orders = (await client.query(`DELETE FROM consumer_orders WHERE legacy_id IS NOT NULL`)).rowCount ?? 0
    await client.query(`DELETE FROM legacy_migration_state WHERE source = $1`, [SOURCE])
    return { orders, errors }
  })
  const table = await legacyTableName(opts.source)
  let renamedBack = false
  if (table === LEGACY_RENAMED) {
    await opts.source.pool.query(`ALTER TABLE ${fqTable(opts.source, LEGACY_RENAMED)} RENAME TO ${quoteIdent(LEGACY_TABLE)}`)
    const comment = await tableComment(opts.source, LEGACY_TABLE)
    const before = comment?.includes(MIGRATED_SEPARATOR) ? comment.slice(0, comment.indexOf(MIGRATED_SEPARATOR)) : null
    await opts.source.pool.query(`COMMENT ON TABLE ${fqTable(opts.source, LEGACY_TABLE)} IS ${before ? literal(before) : 'NULL'}`)
    renamedBack = true
  }
  return { orders, errors, renamedBack }
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v)
  // A leading = + - @ would be a formula in a spreadsheet: quoted and prefixed.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s
  return /[",\n\r]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** The orphan report: every migrated order without a customer (orphans and ambiguous), with the order's details for context. */
export async function orphanCsv(target: pg.Pool): Promise<string> {
  const { rows } = await target.query(
    `SELECT v.code::text AS code, v.legacy_id, o.order_number, o.customer_email, o.details->'legacy'->>'name' AS name, o.details->'legacy'->>'cell' AS cell,
            o.details->'legacy'->>'package' AS package, o.amount_cents, o.placed_at, o.status::text AS status, v.reason, v.suggested_fix
       FROM validation_errors v JOIN consumer_orders o ON o.legacy_id = v.legacy_id
      WHERE v.source = $1 AND v.code::text = ANY($2::text[]) AND o.customer_id IS NULL
      ORDER BY v.legacy_id`,
    [SOURCE, [...NEEDS_CUSTOMER]],
  )
  const header = ['problem', 'legacy_id', 'order_number', 'email', 'name', 'phone', 'package', 'amount_rand', 'placed_at', 'status', 'reason', 'suggested_fix']
  const lines = rows.map((r) =>
    [r.code, r.legacy_id, r.order_number, r.customer_email, r.name, r.cell, r.package, r.amount_cents === null ? '' : (Number(r.amount_cents) / 100).toFixed(2), r.placed_at ? new Date(r.placed_at).toISOString() : '', r.status, r.reason, r.suggested_fix].map(csvCell).join(','),
  )
  return [header.join(','), ...lines].join('\r\n') + '\r\n'
}
