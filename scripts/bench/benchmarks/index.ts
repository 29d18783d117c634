import type { Benchmark } from '../types'
import { dashboard } from './dashboard'
import { summary } from './summary'
import { debitOrders } from './debitOrders'
import { legacyMigration } from './legacyMigration'
import { usageSync } from './usageSync'
import { invoiceRun } from './invoiceRun'
import { readPaths } from './readPaths'

/** Every benchmark, in the order `npm run bench` runs them. A new one is a file here and a line below. */
export const BENCHMARKS: Benchmark[] = [summary, dashboard, usageSync, debitOrders, invoiceRun, legacyMigration, readPaths]
