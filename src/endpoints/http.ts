import { headersWithCors, type PayloadRequest } from 'payload'
import type { z, ZodType } from 'zod'

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
  return { ok: false, response: problem(req, 400, zodProblems(parsed.error)) }
}

/** zod's issues as our problems, one per field; an unknown key names itself (`UNKNOWN_FIELD`). */
export function zodProblems(error: z.ZodError): ApiProblem[] {
  return error.issues.flatMap((issue) => {
    const at = (path: PropertyKey[]) => path.map(String).join('.') || undefined
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ code: 'UNKNOWN_FIELD', field: at([...issue.path, key]), message: `${key} is not a field here` }))
    }
    return [{ code: 'VALIDATION_FAILED', field: at(issue.path), message: issue.message }]
  })
}
