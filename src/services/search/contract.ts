import { z } from 'zod'

/**
 * The staff search's contract: the query it takes and the answer it gives, as zod schemas the
 * endpoint validates with and the OpenAPI document is generated from. No server imports, so the
 * admin panel's search box can import the types.
 */

export const SEARCH_KINDS = ['customer', 'service', 'invoice', 'payment'] as const
export type SearchKind = (typeof SEARCH_KINDS)[number]

export const MIN_SEARCH_LENGTH = 2
export const MAX_SEARCH_LENGTH = 100
export const RESULTS_PER_KIND = 8
export const RESULTS_IN_ALL = 25

export const searchQuery = z.strictObject({
  q: z
    .string({ error: `q is required: type at least ${MIN_SEARCH_LENGTH} characters` })
    .trim()
    .min(MIN_SEARCH_LENGTH, `Type at least ${MIN_SEARCH_LENGTH} characters to search`)
    .max(MAX_SEARCH_LENGTH, `Search for at most ${MAX_SEARCH_LENGTH} characters`)
    .describe(
      'What to look for: a name, an account number (CT-2026-00042, ct 2026 42), an invoice number, an email or part of one, ' +
        'an SA mobile in any local form (082 123 4567, +27 82 123 4567, or the start of one), a connection id, a payment reference, or part of an address. ' +
        `${MIN_SEARCH_LENGTH} to ${MAX_SEARCH_LENGTH} characters after trimming.`,
    ),
})

export const searchResult = z.object({
  kind: z.enum(SEARCH_KINDS),
  id: z.number().int().positive(),
  title: z.string().describe('As people read it: "Thandi Nkosi · CT-2026-00042", "INV-2026-00042 · R 799.00 · Unpaid"'),
  subtitle: z.string().describe('What tells two similar results apart: email and mobile, customer, status, dates'),
  href: z.string().describe('The record in the admin panel, e.g. /admin/collections/customers/42'),
})
export type SearchResult = z.infer<typeof searchResult>

export const searchResponse = z.object({
  query: z.string().describe('The text searched for, trimmed'),
  results: z
    .array(searchResult)
    .max(RESULTS_IN_ALL)
    .describe(
      `Best first: exact account, invoice, mobile, email or reference matches, then those that start with the text, then those that contain it. ` +
        `At most ${RESULTS_PER_KIND} of each kind and ${RESULTS_IN_ALL} in all.`,
    ),
})
export type SearchResponse = z.infer<typeof searchResponse>
