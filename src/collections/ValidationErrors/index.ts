import { ValidationError, type CollectionAfterChangeHook, type CollectionBeforeChangeHook, type CollectionConfig, type FieldAccess } from 'payload'

import { isAdmin, isStaff, isStaffWriter } from '../../access/staff'
import { VALIDATION_ERROR_CODES, VALIDATION_ERROR_LABELS } from '../../domain/catalogue'
import { statusField } from '../fields'

const idOf = (v: unknown) => (v && typeof v === 'object' ? (v as { id: number }).id : (v as number | null | undefined))

/**
 * Resolving records who and when and needs a note; reopening clears who and when. A customer can
 * be chosen only where there is an order to link to them.
 */
const stampResolution: CollectionBeforeChangeHook = ({ data, originalDoc, req }) => {
  const merged = { ...originalDoc, ...data }
  if (idOf(data.customer) && !idOf(merged.consumerOrder)) {
    throw new ValidationError({ collection: 'validation-errors', errors: [{ path: 'customer', message: 'This record has no order to link: enter the order by hand for the customer, then mark this resolved with a note' }] }, req.t)
  }
  if (data.resolved && !originalDoc?.resolved && !String(merged.note ?? '').trim()) {
    throw new ValidationError({ collection: 'validation-errors', errors: [{ path: 'note', message: 'Say what you found or did before marking it resolved' }] }, req.t)
  }
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
const linkOrder: CollectionAfterChangeHook = async ({ doc, previousDoc, req, operation }) => {
  const customer = idOf(doc.customer) ?? null
  const order = idOf(doc.consumerOrder)
  // Chosen, changed or cleared: the order follows (a wrong link undone takes the order back off that customer).
  if (operation === 'update' && order && customer !== (idOf(previousDoc?.customer) ?? null)) {
    await req.payload.update({ collection: 'consumer-orders', id: order, data: { customer }, req, overrideAccess: false, user: req.user, depth: 0 })
  }
  return doc
}

/** What was found stays as found, over the API too: staff act through the customer, the note and resolved. */
const asFound: { create?: FieldAccess; update: FieldAccess } = { update: () => false }

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
    { name: 'source', type: 'text', required: true, index: true, access: asFound, admin: { readOnly: true, description: 'What found it, e.g. "legacy-orders".' } },
    statusField('code', VALIDATION_ERROR_CODES, {
      required: false,
      label: 'Problem',
      options: VALIDATION_ERROR_CODES.map((c) => ({ label: VALIDATION_ERROR_LABELS[c], value: c })),
      access: asFound,
      admin: { readOnly: true },
    }),
    { name: 'recordReference', type: 'text', required: true, label: 'Record', access: asFound, admin: { readOnly: true } },
    { name: 'reason', type: 'text', required: true, access: asFound, admin: { readOnly: true } },
    { name: 'suggestedFix', type: 'textarea', access: asFound, admin: { readOnly: true } },
    { name: 'legacyId', type: 'number', label: 'Legacy order id', index: true, access: { create: () => false, update: () => false }, admin: { readOnly: true } },
    { name: 'consumerOrder', type: 'relationship', relationTo: 'consumer-orders', label: 'Order', access: asFound, admin: { readOnly: true } },
    { name: 'customer', type: 'relationship', relationTo: 'customers', label: 'Customer', admin: { description: 'The customer this order belongs to: choosing one links the order to them.' } },
    { name: 'note', type: 'textarea', admin: { description: 'What you found or did.' } },
    { name: 'details', type: 'json', access: asFound, admin: { readOnly: true, description: 'The record as it was found, for context.' } },
    { name: 'resolved', type: 'checkbox', defaultValue: false, index: true },
    { name: 'resolvedAt', type: 'date', access: { create: () => false, update: () => false }, admin: { readOnly: true, condition: (data) => Boolean(data?.resolved), date: { pickerAppearance: 'dayAndTime' } } },
    { name: 'resolvedBy', type: 'relationship', relationTo: 'users', access: { create: () => false, update: () => false }, admin: { readOnly: true, condition: (data) => Boolean(data?.resolved) } },
  ],
}
