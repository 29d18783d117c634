import type { AfterErrorHook } from 'payload'

import { withClientErrorStatus } from '../endpoints/graphql/errorStatus'
import { databaseClientErrorOf } from '../lib/clientErrors'

/**
 * A write or query that reaches a database rule the client broke (a CHECK, a unique index, a value
 * out of range, a NUL byte, an impossible date) gets a 400 with a machine-readable code, not a 500.
 * The message is the rule's own (our triggers word them for people), never the query or its values.
 */
export const constraintViolationsAreBadRequests: AfterErrorHook = ({ error, graphqlResult }) => {
  // GraphQL reports each error in the result, with its HTTP status in `extensions.statusCode`.
  if (graphqlResult) {
    const corrected = withClientErrorStatus(error, graphqlResult)
    return corrected ? { graphqlResult: corrected } : undefined
  }
  const db = databaseClientErrorOf(error)
  if (!db) return
  return { status: 400, response: { errors: [{ code: db.code, message: db.message }] } }
}
