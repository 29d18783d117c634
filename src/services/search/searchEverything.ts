import type { PayloadRequest } from 'payload'

import { staffOf } from '../../access/identity'
import { readPool } from '../dashboard/shapes'
import { RESULTS_IN_ALL, RESULTS_PER_KIND, type SearchResult } from './contract'
import { COMBINING_MARKS, understandSearch, type SearchQuery } from './query'
import { searchResultOf, type SearchHit } from './titles'

/**
 * The statement's parameters, in order. Every value the user typed reaches Postgres as one of
 * these; the SQL text itself is built once, from constants.
 */
const PARAMETERS = {
  words: 'text[]',
  longestWord: 'text',
  startsWith: 'text',
  identifier: 'text',
  identifierStartsWith: 'text',
  identifierContains: 'text',
  accountExact: 'text',
  accountStartsWith: 'text',
  invoiceExact: 'text',
  invoiceStartsWith: 'text',
  invoiceContains: 'text',
  mobileExact: 'text',
  mobileStartsWith: 'text',
  perKind: 'int',
  inAll: 'int',
} as const
type Parameter = keyof typeof PARAMETERS
const NAMES = Object.keys(PARAMETERS) as Parameter[]
const param = (name: Parameter) => `$${NAMES.indexOf(name) + 1}::${PARAMETERS[name]}`

function parametersOf(q: SearchQuery): unknown[] {
  const values: Record<Parameter, unknown> = {
    words: q.wordPatterns,
    longestWord: q.longestWordPattern,
    startsWith: q.startsWithPattern,
    identifier: q.identifier,
    identifierStartsWith: q.identifierStartsWithPattern,
    identifierContains: q.identifierContainsPattern,
    accountExact: q.accountNumber?.exact ?? null,
    accountStartsWith: q.accountNumber?.startsWithPattern ?? null,
    invoiceExact: q.invoiceNumber?.exact ?? null,
    invoiceStartsWith: q.invoiceNumber?.startsWithPattern ?? null,
    invoiceContains: q.invoiceNumberContainsPattern,
    mobileExact: q.mobile && 'exact' in q.mobile ? q.mobile.exact : null,
    mobileStartsWith: q.mobile && 'startsWithPattern' in q.mobile ? q.mobile.startsWithPattern : null,
    perKind: RESULTS_PER_KIND,
    inAll: RESULTS_IN_ALL,
  }
  return NAMES.map((name) => values[name])
}

/**
 * Lower case without accents, as `foldForSearch` does it in TypeScript. Accents go before
 * `lower()`, which folds only ASCII in a C-locale database (`É` -> `E` -> `e`).
 */
const fold = (expression: string) => `lower(regexp_replace(normalize(${expression}, NFD), '${COMBINING_MARKS}', '', 'g'))`
const text = (columns: string[]) => columns.map((c) => `coalesce(${c}, '')`).join(` || ' ' || `)

/**
 * What free text is matched against, per kind: one folded string of the row's searchable
 * columns, so one trigram index serves every word. The index SQL must repeat these expressions
 * exactly (see the report that added this search) or the planner will not use it.
 */
export const CUSTOMER_HAYSTACK = fold(
  text([
    'c.display_name',
    'c.first_name',
    'c.last_name',
    'c.company_name',
    'c.email',
    'c.account_number',
    'c.mobile',
    'c.postal_address_line1',
    'c.postal_address_line2',
    'c.postal_address_suburb',
    'c.postal_address_city',
    'c.postal_address_postal_code',
  ]),
)
export const SERVICE_HAYSTACK = fold(text(['s.package_name', 's.connection_id', 's.installation_address']))

/** Every word somewhere in the haystack; the longest one first, as an indexable condition on its own. */
const hasEveryWord = (haystack: string) => `(${haystack} LIKE ${param('longestWord')} AND ${haystack} LIKE ALL (${param('words')}))`

const owner = `'customerName', c.display_name, 'accountNumber', c.account_number`

/**
 * One round trip: four ranked, limited selects in a UNION ALL, then the best overall. A hit's
 * rank is 0 for an exact number, mobile, email or id, 1 when a name, address or id starts with
 * the text, 2 when it merely contains every word. Within a kind: customers by name, services
 * newest first, invoices and payments most recent first. Payment methods and gateway responses
 * are never read.
 */
const SEARCH_SQL = `
SELECT kind, id, detail FROM (
  (SELECT 'customer' AS kind, 0 AS kind_order, c.id, m.rank,
          row_number() OVER (ORDER BY m.rank, c.display_name, c.id) AS position,
          json_build_object('displayName', c.display_name, 'accountNumber', c.account_number, 'email', c.email,
                            'mobile', c.mobile, 'status', c.account_status, 'city', c.postal_address_city) AS detail
     FROM customers c
     CROSS JOIN LATERAL (SELECT CASE
       WHEN c.account_number = ${param('accountExact')} OR c.mobile = ${param('mobileExact')} OR lower(c.email) = ${param('identifier')} THEN 0
       WHEN c.account_number LIKE ${param('accountStartsWith')} OR c.mobile LIKE ${param('mobileStartsWith')}
         OR lower(c.email) LIKE ${param('identifierStartsWith')} OR ${fold('c.display_name')} LIKE ${param('startsWith')}
         OR ${fold(`c.first_name || ' ' || c.last_name`)} LIKE ${param('startsWith')} OR ${fold('c.last_name')} LIKE ${param('startsWith')} THEN 1
       ELSE 2 END AS rank) m
    WHERE c.account_number = ${param('accountExact')} OR c.account_number LIKE ${param('accountStartsWith')}
       OR c.mobile = ${param('mobileExact')} OR c.mobile LIKE ${param('mobileStartsWith')}
       OR lower(c.email) = ${param('identifier')} OR ${hasEveryWord(CUSTOMER_HAYSTACK)}
    ORDER BY m.rank, c.display_name, c.id
    LIMIT ${param('perKind')})
  UNION ALL
  (SELECT 'service', 1, s.id, m.rank,
          row_number() OVER (ORDER BY m.rank, s.id DESC),
          json_build_object('packageName', s.package_name, 'status', s.status, 'connectionId', s.connection_id,
                            'address', s.installation_address, ${owner})
     FROM services s
     JOIN customers c ON c.id = s.customer_id
     CROSS JOIN LATERAL (SELECT CASE
       WHEN lower(s.connection_id) = ${param('identifier')} THEN 0
       WHEN lower(s.connection_id) LIKE ${param('identifierStartsWith')} OR ${fold('s.package_name')} LIKE ${param('startsWith')}
         OR ${fold('s.installation_address')} LIKE ${param('startsWith')} THEN 1
       ELSE 2 END AS rank) m
    WHERE lower(s.connection_id) = ${param('identifier')} OR ${hasEveryWord(SERVICE_HAYSTACK)}
    ORDER BY m.rank, s.id DESC
    LIMIT ${param('perKind')})
  UNION ALL
  (SELECT 'invoice', 2, i.id, m.rank,
          row_number() OVER (ORDER BY m.rank, i.invoice_date DESC, i.id DESC),
          json_build_object('invoiceNumber', i.invoice_number, 'kind', i.kind, 'status', i.status, 'totalCents', i.total_cents,
                            'amountDueCents', i.amount_due_cents, 'invoiceDate', i.invoice_date, 'dueDate', i.due_date, ${owner})
     FROM invoices i
     JOIN customers c ON c.id = i.customer_id
     CROSS JOIN LATERAL (SELECT CASE
       WHEN i.invoice_number = ${param('invoiceExact')} THEN 0
       WHEN i.invoice_number LIKE ${param('invoiceStartsWith')} THEN 1
       ELSE 2 END AS rank) m
    WHERE i.invoice_number = ${param('invoiceExact')} OR i.invoice_number LIKE ${param('invoiceStartsWith')}
       OR i.invoice_number LIKE ${param('invoiceContains')}
    ORDER BY m.rank, i.invoice_date DESC, i.id DESC
    LIMIT ${param('perKind')})
  UNION ALL
  (SELECT 'payment', 3, p.id, m.rank,
          row_number() OVER (ORDER BY m.rank, p.created_at DESC, p.id DESC),
          json_build_object('transactionId', p.transaction_id, 'kind', p.kind, 'gatewayReference', p.gateway_reference, 'amountCents', p.amount_cents,
                            'status', p.status, 'paidAt', coalesce(p.completed_at, p.created_at), ${owner})
     FROM payment_transactions p
     JOIN customers c ON c.id = p.customer_id
     CROSS JOIN LATERAL (SELECT CASE
       WHEN lower(p.transaction_id) = ${param('identifier')} OR lower(p.gateway_reference) = ${param('identifier')} THEN 0
       WHEN lower(p.transaction_id) LIKE ${param('identifierStartsWith')} OR lower(p.gateway_reference) LIKE ${param('identifierStartsWith')} THEN 1
       ELSE 2 END AS rank) m
    WHERE lower(p.transaction_id) = ${param('identifier')} OR lower(p.gateway_reference) = ${param('identifier')}
       OR lower(p.transaction_id) LIKE ${param('identifierContains')} OR lower(p.gateway_reference) LIKE ${param('identifierContains')}
    ORDER BY m.rank, p.created_at DESC, p.id DESC
    LIMIT ${param('perKind')})
) hits
ORDER BY rank, kind_order, position
LIMIT ${param('inAll')}`

/**
 * Customers, services, invoices and payments matching what a staff member typed, best first
 * (see SEARCH_SQL for the ranking), as the admin panel's search box shows them.
 *
 * It reads with SQL, past the collections' access rules, which is right for staff only: every
 * staff role may read all four collections. The caller checks that; this refuses anyone else
 * outright as a programming error.
 */
export async function searchEverything(req: PayloadRequest, typed: string): Promise<SearchResult[]> {
  if (!staffOf(req)) throw new Error('searchEverything reads past the access rules: call it for staff only')
  const { rows } = await readPool(req.payload).query(SEARCH_SQL, parametersOf(understandSearch(typed)))
  const adminRoute = req.payload.config.routes.admin
  return rows.map((row) => searchResultOf({ kind: row.kind, id: Number(row.id), detail: row.detail } as SearchHit, adminRoute))
}
