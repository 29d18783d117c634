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
