import type { CollectionAfterChangeHook, CollectionBeforeChangeHook, CollectionConfig } from 'payload'

import { isAdmin, isStaff, isStaffWriter } from '../../access/staff'
import { VALIDATION_ERROR_CODES, VALIDATION_ERROR_LABELS } from '../../domain/catalogue'
import { statusField } from '../fields'

/** Resolving records who and when; reopening clears them. */
const stampResolution: CollectionBeforeChangeHook = ({ data, originalDoc, req }) => {
  if (data.resolved && !originalDoc?.resolved) {
    data.resolvedAt = new Date().toISOString()
    data.resolvedBy = req.user?.collection === 'users' ? req.user.id : undefined
  } else if (data.resolved === false) {
    data.resolvedAt = null
    data.resolvedBy = null
  }
  return data
}

/**
 * Linking the error to a customer links its order too (the review queue's "this is the customer"),
 * in the same transaction, with the staff member's own access.
 */
const linkOrder: CollectionAfterChangeHook = async ({ doc, previousDoc, req }) => {
  const id = (v: unknown) => (v && typeof v === 'object' ? (v as { id: number }).id : (v as number | null | undefined))
  const customer = id(doc.customer)
  const order = id(doc.consumerOrder)
  if (customer && order && customer !== id(previousDoc?.customer)) {
    await req.payload.update({ collection: 'consumer-orders', id: order, data: { customer }, req, overrideAccess: false, user: req.user, depth: 0 })
  }
  return doc
}

/**
 * Records a migration or sync could not reconcile, for staff to review and resolve: the review
 * queue (the list, filtered to what is unresolved). For the legacy orders migration each error
 * names its legacy order and, when the order came across, the consumer order; linking a customer
 * here links the order.
 */
export const ValidationErrors: CollectionConfig = {
  slug: 'validation-errors',
  labels: { singular: 'Validation error', plural: 'Validation errors' },
  admin: {
    group: 'Operations',
    useAsTitle: 'recordReference',
    defaultColumns: ['recordReference', 'code', 'reason', 'customer', 'resolved', 'createdAt'],
    description: 'The review queue: link each order to its customer, or mark it resolved with a note. Filter on Resolved to see what is left.',
    components: { beforeList: ['/src/components/admin/ReviewQueueSummary#ReviewQueueSummary'] },
  },
  access: { read: isStaff, create: isStaffWriter, update: isStaffWriter, delete: isAdmin },
  hooks: { beforeChange: [stampResolution], afterChange: [linkOrder] },
  fields: [
    // What was found stays as found; staff act through the customer, the note and resolved.
    { name: 'source', type: 'text', required: true, index: true, admin: { readOnly: true, description: 'What found it, e.g. "legacy-orders".' } },
    statusField('code', VALIDATION_ERROR_CODES, {
      required: false,
      label: 'Problem',
      options: VALIDATION_ERROR_CODES.map((c) => ({ label: VALIDATION_ERROR_LABELS[c], value: c })),
      admin: { readOnly: true },
    }),
    { name: 'recordReference', type: 'text', required: true, label: 'Record', admin: { readOnly: true } },
    { name: 'reason', type: 'text', required: true, admin: { readOnly: true } },
    { name: 'suggestedFix', type: 'textarea', admin: { readOnly: true } },
    { name: 'legacyId', type: 'number', label: 'Legacy order id', index: true, admin: { readOnly: true } },
    { name: 'consumerOrder', type: 'relationship', relationTo: 'consumer-orders', label: 'Order', admin: { readOnly: true } },
    { name: 'customer', type: 'relationship', relationTo: 'customers', label: 'Customer', admin: { description: 'The customer this order belongs to: choosing one links the order to them.' } },
    { name: 'note', type: 'textarea', admin: { description: 'What you found or did.' } },
    { name: 'details', type: 'json', admin: { readOnly: true, description: 'The record as it was found, for context.' } },
    { name: 'resolved', type: 'checkbox', defaultValue: false, index: true },
    { name: 'resolvedAt', type: 'date', admin: { readOnly: true, condition: (data) => Boolean(data?.resolved), date: { pickerAppearance: 'dayAndTime' } } },
    { name: 'resolvedBy', type: 'relationship', relationTo: 'users', admin: { readOnly: true, condition: (data) => Boolean(data?.resolved) } },
  ],
}
