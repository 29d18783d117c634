import type { CollectionConfig } from 'payload'

import { nobody } from '../../access/compose'
import { isStaff } from '../../access/staff'
import { JOB_RUN_STATUSES } from '../../domain/catalogue'
import { statusField, wholeNumberField } from '../fields'

/**
 * Every scheduled run: inputs, counts, errors and duration. Append-only: a run is inserted as
 * `running` and finished once; the database refuses any other UPDATE and every DELETE.
 */
export const JobRuns: CollectionConfig = {
  slug: 'job-runs',
  labels: { singular: 'Job run', plural: 'Job runs' },
  admin: {
    group: 'Operations',
    useAsTitle: 'jobName',
    defaultColumns: ['jobName', 'startedAt', 'finishedAt', 'status', 'recordsProcessed', 'recordsFailed'],
  },
  access: { read: isStaff, create: nobody, update: nobody, delete: nobody },
  indexes: [{ fields: ['jobName', 'startedAt'] }],
  fields: [
    { name: 'jobName', type: 'text', required: true, index: true },
    { name: 'startedAt', type: 'date', required: true, index: true, admin: { date: { pickerAppearance: 'dayAndTime' } } },
    { name: 'finishedAt', type: 'date', admin: { date: { pickerAppearance: 'dayAndTime' } } },
    statusField('status', JOB_RUN_STATUSES, { defaultValue: 'running' }),
    wholeNumberField('recordsProcessed', { label: 'Records processed', min: 0, defaultValue: 0 }),
    wholeNumberField('recordsFailed', { label: 'Records failed', min: 0, defaultValue: 0 }),
    { name: 'input', type: 'json' },
    { name: 'errors', type: 'json', admin: { description: 'Error messages, one per failed record.' } },
  ],
}
