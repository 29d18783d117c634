import { RESULTS_IN_ALL, RESULTS_PER_KIND } from '../../services/search/contract'
import { searchQuery, searchResponse } from '../admin/search'
import { json, STAFF, type ApiOperation } from './operation'
import { STAFF_BILLING_TAG } from './staffOperations'

/** src/endpoints/admin/search.ts. */
export const searchOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/admin/search',
    tag: STAFF_BILLING_TAG,
    summary: 'Find customers, services, invoices and payments',
    description:
      'The admin panel\'s search box. Matches customers by name, account number, email, mobile (any local form: 082 123 4567 finds 27821234567; ' +
      'the start of one finds every number it begins) and postal address; services by package, connection id and installation address; invoices by number; ' +
      'payments by transaction id and gateway reference. Case and accents are ignored, and `%` and `_` match themselves. ' +
      `Best first; at most ${RESULTS_PER_KIND} of each kind and ${RESULTS_IN_ALL} in all. Payment methods and bank details are never searched or returned. ` +
      'Any staff member may search (support too).',
    security: STAFF,
    query: searchQuery,
    responses: {
      200: { description: 'The matches, best first', content: json(searchResponse) },
      400: { description: 'q is missing, shorter than 2 or longer than 100 characters after trimming, or given twice (VALIDATION_FAILED, field q); an unknown parameter (UNKNOWN_FIELD, naming it)' },
      401: { description: 'Not signed in (NOT_AUTHENTICATED)' },
      403: { description: 'Not staff (FORBIDDEN)' },
    },
  },
]
