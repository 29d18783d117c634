import type { CollectionBeforeValidateHook } from 'payload'

import { normalisedEmail } from '../domain/email'
import { normaliseSaMobile } from '../domain/mobileNumber'

/**
 * Customers are found by email and texted on their mobile, so both are kept in one canonical
 * form: email trimmed and lower-cased (unique case-insensitively, also at the database), mobile as
 * `27…`. Input that cannot be normalised is left as sent for the field validation to refuse.
 */
export const normaliseCustomerContact: CollectionBeforeValidateHook = ({ data }) => {
  if (!data) return data
  if (typeof data.email === 'string') data.email = normalisedEmail(data.email)
  if (typeof data.mobile === 'string') {
    const trimmed = data.mobile.trim()
    data.mobile = trimmed === '' ? null : (normaliseSaMobile(trimmed) ?? trimmed)
  }
  return data
}
