import type { CollectionConfig } from 'payload'

import { anyOf, nobody, nobodyField } from '../../access/compose'
import { isSelfCustomer } from '../../access/customers'
import { isStaff, isStaffWriter, isStaffWriterField } from '../../access/staff'
import { sastDateOf, sastMidnight } from '../../domain/calendarDate'
import { ACCOUNT_STATUSES, ACCOUNT_TYPES, PROVINCES } from '../../domain/catalogue'
import { normaliseSaMobile, SA_MOBILE_PATTERN } from '../../domain/mobileNumber'
import { portalAuthEndpoints } from '../../endpoints/portal/auth'
import { portalSessionStrategy } from '../../endpoints/portal/session'
import { clearLoginThrottle, limitLoginRate } from '../../hooks/limitLoginRate'
import { forgotPasswordWithoutMail, queuePasswordResetEmail } from '../../hooks/passwordResetByJob'
import { verificationIsOff } from '../../endpoints/authEdges'
import { forgotPasswordEndpoint } from '../../endpoints/forgotPassword'
import { normaliseCustomerContact } from '../../hooks/normaliseCustomerContact'
import { recordCustomerChanges } from '../../hooks/recordAccountChanges'
import { openBillingAccount } from '../../hooks/openBillingAccount'
import { getConfig } from '../../lib/config'
import { nameForDisplay } from './nameForDisplay'
import { calendarDateField, statusField } from '../fields'

/** Fields only staff who may write can change; customers edit their contact details only. */
const staffManaged = { update: isStaffWriterField }

/**
 * Customer accounts, also the portal login. Customers sign in with their own cookie (see
 * `src/endpoints/portal/session.ts`) so a staff session and a customer session in one browser
 * never overwrite each other. The account number is assigned by the database on insert.
 */
export const Customers: CollectionConfig = {
  slug: 'customers',
  admin: {
    group: 'Customers',
    useAsTitle: 'displayName',
    defaultColumns: ['displayName', 'accountNumber', 'email', 'mobile', 'accountStatus', 'accountType', 'customerSince'],
    listSearchableFields: ['accountNumber', 'email', 'displayName', 'mobile'],
  },
  auth: {
    // No lockout: it lets anyone who knows an email lock its owner out. Logins are throttled
    // per address and per account instead (src/hooks/limitLoginRate.ts).
    maxLoginAttempts: 0,
    cookies: { secure: getConfig().secureCookies, sameSite: 'Lax' },
    strategies: [portalSessionStrategy],
  },
  endpoints: [...portalAuthEndpoints, verificationIsOff, forgotPasswordEndpoint('customers')],
  access: {
    read: anyOf(isStaff, isSelfCustomer),
    create: isStaffWriter,
    update: anyOf(isStaffWriter, isSelfCustomer),
    // Accounts are closed (accountStatus), never deleted: invoices and payments refer to them.
    delete: nobody,
  },
  hooks: {
    beforeOperation: [limitLoginRate, forgotPasswordWithoutMail],
    afterOperation: [queuePasswordResetEmail],
    afterLogin: [clearLoginThrottle],
    beforeValidate: [normaliseCustomerContact],
    beforeChange: [nameForDisplay],
    afterChange: [openBillingAccount, recordCustomerChanges],
  },
  fields: [
    // The billing overview and statement first (balance, services, invoices), the customer's details after.
    {
      name: 'billingOverview',
      type: 'ui',
      admin: { components: { Field: '/src/components/admin/lifecycle/CustomerBillingOverview#CustomerBillingOverview' } },
    },
    {
      name: 'statement',
      type: 'ui',
      admin: { condition: (data) => Boolean(data?.id), components: { Field: '/src/components/admin/billing/CustomerStatement#CustomerStatement' } },
    },
    {
      name: 'displayName',
      type: 'text',
      label: 'Customer',
      index: true,
      admin: { readOnly: true, description: 'Company name for business accounts, otherwise first and last name.' },
    },
    {
      name: 'accountNumber',
      type: 'text',
      unique: true,
      label: 'Account number',
      access: { create: nobodyField, update: nobodyField },
      admin: { readOnly: true, position: 'sidebar', description: 'CT-YYYY-NNNNN, assigned when the account is created.' },
    },
    statusField('accountStatus', ACCOUNT_STATUSES, { defaultValue: 'active', label: 'Account status', access: staffManaged, admin: { position: 'sidebar' } }),
    statusField('accountType', ACCOUNT_TYPES, { defaultValue: 'residential', label: 'Account type', access: staffManaged, admin: { position: 'sidebar' } }),
    { name: 'email', type: 'email', access: staffManaged },
    {
      type: 'row',
      fields: [
        { name: 'firstName', type: 'text', required: true, access: staffManaged },
        { name: 'lastName', type: 'text', required: true, access: staffManaged },
      ],
    },
    {
      name: 'companyName',
      type: 'text',
      access: staffManaged,
      admin: { condition: (data) => data?.accountType === 'business' },
      validate: (value: unknown, { siblingData }: { siblingData: { accountType?: string } }) =>
        siblingData?.accountType === 'business' && !value ? 'A business account needs a company name' : true,
    },
    {
      name: 'mobile',
      type: 'text',
      admin: { description: 'South African mobile number, e.g. 082 123 4567.', components: { Cell: '/src/components/admin/fields/MobileCell#MobileCell', Field: '/src/components/admin/fields/MobileField#MobileField' } },
      // The panel's form state validates what is typed (`082 123 4567`); a save validates after
      // normaliseCustomerContact stored it as `27…`. Both forms pass, nothing else does.
      validate: (value: unknown) =>
        value === null || value === undefined || value === '' || (typeof value === 'string' && (SA_MOBILE_PATTERN.test(value) || normaliseSaMobile(value) !== null))
          ? true
          : 'Enter a South African mobile number, e.g. 082 123 4567',
    },
    {
      name: 'idNumber',
      type: 'text',
      label: 'ID or registration number',
      access: staffManaged,
      admin: { description: 'SA ID number for residential accounts, company registration number for business.' },
    },
    {
      name: 'postalAddress',
      type: 'group',
      fields: [
        { name: 'line1', type: 'text', label: 'Address line 1' },
        { name: 'line2', type: 'text', label: 'Address line 2' },
        {
          type: 'row',
          fields: [
            { name: 'suburb', type: 'text' },
            { name: 'city', type: 'text' },
          ],
        },
        {
          type: 'row',
          fields: [
            { name: 'province', type: 'select', options: PROVINCES.map((p) => ({ label: p, value: p })) },
            {
              name: 'postalCode',
              type: 'text',
              validate: (value: unknown) =>
                value === null || value === undefined || value === '' || (typeof value === 'string' && /^\d{4}$/.test(value))
                  ? true
                  : 'A South African postal code has four digits',
            },
          ],
        },
      ],
    },
    calendarDateField('customerSince', {
      label: 'Customer since',
      defaultValue: () => sastMidnight(sastDateOf(new Date())),
      access: staffManaged,
      admin: { position: 'sidebar' },
    }),
    {
      // Record a payment or issue an ad-hoc invoice for this customer.
      name: 'paymentActions',
      type: 'ui',
      admin: { position: 'sidebar', condition: (data) => Boolean(data?.id), components: { Field: '/src/components/admin/billing/CustomerPaymentActions#CustomerPaymentActions' } },
    },
    {
      // Their payment methods: add, make primary, remove, show a debit order's bank details (audited).
      name: 'paymentMethods',
      type: 'ui',
      admin: { position: 'sidebar', condition: (data) => Boolean(data?.id), components: { Field: '/src/components/admin/paymentMethods/CustomerPaymentMethods#CustomerPaymentMethods' } },
    },
  ],
}
