import {
  GraphQLError,
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type ExecutionArgs,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql'

import { LIMITS } from '../requestRules'

/**
 * What one GraphQL request may ask for. Payload's own `maxComplexity` charges one point a field and
 * ignores `limit`, so 200 aliased lists of 100 rows pass it; this charges what the answer can hold.
 *
 * Cost: every selected field is 1 (aliases are separate fields, fragments are expanded where they
 * are spread), plus its children; a paginated list's `docs` multiplies its children by the page
 * size. That is about the number of values the response can carry. The budget sits between what
 * we use and the attack: a page of 100 invoices with 17 fields, the customer, the service and the
 * lines costs 3,500; three every-row lists with nested relationships (our access tests) 17,000;
 * 200 aliased lists of 100 customers 40,400.
 */
export const QUERY_LIMITS = {
  maxCost: 20_000,
  // Our deepest real query (invoice -> service -> customer -> postal address -> field) is 6.
  maxDepth: 12,
  // Aliases are how one request repeats a list query; a handful is normal, dozens is a scraper.
  maxAliases: 30,
  // Selected fields once fragments are expanded, before any page multiplies them.
  maxFields: 500,
} as const

export type QueryLimits = { maxCost: number; maxDepth: number; maxAliases: number; maxFields: number }

/** Payload's page size when a list query names no limit (payload `findOperation`). */
export const DEFAULT_PAGE_SIZE = 10

/**
 * What "every row" (`limit: 0`, `pagination: false`) is charged as. The real count depends on the
 * table and on who asks (a customer sees only their rows), so it is charged as ten pages of 100:
 * enough for a customer's own invoices or a small collection, while anything larger should page.
 */
export const ALL_ROWS = 1_000

export type QueryMeasure = { cost: number; depth: number; fields: number; aliases: number }

type Variables = Readonly<Record<string, unknown>>

type Walk = {
  variables: Variables
  fragments: ReadonlyMap<string, FragmentDefinitionNode>
  // A fragment's measure depends only on the page size of the field it is spread in; caching it
  // keeps fragments that spread each other twice (2^n fields) linear to measure.
  measured: Map<string, QueryMeasure>
  spreading: Set<string>
}

const NOTHING: QueryMeasure = { cost: 0, depth: 0, fields: 0, aliases: 0 }

/** The measure of the operation that will run: the named one, or every one when it is ambiguous. */
export function queryCost(document: DocumentNode, variables?: Variables | null, operationName?: string | null): QueryMeasure {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
  const running = operationName ? operations.filter((o) => o.name?.value === operationName) : operations
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  )
  return running
    .map((operation) =>
      measureSelections(operation.selectionSet, DEFAULT_PAGE_SIZE, {
        variables: { ...variableDefaultsOf(operation), ...variables },
        fragments,
        measured: new Map(),
        spreading: new Set(),
      }),
    )
    .reduce(largest, NOTHING)
}

/**
 * The limits as a graphql-js validation rule, for Payload's `graphQL.validationRules(args)`: the
 * page sizes may come from the request's variables, so the rule is built per request.
 */
export function queryCostRule(
  request: Pick<ExecutionArgs, 'variableValues' | 'operationName'>,
  limits: QueryLimits = QUERY_LIMITS,
): ValidationRule {
  return (context) => ({
    Document: {
      leave(document) {
        for (const error of pageProblems(document, request.variableValues ?? {}, request.operationName)) context.reportError(error)
        const measure = queryCost(document, request.variableValues, request.operationName)
        for (const error of violationsOf(measure, limits)) context.reportError(error)
      },
    },
  })
}

/** The most rows one page may hold over GraphQL, as over REST (src/endpoints/requestRules.ts LIMITS.pageSize). */
export const MAX_PAGE_SIZE = LIMITS.pageSize

/**
 * Lists come in pages, over GraphQL as over REST: a `limit` outside 1 to 250 (LIMITS.pageSize), or
 * `pagination: false`, is refused (Payload would read it as every row). Checked on every field
 * that takes them (lists, versions, joins), wherever it is spelt, fragments included.
 */
export function pageProblems(document: DocumentNode, variables: Variables, operationName?: string | null): GraphQLError[] {
  const errors: GraphQLError[] = []
  const refuse = (argument: string, message: string) =>
    errors.push(new GraphQLError(message, { extensions: { code: 'INVALID_LIMIT', argument, maxLimit: MAX_PAGE_SIZE, statusCode: 400 } }))
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  )
  const seen = new Set<string>()
  const walk = (selectionSet: SelectionSetNode): void => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value)
        if (fragment && !seen.has(fragment.name.value)) {
          seen.add(fragment.name.value)
          walk(fragment.selectionSet)
        }
        continue
      }
      if (selection.kind === Kind.FIELD) {
        const limit = argumentOf(selection, 'limit', variables)
        if (limit !== undefined && limit !== null && !(Number.isInteger(limit) && (limit as number) >= 1 && (limit as number) <= MAX_PAGE_SIZE)) {
          refuse('limit', `${selection.name.value}: limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`)
        }
        if (argumentOf(selection, 'pagination', variables) === false) {
          refuse('pagination', `${selection.name.value}: lists come in pages of at most ${MAX_PAGE_SIZE}; use page and limit`)
        }
      }
      if (selection.selectionSet) walk(selection.selectionSet)
    }
  }
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
  for (const operation of operationName ? operations.filter((o) => o.name?.value === operationName) : operations) {
    walk(operation.selectionSet)
  }
  return errors
}

function violationsOf(measure: QueryMeasure, limits: QueryLimits): GraphQLError[] {
  const refuse = (code: string, message: string, extensions: Record<string, number>) =>
    new GraphQLError(message, { extensions: { code, ...extensions, statusCode: 400 } })
  const errors: GraphQLError[] = []
  if (measure.depth > limits.maxDepth) {
    errors.push(
      refuse('QUERY_TOO_DEEP', `The query nests ${measure.depth} levels deep; at most ${limits.maxDepth} are allowed`, {
        depth: measure.depth,
        maxDepth: limits.maxDepth,
      }),
    )
  }
  if (measure.aliases > limits.maxAliases) {
    errors.push(
      refuse('TOO_MANY_ALIASES', `The query uses ${measure.aliases} aliases; at most ${limits.maxAliases} are allowed, send more requests`, {
        aliases: measure.aliases,
        maxAliases: limits.maxAliases,
      }),
    )
  }
  if (measure.fields > limits.maxFields) {
    errors.push(
      refuse('TOO_MANY_FIELDS', `The query selects ${measure.fields} fields; at most ${limits.maxFields} are allowed`, {
        fields: measure.fields,
        maxFields: limits.maxFields,
      }),
    )
  }
  if (measure.cost > limits.maxCost) {
    const cost = reportable(measure.cost)
    errors.push(
      refuse(
        'QUERY_TOO_COSTLY',
        `The query could return about ${cost} values; at most ${limits.maxCost} are allowed: ask for smaller pages (limit), fewer lists or fewer fields`,
        { cost, maxCost: limits.maxCost },
      ),
    )
  }
  return errors
}

/** `pageSize`: the page size of the field that owns this selection, which its `docs` list holds. */
function measureSelections(selectionSet: SelectionSetNode, pageSize: number, walk: Walk): QueryMeasure {
  let total = NOTHING
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) total = sum(total, measureField(selection, pageSize, walk))
    else if (selection.kind === Kind.INLINE_FRAGMENT) total = sum(total, measureSelections(selection.selectionSet, pageSize, walk))
    else total = sum(total, measureFragment(selection.name.value, pageSize, walk))
  }
  return total
}

function measureField(field: FieldNode, pageSize: number, walk: Walk): QueryMeasure {
  const children = field.selectionSet ? measureSelections(field.selectionSet, pageSizeOf(field, walk.variables), walk) : NOTHING
  // Payload's paginated types (lists, versions, joins) hold their rows in `docs`; every other list
  // is an array inside a document (invoice lines, sessions), as long as the stored data.
  const rows = field.name.value === 'docs' ? pageSize : 1
  return {
    cost: 1 + rows * children.cost,
    depth: isIntrospection(field) ? 1 : 1 + children.depth,
    fields: 1 + children.fields,
    aliases: (field.alias ? 1 : 0) + children.aliases,
  }
}

/**
 * Introspection is exempt from the depth limit, not from the cost: graphql's standard introspection
 * query nests `ofType` 9 levels (15 deep in all) and is answered from memory, graphql's own
 * MaxIntrospectionDepthRule bounds the nesting that multiplies there, and Payload refuses
 * introspection in production.
 */
function isIntrospection(field: FieldNode): boolean {
  return field.name.value === '__schema' || field.name.value === '__type'
}

function measureFragment(name: string, pageSize: number, walk: Walk): QueryMeasure {
  const fragment = walk.fragments.get(name)
  // Unknown and cyclic fragments are refused by graphql's own rules (KnownFragmentNames,
  // NoFragmentCycles), which run in the same pass; they cost nothing here.
  if (!fragment || walk.spreading.has(name)) return NOTHING
  const key = `${name}@${pageSize}`
  const cached = walk.measured.get(key)
  if (cached) return cached
  walk.spreading.add(name)
  const measure = measureSelections(fragment.selectionSet, pageSize, walk)
  walk.spreading.delete(name)
  walk.measured.set(key, measure)
  return measure
}

/**
 * The rows a list field can return, read the way Payload's find reads its arguments: no limit is
 * 10 (every row with `pagination: false`), `limit: 0` is every row. A negative or non-integer
 * limit is refused later (by graphql or Postgres) and is charged as every row until then.
 */
function pageSizeOf(field: FieldNode, variables: Variables): number {
  const limit = argumentOf(field, 'limit', variables)
  if (limit === undefined || limit === null) return argumentOf(field, 'pagination', variables) === false ? ALL_ROWS : DEFAULT_PAGE_SIZE
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit <= 0) return ALL_ROWS
  return limit
}

function argumentOf(field: FieldNode, name: string, variables: Variables): unknown {
  const argument = field.arguments?.find((a) => a.name.value === name)
  return argument ? valueFromASTUntyped(argument.value, variables) : undefined
}

/** Defaults declared on the operation (`query ($limit: Int = 50)`) for variables the client left out. */
function variableDefaultsOf(operation: OperationDefinitionNode): Record<string, unknown> {
  return Object.fromEntries(
    (operation.variableDefinitions ?? [])
      .filter((v) => v.defaultValue)
      .map((v) => [v.variable.name.value, valueFromASTUntyped(v.defaultValue!)]),
  )
}

function sum(a: QueryMeasure, b: QueryMeasure): QueryMeasure {
  return { cost: a.cost + b.cost, depth: Math.max(a.depth, b.depth), fields: a.fields + b.fields, aliases: a.aliases + b.aliases }
}

function largest(a: QueryMeasure, b: QueryMeasure): QueryMeasure {
  return {
    cost: Math.max(a.cost, b.cost),
    depth: Math.max(a.depth, b.depth),
    fields: Math.max(a.fields, b.fields),
    aliases: Math.max(a.aliases, b.aliases),
  }
}

/** Nested pages multiply: a cost past 2^53 (or Infinity) would print as nonsense or null. */
function reportable(cost: number): number {
  return Math.min(cost, Number.MAX_SAFE_INTEGER)
}
