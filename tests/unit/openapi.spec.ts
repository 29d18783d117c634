import { createHash } from 'node:crypto'

import { compileErrors, validate } from '@readme/openapi-parser'
import { buildConfig, type Endpoint, type PayloadRequest, type SanitizedConfig } from 'payload'
import { beforeAll, describe, expect, it } from 'vitest'
import { z, type ZodObject, type ZodType } from 'zod'

import { DASHBOARD_ROUTES } from '../../src/endpoints/dashboard'
import { openapiEndpoints } from '../../src/endpoints/openapi'
import { openApiDocumentFor, openApiPath, type OpenApiDocument, type OpenApiOperation } from '../../src/endpoints/openapi/document'
import { DOCS_PAGE_CSP, renderDocsPage } from '../../src/endpoints/openapi/docsPage'

/**
 * The API document against the app itself: built in-process from the real (sanitized) config, no
 * database. The custom endpoints are whatever the config and its collections declare that Payload
 * did not add: Payload's own are recognised by their handlers, taken from a reference config that
 * has every feature that brings endpoints (auth with API keys, uploads, versions, a global, jobs
 * with a schedule). A feature added to the app's config that brings more belongs there too.
 */

type Route = { method: string; path: string; handler: unknown }

const endpointsOf = (config: SanitizedConfig): Route[] => {
  const list = (endpoints: Endpoint[] | false | undefined, prefix: string) =>
    (Array.isArray(endpoints) ? endpoints : []).map((e) => ({ method: e.method, path: `${config.routes.api}${prefix}${e.path}`, handler: e.handler }))
  return [
    ...list(config.endpoints, ''),
    ...config.collections.flatMap((c) => list(c.endpoints, `/${c.slug}`)),
    ...config.globals.flatMap((g) => list(g.endpoints, `/globals/${g.slug}`)),
  ]
}

async function payloadsOwnHandlers(config: SanitizedConfig): Promise<Set<unknown>> {
  const reference = await buildConfig({
    secret: 'reference-config-secret-0123456789abcdef',
    db: config.db,
    collections: [
      { slug: 'reference-auth', auth: { useAPIKey: true }, fields: [] },
      { slug: 'reference-upload', upload: true, fields: [] },
      { slug: 'reference-plain', versions: { drafts: true }, fields: [] },
    ],
    globals: [{ slug: 'reference-global', versions: { drafts: true }, fields: [] }],
    jobs: { tasks: [{ slug: 'reference-task', schedule: [{ cron: '0 * * * *', queue: 'reference' }], handler: async () => ({ output: {} }) }] },
  })
  return new Set(endpointsOf(reference).map((e) => e.handler))
}

/** The validator's own document type is stricter than JSON Schema 2020-12; it checks the real thing. */
const asInput = (document: unknown) => structuredClone(document) as Parameters<typeof validate>[0]

const key = (method: string, path: string) => `${method.toUpperCase()} ${openApiPath(path)}`

const documented = (doc: OpenApiDocument) =>
  Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ method, path, op: op as OpenApiOperation })))

/** zod's JSON Schema as the document carries it: the dialect is the document's, not repeated. */
const zodJsonSchema = (schema: ZodType, io: 'input' | 'output') => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' })
  return rest
}

let config: SanitizedConfig
let doc: OpenApiDocument
let custom: Route[]

beforeAll(async () => {
  config = await (await import('../../payload.config')).default
  doc = openApiDocumentFor(config)
  const payloads = await payloadsOwnHandlers(config)
  custom = endpointsOf(config).filter((e) => !payloads.has(e.handler))
}, 120_000)

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1', async () => {
    expect(doc.openapi).toBe('3.1.0')
    const result = await validate(asInput(doc))
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true)
    expect(result.warnings).toEqual([])
  })

  it('is refused by the validator when broken (the check can fail)', async () => {
    const broken = structuredClone(doc) as unknown as { paths: Record<string, Record<string, { responses?: unknown; parameters?: unknown[] }>> }
    delete broken.paths['/api/dashboard/services/{id}'].get.responses
    broken.paths['/api/dashboard/services/{id}'].get.parameters = []
    expect((await validate(asInput(broken))).valid).toBe(false)
  })

  it('documents every custom endpoint of the app, and nothing else', () => {
    const real = custom.map((e) => key(e.method, e.path)).sort()
    const described = documented(doc).map((d) => key(d.method, d.path)).sort()
    expect(described.filter((k) => !real.includes(k)), 'documented, but no such endpoint is mounted').toEqual([])
    expect(real.filter((k) => !described.includes(k)), 'mounted, but not documented').toEqual([])
    expect(new Set(real).size, 'the same method and path mounted twice').toBe(real.length)
  })

  it('is served by endpoints the config mounts', () => {
    const mounted = new Set((config.endpoints || []).map((e) => e.handler))
    expect(openapiEndpoints.filter((e) => !mounted.has(e.handler)).map((e) => `${e.method} ${e.path}`), 'add ...openapiEndpoints to payload.config.ts').toEqual([])
  })

  it('mounts no config endpoint under a collection slug, where Payload would never route it', () => {
    const slugs = new Set<string>(config.collections.map((c) => c.slug))
    const shadowed = (config.endpoints || []).filter((e) => slugs.has(e.path.split('/')[1]))
    expect(shadowed.map((e) => `${e.method} ${e.path}`)).toEqual([])
  })

  it('names the credentials it accepts, and a public operation none', () => {
    const schemes = Object.keys(doc.components.securitySchemes)
    for (const { op } of documented(doc)) {
      for (const requirement of op.security) for (const name of Object.keys(requirement)) expect(schemes).toContain(name)
    }
    expect(doc.components.securitySchemes.portalCookie).toMatchObject({ in: 'cookie', name: 'isp-portal-token' })
    expect(doc.components.securitySchemes.staffCookie).toMatchObject({ in: 'cookie', name: `${config.cookiePrefix}-token` })
    const users = config.collections.find((c) => c.slug === 'users')
    expect(Boolean(doc.components.securitySchemes.staffApiKey)).toBe(Boolean(users?.auth && users.auth.useAPIKey))
    expect(doc.paths['/api/openapi.json'].get?.security).toEqual([])
    expect(doc.paths['/api/docs'].get?.security).toEqual([])
  })
})

describe.each(DASHBOARD_ROUTES.map((route) => [`${route.method.toUpperCase()} ${route.path}`, route] as const))('dashboard route %s', (_name, route) => {
  const op = () => doc.paths[openApiPath(`/api${route.path}`)]?.[route.method] as OpenApiOperation

  it('is documented with its summary, under the portal credentials', () => {
    expect(op()).toBeDefined()
    expect(op().summary).toBe(route.summary)
    expect(op().security).toEqual([{ portalCookie: [] }, { customerJwt: [] }])
  })

  it('has exactly the query parameters of its query schema', () => {
    const query = (op().parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name).sort()
    expect(query).toEqual(route.query ? Object.keys((route.query as unknown as ZodObject).shape).sort() : [])
  })

  it('takes the body of its body schema', () => {
    const body = op().requestBody?.content['application/json']?.schema
    expect(body).toEqual(route.body ? zodJsonSchema(route.body, 'input') : undefined)
  })

  it('answers with its response schema', () => {
    const success = op().responses[String(route.successStatus ?? 200)]
    expect(success?.content?.[route.produces ?? 'application/json']?.schema).toEqual(zodJsonSchema(route.response, 'output'))
  })

  it('lists the refusals every route can give, and its own', () => {
    const statuses = Object.keys(op().responses).map(Number)
    expect(statuses).toEqual(expect.arrayContaining([400, 401, 403, ...(route.body ? [415] : []), ...(route.errors ?? [])]))
    for (const status of statuses.filter((s) => s >= 400)) {
      expect(op().responses[status].content?.['application/json']?.schema).toEqual({ $ref: '#/components/schemas/Problem' })
    }
  })
})

describe('the documentation page', () => {
  const request = () => ({ payload: { config }, headers: new Headers() }) as unknown as PayloadRequest
  const route = (path: string) => openapiEndpoints.find((e) => e.path === path) as Endpoint

  it('GET /api/openapi.json answers with the document', async () => {
    const response = await route('/openapi.json').handler(request())
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('application/json')
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(doc)))
  })

  it('GET /api/docs answers with a self-contained page whose only style its CSP allows', async () => {
    const response = await route('/docs').handler(request())
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const csp = response.headers.get('content-security-policy') ?? ''
    expect(csp).toBe(DOCS_PAGE_CSP)
    const html = await response.text()
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1])
    expect(styles).toHaveLength(1)
    expect(csp).toContain(`'sha256-${createHash('sha256').update(styles[0]).digest('base64')}'`)
    expect(csp).toContain("default-src 'none'")
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i)
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i)
  })

  const html = () => renderDocsPage(doc, { openapiJson: '/api/openapi.json' })

  it('shows every operation under its tag, with method, path, summary and responses', () => {
    const page = html()
    for (const { method, path, op } of documented(doc)) {
      const article = page.slice(page.indexOf(`<article class="operation" id="op-${op.operationId}"`))
      expect(article, `${method} ${path}`).toContain(`>${method.toUpperCase()}</span>`)
      expect(article.slice(0, article.indexOf('</h3>')).replace(/<wbr>/g, '')).toContain(path)
      for (const status of Object.keys(op.responses)) expect(article).toContain(`id="op-${op.operationId}-${status}"`)
    }
    for (const tag of doc.tags) expect(page).toContain(`>${tag.name}</h2>`)
  })

  it('renders request and response fields as tables', () => {
    const page = html()
    const usage = page.slice(page.indexOf('id="op-getDashboardUsage"'), page.indexOf('</article>', page.indexOf('id="op-getDashboardUsage"')))
    for (const field of ['serviceId', 'startDate', 'endDate', 'days[].<wbr>totalBytes', 'cycle.<wbr>start']) expect(usage).toContain(`<code>${field}</code>`)
    const add = page.slice(page.indexOf('id="op-postDashboardPaymentMethods"'))
    expect(add).toContain('One of 3 forms')
    expect(add).toContain('type = &quot;debit_order&quot;')
  })

  it('is structured for assistive technology: language, one h1, landmarks, labelled regions, a skip link', () => {
    const page = html()
    expect(page).toMatch(/^<!doctype html>\n<html lang="en">/)
    expect(page.match(/<h1[ >]/g)).toHaveLength(1)
    for (const landmark of ['<header', '<nav aria-labelledby="contents"', '<main id="main"', '<footer']) expect(page).toContain(landmark)
    expect(page).toContain('<a class="skip" href="#main">')
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">')
    const regions = page.match(/<div class="table-wrap"[^>]*>/g) ?? []
    expect(regions.length).toBeGreaterThan(0)
    for (const region of regions) expect(region).toMatch(/role="region" aria-(label|labelledby)="[^"]+" tabindex="0"/)
    const ids = [...page.matchAll(/ id="([^"]+)"/g)].map((m) => m[1])
    expect(ids.length - new Set(ids).size, 'duplicate ids').toBe(0)
    for (const [, target] of page.matchAll(/href="#([^"]+)"/g)) expect(ids, `a link to #${target}`).toContain(target)
  })

  it('escapes what it shows', () => {
    const page = html()
    expect(page).toContain('JWT &lt;token&gt;')
    expect(page).not.toContain('JWT <token>')
  })
})
