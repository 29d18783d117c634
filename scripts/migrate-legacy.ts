/**
 * `npm run migrate-legacy`: brings the old website's `orders` table into consumer-orders
 * (docs/migration.md).
 *
 *   npm run migrate-legacy                  # --dry-run: what it would do; writes nothing
 *   npm run migrate-legacy -- --apply       # migrate in batches, validate, rename to orders_legacy
 *   npm run migrate-legacy -- --validate    # the validation report of what is there
 *   npm run migrate-legacy -- --rollback    # remove the migrated orders and errors, rename back (--force once the review queue was worked)
 *   npm run migrate-legacy -- --create-legacy [--generate 10000] [--seed 1]   # a legacy table (demo, tests)
 *
 * The legacy table is LEGACY_DATABASE_URL's `<schema>.orders`, or `legacy.orders` in our own
 * database. Options: --schema <name> (default legacy), --batch-size <n> (default 5000), --csv <path>
 * (the orphan report, default .data/legacy-orphans.csv). Exit 0 when done (an apply that validated),
 * 1 when the validation failed, 2 on an error.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'

import cliProgress from 'cli-progress'
import pg from 'pg'

import { formatRand } from '../src/domain/money'
import { dataDir } from '../src/lib/config'
import { runWithPayload } from './lib/runWithPayload'
import { generateLegacyOrders } from './legacy/generateLegacy'
import { createLegacySchema, type LegacySource } from './legacy/legacySchema'
import { applyLegacyMigration, orphanCsv, planLegacyMigration, rollbackLegacyMigration, validateLegacyMigration, type MigrationReport, type ValidationReport } from './legacy/migrateLegacy'

const args = process.argv.slice(2)
const flag = (name: string) => args.includes(`--${name}`)
const option = (name: string) => {
  const at = args.indexOf(`--${name}`)
  return at >= 0 ? args[at + 1] : undefined
}
const modes = ['apply', 'validate', 'rollback', 'create-legacy', 'dry-run'].filter(flag)
if (modes.length > 1) {
  console.error(`Choose one of --dry-run, --apply, --validate, --rollback, --create-legacy (got ${modes.map((m) => `--${m}`).join(' ')})`)
  process.exit(2)
}
const mode = modes[0] ?? 'dry-run'
const batchSize = Number(option('batch-size') ?? 5_000)
if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 50_000) {
  console.error('--batch-size is a whole number from 1 to 50000')
  process.exit(2)
}

const rand = (cents: number) => formatRand(cents)
const pct = (x: number) => `${(x * 100).toFixed(1)}%`

function printReport(r: MigrationReport) {
  console.log(`\n${r.mode === 'dry-run' ? 'Dry run (nothing written)' : 'Applied'}: ${r.processed.toLocaleString('en-US')} of ${r.legacyRows.toLocaleString('en-US')} legacy orders in ${r.seconds.toFixed(1)} s (${Math.round(r.rowsPerSecond).toLocaleString('en-US')} a second)`)
  console.log(`  migrated              ${r.migrated.toLocaleString('en-US')} (${rand(r.migratedTotalCents)})`)
  console.log(`    matched to a customer ${r.matched.toLocaleString('en-US')} (${pct(r.migrated ? r.matched / r.migrated : 0)})`)
  console.log(`    orphans             ${r.orphans.toLocaleString('en-US')}`)
  console.log(`    ambiguous           ${r.ambiguous.toLocaleString('en-US')}`)
  console.log(`    unknown status      ${r.unknownStatus.toLocaleString('en-US')}`)
  for (const [code, n] of Object.entries(r.notMigrated)) console.log(`  not migrated: ${code.padEnd(13)} ${n.toLocaleString('en-US')}`)
  console.log(`  legacy total          ${rand(r.legacyTotalCents)}`)
}

function printValidation(v: ValidationReport) {
  console.log(`\nValidation: ${v.ok ? 'PASSED' : 'FAILED'}`)
  console.log(`  legacy orders ${v.legacyRows.toLocaleString('en-US')} (${rand(v.legacyTotalCents)}) = migrated ${v.migratedRows.toLocaleString('en-US')} (${rand(v.migratedTotalCents)}) + not migrated ${v.notMigratedRows.toLocaleString('en-US')} (${rand(v.notMigratedTotalCents)})`)
  console.log(`  matched share ${pct(v.matchedShare)}; migrated without a customer or an error: ${v.unexplained}`)
  for (const p of v.problems) console.log(`  PROBLEM: ${p}`)
}

await runWithPayload(async (payload) => {
  const { poolOf } = await import('../src/services/pool')
  const target = poolOf(payload)
  const legacyUrl = process.env.LEGACY_DATABASE_URL
  const legacyPool = legacyUrl ? new pg.Pool({ connectionString: legacyUrl, max: 2 }) : null
  const source: LegacySource = { pool: legacyPool ?? target, schema: option('schema') ?? 'legacy' }
  try {
    if (mode === 'create-legacy') {
      await createLegacySchema(source)
      const count = option('generate')
      if (count) {
        const { rows } = await target.query<{ email: string }>(`SELECT email FROM customers ORDER BY id`)
        const made = await generateLegacyOrders(source, { count: Number(count), seed: Number(option('seed') ?? 1), emails: rows.map((r) => r.email) })
        console.log(`Generated ${made.rows.toLocaleString('en-US')} legacy orders in ${source.schema}.orders: ${made.orphans} orphans, ${made.duplicates} duplicates, ${made.badEmails} bad emails, ${made.oddStatuses} odd statuses, ${made.noPrices} without a price; ${rand(made.totalCents)} in all`)
      } else console.log(`Created ${source.schema}.orders (empty)`)
      return 0
    }
    if (mode === 'rollback') {
      const done = await rollbackLegacyMigration({ source, target, force: flag('force') })
      console.log(`Rolled back: ${done.orders} migrated orders and ${done.errors} validation errors removed${done.renamedBack ? '; orders_legacy renamed back to orders' : ''}`)
      return 0
    }
    if (mode === 'validate') {
      const v = await validateLegacyMigration({ source, target })
      printValidation(v)
      return v.ok ? 0 : 1
    }
    const bar = process.stdout.isTTY ? new cliProgress.SingleBar({ format: '  {bar} {percentage}% | {value}/{total} orders | {rate}/s | ETA {eta}s', hideCursor: true }, cliProgress.Presets.shades_classic) : null
    const began = Date.now()
    let started = false
    const onProgress = (done: number, total: number) => {
      if (!bar) return
      if (!started) bar.start(total, 0, { rate: 0 })
      started = true
      bar.update(done, { rate: Math.round(done / Math.max((Date.now() - began) / 1000, 0.001)) })
    }
    if (mode === 'dry-run') {
      const report = await planLegacyMigration({ source, target, batchSize, onProgress })
      bar?.stop()
      printReport(report)
      console.log('\nNothing was written. Apply with: npm run migrate-legacy -- --apply')
      return 0
    }
    const result = await applyLegacyMigration({ source, target, batchSize, onProgress })
    bar?.stop()
    printReport(result.report)
    printValidation(result.validation)
    const csvPath = option('csv') ?? path.join(dataDir(), 'legacy-orphans.csv')
    mkdirSync(path.dirname(csvPath), { recursive: true })
    writeFileSync(csvPath, await orphanCsv(target))
    console.log(`\nOrphan report: ${csvPath}`)
    console.log(result.renamed ? 'The legacy table is now orders_legacy (keep it 90 days; docs/migration.md).' : result.validation.ok ? 'Already migrated: nothing changed.' : 'The legacy table was NOT renamed: fix what the validation says, then apply again.')
    return result.validation.ok ? 0 : 1
  } finally {
    await legacyPool?.end()
  }
})
