import { headersWithCors, type PayloadRequest } from 'payload'
import type { ZodType } from 'zod'

/**
 * Error bodies follow Payload's own shape (`{ errors: [{ message, ... }] }`) and add a stable
 * machine-readable `code`, so clients handle our endpoints and Payload's the same way.
 */
export type ApiProblem = { code: string; message: string; field?: string; [extra: string]: unknown }

export function problem(req: PayloadRequest, status: number, errors: ApiProblem[], headers?: HeadersInit): Response {
  return Response.json(
    { errors },
    { status, headers: headersWithCors({ headers: new Headers(headers), req }) },
  )
}

export function ok(req: PayloadRequest, body: unknown, init?: { status?: number; headers?: Headers }): Response {
  return Response.json(body, {
    status: init?.status ?? 200,
    headers: headersWithCors({ headers: init?.headers ?? new Headers(), req }),
  })
}

/** Parses a JSON body against a schema; a body that is not JSON or does not match is a 400 naming the fields. */
export async function parseBody<T>(
  req: PayloadRequest,
  schema: ZodType<T> | ((raw: Record<string, unknown>) => ZodType<T>),
): Promise<{ ok: true; data: T } | { ok: false; response: Response }> {
  let raw: unknown
  try {
    raw = req.json ? await req.json() : undefined
  } catch {
    return { ok: false, response: problem(req, 400, [{ code: 'INVALID_JSON', message: 'The request body is not valid JSON' }]) }
  }
  raw ??= {}
  // A schema chosen by the body's shape (e.g. by service or by price), so errors name the fields.
  const chosen = typeof schema === 'function' ? schema(raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {}) : schema
  const parsed = chosen.safeParse(raw)
  if (parsed.success) return { ok: true, data: parsed.data }
  return {
    ok: false,
    response: problem(
      req,
      400,
      parsed.error.issues.map((i) => ({
        code: 'VALIDATION_FAILED',
        field: i.path.join('.') || undefined,
        message: i.message,
      })),
    ),
  }
}
