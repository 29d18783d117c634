import { formatTable } from '../report'
import type { Benchmark } from '../types'

const ORDERS = 100_000
const SCHEMA = 'bench_legacy'

/**
 * `npm run migrate-legacy` on 100,000 generated legacy orders whose emails are the data set's
 * 10,000 customers' (3% orphans, 1% duplicates and the rest of the generator's problems), in the
 * benchmark database: the dry run, then the apply (batches of 5,000, validation, rename). Prints
 * orders per second for each. Everything it wrote is rolled back and the legacy schema dropped.
 */
export const legacyMigration: Benchmark = {
  name: 'legacy-migration',
  description: `the legacy orders migration of ${ORDERS.toLocaleString('en-US')} generated orders: dry run and apply, orders per second`,
  async run(ctx) {
    const { pool, log } = ctx
    const { generateLegacyOrders } = await import('../../legacy/generateLegacy')
    const { applyLegacyMigration, planLegacyMigration, rollbackLegacyMigration } = await import('../../legacy/migrateLegacy')
    const source = { pool, schema: SCHEMA }
    await pool.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`)
    try {
      const { rows } = await pool.query<{ email: string }>(`SELECT email FROM customers ORDER BY id`)
      let started = performance.now()
      const made = await generateLegacyOrders(source, { count: ORDERS, seed: 1, emails: rows.map((r) => r.email) })
      log(`legacy-migration: generated ${made.rows.toLocaleString('en-US')} legacy orders in ${((performance.now() - started) / 1000).toFixed(1)} s`)
      const planned = await planLegacyMigration({ source, target: pool })
      log(`legacy-migration: dry run ${planned.seconds.toFixed(1)} s`)
      if (ctx.db.available) await ctx.db.reset()
      started = performance.now()
      const applied = await applyLegacyMigration({ source, target: pool })
      const seconds = (performance.now() - started) / 1000
      const statements = ctx.db.available ? (await ctx.db.read())?.statements : undefined
      log(`legacy-migration: apply ${seconds.toFixed(1)} s, validation ${applied.validation.ok ? 'passed' : 'FAILED'}`)
      const r = applied.report
      const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('en-US')
      return {
        title: `legacy-migration: ${ORDERS.toLocaleString('en-US')} legacy orders, 10,000 customers, batches of 5,000`,
        table: formatTable(
          ['phase', 'orders', 'seconds', 'orders/s'],
          [
            ['dry run (read only)', String(planned.processed), planned.seconds.toFixed(2), rate(planned.processed, planned.seconds)],
            ['apply (migrate, validate, rename)', String(r.processed), seconds.toFixed(2), rate(r.processed, seconds)],
          ],
        ),
        notes: [
          `Migrated ${r.migrated.toLocaleString('en-US')} (matched ${r.matched.toLocaleString('en-US')}, ${(applied.validation.matchedShare * 100).toFixed(1)}%; orphans ${r.orphans}, ambiguous ${r.ambiguous}, unknown status ${r.unknownStatus}); not migrated ${Object.entries(r.notMigrated).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
          `Validation ${applied.validation.ok ? 'passed' : `FAILED: ${applied.validation.problems.join('; ')}`}: legacy R ${(applied.validation.legacyTotalCents / 100).toFixed(2)} = migrated R ${(applied.validation.migratedTotalCents / 100).toFixed(2)} + not migrated R ${(applied.validation.notMigratedTotalCents / 100).toFixed(2)}; renamed: ${applied.renamed}.`,
          statements === undefined ? 'Statements not counted (pg_stat_statements not loaded).' : `${statements} statements for the apply (${(statements / Math.ceil(ORDERS / 5_000)).toFixed(0)} per batch of 5,000).`,
          'Rolled back and the legacy schema dropped afterwards.',
        ],
        headline: `legacy-migration: ${ORDERS.toLocaleString('en-US')} orders applied in ${seconds.toFixed(1)} s (${rate(r.processed, seconds)}/s), dry run ${planned.seconds.toFixed(1)} s, matched ${(applied.validation.matchedShare * 100).toFixed(1)}%, validation ${applied.validation.ok ? 'passed' : 'FAILED'}`,
      }
    } finally {
      await rollbackLegacyMigration({ source, target: pool }).catch(() => undefined)
      await pool.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`)
    }
  },
}
