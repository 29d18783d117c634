import { afterEach, describe, expect, it } from 'vitest'

import { clientAddress } from '../../scripts/web-server.mjs'
import { clientIp } from '../../src/lib/clientIp'

describe('the client address the web front hands to the app', () => {
  it.each([
    // No proxy trusted: the socket, whatever X-Forwarded-For claims.
    ['127.0.0.1', undefined, 0, '127.0.0.1'],
    ['127.0.0.1', '203.0.113.5', 0, '127.0.0.1'],
    ['127.0.0.1', '203.0.113.5, 198.51.100.7', 0, '127.0.0.1'],
    ['::ffff:192.0.2.10', 'not-an-ip', 0, '192.0.2.10'],
    // One proxy (it connects to us and appends what it saw): the entry it appended.
    ['10.0.0.2', '198.51.100.1, 203.0.113.5', 1, '203.0.113.5'],
    // Two proxies: the client-written leftmost entries are still never used.
    ['10.0.0.3', '6.6.6.6, 203.0.113.5, 10.0.0.2', 2, '203.0.113.5'],
    // More hops configured than there are entries: the leftmost is the best there is.
    ['10.0.0.2', '203.0.113.5', 3, '203.0.113.5'],
  ])('socket %s, X-Forwarded-For %s, %i trusted hops: %s', (socket, forwarded, hops, expected) => {
    expect(clientAddress(socket, forwarded, hops)).toBe(expected)
  })
})

describe('clientIp', () => {
  afterEach(() => {
    delete process.env.ISP_CLIENT_IP_HEADER
  })

  it('believes X-Client-Ip only in a process served by the web front', () => {
    const headers = new Headers({ 'x-client-ip': '203.0.113.5', 'x-forwarded-for': '198.51.100.1' })
    expect(clientIp(headers)).toBeUndefined()
    process.env.ISP_CLIENT_IP_HEADER = 'x-client-ip'
    expect(clientIp(headers)).toBe('203.0.113.5')
    expect(clientIp(new Headers({ 'x-forwarded-for': '198.51.100.1' }))).toBeUndefined()
  })
})
