import type { DateField, NumberField, RelationshipField, SelectField, Validate } from 'payload'

import { normaliseCalendarDate } from '../hooks/normaliseCalendarDate'

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

export function centsField(
  name: string,
  opts: { label: string; required?: boolean; min?: number; defaultValue?: number } & Partial<Pick<NumberField, 'access' | 'admin' | 'index'>>,
): NumberField {
  const { label, min, ...rest } = opts
  return {
    name,
    type: 'number',
    label,
    validate: integerIn(min, label),
    ...rest,
    admin: {
      description: 'In cents (R 1.00 = 100).',
      components: { Cell: '/src/components/admin/RandCell#RandCell' },
      ...opts.admin,
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

/** A SAST calendar date (stored as the instant its day begins). */
export function calendarDateField(
  name: string,
  opts: { label: string } & Partial<Pick<DateField, 'required' | 'index' | 'access' | 'admin' | 'defaultValue'>>,
): DateField {
  return {
    name,
    type: 'date',
    ...opts,
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
    options: values.map((v) => ({ label: v.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()), value: v })),
    ...opts,
  } as SelectField
}
