import type { CheckboxField, CollectionConfig, DateField, Field } from 'payload'

/**
 * Every date in the panel reads as SAST, in one format, whatever the browser's zone: Payload's own
 * date field and list cell render in the browser's zone (a calendar day stored as 22:00 UTC the
 * evening before shows a day early in London). Each date field gets the SAST field and cell
 * (src/components/admin/fields/SastDate*), and the timestamps Payload would add (createdAt,
 * updatedAt) are declared here the way Payload declares them, with the SAST cell: same column,
 * same index.
 */
const FIELD = '/src/components/admin/fields/SastDateField#SastDateField'
const CELL = '/src/components/admin/fields/SastDateCell#SastDateCell'
/** Booleans in lists as Yes/No badges, not `true`/`false`. */
const YES_NO = '/src/components/admin/fields/YesNoCell#YesNoCell'

function withYesNo(field: CheckboxField): CheckboxField {
  return { ...field, admin: { ...field.admin, components: { Cell: YES_NO, ...field.admin?.components } } }
}

function withSastComponents(field: DateField): DateField {
  const components = field.admin?.components ?? {}
  return { ...field, admin: { ...field.admin, components: { Field: FIELD, Cell: CELL, ...components } } }
}

export function withSastDates(fields: Field[]): Field[] {
  return fields.map((field) => {
    if (field.type === 'date') return withSastComponents(field)
    if (field.type === 'checkbox') return withYesNo(field)
    if ('fields' in field && Array.isArray(field.fields)) return { ...field, fields: withSastDates(field.fields) } as Field
    if (field.type === 'tabs') return { ...field, tabs: field.tabs.map((tab) => ({ ...tab, fields: withSastDates(tab.fields) })) }
    return field
  })
}

const timestamp = (name: 'createdAt' | 'updatedAt', label: string): DateField => ({
  name,
  type: 'date',
  index: true,
  label,
  admin: { disableBulkEdit: true, hidden: true, date: { pickerAppearance: 'dayAndTime' }, components: { Cell: CELL } },
})

export function withSastTimestamps(collection: CollectionConfig): CollectionConfig {
  if (collection.timestamps === false) return collection
  const names = new Set(collection.fields.flatMap((f) => ('name' in f ? [f.name] : [])))
  const extra = [
    ...(names.has('updatedAt') ? [] : [timestamp('updatedAt', 'Updated')]),
    ...(names.has('createdAt') ? [] : [timestamp('createdAt', 'Created')]),
  ]
  return { ...collection, fields: withSastDates([...collection.fields, ...extra]) }
}
