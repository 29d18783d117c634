'use client'

import { ArrayField, RelationshipField, SelectField, TextField, useFormFields } from '@payloadcms/ui'
import type React from 'react'

import { RandField } from '../fields/RandField'
import { SastDateField } from '../fields/SastDateField'

type Kind = 'text' | 'select' | 'relationship' | 'array' | 'date' | 'rand'

const DEFAULTS: Record<Kind, React.ComponentType<any>> = {
  text: TextField,
  select: SelectField,
  relationship: RelationshipField,
  array: ArrayField,
  date: SastDateField,
  rand: RandField,
}

/**
 * An invoice's financial fields are a form only while it is a draft. Once issued (or a credit
 * note) the invoice is a tax document: these fields are not rendered as inputs at all, and the
 * document view at the top of the page (InvoiceDocument) shows them, with its actions in the
 * sidebar. Their values stay in the form unchanged, so saving the internal notes changes nothing
 * else (and the server's guard refuses any change to them: src/hooks/guardIssuedInvoice.ts).
 */
export function WhenDraft(props: Record<string, unknown> & { as?: Kind }) {
  const status = useFormFields(([fields]) => fields.status?.value)
  if (typeof status === 'string' && status !== 'draft') return null
  const Component = DEFAULTS[props.as ?? 'text']
  return <Component {...props} />
}
