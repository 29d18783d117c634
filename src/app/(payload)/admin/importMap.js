import { CustomerBillingOverview as CustomerBillingOverview_0764b3596993fffe7c8df3929bb03ac8 } from '../../../../src/components/admin/lifecycle/CustomerBillingOverview'
import { CustomerPaymentActions as CustomerPaymentActions_e07588382ad335fb3f35a4d8b6694fac } from '../../../../src/components/admin/billing/CustomerPaymentActions'
import { RandCell as RandCell_02c67ea831be9b3214936f26e87549a5 } from '../../../../src/components/admin/RandCell'
import { ServiceLifecyclePanel as ServiceLifecyclePanel_8b0b90aadd3b69a4b1b5ac58f82bc72e } from '../../../../src/components/admin/lifecycle/ServiceLifecyclePanel'
import { ServiceAuditTimeline as ServiceAuditTimeline_44e884b81a5dc8209dae20e964a375e8 } from '../../../../src/components/admin/lifecycle/ServiceAuditTimeline'
import { InvoicePdfLink as InvoicePdfLink_52765b4630a9c1286418bd7b8007988f } from '../../../../src/components/admin/InvoicePdfLink'
import { InvoiceActions as InvoiceActions_035f95db2eb962df9a0e0db224140b1a } from '../../../../src/components/admin/billing/InvoiceActions'
import { GenerateInvoicesNow as GenerateInvoicesNow_0b59aa08e9d70ceba4d38355025b2eb2 } from '../../../../src/components/admin/lifecycle/GenerateInvoicesNow'
import { JobRunOverview as JobRunOverview_3cc0d077036924e6a2b22c0cc6c16c6b } from '../../../../src/components/admin/jobRuns/JobRunOverview'
import { JobRunsChart as JobRunsChart_9854a806b033ac65a27cfa7d135c6fe3 } from '../../../../src/components/admin/jobRuns/JobRunsChart'
import { GlobalSearch as GlobalSearch_fb47e8802fd273d002259e0ac2421c40 } from '../../../../src/components/admin/search/GlobalSearch'
import { CollectionCards as CollectionCards_f9c02e79a4aed9a3924487c0cd4cafb1 } from '@payloadcms/next/rsc'

/** @type import('payload').ImportMap */
export const importMap = {
  "/src/components/admin/lifecycle/CustomerBillingOverview#CustomerBillingOverview": CustomerBillingOverview_0764b3596993fffe7c8df3929bb03ac8,
  "/src/components/admin/billing/CustomerPaymentActions#CustomerPaymentActions": CustomerPaymentActions_e07588382ad335fb3f35a4d8b6694fac,
  "/src/components/admin/RandCell#RandCell": RandCell_02c67ea831be9b3214936f26e87549a5,
  "/src/components/admin/lifecycle/ServiceLifecyclePanel#ServiceLifecyclePanel": ServiceLifecyclePanel_8b0b90aadd3b69a4b1b5ac58f82bc72e,
  "/src/components/admin/lifecycle/ServiceAuditTimeline#ServiceAuditTimeline": ServiceAuditTimeline_44e884b81a5dc8209dae20e964a375e8,
  "/src/components/admin/InvoicePdfLink#InvoicePdfLink": InvoicePdfLink_52765b4630a9c1286418bd7b8007988f,
  "/src/components/admin/billing/InvoiceActions#InvoiceActions": InvoiceActions_035f95db2eb962df9a0e0db224140b1a,
  "/src/components/admin/lifecycle/GenerateInvoicesNow#GenerateInvoicesNow": GenerateInvoicesNow_0b59aa08e9d70ceba4d38355025b2eb2,
  "/src/components/admin/jobRuns/JobRunOverview#JobRunOverview": JobRunOverview_3cc0d077036924e6a2b22c0cc6c16c6b,
  "/src/components/admin/jobRuns/JobRunsChart#JobRunsChart": JobRunsChart_9854a806b033ac65a27cfa7d135c6fe3,
  "/src/components/admin/search/GlobalSearch#GlobalSearch": GlobalSearch_fb47e8802fd273d002259e0ac2421c40,
  "@payloadcms/next/rsc#CollectionCards": CollectionCards_f9c02e79a4aed9a3924487c0cd4cafb1
}
