import { describe, expect, it } from 'vitest'

import { clientIp } from '../../src/lib/clientIp'

describe('clientIp', () => {
  it.each([
    [{ 'x-forwarded-for': '203.0.113.5' }, 0, '203.0.113.5'],
    [{ 'x-forwarded-for': '::ffff:203.0.113.5' }, 0, '203.0.113.5'],
    // Behind one proxy that appends what it saw: the client is one from the right.
    [{ 'x-forwarded-for': '198.51.100.1, 203.0.113.5, 10.0.0.2' }, 1, '203.0.113.5'],
    // More hops configured than entries: the leftmost entry is the best we have.
    [{ 'x-forwarded-for': '203.0.113.5' }, 3, '203.0.113.5'],
    [{ 'x-real-ip': '203.0.113.9' }, 0, '203.0.113.9'],
    [{}, 0, undefined],
  ])('%j with %i trusted hops is %s', (headers, hops, expected) => {
    expect(clientIp(new Headers(headers), hops)).toBe(expected)
  })
})
