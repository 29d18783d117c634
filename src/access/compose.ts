import type { Access, AccessArgs, AccessResult } from 'payload'

/**
 * Grants access when any rule grants it. `true` wins outright; row-level `Where` results are
 * OR-ed together so that a customer rule and a staff rule can be combined on one collection.
 */
export const anyOf =
  (...rules: Access[]): Access =>
  async (args: AccessArgs) => {
    const wheres = []
    for (const rule of rules) {
      const result: AccessResult = await rule(args)
      if (result === true) return true
      if (result && typeof result === 'object') wheres.push(result)
    }
    if (wheres.length === 0) return false
    return wheres.length === 1 ? wheres[0] : { or: wheres }
  }

export const nobody: Access = () => false

export const nobodyField = () => false
