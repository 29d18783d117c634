import { CustomerBillingOverview as CustomerBillingOverview_0764b3596993fffe7c8df3929bb03ac8 } from '../../../../src/components/admin/lifecycle/CustomerBillingOverview'
import { CustomerStatement as CustomerStatement_dab0e9c5fb2802758f98c7dc2bdd1f68 } from '../../../../src/components/admin/billing/CustomerStatement'
import { MobileCell as MobileCell_e093513cb9f74fe65ebc63dd4bfdf0b2 } from '../../../../src/components/admin/fields/MobileCell'
import { MobileField as MobileField_a36293de6b26acfb4e4561ba50798ac3 } from '../../../../src/components/admin/fields/MobileField'
import { SastDateCell as SastDateCell_66ce354370a5a4eeede4836fc77fcc58 } from '../../../../src/components/admin/fields/SastDateCell'
import { SastDateField as SastDateField_f2086d37039b49e96027aab5dc404cb7 } from '../../../../src/components/admin/fields/SastDateField'
import { CustomerPaymentActions as CustomerPaymentActions_e07588382ad335fb3f35a4d8b6694fac } from '../../../../src/components/admin/billing/CustomerPaymentActions'
import { CustomerPaymentMethods as CustomerPaymentMethods_a13f095a93c94fc05b7bd6455eddd7c2 } from '../../../../src/components/admin/paymentMethods/CustomerPaymentMethods'
import { RandCell as RandCell_02c67ea831be9b3214936f26e87549a5 } from '../../../../src/components/admin/RandCell'
import { RandField as RandField_c05828e35c1ad75d2283d251d581f653 } from '../../../../src/components/admin/fields/RandField'
import { ServiceProductField as ServiceProductField_84fe637380117f740c8cab5b83671bf4 } from '../../../../src/collections/Products/ServiceProductField'
import { ServiceLifecyclePanel as ServiceLifecyclePanel_8b0b90aadd3b69a4b1b5ac58f82bc72e } from '../../../../src/components/admin/lifecycle/ServiceLifecyclePanel'
import { YesNoCell as YesNoCell_1077156375f4410e7bd63d93fdeb316c } from '../../../../src/components/admin/fields/YesNoCell'
import { ServiceUsageNetwork as ServiceUsageNetwork_7bfe034aaabad0d12659d6eb5056065a } from '../../../../src/components/admin/usage/ServiceUsageNetwork'
import { ServiceAuditTimeline as ServiceAuditTimeline_44e884b81a5dc8209dae20e964a375e8 } from '../../../../src/components/admin/lifecycle/ServiceAuditTimeline'
import { GbCell as GbCell_228b72984af2728faf14ed87e475c812 } from '../../../../src/components/admin/fields/GbCell'
import { DebitBatchResolve as DebitBatchResolve_ec37548c5bf15d312c52b9ca2fc03a41 } from '../../../../src/components/admin/debitOrders/DebitBatchResolve'
import { DebitBatchDebits as DebitBatchDebits_a8a9f2cc186c1e38e1e50ddb2b317b20 } from '../../../../src/components/admin/debitOrders/DebitBatchDebits'
import { DebitRunsSummary as DebitRunsSummary_ba264d8383a9ee508164129aaa30c038 } from '../../../../src/components/admin/debitOrders/DebitRunsSummary'
import { InvoicePdfLink as InvoicePdfLink_52765b4630a9c1286418bd7b8007988f } from '../../../../src/components/admin/InvoicePdfLink'
import { InvoiceActions as InvoiceActions_035f95db2eb962df9a0e0db224140b1a } from '../../../../src/components/admin/billing/InvoiceActions'
import { InvoiceStatusCell as InvoiceStatusCell_3a35513e46488706f6d396b0de2fcdc5 } from '../../../../src/components/admin/invoices/InvoiceStatusCell'
import { InvoiceDocument as InvoiceDocument_42ac7c8c4e699e5df8ffc1fad25177e4 } from '../../../../src/components/admin/invoices/InvoiceDocument'
import { WhenDraft as WhenDraft_ca851215db5bd8c6c375a3383a5dffd3 } from '../../../../src/components/admin/invoices/WhenDraft'
import { PercentCell as PercentCell_01c9b17d2df38f879f908f94892e63cc } from '../../../../src/components/admin/fields/PercentCell'
import { PercentField as PercentField_c4d036a5b3bccebf88856f18e08d3add } from '../../../../src/components/admin/fields/PercentField'
import { GenerateInvoicesNow as GenerateInvoicesNow_0b59aa08e9d70ceba4d38355025b2eb2 } from '../../../../src/components/admin/lifecycle/GenerateInvoicesNow'
import { DebitActions as DebitActions_627b1347e7d80d513d74bf69e7ce84b1 } from '../../../../src/components/admin/debitOrders/DebitActions'
import { JobRunOverview as JobRunOverview_3cc0d077036924e6a2b22c0cc6c16c6b } from '../../../../src/components/admin/jobRuns/JobRunOverview'
import { JobRunsChart as JobRunsChart_9854a806b033ac65a27cfa7d135c6fe3 } from '../../../../src/components/admin/jobRuns/JobRunsChart'
import { ReviewQueueSummary as ReviewQueueSummary_fb12ab143ea938f2ecd3e55a297b0397 } from '../../../../src/components/admin/ReviewQueueSummary'
import { GlobalSearch as GlobalSearch_fb47e8802fd273d002259e0ac2421c40 } from '../../../../src/components/admin/search/GlobalSearch'
import { BrandIcon as BrandIcon_32175da4e38e0afb3868f30ed37acb89 } from '../../../../src/components/admin/brand/Icon'
import { BrandLogo as BrandLogo_ebbfbe3df3b5d716e3c5038d75f756d2 } from '../../../../src/components/admin/brand/Logo'
import { BillingDashboard as BillingDashboard_6131bb31dd2282473e353031c22b58ad } from '../../../../src/components/admin/dashboard/BillingDashboard'
import { AgeingReportView as AgeingReportView_544c009c5ae408790ed1913e3530317c } from '../../../../src/components/admin/reports/AgeingReport'
import { CollectionCards as CollectionCards_f9c02e79a4aed9a3924487c0cd4cafb1 } from '@payloadcms/next/rsc'

/** @type import('payload').ImportMap */
export const importMap = {
  "/src/components/admin/lifecycle/CustomerBillingOverview#CustomerBillingOverview": CustomerBillingOverview_0764b3596993fffe7c8df3929bb03ac8,
  "/src/components/admin/billing/CustomerStatement#CustomerStatement": CustomerStatement_dab0e9c5fb2802758f98c7dc2bdd1f68,
  "/src/components/admin/fields/MobileCell#MobileCell": MobileCell_e093513cb9f74fe65ebc63dd4bfdf0b2,
  "/src/components/admin/fields/MobileField#MobileField": MobileField_a36293de6b26acfb4e4561ba50798ac3,
  "/src/components/admin/fields/SastDateCell#SastDateCell": SastDateCell_66ce354370a5a4eeede4836fc77fcc58,
  "/src/components/admin/fields/SastDateField#SastDateField": SastDateField_f2086d37039b49e96027aab5dc404cb7,
  "/src/components/admin/billing/CustomerPaymentActions#CustomerPaymentActions": CustomerPaymentActions_e07588382ad335fb3f35a4d8b6694fac,
  "/src/components/admin/paymentMethods/CustomerPaymentMethods#CustomerPaymentMethods": CustomerPaymentMethods_a13f095a93c94fc05b7bd6455eddd7c2,
  "/src/components/admin/RandCell#RandCell": RandCell_02c67ea831be9b3214936f26e87549a5,
  "/src/components/admin/fields/RandField#RandField": RandField_c05828e35c1ad75d2283d251d581f653,
  "/src/collections/Products/ServiceProductField#ServiceProductField": ServiceProductField_84fe637380117f740c8cab5b83671bf4,
  "/src/components/admin/lifecycle/ServiceLifecyclePanel#ServiceLifecyclePanel": ServiceLifecyclePanel_8b0b90aadd3b69a4b1b5ac58f82bc72e,
  "/src/components/admin/fields/YesNoCell#YesNoCell": YesNoCell_1077156375f4410e7bd63d93fdeb316c,
  "/src/components/admin/usage/ServiceUsageNetwork#ServiceUsageNetwork": ServiceUsageNetwork_7bfe034aaabad0d12659d6eb5056065a,
  "/src/components/admin/lifecycle/ServiceAuditTimeline#ServiceAuditTimeline": ServiceAuditTimeline_44e884b81a5dc8209dae20e964a375e8,
  "/src/components/admin/fields/GbCell#GbCell": GbCell_228b72984af2728faf14ed87e475c812,
  "/src/components/admin/debitOrders/DebitBatchResolve#DebitBatchResolve": DebitBatchResolve_ec37548c5bf15d312c52b9ca2fc03a41,
  "/src/components/admin/debitOrders/DebitBatchDebits#DebitBatchDebits": DebitBatchDebits_a8a9f2cc186c1e38e1e50ddb2b317b20,
  "/src/components/admin/debitOrders/DebitRunsSummary#DebitRunsSummary": DebitRunsSummary_ba264d8383a9ee508164129aaa30c038,
  "/src/components/admin/InvoicePdfLink#InvoicePdfLink": InvoicePdfLink_52765b4630a9c1286418bd7b8007988f,
  "/src/components/admin/billing/InvoiceActions#InvoiceActions": InvoiceActions_035f95db2eb962df9a0e0db224140b1a,
  "/src/components/admin/invoices/InvoiceStatusCell#InvoiceStatusCell": InvoiceStatusCell_3a35513e46488706f6d396b0de2fcdc5,
  "/src/components/admin/invoices/InvoiceDocument#InvoiceDocument": InvoiceDocument_42ac7c8c4e699e5df8ffc1fad25177e4,
  "/src/components/admin/invoices/WhenDraft#WhenDraft": WhenDraft_ca851215db5bd8c6c375a3383a5dffd3,
  "/src/components/admin/fields/PercentCell#PercentCell": PercentCell_01c9b17d2df38f879f908f94892e63cc,
  "/src/components/admin/fields/PercentField#PercentField": PercentField_c4d036a5b3bccebf88856f18e08d3add,
  "/src/components/admin/lifecycle/GenerateInvoicesNow#GenerateInvoicesNow": GenerateInvoicesNow_0b59aa08e9d70ceba4d38355025b2eb2,
  "/src/components/admin/debitOrders/DebitActions#DebitActions": DebitActions_627b1347e7d80d513d74bf69e7ce84b1,
  "/src/components/admin/jobRuns/JobRunOverview#JobRunOverview": JobRunOverview_3cc0d077036924e6a2b22c0cc6c16c6b,
  "/src/components/admin/jobRuns/JobRunsChart#JobRunsChart": JobRunsChart_9854a806b033ac65a27cfa7d135c6fe3,
  "/src/components/admin/ReviewQueueSummary#ReviewQueueSummary": ReviewQueueSummary_fb12ab143ea938f2ecd3e55a297b0397,
  "/src/components/admin/search/GlobalSearch#GlobalSearch": GlobalSearch_fb47e8802fd273d002259e0ac2421c40,
  "/src/components/admin/brand/Icon#BrandIcon": BrandIcon_32175da4e38e0afb3868f30ed37acb89,
  "/src/components/admin/brand/Logo#BrandLogo": BrandLogo_ebbfbe3df3b5d716e3c5038d75f756d2,
  "/src/components/admin/dashboard/BillingDashboard#BillingDashboard": BillingDashboard_6131bb31dd2282473e353031c22b58ad,
  "/src/components/admin/reports/AgeingReport#AgeingReportView": AgeingReportView_544c009c5ae408790ed1913e3530317c,
  "@payloadcms/next/rsc#CollectionCards": CollectionCards_f9c02e79a4aed9a3924487c0cd4cafb1
}
