import { BENCH_ADMIN_EMAIL, BENCH_PASSWORD } from './dataset'

/**
 * Signs customers in through the portal's own login (`POST /api/dashboard/login`), as the portal
 * does, and returns their Payload JWTs for `Authorization: JWT <token>`.
 *
 * Each login comes from its own client address (the benchmark server trusts one proxy hop, so
 * `X-Forwarded-For` is the address), and the server runs with a high per-address limit: the login
 * protection is not what these benchmarks measure.
 */
export async function signInCustomers(
  baseUrl: string,
  customers: Array<{ email: string }>,
  password: string,
  opts: { concurrency?: number } = {},
): Promise<string[]> {
  const tokens: string[] = new Array(customers.length)
  let next = 0
  const worker = async () => {
    for (let i = next++; i < customers.length; i = next++) tokens[i] = await signIn(baseUrl, customers[i].email, password, i)
  }
  // Each login is a 600,000-round PBKDF2 on the server: two at a time keeps both cores busy.
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 2, customers.length) }, worker))
  return tokens
}

async function signIn(baseUrl: string, email: string, password: string, n: number): Promise<string> {
  const res = await fetch(`${baseUrl}/api/dashboard/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` },
    body: JSON.stringify({ email, password }),
  })
  const body = (await res.json().catch(() => ({}))) as { token?: string; errors?: Array<{ code?: string; message?: string }> }
  if (res.status !== 200 || !body.token) {
    const why = body.errors?.map((e) => `${e.code ?? ''} ${e.message ?? ''}`.trim()).join('; ') ?? ''
    throw new Error(
      `signing in customer #${n + 1} failed: HTTP ${res.status} ${why}. If every login fails, the data set's password hash no longer matches Payload's format (scripts/bench/dataset.ts benchPasswordHash).`,
    )
  }
  return body.token
}

/**
 * Signs in as the data set's admin (the staff login), returning the JWT. `forwardedFor` is the
 * address the login counts against (each benchmark its own; see the README on login limits).
 */
export async function signInStaff(baseUrl: string, forwardedFor: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ email: BENCH_ADMIN_EMAIL, password: BENCH_PASSWORD }),
  })
  const body = (await res.json().catch(() => ({}))) as { token?: string }
  if (res.status !== 200 || !body.token) throw new Error(`signing in as ${BENCH_ADMIN_EMAIL} failed: HTTP ${res.status}`)
  return body.token
}
