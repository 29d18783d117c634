import { createLegacySchema, LEGACY_TABLE, quoteIdent, type LegacySource } from './legacySchema'

/**
 * A realistic old `orders` table, deterministic for a seed: most orders placed by today's customers
 * (their email as people typed it: mixed case, stray spaces), and a known share of problems.
 * Returns what it made, so tests and the benchmark know what to expect.
 */
export type LegacyShares = {
  /** An email no customer has. */
  orphan: number
  /** A second row with an earlier row's order number (a double submit). */
  duplicate: number
  /** No email at all, or one that is not an email. */
  badEmail: number
  /** A status nobody mapped. */
  oddStatus: number
  /** No price. */
  noPrice: number
}

export const DEFAULT_SHARES: LegacyShares = { orphan: 0.03, duplicate: 0.01, badEmail: 0.005, oddStatus: 0.005, noPrice: 0.005 }

export type GeneratedLegacy = {
  rows: number
  orphans: number
  duplicates: number
  badEmails: number
  oddStatuses: number
  noPrices: number
  /** Sum of every price, in cents. */
  totalCents: number
}

function random(seed: number) {
  let a = seed | 0
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

const PACKAGES = [
  ['Fibre 25/25 Uncapped', 49900],
  ['Fibre 50/50 Uncapped', 79900],
  ['Fibre 100/100 Uncapped', 99900],
  ['LTE 60 GB', 29900],
  ['LTE Uncapped', 59900],
  ['Fibre 200/200 Uncapped', 129900],
] as const
const STATUSES = ['new', 'NEW', 'Pending', 'paid', 'Confirmed', 'booked', 'installed', 'Installed', 'active', 'cancelled', 'canceled'] as const
const ODD_STATUSES = ['on hold?', 'see notes', 'x', ''] as const

/** As a person typed it: case changed, spaces around. */
function typed(email: string, rand: () => number): string {
  const r = rand()
  const cased = r < 0.3 ? email.toUpperCase() : r < 0.6 ? email.replace(/^./, (c) => c.toUpperCase()) : email
  return rand() < 0.3 ? `  ${cased} ` : cased
}

const rand2 = (cents: number) => `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`

/**
 * Writes `count` rows (ids 1..count) into the legacy table, replacing what was there. `emails` are
 * today's customers' emails (the matches); the seed fixes every choice.
 */
export async function generateLegacyOrders(source: LegacySource, opts: { count: number; seed: number; emails: string[]; shares?: Partial<LegacyShares> }): Promise<GeneratedLegacy> {
  const shares = { ...DEFAULT_SHARES, ...opts.shares }
  const rand = random(opts.seed)
  await createLegacySchema(source)
  const table = `${quoteIdent(source.schema)}.${LEGACY_TABLE}`
  await source.pool.query(`TRUNCATE ${table}`)
  const made: GeneratedLegacy = { rows: 0, orphans: 0, duplicates: 0, badEmails: 0, oddStatuses: 0, noPrices: 0, totalCents: 0 }
  const chunk = 5_000
  let orderNo = 0
  const start = Date.UTC(2017, 0, 1)
  const span = Date.UTC(2025, 0, 1) - start
  const issued: string[] = []
  for (let from = 1; from <= opts.count; from += chunk) {
    const cols: Array<Array<string | number | null>> = [[], [], [], [], [], [], [], [], [], [], [], []]
    for (let id = from; id < Math.min(from + chunk, opts.count + 1); id++) {
      const r = rand()
      let kind: 'ok' | 'orphan' | 'duplicate' | 'badEmail' | 'oddStatus' | 'noPrice' = 'ok'
      let edge = 0
      for (const k of ['orphan', 'duplicate', 'badEmail', 'oddStatus', 'noPrice'] as const) {
        edge += shares[k]
        if (r < edge) {
          kind = k
          break
        }
      }
      if (kind === 'duplicate' && issued.length === 0) kind = 'ok'
      if (opts.emails.length === 0 && kind === 'ok') kind = 'orphan'
      const [pkg, priceCents] = PACKAGES[Math.floor(rand() * PACKAGES.length)]!
      const number = kind === 'duplicate' ? issued[Math.floor(rand() * issued.length)]! : `WEB-${String(17 + Math.floor((id / opts.count) * 8)).padStart(2, '0')}-${String(++orderNo).padStart(6, '0')}`
      if (kind !== 'duplicate') issued.push(number)
      const email =
        kind === 'orphan' ? `gone.${id}@oldmail.test` :
        kind === 'badEmail' ? (rand() < 0.5 ? null : `customer${id} at gmail`) :
        typed(opts.emails[Math.floor(rand() * opts.emails.length)]!, rand)
      const price = kind === 'noPrice' ? null : priceCents
      const status = kind === 'oddStatus' ? ODD_STATUSES[Math.floor(rand() * ODD_STATUSES.length)]! : STATUSES[Math.floor(rand() * STATUSES.length)]!
      const created = new Date(start + Math.floor(rand() * span)).toISOString().slice(0, 19).replace('T', ' ')
      const values = [id, number, rand() < 0.7 ? `REF${String(id).padStart(7, '0')}` : null, email, `Customer ${id}`, `08${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`, pkg, price === null ? null : rand2(price), status, created, `${1 + Math.floor(rand() * 200)} Main Road, Cape Town`, rand() < 0.1 ? 'Call before install' : null]
      values.forEach((v, i) => cols[i]!.push(v))
      made.rows++
      if (kind === 'orphan') made.orphans++
      if (kind === 'duplicate') made.duplicates++
      if (kind === 'badEmail') made.badEmails++
      if (kind === 'oddStatus') made.oddStatuses++
      if (kind === 'noPrice') made.noPrices++
      made.totalCents += price ?? 0
    }
    await source.pool.query(
      `INSERT INTO ${table} (id, order_no, ref, email, name, cell, package, price, status, created, address, notes)
       SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::numeric[], $9::text[], $10::timestamp[], $11::text[], $12::text[])`,
      cols,
    )
  }
  return made
}
