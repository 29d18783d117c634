import { describe, expect, it } from 'vitest'

import { canWrite, effectivePermissions, holdsPermission, PERMISSIONS } from '../../src/domain/staffPermissions'

describe('effective staff permissions', () => {
  it.each([
    // role, stored permissions, expected effective permissions
    ['admin', [], [...PERMISSIONS]],
    ['admin', ['billing_manage'], [...PERMISSIONS]],
    ['billing', [], []],
    ['billing', ['billing_manage'], ['billing_manage']],
    ['billing', ['services_activate', 'services_cancel'], ['services_activate', 'services_cancel']],
    ['billing', ['billing_manage', 'not-a-permission'], ['billing_manage']],
    ['support', [...PERMISSIONS], []],
    ['support', [], []],
    ['intruder', [...PERMISSIONS], []],
  ])('%s holding %j acts with %j', (role, stored, expected) => {
    expect([...effectivePermissions({ role, permissions: stored })].sort()).toEqual([...expected].sort())
  })

  it('only admin and billing staff may write', () => {
    expect(canWrite({ role: 'admin' })).toBe(true)
    expect(canWrite({ role: 'billing' })).toBe(true)
    expect(canWrite({ role: 'support' })).toBe(false)
    expect(canWrite({ role: undefined })).toBe(false)
  })

  it('holdsPermission agrees with the effective set for every role and permission', () => {
    for (const role of ['admin', 'billing', 'support']) {
      for (const p of PERMISSIONS) {
        const staff = { role, permissions: ['services_suspend'] }
        expect(holdsPermission(staff, p)).toBe(effectivePermissions(staff).has(p))
      }
    }
  })
})
