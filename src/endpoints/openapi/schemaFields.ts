import type { JsonSchema } from './document'

/** One line of a field table: a (dotted) field name, its type, and what else a reader must know. */
export type FieldRow = { name: string; type: string; required: boolean; description?: string; rules: string[] }

/**
 * A JSON Schema as a reader takes it in: a table of fields, one table per alternative of a union of
 * objects, or (for a schema that is not an object) a single value.
 */
export type SchemaView =
  | { kind: 'fields'; rows: FieldRow[] }
  | { kind: 'variants'; variants: { label: string; rows: FieldRow[] }[] }
  | { kind: 'value'; row: FieldRow }

type Resolve = (schema: JsonSchema) => JsonSchema

/** Follows `#/components/schemas/<Name>` within the document. */
export function resolverFor(components: Record<string, JsonSchema>): Resolve {
  return (schema) => {
    const name = typeof schema.$ref === 'string' ? schema.$ref.replace('#/components/schemas/', '') : undefined
    return name && components[name] ? components[name] : schema
  }
}

const asSchema = (value: unknown): JsonSchema => (value && typeof value === 'object' ? (value as JsonSchema) : {})

/** The non-null alternatives of a schema, and whether null is allowed. */
function alternatives(schema: JsonSchema): { options: JsonSchema[]; nullable: boolean } {
  const union = (schema.anyOf ?? schema.oneOf)?.map(asSchema)
  if (!union) return { options: [schema], nullable: false }
  const options = union.filter((s) => s.type !== 'null')
  return { options, nullable: options.length < union.length }
}

const isObject = (s: JsonSchema) => s.type === 'object' || s.properties !== undefined

const SAFE_LIMIT = Number.MAX_SAFE_INTEGER

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

export function typeLabel(schema: JsonSchema, resolve: Resolve): string {
  const s = resolve(schema)
  if (s.const !== undefined) return JSON.stringify(s.const)
  const { options, nullable } = alternatives(s)
  if (options.length !== 1 || options[0] !== s) {
    const label = options.map((o) => typeLabel(o, resolve)).join(' or ') || 'null'
    return nullable ? `${label} or null` : label
  }
  if (s.type === 'array') {
    const items = resolve(asSchema(s.items))
    return `array of ${isObject(items) ? 'objects' : typeLabel(items, resolve)}`
  }
  if (Array.isArray(s.type)) return s.type.join(' or ')
  if (s.type) return s.type === 'object' && s.propertyNames ? 'object, by key' : String(s.type)
  if (s.properties) return 'object'
  return 'any'
}

/** The rules of a value beyond its type, in words. */
export function rulesOf(schema: JsonSchema, resolve: Resolve): string[] {
  const s = resolve(schema)
  const rules: string[] = []
  const { options } = alternatives(s)
  if (options.length === 1 && options[0] !== s) rules.push(...rulesOf(options[0], resolve))
  if (Array.isArray(s.enum)) rules.push(`one of ${s.enum.map((v) => `\`${String(v)}\``).join(', ')}`)
  if (typeof s.pattern === 'string') rules.push(`matches \`${s.pattern}\``)
  if (typeof s.minLength === 'number') rules.push(`at least ${count(s.minLength, 'character', 'characters')}`)
  if (typeof s.maxLength === 'number') rules.push(`at most ${count(s.maxLength, 'character', 'characters')}`)
  if (typeof s.exclusiveMinimum === 'number') rules.push(`more than ${s.exclusiveMinimum}`)
  if (typeof s.minimum === 'number' && s.minimum > -SAFE_LIMIT) rules.push(`at least ${s.minimum}`)
  if (typeof s.maximum === 'number' && s.maximum < SAFE_LIMIT) rules.push(`at most ${s.maximum}`)
  if (typeof s.exclusiveMaximum === 'number') rules.push(`less than ${s.exclusiveMaximum}`)
  if (typeof s.minItems === 'number' && s.minItems > 0) rules.push(`at least ${count(s.minItems, 'item', 'items')}`)
  if (typeof s.maxItems === 'number') rules.push(`at most ${count(s.maxItems, 'item', 'items')}`)
  if (typeof s.format === 'string') rules.push(`format ${s.format}`)
  if (typeof s.contentMediaType === 'string') rules.push(s.contentMediaType)
  if (s.default !== undefined) rules.push(`default ${JSON.stringify(s.default)}`)
  const keys = s.propertyNames ? asSchema(s.propertyNames).enum : undefined
  if (Array.isArray(keys)) rules.push(`keys: ${keys.map((k) => `\`${String(k)}\``).join(', ')}`)
  return rules
}

function describe(schema: JsonSchema, resolve: Resolve): string | undefined {
  if (typeof schema.description === 'string') return schema.description
  const { options } = alternatives(resolve(schema))
  return options.length === 1 && typeof options[0].description === 'string' ? options[0].description : undefined
}

/** The object a field holds, to list its own fields under it: itself, its items, or a map's values. */
function nested(schema: JsonSchema, resolve: Resolve): { suffix: string; object: JsonSchema } | undefined {
  const { options } = alternatives(resolve(schema))
  if (options.length !== 1) return undefined
  const s = resolve(options[0])
  if (s.type === 'array') {
    const items = resolve(asSchema(s.items))
    return isObject(items) && items.properties ? { suffix: '[]', object: items } : undefined
  }
  if (s.properties) return { suffix: '', object: s }
  if (s.additionalProperties && typeof s.additionalProperties === 'object' && asSchema(s.additionalProperties).properties) {
    return { suffix: '.<key>', object: resolve(asSchema(s.additionalProperties)) }
  }
  return undefined
}

/** Every field of an object, its nested fields named with dots (`services[].usage.cycleStart`). */
export function fieldRows(object: JsonSchema, resolve: Resolve, prefix = ''): FieldRow[] {
  const required = new Set(object.required ?? [])
  const rows: FieldRow[] = []
  for (const [name, value] of Object.entries(object.properties ?? {})) {
    const property = asSchema(value)
    rows.push({ name: prefix + name, type: typeLabel(property, resolve), required: required.has(name), description: describe(property, resolve), rules: rulesOf(property, resolve) })
    const inner = nested(property, resolve)
    if (inner) rows.push(...fieldRows(inner.object, resolve, `${prefix}${name}${inner.suffix}.`))
  }
  const extra = object.additionalProperties
  if (extra !== undefined && extra !== false && object.properties && !object.propertyNames) {
    rows.push({ name: `${prefix}…`, type: 'any', required: false, description: 'Other fields may be present', rules: [] })
  }
  return rows
}

/** A label for one alternative of a union: its constant field (`type = "card"`), else its place. */
function variantLabel(variant: JsonSchema, index: number): string {
  for (const [name, value] of Object.entries(variant.properties ?? {})) {
    const constant = asSchema(value).const
    if (constant !== undefined) return `${name} = ${JSON.stringify(constant)}`
  }
  return `Form ${index + 1}`
}

export function schemaView(schema: JsonSchema, resolve: Resolve): SchemaView {
  const s = resolve(schema)
  const union = (s.oneOf ?? s.anyOf)?.map((o) => resolve(asSchema(o)))
  if (union && union.length > 1 && union.every((o) => o.properties)) {
    return { kind: 'variants', variants: union.map((o, i) => ({ label: variantLabel(o, i), rows: fieldRows(o, resolve) })) }
  }
  if (s.properties) return { kind: 'fields', rows: fieldRows(s, resolve) }
  return { kind: 'value', row: { name: '(the body)', type: typeLabel(s, resolve), required: true, description: describe(s, resolve), rules: rulesOf(s, resolve) } }
}
