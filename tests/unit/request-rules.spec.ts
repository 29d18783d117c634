import { describe, expect, it } from 'vitest'

import { dateProblem, numberTextProblems, withFieldRules } from '../../src/collections/fieldRules'
import { authBodyProblems, bodyKind, impossibleIdInPath, jsonValueProblems, LIMITS, queryProblems, readBodyProblems } from '../../src/endpoints/requestRules'
import { normaliseToSastMidnight } from '../../src/domain/calendarDate'

const codes = (method: string, qs: string) => queryProblems(method, new URLSearchParams(qs), qs.length).map((p) => `${p.field}:${p.code}`)

describe('query string rules', () => {
  it.each([
    ['GET', 'page=1&limit=10', []],
    ['GET', 'page=0', ['page:INVALID_PAGE']],
    ['GET', 'page=-1', ['page:INVALID_PAGE']],
    ['GET', 'page=1.5', ['page:INVALID_PAGE']],
    ['GET', 'limit=abc', ['limit:INVALID_LIMIT']],
    ['GET', 'limit=-5', ['limit:INVALID_LIMIT']],
    ['GET', 'limit=0', ['limit:INVALID_LIMIT']],
    ['GET', `limit=${LIMITS.pageSize + 1}`, ['limit:INVALID_LIMIT']],
    ['DELETE', 'limit=0&where[id][in]=1,2', []],
    ['GET', 'pagination=false', ['pagination:INVALID_LIMIT']],
    ['GET', 'depth=11', ['depth:INVALID_DEPTH']],
    ['GET', 'where[totalCents][near]=1,2', ['where[totalCents][near]:UNSUPPORTED_OPERATOR']],
    ['GET', 'where[email][equals]=a%00b', ['where[email][equals]:INVALID_TEXT']],
    ['GET', `${'where' + '[or][0]'.repeat(20)}[a][equals]=1`, [expect.stringMatching(/QUERY_TOO_DEEP$/)]],
    // Bracketed or repeated, a page parameter would reach Payload as an array, which it reads as 0.
    ['GET', 'limit[0]=0', ['limit:INVALID_QUERY']],
    ['GET', 'limit[]=', ['limit:INVALID_QUERY']],
    ['GET', 'page[]=1', ['page:INVALID_QUERY']],
    ['GET', 'depth[x]=1', ['depth:INVALID_QUERY']],
    ['GET', 'limit=5&limit=0', ['limit:INVALID_QUERY']],
    ['GET', 'pagination[]=false', ['pagination:INVALID_QUERY']],
    // A where written as JSON must parse, and meets the same rules as its bracketed spelling.
    ['GET', 'where={"status":{"equals":"paid"}}', []],
    ['GET', 'where={not json', ['where:INVALID_QUERY']],
    ['GET', 'where=[1,2]', ['where:INVALID_QUERY']],
    ['GET', 'where=5', ['where:INVALID_QUERY']],
    ['GET', 'where={"totalCents":{"near":"1,2"}}', ['where[totalCents][near]:UNSUPPORTED_OPERATOR']],
    ['GET', 'data={"a":"x\\u0000"}', ['data.a:INVALID_TEXT']],
  ])('%s ?%s', (method, qs, expected) => {
    expect(codes(method, qs)).toEqual(expected)
  })

  it('a body that asks to be read as a GET meets the read rules', () => {
    const of = (value: unknown) => readBodyProblems(value).map((p) => `${p.field}:${p.code}`)
    expect(of({ limit: 10, depth: 1, where: { status: { equals: 'paid' } } })).toEqual([])
    expect(of({ limit: 0 })).toEqual(['limit:INVALID_LIMIT'])
    expect(of({ pagination: false })).toEqual(['pagination:INVALID_LIMIT'])
    expect(of({ depth: 1000 })).toEqual(['depth:INVALID_DEPTH'])
    expect(of({ limit: [0] })).toEqual(['limit:INVALID_QUERY'])
    expect(of({ where: { a: { near: '1,2' } } })).toEqual(['where[a][near]:UNSUPPORTED_OPERATOR'])
    expect(of('limit=0')).toEqual(['undefined:BODY_NOT_OBJECT'])
  })

  it('refuses a query string past its size', () => {
    expect(queryProblems('GET', new URLSearchParams(''), LIMITS.queryStringBytes + 1)[0].code).toBe('QUERY_TOO_LONG')
  })
})

describe('body rules', () => {
  it.each([
    [null, 'BODY_NOT_OBJECT'],
    ['text', 'BODY_NOT_OBJECT'],
    [42, 'BODY_NOT_OBJECT'],
    [[1], 'BODY_NOT_OBJECT'],
    [{ a: 'x\u0000' }, 'INVALID_TEXT'],
    [{ ['k\u0000']: 1 }, 'INVALID_TEXT'],
    [JSON.parse('{"a":'.repeat(100) + '1' + '}'.repeat(100)), 'BODY_TOO_DEEP'],
  ])('%j is refused with %s', (value, code) => {
    expect(jsonValueProblems(value)[0].code).toBe(code)
  })

  it('names the field that holds the NUL byte', () => {
    expect(jsonValueProblems({ postalAddress: { line1: 'a\u0000' } })[0].field).toBe('postalAddress.line1')
  })

  it('accepts an ordinary document and knows JSON from multipart from the rest', () => {
    expect(jsonValueProblems({ firstName: 'Thandi', lines: [{ quantity: 1 }] })).toEqual([])
    expect([bodyKind('application/json; charset=utf-8'), bodyKind('multipart/form-data; boundary=x'), bodyKind('text/plain'), bodyKind(null)]).toEqual(['json', 'multipart', 'unsupported', 'unsupported'])
  })

  it('sign-in bodies hold their credentials as text', () => {
    expect(authBodyProblems('/api/customers/login', { email: { $ne: null }, password: 'x' }).map((p) => p.field)).toEqual(['email'])
    expect(authBodyProblems('/api/users/forgot-password', { email: ['a'] }).map((p) => p.field)).toEqual(['email'])
    expect(authBodyProblems('/api/customers', { email: { a: 1 } })).toEqual([])
  })

  it('a path number no row can have is recognised', () => {
    expect(['/api/customers/99999999999', '/api/customers/2147483648', '/api/customers/0'].map(impossibleIdInPath)).toEqual([true, true, true])
    expect(['/api/customers/2147483647', '/api/customers/me', '/api/admin/customers/12/billing'].map(impossibleIdInPath)).toEqual([false, false, false])
  })
})

describe('field rules', () => {
  it.each([
    ['2026-11-15', undefined],
    ['2026-11-14T22:00:00.000Z', undefined],
    ['2025-02-30', 'is not a real date (2025-02-30)'],
    ['2025-13-01', 'is not a real date (2025-13-01)'],
    ['9999-12-31', 'must be between 1900-01-01 and 2100-12-31'],
    ['not a date', 'must be a date'],
    [{ a: 1 }, 'must be a date'],
    ['', undefined],
  ])('the date %j: %s', (value, problem) => {
    expect(dateProblem(value)).toBe(problem)
  })

  it('a calendar date that does not exist is not rolled over to the next month', () => {
    expect(() => normaliseToSastMidnight('2025-02-30')).toThrow(RangeError)
    expect(normaliseToSastMidnight('2024-02-29')).toBe('2024-02-28T22:00:00.000Z')
  })

  it('wraps every field, nested ones too, around its own validation', () => {
    const own = () => 'own rule' as const
    const [name, group] = withFieldRules([
      { name: 'name', type: 'text', validate: own },
      { name: 'address', type: 'group', fields: [{ name: 'line1', type: 'text' }] },
    ]) as Array<{ validate: (v: unknown, o: unknown) => unknown; fields?: Array<{ validate: (v: unknown, o: unknown) => unknown }> }>
    expect(name.validate({ a: 1 }, {})).toBe('name must be text')
    expect(name.validate('Thandi', {})).toBe('own rule')
    expect(group.fields![0].validate('a\u0000b', {})).toBe('line1 cannot hold NUL bytes')
  })

  describe('number fields given text', () => {
    const fields = [
      { name: 'priceCents', type: 'number', label: 'Price' },
      { name: 'days', type: 'number', hasMany: true },
      { name: 'terms', type: 'group', fields: [{ name: 'feeCents', type: 'number', label: 'Fee' }] },
      { type: 'row', fields: [{ name: 'capGb', type: 'number' }] },
      { name: 'lines', type: 'array', fields: [{ name: 'amountCents', type: 'number', label: 'Amount' }] },
      { type: 'tabs', tabs: [{ name: 'extra', fields: [{ name: 'depositCents', type: 'number' }] }, { label: 'Plain', fields: [{ name: 'rate', type: 'number' }] }] },
    ] as never
    it.each([
      ['1 234,56', ['priceCents']],
      ['12abc', ['priceCents']],
      ['1e3', ['priceCents']],
      ['not rand: 1,5,5', ['priceCents']],
      ['12', []],
      [' 3.5 ', []],
      ['-40', []],
      ['', []],
      [12, []],
      [null, []],
    ])('the price %j: %j', (value, paths) => {
      expect(numberTextProblems(fields, { priceCents: value }).map((p) => p.path)).toEqual(paths)
    })
    it('finds text in groups, rows, arrays, named and unnamed tabs, and hasMany lists, by path', () => {
      const problems = numberTextProblems(fields, {
        days: [1, '2x'],
        terms: { feeCents: '1 000' },
        capGb: 'lots',
        lines: [{ amountCents: 100 }, { amountCents: '99,9' }],
        extra: { depositCents: 'R 50' },
        rate: '15%',
      })
      expect(problems.map((p) => p.path)).toEqual(['days', 'terms.feeCents', 'capGb', 'lines.1.amountCents', 'extra.depositCents', 'rate'])
      expect(problems[1].message).toBe('Fee must be a number')
    })
    it('leaves data that is not an object to the other rules', () => {
      expect(numberTextProblems(fields, null)).toEqual([])
      expect(numberTextProblems(fields, [{ priceCents: 'x' }])).toEqual([])
      expect(numberTextProblems(fields, { terms: 'x', lines: 'y' })).toEqual([])
    })
  })
})
