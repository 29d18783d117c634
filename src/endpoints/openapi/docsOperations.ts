import { z } from 'zod'

import { json, type ApiOperation } from './operation'

export const DOCS_TAG = 'API documentation'

export const OPENAPI_PATH = '/openapi.json'
export const DOCS_PAGE_PATH = '/docs'

const openApiDocument = z
  .object({ openapi: z.string().describe('"3.1.0"'), info: z.object({ title: z.string(), version: z.string() }).loose(), paths: z.record(z.string(), z.unknown()) })
  .loose()
  .describe('An OpenAPI 3.1 document')

/** The two routes of src/endpoints/openapi/index.ts: this document and its page. */
export const docsOperations: ApiOperation[] = [
  {
    method: 'get',
    path: OPENAPI_PATH,
    tag: DOCS_TAG,
    summary: 'This API description, as OpenAPI 3.1',
    description: "Every custom endpoint of the app, generated from the zod schemas the endpoints validate with. Payload's generated REST and GraphQL APIs are described by Payload's own documentation.",
    security: [],
    responses: { 200: { description: 'The document', content: json(openApiDocument) } },
  },
  {
    method: 'get',
    path: DOCS_PAGE_PATH,
    tag: DOCS_TAG,
    summary: 'This API description, as a page to read',
    description: 'The same document rendered as one self-contained HTML page: no scripts, no external resources.',
    security: [],
    responses: { 200: { description: 'The page', content: { mediaType: 'text/html', schema: z.string() } } },
  },
]
