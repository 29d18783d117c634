import { headersWithCors, type Endpoint, type SanitizedConfig } from 'payload'

import { ok } from '../http'
import { openApiDocumentFor, type OpenApiDocument } from './document'
import { DOCS_PAGE_CSP, renderDocsPage } from './docsPage'
import { DOCS_PAGE_PATH, OPENAPI_PATH } from './docsOperations'

// The document depends only on the code and the config: built once per config, on first request.
const documents = new WeakMap<SanitizedConfig, OpenApiDocument>()
const pages = new WeakMap<SanitizedConfig, string>()

function documentOf(config: SanitizedConfig): OpenApiDocument {
  let doc = documents.get(config)
  if (!doc) documents.set(config, (doc = openApiDocumentFor(config)))
  return doc
}

function pageOf(config: SanitizedConfig): string {
  let page = pages.get(config)
  if (!page) pages.set(config, (page = renderDocsPage(documentOf(config), { openapiJson: `${config.routes.api}${OPENAPI_PATH}` })))
  return page
}

/** `GET /api/openapi.json` and `GET /api/docs`: the custom API's description, public. */
export const openapiEndpoints: Endpoint[] = [
  {
    path: OPENAPI_PATH,
    method: 'get',
    handler: (req) => ok(req, documentOf(req.payload.config), { headers: new Headers({ 'Cache-Control': 'public, max-age=300' }) }),
  },
  {
    path: DOCS_PAGE_PATH,
    method: 'get',
    handler: (req) =>
      new Response(pageOf(req.payload.config), {
        headers: headersWithCors({
          headers: new Headers({ 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': DOCS_PAGE_CSP, 'Cache-Control': 'public, max-age=300' }),
          req,
        }),
      }),
  },
]
