import { RandCell as RandCell_02c67ea831be9b3214936f26e87549a5 } from '../../../../src/components/admin/RandCell'
import { InvoicePdfLink as InvoicePdfLink_52765b4630a9c1286418bd7b8007988f } from '../../../../src/components/admin/InvoicePdfLink'
import { CollectionCards as CollectionCards_f9c02e79a4aed9a3924487c0cd4cafb1 } from '@payloadcms/next/rsc'

/** @type import('payload').ImportMap */
export const importMap = {
  "/src/components/admin/RandCell#RandCell": RandCell_02c67ea831be9b3214936f26e87549a5,
  "/src/components/admin/InvoicePdfLink#InvoicePdfLink": InvoicePdfLink_52765b4630a9c1286418bd7b8007988f,
  "@payloadcms/next/rsc#CollectionCards": CollectionCards_f9c02e79a4aed9a3924487c0cd4cafb1
}
