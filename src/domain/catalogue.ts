/** The value sets of the data model, shared by collections, services and tests. */

export const ACCOUNT_STATUSES = ['active', 'suspended', 'closed'] as const
export const ACCOUNT_TYPES = ['residential', 'business'] as const
export type AccountType = (typeof ACCOUNT_TYPES)[number]

export const SERVICE_TYPES = ['fibre', 'lte', 'wireless'] as const
export const SERVICE_STATUSES = ['pending', 'active', 'suspended', 'cancelled'] as const
export type ServiceStatus = (typeof SERVICE_STATUSES)[number]
/** A service bills on one of these days of the month (the 30th in February is its last day). */
export const BILLING_DAYS = [1, 5, 25, 30] as const
export type BillingDay = (typeof BILLING_DAYS)[number]

export const INVOICE_KINDS = ['pro_rata', 'recurring', 'installation', 'final', 'adhoc', 'credit_note'] as const
export const INVOICE_STATUSES = ['draft', 'unpaid', 'partially_paid', 'paid', 'overdue', 'void'] as const
/** Issued and not settled: what the customer still owes on. */
export const OPEN_INVOICE_STATUSES = ['unpaid', 'partially_paid', 'overdue'] as const
export const INVOICE_LINE_KINDS = ['service', 'pro_rata', 'installation', 'equipment', 'credit', 'adjustment', 'other'] as const

export const PAYMENT_METHOD_TYPES = ['debit_order', 'card', 'eft'] as const
export const MANDATE_STATUSES = ['pending', 'active', 'declined', 'cancelled'] as const

/** NetCash's postbacks as we store them: mandate results and Pay Now notifies, each processed once. */
export const NETCASH_POSTBACK_KINDS = ['mandate', 'paynow'] as const
export const NETCASH_POSTBACK_STATUSES = ['received', 'processed', 'ignored'] as const
/** A customer's Pay Now attempt: started (sent to NetCash), then paid or declined once. */
export const PAY_NOW_STATUSES = ['started', 'paid', 'declined'] as const

/**
 * A debit-order batch file: `preparing` (its debits written, not yet sent: safe to send), `uploaded`
 * (NetCash has it, the load report not read yet), `uncertain` (sent, but whether NetCash received it
 * is not known: never re-sent blindly; staff check at NetCash), `loaded` (the report read: debits
 * not rejected go to the bank on the action date), `rejected` (NetCash refused the whole file).
 */
export const DEBIT_BATCH_STATUSES = ['preparing', 'uploaded', 'uncertain', 'loaded', 'rejected'] as const

/** How money reached us when a clerk records it. */
export const PAYMENT_CHANNELS = ['eft', 'cash', 'card_terminal'] as const
/** What the billing action log records (src/collections/BillingActions). */
export const BILLING_ACTIONS = [
  'record_payment',
  'refund',
  'void_invoice',
  'credit_note',
  'adhoc_invoice',
  'resend_invoice',
  'add_payment_method',
  'set_primary_payment_method',
  'remove_payment_method',
  'reveal_payment_details',
  'represent_debit',
  'debit_follow_up',
] as const

/** A payment-transactions row is money in (a payment) or money back out to the customer (a refund of account credit). */
export const TRANSACTION_KINDS = ['payment', 'refund'] as const

export const TRANSACTION_STATUSES = ['pending', 'submitted', 'completed', 'failed', 'returned', 'refunded'] as const

export const USAGE_SOURCES = ['interstellio', 'manual'] as const
/** Whether the network has been told what the service's status says: enabled while active, disabled when suspended or cancelled. */
export const NETWORK_STATES = ['pending', 'enabled', 'disabled', 'failed'] as const
export const USAGE_WARNING_THRESHOLDS = ['80', '95'] as const

export const SERVICE_ACTIONS = ['create', 'activate', 'suspend', 'reactivate', 'cancel', 'update', 'note'] as const
export const SUSPENSION_TYPES = ['non_payment', 'customer_request', 'technical'] as const

export const JOB_RUN_STATUSES = ['running', 'succeeded', 'partially_failed', 'failed'] as const
/** What started a run: its schedule, a staff member in the panel or API, or an integration's API key. */
export const JOB_RUN_TRIGGERS = ['schedule', 'staff', 'api_key', 'startup'] as const

export const NOTIFICATION_CHANNELS = ['sms', 'email'] as const
export const NOTIFICATION_STATUSES = ['queued', 'sent', 'delivered', 'failed'] as const

/** Why a record is in the review queue (the legacy orders migration's codes, docs/migration.md). */
export const VALIDATION_ERROR_CODES = ['ORPHAN', 'AMBIGUOUS', 'UNKNOWN_STATUS', 'NO_EMAIL', 'BAD_EMAIL', 'DUPLICATE', 'INVALID_PRICE', 'NUMBER_TAKEN', 'NO_NUMBER'] as const

/** Each problem as the review queue names it. */
export const VALIDATION_ERROR_LABELS: Record<(typeof VALIDATION_ERROR_CODES)[number], string> = {
  ORPHAN: 'No customer with the email',
  AMBIGUOUS: 'Two or more customers with the email',
  UNKNOWN_STATUS: 'Status not understood',
  NO_EMAIL: 'No email',
  BAD_EMAIL: 'Not an email',
  DUPLICATE: 'Duplicate order number',
  INVALID_PRICE: 'Price not valid',
  NUMBER_TAKEN: 'Order number already used',
  NO_NUMBER: 'No order number',
}

export const ORDER_STATUSES = ['pending', 'confirmed', 'scheduled', 'installed', 'cancelled'] as const
/** Orders still on their way to an installation. */
export const OPEN_ORDER_STATUSES = ['pending', 'confirmed', 'scheduled'] as const

export const PROVINCES = [
  'Eastern Cape',
  'Free State',
  'Gauteng',
  'KwaZulu-Natal',
  'Limpopo',
  'Mpumalanga',
  'North West',
  'Northern Cape',
  'Western Cape',
] as const

/** Where an account change was made (the account change log). */
export const ACCOUNT_CHANGE_SOURCES = ['portal', 'admin', 'api', 'system'] as const
/** The request-context key an operation sets to name the path its changes were made on. */
export const ACCOUNT_CHANGE_SOURCE = 'accountChangeSource'
