import type { CollectionConfig } from 'payload'

import { nobody } from '../../access/compose'
import { isStaff } from '../../access/staff'
import { DEBIT_BATCH_STATUSES } from '../../domain/catalogue'
import { calendarDateField, centsField, statusField, wholeNumberField } from '../fields'

/**
 * One debit-order batch file sent to NetCash by the 06:00 run (src/services/netcash/debitOrders.ts):
 * its name, action date, the file as sent with every account number masked (the real numbers are
 * decrypted only while the file is built and exist nowhere else), NetCash's file token and load
 * report. Its debits are the payment transactions that name it; their counts and totals by status
 * are read live (the staff view), so they can never disagree with the debits.
 */
export const DebitOrderBatches: CollectionConfig = {
  slug: 'debit-order-batches',
  labels: { singular: 'Debit order run', plural: 'Debit order runs' },
  admin: {
    group: 'Billing',
    useAsTitle: 'batchName',
    defaultColumns: ['batchName', 'actionDate', 'status', 'debitCount', 'totalCents', 'createdAt'],
    description: 'Each debit-order batch sent to NetCash: its debits, what the bank collected and what came back.',
    components: { beforeList: ['/src/components/admin/debitOrders/DebitRunsSummary#DebitRunsSummary'] },
  },
  defaultSort: '-createdAt',
  access: { read: isStaff, create: nobody, update: nobody, delete: nobody },
  fields: [
    { name: 'batchName', type: 'text', required: true, unique: true, label: 'Batch name', admin: { readOnly: true } },
    calendarDateField('actionDate', { label: 'Action date', required: true, index: true, admin: { readOnly: true } }),
    statusField('status', DEBIT_BATCH_STATUSES, { defaultValue: 'preparing', admin: { readOnly: true } }),
    wholeNumberField('debitCount', { label: 'Debits in the file', required: true, defaultValue: 0, admin: { readOnly: true } }),
    centsField('totalCents', { label: 'File total', required: true, defaultValue: 0, admin: { readOnly: true } }),
    { name: 'jobRun', type: 'relationship', relationTo: 'job-runs', label: 'Run', admin: { readOnly: true } },
    { name: 'fileToken', type: 'text', label: 'NetCash file token', admin: { readOnly: true } },
    { name: 'uploadedAt', type: 'date', admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' } } },
    { name: 'reportReadAt', type: 'date', label: 'Load report read at', admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' } } },
    { name: 'reportOutcome', type: 'text', label: 'Load report', admin: { readOnly: true } },
    { name: 'failureReason', type: 'text', admin: { readOnly: true } },
    {
      name: 'resolve',
      type: 'ui',
      admin: { components: { Field: '/src/components/admin/debitOrders/DebitBatchResolve#DebitBatchResolve' } },
    },
    {
      name: 'debitsSummary',
      type: 'ui',
      admin: { components: { Field: '/src/components/admin/debitOrders/DebitBatchDebits#DebitBatchDebits' } },
    },
    { name: 'maskedFile', type: 'textarea', label: 'The file as sent (account numbers masked)', admin: { readOnly: true } },
  ],
}
