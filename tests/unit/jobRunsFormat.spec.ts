import { describe, expect, it } from 'vitest'

import {
  formatDuration,
  jobLabel,
  lastRunSentence,
  runBars,
  runDateTime,
  runErrors,
  runInputs,
  runMoment,
  runStatusBadge,
  startedByLabel,
  statusTally,
  type ChartedRun,
} from '../../src/components/admin/jobRuns/format'

const run = (over: Partial<ChartedRun>): ChartedRun => ({
  id: 1,
  status: 'succeeded',
  startedAt: '2026-12-02T00:00:00.000Z',
  finishedAt: '2026-12-02T00:01:12.000Z',
  durationMs: 72_000,
  recordsProcessed: 10,
  recordsSucceeded: 8,
  recordsSkipped: 2,
  recordsFailed: 0,
  summary: null,
  ...over,
})

describe('how staff read a job run', () => {
  it('names the job in words', () => {
    expect(jobLabel('generate-invoices')).toBe('Invoice run')
    expect(jobLabel('mark-overdue')).toBe('Overdue marking')
    expect(jobLabel('purge-login-rate-limits')).toBe('Purge login rate limits')
    expect(jobLabel(undefined)).toBe('—')
  })

  it.each([
    ['running', 'Running', 'info'],
    ['succeeded', 'Succeeded', 'good'],
    ['partially_failed', 'Partially failed', 'warn'],
    ['failed', 'Failed', 'bad'],
    ['odd_state', 'Odd state', 'neutral'],
  ])('status %s reads %s', (status, label, tone) => {
    expect(runStatusBadge(status)).toEqual({ label, tone })
  })

  it('says who started a run', () => {
    expect(startedByLabel('schedule', { name: 'Ignored', email: 'x@y.z' })).toBe('Schedule')
    expect(startedByLabel('staff', { name: 'Thandi Mokoena', email: 'thandi@isp.co.za' })).toBe('Thandi Mokoena')
    expect(startedByLabel('staff', { name: ' ', email: 'thandi@isp.co.za' })).toBe('thandi@isp.co.za')
    expect(startedByLabel('staff', null)).toBe('Staff member')
    expect(startedByLabel('api_key', { email: 'ops@isp.co.za' })).toBe('API key (ops@isp.co.za)')
    expect(startedByLabel('api_key')).toBe('API key')
  })

  it.each([
    [null, '—'],
    [-1, '—'],
    [0, '0.0 s'],
    [420, '0.4 s'],
    [9_949, '9.9 s'],
    [9_960, '10 s'],
    [42_400, '42 s'],
    [59_600, '1 min'],
    [72_000, '1 min 12 s'],
    [3_599_400, '59 min 59 s'],
    [3_600_000, '1 h'],
    [3_900_000, '1 h 5 min'],
  ])('%s ms reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })

  it('dates runs in SAST, short on the chart', () => {
    // 00:00 UTC is 02:00 in Johannesburg; 22:30 UTC on 1 Dec is 00:30 on 2 Dec.
    expect(runMoment('2026-12-02T00:00:00.000Z')).toBe('2 Dec 02:00')
    expect(runMoment('2026-12-01T22:30:00.000Z')).toBe('2 Dec 00:30')
    expect(runDateTime('2026-12-02T00:00:00.000Z')).toBe('2 Dec 2026, 02:00')
    expect(runMoment(null)).toBe('—')
    expect(runDateTime('not a date')).toBe('—')
  })

  it('reads the errors JSON as rows, never as JSON', () => {
    expect(runErrors([{ serviceId: 12, reason: 'No billing account' }, { reason: 'Interrupted' }])).toEqual([
      { serviceId: 12, reason: 'No billing account', details: [] },
      { reason: 'Interrupted', details: [] },
    ])
    expect(runErrors([{ serviceId: '7', reason: '', invoiceId: 3, nested: { a: 1 } }])).toEqual([
      { serviceId: 7, reason: 'No reason recorded', details: ['Invoice id: 3'] },
    ])
    expect(runErrors('Database unavailable')).toEqual([{ reason: 'Database unavailable', details: [] }])
    expect(runErrors(null)).toEqual([])
    expect(runErrors([])).toEqual([])
  })

  it('reads the input JSON as labelled values', () => {
    expect(runInputs({ asOf: '2026-12-02', dryRun: false })).toEqual([
      { label: 'As of', value: '2 Dec 2026' },
      { label: 'Dry run', value: 'No' },
    ])
    expect(runInputs(null)).toEqual([])
    expect(runInputs(['2026-12-02'])).toEqual([])
  })
})

describe('the job-runs chart', () => {
  it('draws the oldest run first and flags runs with failures', () => {
    const bars = runBars([
      run({ id: 3, startedAt: '2026-12-03T00:00:00.000Z', status: 'partially_failed', recordsSucceeded: 7, recordsFailed: 1 }),
      run({ id: 2, startedAt: '2026-12-02T00:00:00.000Z', status: 'failed', recordsSucceeded: 0, recordsSkipped: 0, recordsFailed: 0, durationMs: 300 }),
      run({ id: 1, startedAt: '2026-12-01T00:00:00.000Z', status: 'running', durationMs: null, recordsSucceeded: null, recordsSkipped: null }),
    ])
    expect(bars.map((b) => [b.key, b.moment, b.flagged])).toEqual([
      ['1', '1 Dec 02:00', false],
      ['2', '2 Dec 02:00', true],
      ['3', '3 Dec 02:00', true],
    ])
    expect(bars[0]).toMatchObject({ succeeded: 0, skipped: 0, failed: 0, duration: 'Still running', statusLabel: 'Running' })
    expect(bars[2]).toMatchObject({ succeeded: 7, skipped: 2, failed: 1, duration: '1 min 12 s', when: '3 Dec 2026, 02:00' })
  })

  it('tallies runs by status', () => {
    expect(statusTally([run({}), run({}), run({ status: 'failed' }), run({ status: 'partially_failed' })])).toBe('2 succeeded, 1 partially failed, 1 failed')
    expect(statusTally([])).toBe('')
  })

  it.each([
    [run({}), 'Last run succeeded on 2 Dec 2026, 02:00 and took 1 min 12 s; no records failed.'],
    [run({ status: 'partially_failed', recordsFailed: 1 }), 'Last run partially failed on 2 Dec 2026, 02:00 and took 1 min 12 s; 1 record failed.'],
    [run({ status: 'failed', recordsFailed: 0, durationMs: 300 }), 'Last run failed on 2 Dec 2026, 02:00 after 0.3 s.'],
    [run({ status: 'running', durationMs: null }), 'Last run started on 2 Dec 2026, 02:00 and is still running.'],
  ])('sums up the last run', (last, sentence) => {
    expect(lastRunSentence(last)).toBe(sentence)
  })
})
