'use client'

import { useConfig, useDocumentInfo, useFormFields } from '@payloadcms/ui'

/** Sidebar link on an issued invoice: download its PDF (rendered on the spot if the job has not run yet). */
export function InvoicePdfLink() {
  const { id } = useDocumentInfo()
  const { config } = useConfig()
  const status = useFormFields(([fields]) => fields.status?.value as string | undefined)
  if (!id || status === 'draft') return null
  const href = `${config.serverURL ?? ''}${config.routes.api}/invoices/${id}/pdf`
  return (
    <div className="field-type" style={{ marginBottom: 'var(--base)' }}>
      <a className="btn btn--style-secondary btn--size-small" href={href} download style={{ margin: 0 }}>
        Download PDF{status === 'void' ? ' (void)' : ''}
      </a>
    </div>
  )
}
