import type { CollectionConfig } from 'payload'

import { nobody } from '../../access/compose'
import { isStaff } from '../../access/staff'
import { JOB_RUN_STATUSES, JOB_RUN_TRIGGERS } from '../../domain/catalogue'
import { statusField, wholeNumberField } from '../fields'

/**
 * Every scheduled or requested run: what started it, its counts, errors and duration.
 * Append-only: a run is inserted as `running` and finished once; the database refuses any other
 * UPDATE and every DELETE.
 */
/** Kept out of the edit form (the overview shows it in words), still a list column and in the API. */
const inOverview = { components: { Field: false as const } }

export const JobRuns: CollectionConfig = {
  slug: 'job-runs',
  labels: { singular: 'Job run', plural: 'Job runs' },
  admin: {
    group: 'Operations',
    useAsTitle: 'jobName',
    defaultColumns: ['jobName', 'startedAt', 'status', 'summary', 'durationMs', 'trigger'],
    description: 'Every run of the scheduled work (invoice run 02:00, overdue marking 00:30, SAST) and every run started by staff or an API key.',
    components: { beforeList: ['/src/components/admin/jobRuns/JobRunsChart#JobRunsChart'] },
  },
  defaultSort: '-startedAt',
  access: { read: isStaff, create: nobody, update: nobody, delete: nobody },
  indexes: [{ fields: ['jobName', 'startedAt'] }],
  // The overview shows a run as a person reads it (times in SAST, errors as a table); the stored
  // fields stay in the API and as list columns but out of the form.
  fields: [
    {
      name: 'overview',
      type: 'ui',
      admin: { components: { Field: '/src/components/admin/jobRuns/JobRunOverview#JobRunOverview' } },
    },
    { name: 'jobName', type: 'text', required: true, index: true, label: 'Job', admin: inOverview },
    statusField('trigger', JOB_RUN_TRIGGERS, { label: 'Started by', index: false, defaultValue: 'staff', admin: inOverview }),
    { name: 'requestedBy', type: 'relationship', relationTo: 'users', label: 'Staff member or API key', admin: { ...inOverview, description: 'Empty for a scheduled run.' } },
    { name: 'scheduledFor', type: 'date', label: 'Scheduled for', admin: { ...inOverview, date: { pickerAppearance: 'dayAndTime' }, description: 'The schedule slot this run fills.' } },
    { name: 'startedAt', type: 'date', required: true, index: true, admin: { ...inOverview, date: { pickerAppearance: 'dayAndTime' } } },
    { name: 'finishedAt', type: 'date', admin: { ...inOverview, date: { pickerAppearance: 'dayAndTime' } } },
    wholeNumberField('durationMs', { label: 'Duration (ms)', min: 0, admin: inOverview }),
    statusField('status', JOB_RUN_STATUSES, { defaultValue: 'running', admin: inOverview }),
    { name: 'summary', type: 'text', admin: inOverview },
    wholeNumberField('recordsProcessed', { label: 'Processed', min: 0, defaultValue: 0, admin: inOverview }),
    wholeNumberField('recordsSucceeded', { label: 'Succeeded', min: 0, defaultValue: 0, admin: inOverview }),
    wholeNumberField('recordsSkipped', { label: 'Skipped', min: 0, defaultValue: 0, admin: inOverview }),
    wholeNumberField('recordsFailed', { label: 'Failed', min: 0, defaultValue: 0, admin: inOverview }),
    // Shown in words by the overview above; kept out of the form, where they would be raw JSON.
    { name: 'input', type: 'json', admin: { disabled: true } },
    { name: 'errors', type: 'json', admin: { disabled: true, description: 'One entry per failed record, with the reason.' } },
  ],
}
