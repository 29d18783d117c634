import type { DateField, NumberField, RelationshipField, SelectField, Validate } from 'payload'

import { sastDateOf } from '../domain/calendarDate'
import { formatRand } from '../domain/money'
import { optionLabelOf as optionLabel } from '../domain/optionLabels'
import { parseRand, typedRandText } from '../domain/randInput'
import { normaliseCalendarDate } from '../hooks/normaliseCalendarDate'
import { dateProblem } from './fieldRules'

/**
 * Field builders shared by the collections. Money is integer cents in a Postgres numeric column
 * (Payload has no integer type); each money column also carries a CHECK in the migrations, so a
 * write that bypasses Payload is held to the same rule.
 */

const integerIn =
  (min: number | undefined, label: string): Validate =>
  (value: unknown) => {
    if (value === null || value === undefined) return true
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) return `${label} must be a whole number`
    if (min !== undefined && value < min) return `${label} cannot be less than ${min}`
    return true
  }

/**
 * Money in the panel's form arrives as cents from the rand input (src/components/admin/fields/
 * RandField.tsx), or as the typed text when it cannot be read as rand. The panel's form-state
 * validation sees that text as it is and names what is wrong with it, in rand terms; on save,
 * text that is not a plain number never reaches here (the field-rules plugin refuses it before
 * Payload's `parseFloat` can read `1 234,56` as 1).
 */
const randIn =
  (min: number | undefined, label: string): Validate =>
  (value: unknown) => {
    if (value === null || value === undefined) return true
    if (typeof value === 'string') {
      const parsed = parseRand(typedRandText(value), { allowNegative: min === undefined || min < 0 })
      return parsed.ok ? `${label}: type the amount again` : `${label}: ${parsed.message}`
    }
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) return `${label} must be an amount in rand with at most two decimals`
    if (min !== undefined && value < min) return `${label} cannot be less than ${formatRand(min)}`
    return true
  }

/** An amount of money: integer cents in the database and API, rand in the panel (field and list cell). */
export function centsField(
  name: string,
  opts: { label: string; required?: boolean; min?: number; defaultValue?: number } & Partial<Pick<NumberField, 'access' | 'admin' | 'index'>>,
): NumberField {
  const { label, min, ...rest } = opts
  return {
    name,
    type: 'number',
    label,
    min,
    validate: randIn(min, label),
    ...rest,
    admin: {
      ...opts.admin,
      components: { Field: '/src/components/admin/fields/RandField#RandField', Cell: '/src/components/admin/RandCell#RandCell', ...opts.admin?.components },
    },
  }
}

export function wholeNumberField(
  name: string,
  opts: { label: string; required?: boolean; min?: number; defaultValue?: number } & Partial<Pick<NumberField, 'access' | 'admin' | 'index'>>,
): NumberField {
  const { label, min, ...rest } = opts
  return { name, type: 'number', label, validate: integerIn(min, label), ...rest }
}

/** Business dates are in this century: anything else is a typo (`9999-12-31`, `0226-11-01`). */
export const CALENDAR_WINDOW = { from: '2000-01-01', to: '2099-12-31' } as const

const calendarDateRule =
  (label: string, required: boolean): Validate =>
  (value: unknown) => {
    if (value === null || value === undefined || value === '') return required ? `${label} is required` : true
    const problem = dateProblem(value)
    if (problem) return `${label} ${problem}`
    const day = sastDateOf(value as string)
    return day < CALENDAR_WINDOW.from || day > CALENDAR_WINDOW.to ? `${label} must be between ${CALENDAR_WINDOW.from} and ${CALENDAR_WINDOW.to}` : true
  }

/** A SAST calendar date (stored as the instant its day begins). */
export function calendarDateField(
  name: string,
  opts: { label: string } & Partial<Pick<DateField, 'required' | 'index' | 'access' | 'admin' | 'defaultValue'>>,
): DateField {
  return {
    name,
    type: 'date',
    ...opts,
    validate: calendarDateRule(opts.label, Boolean(opts.required)),
    hooks: { beforeValidate: [normaliseCalendarDate] },
    admin: { date: { pickerAppearance: 'dayOnly', displayFormat: 'd MMM yyyy' }, ...opts.admin },
  }
}

/** The customer a record belongs to: the key of every row-level rule. */
export function customerField(opts: Partial<Pick<RelationshipField, 'access' | 'admin'>> = {}): RelationshipField {
  return {
    name: 'customer',
    type: 'relationship',
    relationTo: 'customers',
    required: true,
    index: true,
    ...opts,
  } as RelationshipField
}

export function statusField(name: string, values: readonly string[], opts: Partial<SelectField> = {}): SelectField {
  return {
    name,
    type: 'select',
    required: true,
    index: true,
    options: values.map((v) => ({ label: optionLabel(v), value: v })),
    ...opts,
  } as SelectField
}
