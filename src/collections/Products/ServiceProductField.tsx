'use client'

import { RelationshipField, useDocumentInfo, useForm, useFormFields } from '@payloadcms/ui'
import type { RelationshipFieldClientComponent } from 'payload'
import { useEffect, useRef, useState } from 'react'

import { apiFetch, relationId, useRoutes } from '../../components/admin/lifecycle/api'
import { sastDateOf } from '../../domain/calendarDate'
import type { AccountType } from '../../domain/catalogue'
import { formatRand } from '../../domain/money'
import { SERVICE_TERM_FIELDS, serviceTermsOf, servicePriceIncludesVat, type CataloguePackage } from '../../domain/products'
import { vatRateOn } from '../../domain/vat'

type ProductDoc = CataloguePackage & { id: number }

const basis = (inclusive: boolean) => (inclusive ? 'incl. VAT' : 'excl. VAT')

/**
 * The service form's package picker. Choosing a package fills in the fields it copies, priced on
 * the chosen customer's basis with the same function the server uses (src/domain/products.ts), so
 * the clerk sees what will be saved and may still change any of it. A customer chosen (or changed)
 * after the package reprices the monthly price unless the clerk has typed their own. On an existing
 * service the package is read-only and nothing is filled.
 */
export const ServiceProductField: RelationshipFieldClientComponent = (props) => {
  const { id } = useDocumentInfo()
  const { dispatchFields, setModified } = useForm()
  const routes = useRoutes()
  const productId = useFormFields(([fields]) => relationId(fields[props.path]?.value))
  const customerId = useFormFields(([fields]) => relationId(fields.customer?.value))
  const price = useFormFields(([fields]) => fields.monthlyPriceCents?.value)
  const priceNow = useRef(price)
  priceNow.current = price
  const filled = useRef<{ productId?: number | string; priceCents?: number }>({})
  const [note, setNote] = useState<string | null>(null)

  useEffect(() => {
    if (id !== undefined && id !== null) return
    if (productId === undefined) {
      filled.current = {}
      setNote(null)
      return
    }
    const controller = new AbortController()
    const set = (path: string, value: unknown) => dispatchFields({ type: 'UPDATE', path, value })
    void (async () => {
      const product = await apiFetch<ProductDoc>(`${routes.api}/products/${productId}?depth=0`, { signal: controller.signal })
      const customer = customerId === undefined ? null : await apiFetch<{ accountType?: AccountType }>(`${routes.api}/customers/${customerId}?depth=0`, { signal: controller.signal })
      if (controller.signal.aborted) return
      if (!product.ok) {
        setNote(`Could not load the package: ${product.message}`)
        return
      }
      const accountType = customer?.ok ? (customer.body.accountType ?? 'residential') : undefined
      const terms = serviceTermsOf(product.body, accountType ?? 'residential', vatRateOn(sastDateOf(new Date())))
      const newPackage = filled.current.productId !== productId
      if (newPackage) for (const field of SERVICE_TERM_FIELDS) if (field !== 'monthlyPriceCents') set(field, terms[field])
      // The price follows the customer's basis, unless the clerk has put in a price of their own.
      const untouched = priceNow.current === null || priceNow.current === undefined || priceNow.current === filled.current.priceCents
      if (accountType && (newPackage || untouched)) {
        set('monthlyPriceCents', terms.monthlyPriceCents)
        filled.current = { productId, priceCents: terms.monthlyPriceCents }
      } else {
        filled.current = { ...filled.current, productId }
      }
      setModified(true)
      const catalogue = `${formatRand(product.body.monthlyPriceCents)} ${basis(product.body.priceIncludesVat)}`
      setNote(
        accountType
          ? `Catalogue price ${catalogue}; for this ${accountType} account ${formatRand(terms.monthlyPriceCents)} ${basis(servicePriceIncludesVat(accountType))} a month.`
          : `Catalogue price ${catalogue}. Choose the customer to price it on their VAT basis.`,
      )
    })()
    return () => controller.abort()
  }, [id, productId, customerId, routes.api, dispatchFields, setModified])

  return (
    <>
      <RelationshipField {...props} />
      {note && (
        <p role="status" style={{ margin: 'calc(var(--base) * -0.5) 0 var(--base)', color: 'var(--theme-elevation-800)', fontSize: '0.9em' }}>
          {note}
        </p>
      )}
    </>
  )
}
