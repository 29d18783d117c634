import { ValidationError, validations, type CollectionBeforeOperationHook, type Config, type Field, type FieldHook, type Validate } from 'payload'

import { MAX_ID } from '../endpoints/schemas'
import { withSastTimestamps } from './readable'

/**
 * Type rules for every field of every collection, whoever writes (REST, GraphQL, the admin panel,
 * the local API): Payload's own validations assume the value has the field's type and crash or
 * store nonsense when it has not (an object in a name became `{"a":...}` on invoices; an id past
 * 32 bits reached Postgres). Wrapped around each field's validation, so a bad value is an ordinary
 * 400 naming the field. Applied as a plugin, before Payload fills in its defaults.
 */

export const DATE_WINDOW = { from: '1900-01-01', to: '2100-12-31' } as const

const isId = (v: unknown) =>
  (typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 && v <= MAX_ID) ||
  (typeof v === 'string' && /^[1-9]\d{0,9}$/.test(v) && Number(v) <= MAX_ID)

/** A relationship value: an id, a populated document, or (polymorphic) `{ relationTo, value }`. */
function isRelationValue(v: unknown): boolean {
  if (v === null || v === undefined) return true
  if (typeof v === 'object' && !Array.isArray(v)) {
    const o = v as { id?: unknown; value?: unknown; relationTo?: unknown }
    if ('relationTo' in o) return typeof o.relationTo === 'string' && isRelationValue(o.value)
    return isId(o.id)
  }
  return isId(v)
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]|$)/

/** A date a person could mean: parseable, a real calendar day (no 30 February), within the window. */
export function dateProblem(value: unknown, window: { from: string; to: string } = DATE_WINDOW): string | undefined {
  if (value === null || value === undefined || value === '') return undefined
  if (!(value instanceof Date) && typeof value !== 'string') return 'must be a date'
  const text = value instanceof Date ? value.toISOString() : value
  const parts = ISO_DATE.exec(text)
  if (parts) {
    const [, y, m, d] = parts.map(Number)
    const day = new Date(Date.UTC(2000, m - 1, d))
    day.setUTCFullYear(y) // Date.UTC reads years 0 to 99 as 1900 to 1999
    if (day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) return `is not a real date (${text.slice(0, 10)})`
  }
  const t = Date.parse(text)
  if (Number.isNaN(t)) return 'must be a date'
  const iso = new Date(t).toISOString().slice(0, 10)
  if (iso < window.from || iso > window.to) return `must be between ${window.from} and ${window.to}`
  return undefined
}

type Rule = (value: unknown, field: Field) => string | undefined

const textRule: Rule = (v) => {
  if (v === null || v === undefined) return undefined
  if (typeof v !== 'string') return 'must be text'
  return v.includes('\u0000') ? 'cannot hold NUL bytes' : undefined
}

/** A field with `hasMany` takes a list of such values; any other field takes one value, never a list. */
const many = (rule: Rule): Rule => (v, field) => {
  if (!Array.isArray(v)) return rule(v, field)
  if (!('hasMany' in field && field.hasMany)) return 'must be a single value, not a list'
  for (const item of v) {
    const problem = rule(item, field)
    if (problem) return problem
  }
  return undefined
}

const RULES: Partial<Record<Field['type'], Rule>> = {
  text: many(textRule),
  textarea: textRule,
  email: textRule,
  code: textRule,
  select: many((v) => (v === null || v === undefined || typeof v === 'string' ? undefined : 'must be one of the options')),
  number: many((v) => (v === null || v === undefined || (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) ? undefined : 'must be a number')),
  date: (v) => dateProblem(v),
  relationship: many((v) => (isRelationValue(v) ? undefined : 'must be the id of an existing record')),
  upload: many((v) => (isRelationValue(v) ? undefined : 'must be the id of an existing file')),
  checkbox: (v) => (v === null || v === undefined || typeof v === 'boolean' ? undefined : 'must be true or false'),
}

function labelOf(field: Field): string {
  const label = 'label' in field && typeof field.label === 'string' ? field.label : undefined
  return label ?? ('name' in field ? field.name : 'This field')
}

function withTypeRule(field: Field): Field {
  const rule = RULES[field.type]
  if (!rule || !('name' in field) || ('virtual' in field && field.virtual)) return field
  const own = 'validate' in field ? (field.validate as Validate | undefined) : undefined
  const fallback = (validations as unknown as Record<string, Validate | undefined>)[field.type]
  const validate: Validate = (value, options) => {
    const problem = rule(value, field)
    if (problem) return `${labelOf(field)} ${problem}`
    if (own) return own(value, options)
    return fallback ? fallback(value, { ...field, ...options } as never) : true
  }
  // Payload's own email hooks lower-case the value before validation runs: an email that is not
  // text is refused first, as a 400, instead of crashing them.
  if (field.type !== 'email') return { ...field, validate } as Field
  return { ...field, validate, hooks: { ...field.hooks, beforeValidate: [emailIsText(labelOf(field)), ...(field.hooks?.beforeValidate ?? [])] } }
}

const emailIsText =
  (label: string): FieldHook =>
  ({ value, field, req }) => {
    if (value === null || value === undefined || typeof value === 'string') return value
    throw new ValidationError({ errors: [{ path: (field as { name?: string }).name ?? 'email', message: `${label} must be text` }], req })
  }

export function withFieldRules(fields: Field[]): Field[] {
  return fields.map((field) => {
    const ruled = withTypeRule(field)
    if ('fields' in ruled && Array.isArray(ruled.fields)) return { ...ruled, fields: withFieldRules(ruled.fields) } as Field
    if (ruled.type === 'tabs') return { ...ruled, tabs: ruled.tabs.map((tab) => ({ ...tab, fields: withFieldRules(tab.fields) })) }
    if (ruled.type === 'blocks') return { ...ruled, blocks: ruled.blocks.map((b) => ({ ...b, fields: withFieldRules(b.fields) })) } as Field
    return ruled
  })
}

/**
 * Timestamps are the system's record of when a row was made and last changed: a client cannot
 * choose them (the billing services and the seed write with access overridden).
 */
export const systemTimestamps: CollectionBeforeOperationHook = ({ args, operation }) => {
  const a = args as { data?: Record<string, unknown>; overrideAccess?: boolean }
  if ((operation === 'create' || operation === 'update') && !a.overrideAccess && a.data && typeof a.data === 'object') {
    delete a.data.createdAt
    delete a.data.updatedAt
  }
  return args
}

/** What a number field accepts as text: a plain decimal, as a form or query string sends it. */
const NUMERIC_TEXT = /^\s*-?\d+(\.\d+)?\s*$/

type DataFields = { fields?: Field[]; tabs?: Array<{ fields: Field[]; name?: string }>; blocks?: Array<{ slug: string; fields: Field[] }> }

/**
 * The number fields holding text that is not a plain number, with their paths. Payload reads a
 * number field's text with `parseFloat` before any hook or validation sees it, so `1 234,56`
 * would be saved as 1 and `12abc` as 12; this looks at the data as the client sent it.
 */
export function numberTextProblems(fields: Field[], data: unknown, prefix = ''): Array<{ path: string; message: string }> {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return []
  const row = data as Record<string, unknown>
  const problems: Array<{ path: string; message: string }> = []
  for (const field of fields) {
    const f = field as Field & DataFields & { name?: string }
    const named = 'name' in f && typeof f.name === 'string' ? f.name : undefined
    if (field.type === 'number' && named) {
      const value = row[named]
      const items = Array.isArray(value) ? value : [value]
      if (items.some((v) => typeof v === 'string' && v.trim() !== '' && !NUMERIC_TEXT.test(v))) {
        problems.push({ path: `${prefix}${named}`, message: `${labelOf(field)} must be a number` })
      }
    } else if (field.type === 'tabs' && f.tabs) {
      for (const tab of f.tabs) problems.push(...(tab.name ? numberTextProblems(tab.fields, row[tab.name], `${prefix}${tab.name}.`) : numberTextProblems(tab.fields, row, prefix)))
    } else if (field.type === 'array' && named && f.fields && Array.isArray(row[named])) {
      ;(row[named] as unknown[]).forEach((item, i) => problems.push(...numberTextProblems(f.fields!, item, `${prefix}${named}.${i}.`)))
    } else if (field.type === 'blocks' && named && f.blocks && Array.isArray(row[named])) {
      ;(row[named] as Array<{ blockType?: unknown }>).forEach((item, i) => {
        const block = f.blocks!.find((b) => b.slug === item?.blockType)
        if (block) problems.push(...numberTextProblems(block.fields, item, `${prefix}${named}.${i}.`))
      })
    } else if (f.fields) {
      problems.push(...(field.type === 'group' && named ? numberTextProblems(f.fields, row[named], `${prefix}${named}.`) : numberTextProblems(f.fields, row, prefix)))
    }
  }
  return problems
}

const numbersAreNumbers =
  (fields: Field[]): CollectionBeforeOperationHook =>
  ({ args, operation, req }) => {
    if (operation !== 'create' && operation !== 'update') return args
    const data = (args as { data?: unknown }).data
    const problems = numberTextProblems(fields, data)
    if (problems.length) throw new ValidationError({ errors: problems, req })
    return args
  }

/**
 * The collection hooks this plugin adds: each only checks or trims what a caller sent (timestamps
 * a client may not set, number text), so a service writing its own row with SQL (the lean PDF
 * store) does what they would have done without them.
 */
export const INPUT_RULE_HOOKS = new WeakSet<CollectionBeforeOperationHook>()

/** The plugin: type rules on every field, number text read as written, system timestamps on every collection, dates read in SAST. */
export function fieldRules(config: Config): Config {
  return {
    ...config,
    collections: (config.collections ?? []).map(withSastTimestamps).map((collection) => {
      const numbers = numbersAreNumbers(collection.fields)
      INPUT_RULE_HOOKS.add(systemTimestamps).add(numbers)
      return {
        ...collection,
        fields: withFieldRules(collection.fields),
        hooks: { ...collection.hooks, beforeOperation: [systemTimestamps, numbers, ...(collection.hooks?.beforeOperation ?? [])] },
      }
    }),
  }
}
