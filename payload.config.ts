import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { postgresAdapter } from '@payloadcms/db-postgres'
import { nodemailerAdapter } from '@payloadcms/email-nodemailer'
import { lexicalEditor } from '@payloadcms/richtext-lexical'
import { buildConfig } from 'payload'

import { BillingAccounts } from './src/collections/BillingAccounts'
import { BillingActions } from './src/collections/BillingActions'
import { ConsumerOrders } from './src/collections/ConsumerOrders'
import { Customers } from './src/collections/Customers'
import { InvoicePdfs } from './src/collections/InvoicePdfs'
import { Invoices } from './src/collections/Invoices'
import { JobRuns } from './src/collections/JobRuns'
import { Notifications } from './src/collections/Notifications'
import { PaymentAllocations } from './src/collections/PaymentAllocations'
import { PaymentMethods } from './src/collections/PaymentMethods'
import { PaymentTransactions } from './src/collections/PaymentTransactions'
import { Products } from './src/collections/Products'
import { ServiceActions } from './src/collections/ServiceActions'
import { AccountChanges } from './src/collections/AccountChanges'
import { Services } from './src/collections/Services'
import { ServiceSuspensions } from './src/collections/ServiceSuspensions'
import { UsageRecords } from './src/collections/UsageRecords'
import { NetcashPostbacks } from './src/collections/NetcashPostbacks'
import { PayNowRequests } from './src/collections/PayNowRequests'
import { DebitOrderBatches } from './src/collections/DebitOrderBatches'
import { UsageWarnings } from './src/collections/UsageWarnings'
import { Users } from './src/collections/Users'
import { ValidationErrors } from './src/collections/ValidationErrors'
import { billingActionEndpoints } from './src/endpoints/admin/billingActions'
import { reportEndpoints } from './src/endpoints/admin/reports'
import { dashboardEndpoint } from './src/endpoints/admin/dashboard'
import { searchEndpoint } from './src/endpoints/admin/search'
import { billingPreviewEndpoint } from './src/endpoints/admin/billingPreview'
import { customerBillingEndpoint } from './src/endpoints/admin/customerBilling'
import { generateInvoicesNowEndpoint } from './src/endpoints/admin/generateInvoicesNow'
import { startJobRunEndpoint } from './src/endpoints/admin/jobRuns'
import { resolveBatchEndpoint } from './src/endpoints/admin/debitOrders'
import { staffPaymentMethodEndpoints } from './src/endpoints/admin/paymentMethods'
import { clickatellCallbackEndpoint } from './src/endpoints/webhooks/clickatell'
import { netcashPostbackEndpoints } from './src/endpoints/webhooks/netcash'
import { serviceLifecycleEndpoints } from './src/endpoints/admin/serviceLifecycle'
import { queryCostRule } from './src/endpoints/graphql/costLimit'
import { billingActionMutations } from './src/endpoints/graphql/billingActionMutations'
import { lifecycleMutations } from './src/endpoints/graphql/lifecycleMutations'
import { invoicePdfEndpoints } from './src/endpoints/invoicePdf'
import { dashboardAuthEndpoints } from './src/endpoints/portal/auth'
import { dashboardEndpoints } from './src/endpoints/dashboard'
import { openapiEndpoints } from './src/endpoints/openapi'
import { constraintViolationsAreBadRequests } from './src/hooks/constraintViolationsAreBadRequests'
import { notifyCustomer } from './src/jobs/notifyCustomer'
import { purgeIdempotencyKeys } from './src/jobs/purgeIdempotencyKeys'
import { purgeLoginRateLimits } from './src/jobs/purgeLoginRateLimits'
import { syncUsage } from './src/jobs/syncUsage'
import { processNetcashPostbackTask } from './src/jobs/processNetcashPostback'
import { requestMandateTask } from './src/jobs/requestMandate'
import { syncNetworkAccess } from './src/jobs/syncNetworkAccess'
import { renderInvoicePdf } from './src/jobs/renderInvoicePdf'
import { runInvoiceRun } from './src/jobs/runInvoiceRun'
import { runDebitOrderRun, settleDebitOrderRun } from './src/jobs/debitOrders'
import { markOverdueInvoices } from './src/jobs/markOverdueInvoices'
import { sendPasswordResetEmail } from './src/jobs/sendPasswordResetEmail'
import { staffOnlyDocumentLocks } from './src/access/internalCollections'
import { fieldRules } from './src/collections/fieldRules'
import { getConfig } from './src/lib/config'
import { appLogger } from './src/lib/logger'
import { fileStorage } from './src/lib/storage'
import { markDataUrl } from './src/components/admin/brand/mark'

const dirname = path.dirname(fileURLToPath(import.meta.url))
const config = getConfig()

export default staffOnlyDocumentLocks(buildConfig({
  serverURL: config.serverUrl,
  secret: config.payloadSecret,
  cookiePrefix: 'isp',
  admin: {
    user: Users.slug,
    // The ISP's name in every tab and its mark as the favicon (src/components/admin/brand).
    meta: {
      titleSuffix: `| ${config.company.shortName} billing`,
      applicationName: `${config.company.shortName} billing`,
      icons: [config.adminBrand.iconUrl ? { rel: 'icon', url: config.adminBrand.iconUrl } : { rel: 'icon', type: 'image/svg+xml', url: markDataUrl() }],
    },
    importMap: { baseDir: dirname },
    dateFormat: 'd MMM yyyy HH:mm',
    // Gravatar would send staff email hashes to a third party (and needs the internet).
    avatar: 'default',
    // One search box above every admin page (src/components/admin/search): customers, services,
    // invoices and payments by name, account, mobile in any local form, number or reference.
    components: {
      header: ['/src/components/admin/search/GlobalSearch#GlobalSearch'],
      // The ISP's logo (sign-in page) and mark (beside the breadcrumbs), from ADMIN_LOGO_URL / ADMIN_ICON_URL.
      graphics: { Logo: '/src/components/admin/brand/Logo#BrandLogo', Icon: '/src/components/admin/brand/Icon#BrandIcon' },
      // The home page is the billing team's dashboard (src/components/admin/dashboard), not collection tiles.
      // The debtors' ageing by customer is a page of its own (src/components/admin/reports), linked from the dashboard.
      views: {
        dashboard: { Component: '/src/components/admin/dashboard/BillingDashboard#BillingDashboard' },
        ageing: { Component: '/src/components/admin/reports/AgeingReport#AgeingReportView', path: '/reports/ageing', exact: true },
      },
    },
  },
  // Order is the admin navigation: Customers, Services, Billing, Operations, System.
  collections: [
    Customers,
    ConsumerOrders,
    Services,
    Products,
    UsageRecords,
    UsageWarnings,
    NetcashPostbacks,
    PayNowRequests,
    DebitOrderBatches,
    ServiceSuspensions,
    BillingAccounts,
    Invoices,
    InvoicePdfs,
    PaymentTransactions,
    PaymentAllocations,
    PaymentMethods,
    ServiceActions,
    AccountChanges,
    BillingActions,
    JobRuns,
    Notifications,
    ValidationErrors,
    Users,
  ],
  endpoints: [
    ...dashboardAuthEndpoints,
    ...dashboardEndpoints,
    ...openapiEndpoints,
    ...invoicePdfEndpoints,
    billingPreviewEndpoint,
    ...serviceLifecycleEndpoints,
    customerBillingEndpoint,
    generateInvoicesNowEndpoint,
    startJobRunEndpoint,
    resolveBatchEndpoint,
    ...billingActionEndpoints,
    searchEndpoint,
    ...reportEndpoints,
    dashboardEndpoint,
    clickatellCallbackEndpoint,
    ...netcashPostbackEndpoints,
    ...staffPaymentMethodEndpoints,
  ],
  // fieldRules first: type rules on every field our collections declare (src/collections/fieldRules.ts).
  plugins: [fieldRules, fileStorage(config.storage)],
  hooks: { afterError: [constraintViolationsAreBadRequests] },
  editor: lexicalEditor(),
  db: postgresAdapter({
    // keepAlive: an idle connection (the job runner's lock) is not silently dropped by the network.
    pool: { connectionString: config.databaseUrl, keepAlive: true },
    // Schema changes are committed migrations only: push would skip our hand-written SQL.
    push: false,
    migrationDir: path.resolve(dirname, 'src/migrations'),
  }),
  email: nodemailerAdapter({
    defaultFromAddress: config.emailFrom.address,
    defaultFromName: config.emailFrom.name,
    skipVerify: true,
    transportOptions: {
      // A mail server that hangs fails the send (and the job retries) instead of holding the runner.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      host: config.smtp.host,
      port: config.smtp.port,
      secure: config.smtp.secure,
      auth: config.smtp.user ? { user: config.smtp.user, pass: config.smtp.password } : undefined,
    },
  }),
  jobs: {
    tasks: [runInvoiceRun, markOverdueInvoices, notifyCustomer, syncNetworkAccess, syncUsage, requestMandateTask, processNetcashPostbackTask, runDebitOrderRun, settleDebitOrderRun, renderInvoicePdf, sendPasswordResetEmail, purgeLoginRateLimits, purgeIdempotencyKeys],
    // Only the elected job runner runs jobs (src/jobs/runner.ts): Payload's own run and queue
    // routes would let a request run a job the runner is running. Staff and API keys start runs
    // through /api/admin/job-runs/:run/start, which queues them for the runner.
    access: { run: () => false, queue: () => false, cancel: () => false },
    deleteJobOnComplete: false,
  },
  // Types are generated on purpose (npm run generate:types), not as a side effect of every start:
  // the startup generator rewrites a source file mid-run and races our own init.
  typescript: { outputFile: path.resolve(dirname, 'src/payload-types.ts'), autoGenerate: false },
  // A cost limit that counts aliases, fragments and page sizes (src/endpoints/graphql/costLimit.ts).
  graphQL: { disablePlaygroundInProduction: true, mutations: (graphQL, payload) => ({ ...lifecycleMutations(graphQL, payload), ...billingActionMutations(graphQL, payload) }), validationRules: (args) => [queryCostRule(args)] },
  telemetry: false,
  debug: false,
  // One logger for every process, redacting every line (src/lib/logger.ts).
  logger: appLogger(config),
}))
