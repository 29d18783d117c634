import path from 'node:path'

import { z } from 'zod'

import { DEFAULT_SEED, DEFAULT_SIZE } from './dataset'

/** `npm run bench -- [name ...] [--regenerate] [--dataset-only] [--list]`, tuned by BENCH_* variables. */
export type BenchOptions = {
  names: string[]
  regenerate: boolean
  datasetOnly: boolean
  list: boolean
  benchDir: string
  distDir: string
  size: { customers: number; services: number; months: number; usageDays: number }
  seed: number
  asOf?: string
  durationSeconds: number
  warmupSeconds: number
  connections: number[]
  sessions: number
  summaryPath: string
}

/** A mistake in the command line or the BENCH_* settings: printed as it is, without a stack. */
export class UsageError extends Error {}

const positive = z.coerce.number().int().positive()

const envSchema = z.object({
  BENCH_DATA_DIR: z.string().default('.data/bench'),
  BENCH_CUSTOMERS: positive.default(DEFAULT_SIZE.customers),
  BENCH_SERVICES: positive.optional(),
  BENCH_MONTHS: positive.default(DEFAULT_SIZE.months),
  BENCH_USAGE_DAYS: z.coerce.number().int().min(0).default(DEFAULT_SIZE.usageDays),
  BENCH_SEED: z.coerce.number().int().min(0).default(DEFAULT_SEED),
  BENCH_AS_OF: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'BENCH_AS_OF must be a date YYYY-MM-DD').optional(),
  BENCH_DURATION_SECONDS: positive.default(15),
  BENCH_WARMUP_SECONDS: z.coerce.number().int().min(0).default(3),
  BENCH_CONNECTIONS: z
    .string()
    .default('1,10,50')
    .transform((s) => s.split(',').map((c) => Number(c.trim())))
    .refine((cs) => cs.length > 0 && cs.every((c) => Number.isInteger(c) && c > 0), 'BENCH_CONNECTIONS must be comma-separated positive whole numbers'),
  BENCH_SESSIONS: positive.default(50),
  BENCH_SUMMARY_PATH: z.string().startsWith('/', 'BENCH_SUMMARY_PATH must be a path such as /api/dashboard/me').default('/api/dashboard/summary'),
})

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv, root: string): BenchOptions {
  const input = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('BENCH_') && v !== ''))
  const parsed = envSchema.safeParse(input)
  if (!parsed.success) throw new UsageError(`invalid benchmark settings:\n${parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}`)
  const e = parsed.data
  const flags = new Set(argv.filter((a) => a.startsWith('--')))
  const unknown = [...flags].filter((f) => !['--regenerate', '--dataset-only', '--list'].includes(f))
  if (unknown.length) throw new UsageError(`unknown option ${unknown.join(', ')} (known: --regenerate, --dataset-only, --list)`)
  return {
    names: argv.filter((a) => !a.startsWith('--')),
    regenerate: flags.has('--regenerate'),
    datasetOnly: flags.has('--dataset-only'),
    list: flags.has('--list'),
    benchDir: path.resolve(root, e.BENCH_DATA_DIR),
    distDir: '.next-bench',
    size: {
      customers: e.BENCH_CUSTOMERS,
      services: e.BENCH_SERVICES ?? Math.round(e.BENCH_CUSTOMERS * 1.2),
      months: e.BENCH_MONTHS,
      usageDays: e.BENCH_USAGE_DAYS,
    },
    seed: e.BENCH_SEED,
    asOf: e.BENCH_AS_OF,
    durationSeconds: e.BENCH_DURATION_SECONDS,
    warmupSeconds: e.BENCH_WARMUP_SECONDS,
    connections: e.BENCH_CONNECTIONS,
    sessions: e.BENCH_SESSIONS,
    summaryPath: e.BENCH_SUMMARY_PATH,
  }
}
