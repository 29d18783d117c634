/**
 * The client address a request came from, for per-IP limits.
 *
 * `next start` sets X-Forwarded-For to the socket address when the request carries none. Behind
 * `TRUSTED_PROXY_HOPS` reverse proxies that each append to X-Forwarded-For, the client is that
 * many entries from the right. With no proxy (hops = 0) the rightmost entry is used; a client can
 * then choose its own address, so production should run behind a proxy (see docs/architecture.md).
 */
export function clientIp(headers: Headers, trustedProxyHops: number): string | undefined {
  const forwarded = headers
    .get('x-forwarded-for')
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (forwarded && forwarded.length > 0) {
    const index = Math.max(0, forwarded.length - 1 - trustedProxyHops)
    return normalise(forwarded[index])
  }
  const real = headers.get('x-real-ip')?.trim()
  return real ? normalise(real) : undefined
}

function normalise(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice('::ffff:'.length) : ip
}
