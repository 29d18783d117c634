import { z, type ZodType } from 'zod'

import { idParam } from '../../services/dashboard/contract'

export type HttpMethod = 'get' | 'post' | 'patch' | 'delete'

/**
 * The ways a caller can prove who it is (the document's security schemes). An operation lists the
 * ones it accepts; any one of them will do.
 */
export type Credential = 'portalCookie' | 'customerJwt' | 'staffCookie' | 'staffJwt' | 'staffApiKey'

export const CUSTOMER_PORTAL: Credential[] = ['portalCookie', 'customerJwt']
export const STAFF: Credential[] = ['staffCookie', 'staffJwt', 'staffApiKey']

export type ApiContent = { mediaType: string; schema: ZodType }

export type ApiResponse = {
  description: string
  /** The body. Left out: no body below 400, the one problem shape (`{ errors: [...] }`) from 400 on. */
  content?: ApiContent
  /** Response headers worth knowing, by name: what each says. */
  headers?: Record<string, string>
}

export type ApiParameter = { description: string; schema: ZodType; required?: boolean }

/**
 * One documented custom endpoint. The document is generated from these: the zod schemas here are
 * the ones the endpoint validates with (or, where it validates by hand, the same rules written as
 * zod), so the document follows the code.
 */
export type ApiOperation = {
  method: HttpMethod
  /** Under the API root (/api), as Payload mounts it: `/dashboard/services/:id`, `/customers/login`. */
  path: string
  tag: string
  summary: string
  description?: string
  /** The credentials accepted; empty: public. */
  security: Credential[]
  /** Signing in is optional: the operation also answers an anonymous caller. */
  securityOptional?: boolean
  /** Path parameters by name; a `:name` of the path not listed here is a row id. */
  pathParams?: Record<string, ApiParameter>
  /** A zod object: each of its keys is a query parameter. */
  query?: ZodType
  headers?: Record<string, ApiParameter>
  /** The request body; `mediaType` defaults to application/json (NetCash's postbacks are forms). */
  body?: { schema: ZodType; description?: string; mediaType?: string }
  responses: Record<number, ApiResponse>
}

export const json = (schema: ZodType): ApiContent => ({ mediaType: 'application/json', schema })

/** A row id in a path: the rule every id segment is checked with. */
export const rowIdParam: ApiParameter = {
  description: 'A row id: a positive whole number (at most 2147483647; a larger one is simply not found)',
  schema: idParam.shape.id,
  required: true,
}

export const PDF_FILE: ApiContent = {
  mediaType: 'application/pdf',
  schema: z.string().meta({ contentMediaType: 'application/pdf' }).describe('The invoice as a PDF file'),
}

/** `{ message }`, the acknowledgement several endpoints answer with. */
export const messageResponse = (message: string) => z.object({ message: z.string().describe(`"${message}"`) })

export const RETRY_AFTER = { 'Retry-After': 'Seconds to wait before trying again' }
