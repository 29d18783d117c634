import type { GraphQLFormattedError } from 'graphql'

import { databaseClientErrorOf } from '../../lib/clientErrors'

/**
 * Payload formats a GraphQL error with `statusCode: err.originalError.status || 500`
 * (@payloadcms/next routes/graphql/handler.js, `handleError`), so an error without a `status` is
 * a 500 and its message becomes "Something went wrong." A database error has none, even when the
 * client caused it (an id past 32 bits, a negative limit, a CHECK our triggers enforce). This
 * gives those the 400, code and message the REST side gives them; errors that already carry a
 * status keep it.
 *
 * For the config's `afterError` hook: Payload calls it for GraphQL errors with `graphqlResult`
 * (the formatted error) and keeps the `graphqlResult` the hook returns.
 */
export function withClientErrorStatus(error: unknown, formatted: GraphQLFormattedError): GraphQLFormattedError | undefined {
  if (formatted.extensions?.statusCode !== 500) return undefined
  const db = databaseClientErrorOf(error)
  if (!db) return undefined
  return { ...formatted, message: db.message, extensions: { ...formatted.extensions, statusCode: 400, code: db.code } }
}
