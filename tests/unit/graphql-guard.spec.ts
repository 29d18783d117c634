import { buildSchema, getIntrospectionQuery, GraphQLError, parse, specifiedRules, validate, type GraphQLFormattedError } from 'graphql'
import { describe, expect, it } from 'vitest'

import { ALL_ROWS, DEFAULT_PAGE_SIZE, QUERY_LIMITS, queryCost, queryCostRule } from '../../src/endpoints/graphql/costLimit'
import { withClientErrorStatus } from '../../src/endpoints/graphql/errorStatus'
import { MAX_QUERY_LENGTH, graphqlBodyProblems, guardGraphqlRequest } from '../../src/endpoints/graphql/guardGraphqlRequest'

// The shapes Payload generates: a by-id query, a paginated list holding its rows in `docs`,
// relationships as nested objects, arrays inside documents.
const schema = buildSchema(`
  scalar JSON
  type Query {
    Invoice(id: Int!): Invoice
    Invoices(where: JSON, limit: Int, page: Int, pagination: Boolean, sort: String): Invoices
    Customers(where: JSON, limit: Int, page: Int, pagination: Boolean, sort: String): Customers
  }
  type Mutation { deleteInvoice(id: Int!): Invoice }
  type Invoices { docs: [Invoice!]! totalDocs: Int! hasNextPage: Boolean! }
  type Customers { docs: [Customer!]! totalDocs: Int! hasNextPage: Boolean! }
  type Customer { id: Int! email: String displayName: String accountNumber: String postalAddress: Address }
  type Address { line1: String city: String province: String }
  type Service { id: Int! status: String customer: Customer }
  type InvoiceLine { description: String quantity: Float exclVatCents: Float vatCents: Float inclVatCents: Float }
  type Invoice {
    id: Int! invoiceNumber: String status: String kind: String invoiceDate: String dueDate: String
    periodStart: String periodEnd: String subtotalCents: Float vatCents: Float totalCents: Float
    amountPaidCents: Float amountDueCents: Float
    customer: Customer service: Service lines: [InvoiceLine!]! creditedInvoice: Invoice
  }
`)

const cost = (query: string, variables?: Record<string, unknown>, operationName?: string) =>
  queryCost(parse(query), variables, operationName)

/** Validation as Payload's handler runs it: graphql's own rules, then ours for this request. */
function refusals(query: string, variables?: Record<string, unknown>, operationName?: string) {
  return validate(schema, parse(query), [...specifiedRules, queryCostRule({ variableValues: variables, operationName })])
}

const codesOf = (errors: readonly GraphQLError[]) => errors.map((e) => e.extensions.code ?? e.message)

const aliased = (count: number, field: string) =>
  `{ ${Array.from({ length: count }, (_, i) => `a${i + 1}: ${field}`).join(' ')} }`

const INVOICE_FIELDS = 'id invoiceNumber status kind invoiceDate dueDate periodStart periodEnd subtotalCents vatCents totalCents amountDueCents'

describe('query cost: what the answer can hold', () => {
  it.each([
    ['one document by id', '{ Invoice(id: 1) { id status } }', 3],
    ['a list without a limit is a page of 10', '{ Customers { docs { id email } } }', 1 + 1 + DEFAULT_PAGE_SIZE * 2],
    ['totals are charged once, rows once per row', '{ Customers(limit: 100) { totalDocs docs { id email } } }', 1 + 1 + 1 + 100 * 2],
    ['limit: 0 is every row', '{ Customers(limit: 0) { docs { id } } }', 2 + ALL_ROWS],
    ['pagination: false is every row', '{ Customers(pagination: false) { docs { id } } }', 2 + ALL_ROWS],
    ['pagination: false with a limit is that many rows', '{ Customers(pagination: false, limit: 20) { docs { id } } }', 2 + 20],
    ['a negative limit is charged as every row', '{ Customers(limit: -1) { docs { id } } }', 2 + ALL_ROWS],
    ['a nested object counts its own fields', '{ Invoice(id: 1) { id customer { id email postalAddress { city } } } }', 1 + 1 + (1 + 2 + 2)],
    ['arrays inside a document are charged per field', '{ Invoice(id: 1) { lines { description vatCents } } }', 1 + 1 + 2],
  ])('%s', (_, query, expected) => {
    expect(cost(query).cost).toBe(expected)
  })

  it('nested pages multiply', () => {
    const query = '{ Invoices(limit: 50) { docs { id service { customer { id } } } } }'
    expect(cost(query).cost).toBe(1 + 1 + 50 * (1 + (1 + (1 + 1))))
  })

  it('a page of 100 invoices with a dozen fields, the customer and the lines passes', () => {
    const query = `{ Invoices(limit: 100, page: 2, sort: "-invoiceDate") { totalDocs hasNextPage docs {
      ${INVOICE_FIELDS} customer { id email displayName accountNumber } service { id status }
      lines { description quantity exclVatCents vatCents inclVatCents } } } }`
    expect(cost(query).cost).toBeLessThan(QUERY_LIMITS.maxCost / 4)
    expect(refusals(query)).toEqual([])
  })

  it('two full pages with nested relationships pass', () => {
    const query = `{
      Invoices(limit: 100) { docs { id customer { id email } service { id customer { id email } } } }
      Customers(limit: 100) { docs { id email displayName } }
    }`
    expect(refusals(query)).toEqual([])
  })

  it.each([
    ['pagination: false', '{ Customers(pagination: false) { docs { id } } }', {}],
    ['limit: 0 (every row)', '{ Customers(limit: 0) { docs { id } } }', {}],
    ['a negative limit', '{ Customers(limit: -1) { docs { id } } }', {}],
    ['a page of 251', '{ Customers(limit: 251) { docs { id } } }', {}],
    ['every row through a variable', 'query ($p: Boolean) { Customers(pagination: $p) { docs { id } } }', { p: false }],
    ['every row inside a fragment', '{ Customers { ...Page } } fragment Page on Customers { docs { id } } ', {}],
  ])('refuses lists that are not pages: %s', (_why, query, variables) => {
    const spelled = query.includes('fragment') ? query.replace('{ Customers { ...Page } }', '{ ...Q } fragment Q on Query { Customers(limit: 0) { ...Page } }') : query
    expect(codesOf(refusals(spelled, variables))).toContain('INVALID_LIMIT')
  })

  it('refuses 200 aliased lists of 100 rows, which pass Payload\'s own complexity limit', () => {
    const query = aliased(200, 'Customers(limit: 100) { docs { id email } }')
    expect(cost(query)).toMatchObject({ cost: 200 * (1 + 1 + 100 * 2), aliases: 200 })
    const costly = refusals(query).find((e) => e.extensions.code === 'QUERY_TOO_COSTLY')
    expect(costly?.extensions).toEqual({ code: 'QUERY_TOO_COSTLY', cost: 40_400, maxCost: QUERY_LIMITS.maxCost, statusCode: 400 })
    expect(costly?.message).toMatch(/40400.*20000/)
  })

  it('refuses a few lists asking for huge pages, without any alias', () => {
    const query = '{ Customers(limit: 100000) { docs { id } } }'
    expect(codesOf(refusals(query))).toEqual(['INVALID_LIMIT', 'QUERY_TOO_COSTLY'])
  })

  it('reads the page size from variables, then from the operation\'s defaults', () => {
    const query = 'query ($n: Int = 25) { Customers(limit: $n) { docs { id } } }'
    expect(cost(query, { n: 50 }).cost).toBe(2 + 50)
    expect(cost(query).cost).toBe(2 + 25)
    // An explicit null is no limit at all: Payload's default page.
    expect(cost(query, { n: null }).cost).toBe(2 + DEFAULT_PAGE_SIZE)
    expect(cost('query ($all: Boolean) { Customers(pagination: $all) { docs { id } } }', { all: false }).cost).toBe(2 + ALL_ROWS)
    expect(codesOf(refusals(query, { n: 100_000 }))).toEqual(['INVALID_LIMIT', 'QUERY_TOO_COSTLY'])
  })

  it('counts an aliased list once per alias, however it is spelt', () => {
    const plain = cost('{ Customers(limit: 100) { docs { id } } }').cost
    expect(cost('{ a: Customers(limit: 100) { docs { id } } b: Customers(limit: 100) { docs { id } } }').cost).toBe(2 * plain)
    // An alias named `docs` does not move the multiplier: the field's own name does.
    expect(cost('{ Customers(limit: 100) { rows: docs { id } } }').cost).toBe(plain)
  })
})

describe('query cost: fragments are expanded where they are spread', () => {
  it('a named fragment costs what its fields cost inline, at the page size of its parent', () => {
    const inline = cost('{ Customers(limit: 100) { totalDocs docs { id email } } }')
    const named = cost('{ Customers(limit: 100) { ...Page } } fragment Page on Customers { totalDocs docs { ...Row } } fragment Row on Customer { id email }')
    expect(named).toEqual(inline)
  })

  it('inline fragments count too', () => {
    expect(cost('{ Customers(limit: 100) { ... on Customers { docs { ... on Customer { id email } } } } }').cost).toBe(
      cost('{ Customers(limit: 100) { docs { id email } } }').cost,
    )
  })

  it('a fragment spread under aliases counts once per alias', () => {
    const query = `${aliased(100, 'Customers(limit: 100) { ...Page }')} fragment Page on Customers { docs { id email } }`
    expect(cost(query).cost).toBe(100 * (1 + 1 + 100 * 2))
    expect(codesOf(refusals(query))).toEqual(['TOO_MANY_ALIASES', 'QUERY_TOO_COSTLY'])
  })

  it('a fragment used under two page sizes is charged for each', () => {
    const query = '{ a: Customers(limit: 5) { ...Page } b: Customers(limit: 50) { ...Page } } fragment Page on Customers { docs { id } }'
    expect(cost(query).cost).toBe(2 + 5 + (2 + 50))
  })

  it('fragments that spread each other twice (2^n fields) are measured quickly and refused', () => {
    const levels = 30
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === levels - 1 ? `fragment F${i} on Customer { id }` : `fragment F${i} on Customer { ...F${i + 1} ...F${i + 1} }`,
    ).join('\n')
    const query = `{ Customers { docs { ...F0 } } } ${fragments}`
    const started = performance.now()
    expect(cost(query).fields).toBe(2 + 2 ** (levels - 1))
    expect(codesOf(refusals(query))).toEqual(['TOO_MANY_FIELDS', 'QUERY_TOO_COSTLY'])
    expect(performance.now() - started).toBeLessThan(1_000)
  })

  it('a fragment cycle is left to graphql\'s own rule and does not hang', () => {
    const query = '{ Customers { docs { ...A } } } fragment A on Customer { id ...B } fragment B on Customer { email ...A }'
    expect(Number.isFinite(cost(query).cost)).toBe(true)
    expect(refusals(query).map((e) => e.message)).toEqual([expect.stringMatching(/Cannot spread fragment "A" within itself/)])
  })
})

describe('query depth, aliases and fields', () => {
  const nested = (levels: number) => `{ Invoice(id: 1) { ${'creditedInvoice { '.repeat(levels - 2)}id${' }'.repeat(levels - 2)} } }`

  it('refuses a query nested deeper than the limit', () => {
    expect(cost(nested(QUERY_LIMITS.maxDepth)).depth).toBe(QUERY_LIMITS.maxDepth)
    expect(refusals(nested(QUERY_LIMITS.maxDepth))).toEqual([])
    const errors = refusals(nested(QUERY_LIMITS.maxDepth + 1))
    expect(errors.map((e) => e.extensions)).toEqual([
      { code: 'QUERY_TOO_DEEP', depth: QUERY_LIMITS.maxDepth + 1, maxDepth: QUERY_LIMITS.maxDepth, statusCode: 400 },
    ])
  })

  it('measures depth through fragments, which add no level of their own', () => {
    const query = `{ Invoice(id: 1) { ...Deep } } fragment Deep on Invoice { ${'creditedInvoice { '.repeat(11)}id${' }'.repeat(11)} }`
    expect(cost(query).depth).toBe(QUERY_LIMITS.maxDepth + 1)
    expect(codesOf(refusals(query))).toEqual(['QUERY_TOO_DEEP'])
  })

  it('lets graphql\'s standard introspection query through (its depth is graphql\'s own rule)', () => {
    expect(validate(schema, parse(getIntrospectionQuery()), [...specifiedRules, queryCostRule({})])).toEqual([])
  })

  it('refuses more aliases than the limit, even of cheap fields', () => {
    expect(refusals(aliased(QUERY_LIMITS.maxAliases, 'Invoice(id: 1) { id }'))).toEqual([])
    expect(codesOf(refusals(aliased(QUERY_LIMITS.maxAliases + 1, 'Invoice(id: 1) { id }')))).toEqual(['TOO_MANY_ALIASES'])
    expect(codesOf(refusals(aliased(QUERY_LIMITS.maxAliases + 1, 'deleteInvoice(id: 1) { id }').replace('{', 'mutation {')))).toEqual([
      'TOO_MANY_ALIASES',
    ])
  })

  it('refuses more fields than the limit', () => {
    const wide = `{ Invoice(id: 1) { ${'id '.repeat(QUERY_LIMITS.maxFields)} } }`
    expect(codesOf(refusals(wide))).toEqual(['TOO_MANY_FIELDS'])
  })

  it('measures the operation that runs', () => {
    const document = 'query Cheap { Invoice(id: 1) { id } } query Costly { Customers(limit: 100000) { docs { id } } }'
    expect(cost(document, {}, 'Cheap').cost).toBe(2)
    expect(refusals(document, {}, 'Cheap')).toEqual([])
    expect(codesOf(refusals(document, {}, 'Costly'))).toEqual(['INVALID_LIMIT', 'QUERY_TOO_COSTLY'])
    // Without a name the request cannot run; the dearest operation is what is measured.
    expect(cost(document).cost).toBe(2 + 100_000)
  })
})

describe('the GraphQL request body', () => {
  const JSON_TYPE = 'application/json'

  it.each([
    ['no content type', '{"query":"{ a }"}', undefined, 415, ['UNSUPPORTED_MEDIA_TYPE']],
    ['text/plain', '{"query":"{ a }"}', 'text/plain', 415, ['UNSUPPORTED_MEDIA_TYPE']],
    ['multipart', '--x', 'multipart/form-data; boundary=x', 415, ['UNSUPPORTED_MEDIA_TYPE']],
    ['JSON in another charset', '{"query":"{ a }"}', 'application/json; charset=latin1', 415, ['UNSUPPORTED_MEDIA_TYPE']],
    ['invalid JSON', '{"query": "{ a }"', JSON_TYPE, 400, ['INVALID_JSON']],
    ['an empty body', '', JSON_TYPE, 400, ['QUERY_REQUIRED']],
    ['a blank body', ' \n', JSON_TYPE, 400, ['QUERY_REQUIRED']],
    ['a batch (array)', '[{"query":"{ a }"}]', JSON_TYPE, 400, ['BODY_NOT_OBJECT']],
    ['null', 'null', JSON_TYPE, 400, ['BODY_NOT_OBJECT']],
    ['a string', '"{ a }"', JSON_TYPE, 400, ['BODY_NOT_OBJECT']],
    ['a number', '42', JSON_TYPE, 400, ['BODY_NOT_OBJECT']],
    ['an object without query', '{}', JSON_TYPE, 400, ['QUERY_REQUIRED']],
    ['a null query', '{"query":null}', JSON_TYPE, 400, ['QUERY_REQUIRED']],
    ['a blank query', '{"query":"  "}', JSON_TYPE, 400, ['QUERY_REQUIRED']],
    ['a numeric query', '{"query":1}', JSON_TYPE, 400, ['QUERY_NOT_STRING']],
    ['a query as an array', '{"query":["{ a }"]}', JSON_TYPE, 400, ['QUERY_NOT_STRING']],
    ['variables as an array', '{"query":"{ a }","variables":[]}', JSON_TYPE, 400, ['VARIABLES_NOT_OBJECT']],
    ['variables as a JSON string', '{"query":"{ a }","variables":"{}"}', JSON_TYPE, 400, ['VARIABLES_NOT_OBJECT']],
    ['a numeric operationName', '{"query":"{ a }","operationName":1}', JSON_TYPE, 400, ['OPERATION_NAME_NOT_STRING']],
    ['extensions as a string', '{"query":"{ a }","extensions":"x"}', JSON_TYPE, 400, ['EXTENSIONS_NOT_OBJECT']],
    ['every member wrong at once', '{"query":1,"variables":[],"operationName":true}', JSON_TYPE, 400, ['QUERY_NOT_STRING', 'VARIABLES_NOT_OBJECT', 'OPERATION_NAME_NOT_STRING']],
  ])('refuses %s', (_, text, contentType, status, codes) => {
    const guarded = guardGraphqlRequest(text, contentType)
    expect(guarded.ok).toBe(false)
    if (guarded.ok) return
    expect(guarded.status).toBe(status)
    expect(guarded.errors.map((e) => e.code)).toEqual(codes)
    for (const e of guarded.errors) expect(e.message).toEqual(expect.any(String))
  })

  it('names the member at fault', () => {
    const guarded = guardGraphqlRequest('{"query":"{ a }","variables":[]}', JSON_TYPE)
    expect(guarded).toEqual({ ok: false, status: 400, errors: [expect.objectContaining({ code: 'VARIABLES_NOT_OBJECT', field: 'variables' })] })
  })

  it('refuses a query longer than the limit before anything parses it', () => {
    const guarded = guardGraphqlRequest(JSON.stringify({ query: `{ ${'a '.repeat(MAX_QUERY_LENGTH)} }` }), JSON_TYPE)
    expect(guarded).toMatchObject({ ok: false, status: 400, errors: [{ code: 'QUERY_TOO_LONG', field: 'query' }] })
  })

  it.each([
    ['application/json'],
    ['application/json; charset=utf-8'],
    ['Application/JSON;charset="UTF-8"'],
  ])('accepts a well-formed request sent as %s', (contentType) => {
    const text = JSON.stringify({ query: 'query One($id: Int!) { Invoice(id: $id) { id } }', variables: { id: 7 }, operationName: 'One' })
    expect(guardGraphqlRequest(text, contentType)).toEqual({
      ok: true,
      body: { query: 'query One($id: Int!) { Invoice(id: $id) { id } }', variables: { id: 7 }, operationName: 'One' },
    })
  })

  it('offers the member rules on their own, with their status, for an edge that parses the body itself', () => {
    expect(graphqlBodyProblems({ query: '{ a }' })).toEqual([])
    expect(graphqlBodyProblems([])).toEqual([expect.objectContaining({ status: 400, code: 'BODY_NOT_OBJECT' })])
    expect(graphqlBodyProblems({ variables: 1 })).toEqual([
      expect.objectContaining({ status: 400, code: 'QUERY_REQUIRED', field: 'query' }),
      expect.objectContaining({ status: 400, code: 'VARIABLES_NOT_OBJECT', field: 'variables' }),
    ])
  })

  it('treats null members as absent', () => {
    expect(guardGraphqlRequest('{"query":"{ a }","variables":null,"operationName":null,"extensions":null}', JSON_TYPE)).toEqual({
      ok: true,
      body: { query: '{ a }', variables: undefined, operationName: undefined },
    })
  })
})

describe('GraphQL errors the client caused carry a 4xx', () => {
  // What a read with `where: { customer: { equals: 99999999999 } }` throws: Drizzle's wrapper
  // around pg's error, which graphql-js wraps again (as `originalError`, not `cause`).
  const outOfRange = Object.assign(new Error('Failed query: select ... params: 99999999999'), {
    cause: Object.assign(new Error('value "99999999999" is out of range for type integer'), { code: '22003' }),
  })
  const wrapped = (thrown: Error) => new GraphQLError(thrown.message, { originalError: thrown, path: ['Invoices'] })
  // The shape Payload's handleError gives it (debug off).
  const formatted = (statusCode: number, name: string, message = 'Something went wrong.'): GraphQLFormattedError => ({
    message,
    path: ['Invoices'],
    extensions: { name, statusCode },
  })

  it('turns a 500 caused by a client database error into a 400 with a code, without the value', () => {
    const corrected = withClientErrorStatus(wrapped(outOfRange), formatted(500, 'DrizzleQueryError'))
    expect(corrected).toMatchObject({ path: ['Invoices'], extensions: { name: 'DrizzleQueryError', statusCode: 400, code: 'VALUE_OUT_OF_RANGE' } })
    expect(corrected?.message).not.toMatch(/99999999999|Something went wrong/)
  })

  it('leaves server faults alone', () => {
    expect(withClientErrorStatus(wrapped(new TypeError('x is undefined')), formatted(500, 'TypeError'))).toBeUndefined()
  })

  it('leaves errors that already carry their own status alone', () => {
    const forbidden = Object.assign(new Error('You are not allowed to perform this action.'), { status: 403 })
    expect(withClientErrorStatus(wrapped(forbidden), formatted(403, 'Forbidden', forbidden.message))).toBeUndefined()
  })
})
