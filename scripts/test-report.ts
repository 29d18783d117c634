/**
 * Writes docs/test-report.md from the last whole run of each suite: the JSON reports `npm test`
 * keeps in test-results/reports/ (unit.json and int.json from vitest, e2e.json from Playwright;
 * scripts/test.ts keeps a phase's report when no test files were named). `npm run test:report`.
 *
 * It says how many tests each area and each task group of the spec has and how they fared, which
 * of issue #18's critical journeys the browser tests walk, and what is not covered and why
 * (scripts/testReport/coverage.ts).
 */
import fs from 'node:fs'
import path from 'node:path'

import { sastDateOf } from '../src/domain/calendarDate'
import { formatDate, formatSastTime, plural } from '../src/domain/display'
import { CROSS_CUTTING, JOURNEYS, NOT_COVERED, TASK_GROUPS } from './testReport/coverage'

const root = path.resolve(import.meta.dirname, '..')
const reports = path.join(root, 'test-results', 'reports')
const target = path.join(root, 'docs', 'test-report.md')

type Outcome = 'passed' | 'failed' | 'skipped'
type TestCase = { file: string; title: string; outcome: Outcome; ms: number }
type Phase = { phase: 'unit' | 'int' | 'e2e'; at: Date; tests: TestCase[] }

/** `tests/int/invoicing.int.spec.ts` -> `int/invoicing`. */
const keyOf = (file: string) =>
  path
    .relative(path.join(root, 'tests'), path.resolve(root, file))
    .replace(/\\/g, '/')
    .replace(/\.(int|e2e)?\.?spec\.ts$/, '')
    .replace(/\.spec$/, '')

function readVitest(phase: 'unit' | 'int'): Phase | undefined {
  const file = path.join(reports, `${phase}.json`)
  if (!fs.existsSync(file)) return undefined
  const r = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    startTime: number
    testResults: Array<{ name: string; status: string; assertionResults: Array<{ fullName: string; status: string; duration?: number }> }>
  }
  const tests = r.testResults.flatMap((f) =>
    // A file that failed before any of its tests ran counts as one failure, as npm test counts it.
    (f.status === 'failed' && f.assertionResults.length === 0 ? [{ fullName: '(the file did not load)', status: 'failed', duration: 0 }] : f.assertionResults).map((a) => ({
      file: keyOf(f.name),
      title: a.fullName,
      outcome: (a.status === 'passed' ? 'passed' : a.status === 'failed' ? 'failed' : 'skipped') as Outcome,
      ms: a.duration ?? 0,
    })),
  )
  return { phase, at: new Date(r.startTime), tests }
}

type PwSuite = { file?: string; title: string; specs?: Array<{ title: string; file?: string; tests: Array<{ status: string; results: Array<{ duration: number }> }> }>; suites?: PwSuite[] }

function readPlaywright(): Phase | undefined {
  const file = path.join(reports, 'e2e.json')
  if (!fs.existsSync(file)) return undefined
  const r = JSON.parse(fs.readFileSync(file, 'utf8')) as { config?: { rootDir?: string }; stats: { startTime: string }; suites: PwSuite[] }
  const base = r.config?.rootDir ?? path.join(root, 'tests', 'e2e')
  const tests: TestCase[] = []
  const walk = (s: PwSuite, file: string | undefined) => {
    const here = s.file ?? file
    for (const spec of s.specs ?? []) {
      for (const t of spec.tests) {
        const outcome: Outcome = t.status === 'expected' || t.status === 'flaky' ? 'passed' : t.status === 'skipped' ? 'skipped' : 'failed'
        tests.push({ file: keyOf(path.join(base, spec.file ?? here ?? '')), title: spec.title, outcome, ms: t.results.reduce((n, x) => n + x.duration, 0) })
      }
    }
    for (const child of s.suites ?? []) walk(child, here)
  }
  r.suites.forEach((s) => walk(s, s.file))
  return { phase: 'e2e', at: new Date(r.stats.startTime), tests }
}

/** `4 Dec 2026 22:58`: the day and time in SAST, as the panel shows them. */
const sast = (d: Date) => `${formatDate(sastDateOf(d))} ${formatSastTime(d)}`

function count(tests: TestCase[]) {
  const by = (o: Outcome) => tests.filter((t) => t.outcome === o).length
  return { total: tests.length, passed: by('passed'), failed: by('failed'), skipped: by('skipped') }
}

function table(header: string[], rows: string[][]): string[] {
  const cell = (c: string) => c.replace(/\|/g, '\\|')
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)]
}

function main(): number {
  const phases = [readVitest('unit'), readVitest('int'), readPlaywright()].filter((p): p is Phase => p !== undefined)
  if (phases.length === 0) {
    console.error('No test reports in test-results/reports/: run `npm test` (whole, no test files named) first.')
    return 1
  }
  const all = phases.flatMap((p) => p.tests)
  const byFile = new Map<string, TestCase[]>()
  for (const t of all) byFile.set(t.file, [...(byFile.get(t.file) ?? []), t])
  const out: string[] = []
  const totals = count(all)
  const faultsFile = path.join(reports, 'faults.json')
  const faults = fs.existsSync(faultsFile)
    ? (JSON.parse(fs.readFileSync(faultsFile, 'utf8')) as { at: string; results: Array<{ scenario: string; passed: boolean; seconds: number; checks: Array<{ check: string; passed: boolean; detail: string }> }> })
    : undefined
  const faultTally = faults ? `${plural(faults.results.filter((r) => r.passed).length, 'scenario')} passed, ${faults.results.filter((r) => !r.passed).length} failed` : undefined
  out.push(
    '# Test report',
    '',
    `Generated by \`npm run test:report\` (scripts/test-report.ts) from the last whole run of each suite; do not edit by hand.`,
    '',
    ...table(
      ['suite', 'run at (SAST)', 'tests', 'passed', 'failed', 'skipped'],
      phases.map((p) => {
        const c = count(p.tests)
        return [p.phase, sast(p.at), String(c.total), String(c.passed), String(c.failed), String(c.skipped)]
      }),
    ),
    '',
    `In all: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped${faultTally ? `; the fault suite: ${faultTally}` : ''}.`,
    '',
    '## The ten critical journeys (issue #18)',
    '',
    'Each walked in Chromium against the production build by the end-to-end tests named, with screenshots kept in test-results/.',
    '',
  )
  const e2e = phases.find((p) => p.phase === 'e2e')?.tests ?? []
  out.push(
    ...table(
      ['journey', 'status', 'walked by', 'note'],
      JOURNEYS.map((j) => {
        const walked = e2e.filter((t) => j.covers.some((re) => re.test(t.title)))
        const status = walked.length === 0 ? 'not yet' : walked.every((t) => t.outcome === 'passed') ? (j.note && j.covers.length ? 'partly' : 'walked') : 'FAILING'
        return [j.title, status, walked.map((t) => `${t.file}: ${t.title}`).join('<br>') || '-', j.note ?? '']
      }),
    ),
    '',
    '## Per task group of the spec',
    '',
    'Task groups of ../shared/spec/task-breakdown.md and the test files that prove them (a file can serve several).',
    '',
  )
  const mapped = new Set<string>()
  out.push(
    ...table(
      ['group', 'title', 'tests', 'failed', 'files'],
      TASK_GROUPS.map((g) => {
        const tests = g.files.flatMap((f) => byFile.get(f) ?? [])
        g.files.forEach((f) => mapped.add(f))
        const missing = g.files.filter((f) => !byFile.has(f))
        const c = count(tests)
        return [g.id, g.title, String(c.total), String(c.failed), [...g.files.filter((f) => byFile.has(f)), ...missing.map((f) => `${f} (no results)`)].join(', ')]
      }),
    ),
    '',
    '## Per area (test file)',
    '',
  )
  out.push(
    ...table(
      ['file', 'tests', 'passed', 'failed', 'skipped', 'seconds', 'what for'],
      [...byFile.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([file, tests]) => {
          const c = count(tests)
          const groups = TASK_GROUPS.filter((g) => g.files.includes(file)).map((g) => g.id)
          const what = groups.length ? `task groups ${groups.join(', ')}` : (CROSS_CUTTING[file] ?? 'not mapped to a task group')
          return [file, String(c.total), String(c.passed), String(c.failed), String(c.skipped), (tests.reduce((n, t) => n + t.ms, 0) / 1000).toFixed(1), what]
        }),
    ),
    '',
  )
  const failing = all.filter((t) => t.outcome === 'failed')
  if (failing.length) out.push('## Failing', '', ...failing.map((t) => `- ${t.file}: ${t.title}`), '')
  out.push('## The fault suite', '')
  if (faults) {
    out.push(`\`npm run test:faults\` on the generated 10,000-customer data set, run at ${sast(new Date(faults.at))} (SAST).`, '')
    for (const r of faults.results) {
      out.push(`**${r.passed ? 'Passed' : 'FAILED'}: ${r.scenario}** (${r.seconds.toFixed(0)} s)`, '')
      out.push(...table(['check', 'result', 'what was found'], r.checks.map((c) => [c.check, c.passed ? 'ok' : 'FAILED', c.detail])), '')
    }
  } else {
    out.push('No report: run `npm test` or `npm run test:faults`.', '')
  }
  out.push('## Not covered, and why', '', ...NOT_COVERED.map((n) => `- ${n}`), '')
  fs.writeFileSync(target, out.join('\n'))
  console.log(`wrote ${path.relative(root, target)}: ${totals.total} tests (${totals.passed} passed, ${totals.failed} failed), ${phases.map((p) => p.phase).join(', ')}`)
  return 0
}

process.exitCode = main()
