import type { CollectionBeforeChangeHook } from 'payload'

/** How staff see a customer in lists and relationship pickers: company, or first and last name. */
export const nameForDisplay: CollectionBeforeChangeHook = ({ data, originalDoc }) => {
  const value = (key: string) => (data[key] !== undefined ? data[key] : originalDoc?.[key]) as string | null | undefined
  const company = value('accountType') === 'business' ? value('companyName') : undefined
  data.displayName = company || [value('firstName'), value('lastName')].filter(Boolean).join(' ')
  return data
}
