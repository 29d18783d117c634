/** The demo logins the README lists. Every demo account shares one password. */
export const DEMO_PASSWORD = 'demo-pass-1234'

export const DEMO_STAFF = [
  { email: 'admin@demo.test', name: 'Ayanda Admin', role: 'admin', permissions: [] },
  {
    email: 'billing@demo.test',
    name: 'Bongani Billing',
    role: 'billing',
    permissions: ['services_activate', 'services_suspend', 'services_cancel', 'billing_manage'],
  },
  { email: 'support@demo.test', name: 'Sipho Support', role: 'support', permissions: [] },
] as const

export const DEMO_CUSTOMERS = [
  { email: 'thandi@demo.test', firstName: 'Thandi', lastName: 'Nkosi' },
  { email: 'pieter@demo.test', firstName: 'Pieter', lastName: 'van der Merwe' },
] as const
