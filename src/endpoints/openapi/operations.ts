import { accountOperations, ACCOUNTS_TAG, ADMIN_PANEL_TAG } from './accountOperations'
import { DASHBOARD_TAG, dashboardOperations } from './dashboardOperations'
import { DOCS_TAG, docsOperations } from './docsOperations'
import { INVOICE_PDFS_TAG, invoicePdfOperations } from './invoicePdfOperations'
import type { ApiOperation } from './operation'
import { portalAuthOperations, SIGN_IN_TAG } from './portalAuthOperations'
import { reportOperations, STAFF_REPORTS_TAG } from './reportOperations'
import { searchOperations } from './searchOperations'
import { billingActionOperations } from './billingActionOperations'
import { paymentMethodOperations } from './paymentMethodOperations'
import { STAFF_BILLING_TAG, STAFF_SERVICES_TAG, staffOperations } from './staffOperations'
import { WEBHOOKS_TAG, webhookOperations } from './webhookOperations'

/** The groups of the document, in the order integrators read them. */
export const API_TAGS: { name: string; description: string }[] = [
  { name: DASHBOARD_TAG, description: "What the customer portal shows and changes, for the signed-in customer only (staff get 403)." },
  { name: SIGN_IN_TAG, description: 'Customer sessions: the portal cookie, or a token for `Authorization: JWT <token>`.' },
  { name: INVOICE_PDFS_TAG, description: 'One invoice PDF, three doors: staff, the portal, and the signed link in the invoice email.' },
  { name: ACCOUNTS_TAG, description: 'Password resets and email verification for staff (`users`) and customers.' },
  { name: STAFF_SERVICES_TAG, description: 'Service lifecycle commands and their audit trail, for staff holding the permission each names.' },
  { name: STAFF_BILLING_TAG, description: 'Billing overviews, previews and invoice runs for staff, and for integrations with a staff user\'s API key.' },
  { name: STAFF_REPORTS_TAG, description: 'Customer statements and debtors\' ageing for any staff member, as JSON, PDF or CSV.' },
  { name: WEBHOOKS_TAG, description: 'Callbacks our vendors post to us; each URL carries a secret we issue.' },
  { name: ADMIN_PANEL_TAG, description: "Corrections to routes Payload's admin panel calls." },
  { name: DOCS_TAG, description: 'This description itself.' },
]

/** Every custom endpoint of the app, documented. */
export const apiOperations = (): ApiOperation[] => [
  ...dashboardOperations(),
  ...portalAuthOperations,
  ...invoicePdfOperations,
  ...accountOperations,
  ...staffOperations,
  ...billingActionOperations,
  ...paymentMethodOperations,
  ...reportOperations,
  ...searchOperations,
  ...webhookOperations,
  ...docsOperations,
]
