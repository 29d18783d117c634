import { afterEach, describe, expect, it } from 'vitest'

import { clientAddress } from '../../scripts/web-server.mjs'
import { addressBucket, clientIp } from '../../src/lib/clientIp'

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

describe('the bucket an address counts in', () => {
  it.each([
    ['203.0.113.5', '203.0.113.5'],
    ['2001:db8:85a3:0000:0000:8a2e:0370:7334', '2001:db8:85a3:0::/64'],
    ['2001:db8:85a3::8a2e:370:7334', '2001:db8:85a3:0::/64'],
    ['2001:DB8:85A3:0:ffff::1', '2001:db8:85a3:0::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
  ])('%s counts as %s', (ip, bucket) => {
    expect(addressBucket(ip)).toBe(bucket)
  })
})
