import type { PayloadRequest, Where } from 'payload'
import { describe, expect, it } from 'vitest'

import { anyOf } from '../../src/access/compose'
import { isSelfCustomer } from '../../src/access/customers'
import { hasPermission, isAdmin, isStaff, isStaffWriter } from '../../src/access/staff'
import { PERMISSIONS } from '../../src/domain/staffPermissions'

const req = (user: Record<string, unknown> | null) => ({ user }) as unknown as PayloadRequest
const staff = (role: string, permissions: string[] = []) => req({ id: 7, collection: 'users', role, permissions })
const customer = req({ id: 42, collection: 'customers' })
const anonymous = req(null)
// A customer document that happens to carry a `role` must never pass as staff.
const customerWithRole = req({ id: 43, collection: 'customers', role: 'admin' })

const requesters = {
  anonymous,
  customer,
  customerWithRole,
  support: staff('support', [...PERMISSIONS]),
  billing: staff('billing', ['billing_manage']),
  admin: staff('admin'),
}

describe('access helpers: the role matrix', () => {
  it.each([
    // requester, isStaff, isStaffWriter, isAdmin
    ['anonymous', false, false, false],
    ['customer', false, false, false],
    ['customerWithRole', false, false, false],
    ['support', true, false, false],
    ['billing', true, true, false],
    ['admin', true, true, true],
  ] as const)('%s: staff=%s writer=%s admin=%s', (who, staffOk, writerOk, adminOk) => {
    const r = requesters[who]
    expect(isStaff({ req: r })).toBe(staffOk)
    expect(isStaffWriter({ req: r })).toBe(writerOk)
    expect(isAdmin({ req: r })).toBe(adminOk)
  })
})

describe('access helpers: the permission matrix', () => {
  const cases = Object.entries(requesters).flatMap(([who, r]) =>
    PERMISSIONS.map((p) => {
      const expected = who === 'admin' || (who === 'billing' && p === 'billing_manage')
      return [who, p, r, expected] as const
    }),
  )
  it.each(cases)('%s holds %s: %s', (_who, permission, r, expected) => {
    expect(hasPermission(permission)({ req: r })).toBe(expected)
  })
})

describe('row-level rules', () => {
  it('a customer is limited to their own record; others get nothing', () => {
    expect(isSelfCustomer({ req: customer })).toEqual({ id: { equals: 42 } })
    expect(isSelfCustomer({ req: anonymous })).toBe(false)
    expect(isSelfCustomer({ req: requesters.admin })).toBe(false)
  })

  it('anyOf: true wins, Where results are OR-ed, all false is false', async () => {
    const a = () => ({ a: { equals: 1 } }) as Where
    const b = () => ({ b: { equals: 2 } }) as Where
    const args = { req: anonymous }
    expect(await anyOf(() => false, () => true, a)(args)).toBe(true)
    expect(await anyOf(() => false, a)(args)).toEqual({ a: { equals: 1 } })
    expect(await anyOf(a, b)(args)).toEqual({ or: [{ a: { equals: 1 } }, { b: { equals: 2 } }] })
    expect(await anyOf(() => false, () => false)(args)).toBe(false)
  })
})
