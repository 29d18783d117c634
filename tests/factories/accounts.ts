import type { Payload } from 'payload'

import type { StaffRole, Permission } from '../../src/domain/staffPermissions'

export const PASSWORD = 'correct-horse-battery-9'

let counter = 0
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++counter}@test.example`

export async function createStaff(payload: Payload, role: StaffRole, permissions: Permission[] = []) {
  const email = unique(role)
  const user = await payload.create({
    collection: 'users',
    data: { email, password: PASSWORD, name: `Test ${role}`, role, permissions },
  })
  return { ...user, email, password: PASSWORD }
}

export async function createCustomer(payload: Payload, names: { firstName?: string; lastName?: string } = {}) {
  const email = unique('customer')
  const customer = await payload.create({
    collection: 'customers',
    data: { email, password: PASSWORD, firstName: names.firstName ?? 'Test', lastName: names.lastName ?? 'Customer', accountStatus: 'active', accountType: 'residential' },
  })
  return { ...customer, email, password: PASSWORD }
}
