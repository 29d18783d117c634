/**
 * The client address a request came from, for per-IP limits.
 *
 * Our web front (scripts/web-server.mjs) works it out from the socket (and, with
 * TRUSTED_PROXY_HOPS, the proxies' X-Forwarded-For entries) and hands it over as `X-Client-Ip`,
 * overwriting whatever a client sent; it marks the process so that header is believed. Anywhere
 * else (a bare `next start`, a local API call with copied headers) nothing in the headers can be
 * trusted to be the client's own address, so there is none, and the caller falls back to a
 * shared bucket rather than to a value the client chose.
 */
export function clientIp(headers: Headers): string | undefined {
  const trustedHeader = process.env.ISP_CLIENT_IP_HEADER
  if (!trustedHeader) return undefined
  const value = headers.get(trustedHeader)?.trim()
  return value ? value : undefined
}

/**
 * The bucket an address counts in for per-address limits: an IPv4 address alone, an IPv6 address
 * by its /64 (one subscriber line or host usually holds a whole /64, so counting single IPv6
 * addresses would give each client billions of fresh ones).
 */
export function addressBucket(ip: string): string {
  if (!ip.includes(':')) return ip
  const [head, tail] = ip.split('%', 1)[0].toLowerCase().split('::') as [string, string | undefined]
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  // An embedded IPv4 tail (::ffff:1.2.3.4) is past the /64 and does not matter here.
  const groups = tail === undefined ? left : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
  return `${groups.slice(0, 4).map((g) => (g === '' ? '0' : g.replace(/^0+(?=.)/, ''))).join(':')}::/64`
}
