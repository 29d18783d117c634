/**
 * The web server: Next (with Payload inside) behind a thin Node HTTP front that does the two things
 * only the socket can know or every response needs.
 *
 *  1. The client's address. `next start` keeps a client-sent `X-Forwarded-For` as it is and drops
 *     the socket address, so a per-IP limit would count whatever the client wrote. Here the address
 *     is the socket's, unless TRUSTED_PROXY_HOPS says how many reverse proxies (each appending to
 *     X-Forwarded-For) stand in front: then it is that many entries to the left of the socket.
 *     It reaches the app as `X-Client-Ip`, which this front always overwrites.
 *  2. Security headers on every response (admin, portal, API, static files).
 *
 * Plain JavaScript on purpose: it loads nothing of ours, so it starts without the TypeScript
 * loader. Usage: node scripts/web-server.mjs [--dev] [-p PORT]
 */
import http from 'node:http'
import path from 'node:path'

import next from 'next'

const argv = process.argv.slice(2)
const dev = argv.includes('--dev')
const portArg = argv.indexOf('-p')
const port = Number(portArg >= 0 ? argv[portArg + 1] : (process.env.PORT ?? 3000))
const hops = Math.max(0, Number.parseInt(process.env.TRUSTED_PROXY_HOPS ?? '0', 10) || 0)
const https = (process.env.SERVER_URL ?? '').startsWith('https:')
const root = path.resolve(import.meta.dirname, '..')

export function clientAddress(socketAddress, forwardedFor, trustedHops) {
  const chain = (forwardedFor ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  chain.push(socketAddress ?? '')
  const address = chain[Math.max(0, chain.length - 1 - trustedHops)]
  return address.startsWith('::ffff:') ? address.slice(7) : address
}

/** Pay Now on an invoice posts the browser to NetCash's page (or the simulator's): the one other form target. */
const payNowOrigin = (() => {
  try {
    return new URL(process.env.NETCASH_PAYNOW_URL || 'https://paynow.netcash.co.za/site/paynow.aspx').origin
  } catch {
    return 'https://paynow.netcash.co.za'
  }
})()

const portalPolicy = [
  "default-src 'self'",
  // Next inlines its bootstrap scripts; dev mode also evaluates code for hot reload.
  `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ''}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
  "frame-ancestors 'none'",
  "base-uri 'self'",
  `form-action 'self' ${payNowOrigin}`,
  "object-src 'none'",
].join('; ')

function setSecurityHeaders(req, res) {
  res.setHeader('X-Frame-Options', 'DENY')
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin')
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()')
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
  const pathname = (req.url ?? '/').split('?', 1)[0]
  res.setHeader('Content-Security-Policy', pathname === '/portal' || pathname.startsWith('/portal/') ? portalPolicy : "frame-ancestors 'none'; base-uri 'self'; object-src 'none'")
  if (https) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains')
}

async function main() {
  // Tells the app (same process) that `X-Client-Ip` is set by this front, never by a client.
  process.env.ISP_CLIENT_IP_HEADER = 'x-client-ip'
  const app = next({ dev, dir: root, port, hostname: 'localhost' })
  const handle = app.getRequestHandler()
  await app.prepare()
  const server = http.createServer((req, res) => {
    req.headers['x-client-ip'] = clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], hops)
    // The page a browser asked for, so a portal page whose session has expired can send the
    // customer back to it after signing in (always ours: a client's own value is overwritten).
    req.headers['x-portal-path'] = req.url ?? '/'
    setSecurityHeaders(req, res)
    handle(req, res).catch((err) => {
      // Next answers its own errors; this is only a last line for one thrown past it.
      console.error(JSON.stringify({ level: 'error', msg: 'request failed in the web front', err: String(err?.name ?? 'Error') }))
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' })
      res.end('{"errors":[{"code":"INTERNAL","message":"Something went wrong"}]}')
    })
  })
  server.listen(port, () => console.log(JSON.stringify({ level: 'info', msg: `web server listening on port ${port}`, dev, trustedProxyHops: hops })))
  const stop = () => {
    server.close()
    // Payload's database pool keeps the event loop alive: give open requests a moment, then go.
    setTimeout(() => process.exit(0), 5_000).unref()
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main().catch((err) => {
    console.error(err)
    process.exit(1)
  })
}
