import { createHash } from 'node:crypto'

import type { JsonSchema, OpenApiDocument, OpenApiOperation } from './document'
import { resolverFor, schemaView, type FieldRow } from './schemaFields'

/**
 * The API document as one page for integrators: server-rendered, self-contained (no scripts, no
 * fonts or styles from elsewhere), readable on a phone. Everything shown comes from the document,
 * so the page and /api/openapi.json cannot disagree.
 */

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string)

/** A name or path that may wrap at its dots and slashes on a narrow screen, not inside a word. */
const breakable = (text: string) => escapeHtml(text).replace(/([./])/g, '$1<wbr>')

/** Plain text with `code` spans: the only markup our descriptions use. */
const inline = (text: string) => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>')

const paragraphs = (text: string) =>
  text
    .split(/\n{2,}/)
    .map((p) => `<p>${inline(p.trim())}</p>`)
    .join('\n')

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const

type Entry = { method: string; path: string; op: OpenApiOperation }

function entriesByTag(doc: OpenApiDocument): Map<string, Entry[]> {
  const byTag = new Map<string, Entry[]>(doc.tags.map((t) => [t.name, []]))
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method]
      if (!op) continue
      const tag = op.tags[0] ?? 'Other'
      if (!byTag.has(tag)) byTag.set(tag, [])
      byTag.get(tag)?.push({ method, path, op })
    }
  }
  return byTag
}

const methodBadge = (method: string) => `<span class="method method-${method}">${method.toUpperCase()}</span>`

function fieldTable(rows: FieldRow[], label: string): string {
  const body = rows
    .map((r) => {
      const depth = r.name.split('.').length - 1
      const notes = [r.description ? inline(r.description) : '', r.rules.length ? `<span class="rules">${r.rules.map(inline).join('; ')}</span>` : '']
        .filter(Boolean)
        .join('<br>')
      return (
        `<tr><th scope="row" style="--depth:${Math.min(depth, 6)}"><code>${breakable(r.name)}</code>` +
        `<span class="type">${escapeHtml(r.type)}</span>` +
        `<span class="${r.required ? 'required' : 'optional'}">${r.required ? 'required' : 'optional'}</span></th>` +
        `<td>${notes || '<span class="muted">—</span>'}</td></tr>`
      )
    })
    .join('\n')
  return (
    `<div class="table-wrap" role="region" aria-label="${escapeHtml(label)}" tabindex="0"><table>` +
    `<thead><tr><th scope="col">Field</th><th scope="col">Meaning and rules</th></tr></thead><tbody>${body}</tbody></table></div>`
  )
}

function schemaBlock(schema: JsonSchema, doc: OpenApiDocument, label: string): string {
  const resolve = resolverFor(doc.components.schemas)
  const view = schemaView(schema, resolve)
  const tables =
    view.kind === 'fields'
      ? view.rows.length
        ? fieldTable(view.rows, label)
        : '<p class="muted">An empty object.</p>'
      : view.kind === 'variants'
        ? `<p>One of ${view.variants.length} forms:</p>` +
          view.variants.map((v) => `<p class="variant">${inline(`\`${v.label}\``)}</p>${fieldTable(v.rows, `${label}, ${v.label}`)}`).join('\n')
        : fieldTable([view.row], label)
  const json = escapeHtml(JSON.stringify(resolve(schema), null, 2))
  return `${tables}<details><summary>JSON Schema <span class="visually-hidden">of ${escapeHtml(label)}</span></summary><pre><code>${json}</code></pre></details>`
}

function contentBlock(content: Record<string, { schema: JsonSchema }> | undefined, doc: OpenApiDocument, label: string): string {
  if (!content) return '<p class="muted">No body.</p>'
  return Object.entries(content)
    .map(([mediaType, { schema }]) => {
      if (schema.$ref === '#/components/schemas/Problem') {
        return `<p><code>${escapeHtml(mediaType)}</code>: the <a href="#errors">error shape</a>.</p>`
      }
      if (!mediaType.includes('json')) return `<p><code>${escapeHtml(mediaType)}</code>${schema.description ? `: ${inline(schema.description)}` : ''}</p>`
      return `<p><code>${escapeHtml(mediaType)}</code></p>${schemaBlock(schema, doc, label)}`
    })
    .join('\n')
}

function securityLine(op: OpenApiOperation): string {
  const names = op.security.flatMap((requirement) => Object.keys(requirement))
  if (names.length === 0) return '<p class="auth"><strong>Sign-in:</strong> none, public.</p>'
  const links = names.map((n) => `<a href="#auth-${slug(n)}"><code>${escapeHtml(n)}</code></a>`).join(' or ')
  const optional = op.security.some((r) => Object.keys(r).length === 0)
  return `<p class="auth"><strong>Sign-in:</strong> ${optional ? 'optional; ' : ''}${links}.</p>`
}

function parametersBlock(op: OpenApiOperation, id: string): string {
  if (!op.parameters?.length) return ''
  const resolve = resolverFor({})
  const rows = op.parameters
    .map((p) => {
      const view = schemaView(p.schema, resolve)
      const row = view.kind === 'value' ? view.row : undefined
      const notes = [p.description ? inline(p.description) : '', row?.rules.length ? `<span class="rules">${row.rules.map(inline).join('; ')}</span>` : ''].filter(Boolean).join('<br>')
      return (
        `<tr><th scope="row"><code>${breakable(p.name)}</code><span class="type">${escapeHtml(row?.type ?? 'object')}, in ${escapeHtml(p.in)}</span>` +
        `<span class="${p.required ? 'required' : 'optional'}">${p.required ? 'required' : 'optional'}</span></th>` +
        `<td>${notes || '<span class="muted">—</span>'}</td></tr>`
      )
    })
    .join('\n')
  return (
    `<h4 id="${id}-parameters">Parameters</h4><div class="table-wrap" role="region" aria-labelledby="${id}-parameters" tabindex="0"><table>` +
    `<thead><tr><th scope="col">Name</th><th scope="col">Meaning and rules</th></tr></thead><tbody>${rows}</tbody></table></div>`
  )
}

function operationArticle(entry: Entry, doc: OpenApiDocument): string {
  const { op, method, path } = entry
  const id = `op-${op.operationId}`
  const title = `${method.toUpperCase()} ${path}`
  const body = op.requestBody
    ? `<h4>Request body</h4>${contentBlock(op.requestBody.content, doc, `Request body of ${title}`)}`
    : ''
  const responses = Object.entries(op.responses)
    .map(([status, r]) => {
      const headers = r.headers
        ? `<dl class="headers">${Object.entries(r.headers)
            .map(([name, h]) => `<dt><code>${escapeHtml(name)}</code></dt><dd>${inline(h.description)}</dd>`)
            .join('')}</dl>`
        : ''
      const kind = status.startsWith('2') ? 'ok' : status.startsWith('3') ? 'redirect' : 'refused'
      return (
        `<section class="response" aria-labelledby="${id}-${status}"><h5 id="${id}-${status}"><span class="status status-${kind}">${escapeHtml(status)}</span> ${inline(r.description)}</h5>` +
        `${headers}${r.content || Number(status) >= 400 ? contentBlock(r.content, doc, `Response ${status} of ${title}`) : ''}</section>`
      )
    })
    .join('\n')
  return (
    `<article class="operation" id="${id}" aria-labelledby="${id}-title">` +
    `<h3 id="${id}-title">${methodBadge(method)} <code class="path">${breakable(path)}</code></h3>` +
    `<p class="summary">${inline(op.summary)}</p>${op.description ? paragraphs(op.description) : ''}${securityLine(op)}` +
    `${parametersBlock(op, id)}${body}<h4>Responses</h4>${responses}</article>`
  )
}

function navigation(byTag: Map<string, Entry[]>): string {
  const groups = [...byTag.entries()]
    .filter(([, entries]) => entries.length)
    .map(
      ([tag, entries]) =>
        `<li><a href="#tag-${slug(tag)}">${escapeHtml(tag)}</a><ul>${entries
          .map((e) => `<li><a href="#op-${e.op.operationId}">${methodBadge(e.method)} <code>${breakable(e.path)}</code></a></li>`)
          .join('')}</ul></li>`,
    )
    .join('')
  return `<nav aria-labelledby="contents"><h2 id="contents">Contents</h2><ul><li><a href="#overview">Overview</a></li><li><a href="#authentication">Authentication</a></li><li><a href="#errors">Errors</a></li>${groups}</ul></nav>`
}

function authentication(doc: OpenApiDocument): string {
  const schemes = Object.entries(doc.components.securitySchemes)
    .map(([name, s]) => (s ? `<dt id="auth-${slug(name)}"><code>${escapeHtml(name)}</code>: ${escapeHtml(s.in)} <code>${escapeHtml(s.name)}</code></dt><dd>${inline(s.description)}</dd>` : ''))
    .join('')
  return `<section aria-labelledby="authentication"><h2 id="authentication">Authentication</h2><p>Each endpoint names the credentials it accepts; any one of them will do.</p><dl class="schemes">${schemes}</dl></section>`
}

const STYLE = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#57606a;--line:#d0d7de;--panel:#f6f8fa;--link:#0550ae;--focus:#0969da;--ok:#116329;--refused:#a40e26;--redirect:#7d4e00}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9da7b3;--line:#3d444d;--panel:#161b22;--link:#79c0ff;--focus:#58a6ff;--ok:#56d364;--refused:#ff7b72;--redirect:#e3b341}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:1rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
a{color:var(--link)}
a:focus-visible,[tabindex]:focus-visible,summary:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
code{overflow-wrap:break-word}
.skip{position:absolute;left:-999px;top:0;background:var(--bg);padding:.5rem 1rem;z-index:1}
.skip:focus{left:.5rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
header.top,footer{padding:1rem;border-bottom:1px solid var(--line)}
footer{border-top:1px solid var(--line);border-bottom:0;color:var(--muted)}
h1{margin:0 0 .25rem;font-size:1.6rem}
h2{font-size:1.35rem;margin:2rem 0 .5rem;padding-bottom:.25rem;border-bottom:1px solid var(--line)}
h3{font-size:1.1rem;margin:0 0 .5rem;display:flex;flex-wrap:wrap;gap:.5rem;align-items:baseline}
h4{font-size:1rem;margin:1.25rem 0 .5rem}
h5{font-size:.95rem;margin:1rem 0 .25rem;font-weight:600}
.layout{display:block}
nav{padding:0 1rem 1rem;border-bottom:1px solid var(--line)}
nav ul{list-style:none;margin:0;padding-left:0}
nav ul ul{padding-left:.75rem;margin:.25rem 0 .75rem}
nav li{margin:.2rem 0}
nav ul ul a{text-decoration:none;display:inline-flex;gap:.4rem;align-items:baseline}
nav ul ul a:hover code{text-decoration:underline}
main{padding:0 1rem 2rem;max-width:60rem}
main:focus{outline:none}
.operation{border:1px solid var(--line);border-radius:8px;padding:1rem;margin:1rem 0;background:var(--bg)}
.summary{font-weight:600;margin:.25rem 0}
.method{display:inline-block;min-width:4.2em;text-align:center;border-radius:4px;padding:.05em .4em;font:700 .8rem/1.5 ui-monospace,Menlo,Consolas,monospace;color:#fff}
.method-get{background:#1d4ed8}.method-post{background:#047857}.method-patch,.method-put{background:#92400e}.method-delete{background:#b91c1c}
.path{font-size:1rem}
.status{font-family:ui-monospace,Menlo,Consolas,monospace;font-weight:700;margin-right:.25rem}
.status-ok{color:var(--ok)}.status-refused{color:var(--refused)}.status-redirect{color:var(--redirect)}
.muted,.rules{color:var(--muted)}
.table-wrap{overflow-x:auto;margin:.5rem 0;border:1px solid var(--line);border-radius:6px}
table{border-collapse:collapse;width:100%;font-size:.9rem;table-layout:fixed}
thead th:first-child{width:38%}
th,td{text-align:left;vertical-align:top;padding:.4rem .6rem;border-top:1px solid var(--line);overflow-wrap:break-word}
thead th{background:var(--panel);border-top:0}
tbody th{font-weight:400;padding-left:calc(.6rem + var(--depth,0) * .75rem)}
tbody th code{font-weight:600}
.type,.required,.optional{display:block;font-size:.8rem}
.type{color:var(--muted)}
.required{color:var(--refused);font-weight:600}.optional{color:var(--muted)}
details{margin:.5rem 0}
summary{cursor:pointer;color:var(--link)}
pre{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:.75rem;overflow-x:auto;max-height:30rem}
dl.schemes dt,dl.headers dt{font-weight:600;margin-top:.5rem}
dl.schemes dd,dl.headers dd{margin:0 0 .25rem 1rem}
.variant{margin:.75rem 0 .25rem;font-weight:600}
@media (min-width:64rem){.layout{display:grid;grid-template-columns:20rem minmax(0,1fr);gap:1rem}nav{border-bottom:0;border-right:1px solid var(--line);position:sticky;top:0;align-self:start;max-height:100vh;overflow-y:auto}}
@media (max-width:30rem){body{font-size:.95rem}.operation{padding:.75rem}thead th:first-child{width:48%}}
`

/** The page's own CSP: only its one inline style block may apply; nothing may load, frame it or submit. */
export const DOCS_PAGE_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`

export function renderDocsPage(doc: OpenApiDocument, links: { openapiJson: string }): string {
  const byTag = entriesByTag(doc)
  const tagDescriptions = new Map(doc.tags.map((t) => [t.name, t.description]))
  const sections = [...byTag.entries()]
    .filter(([, entries]) => entries.length)
    .map(([tag, entries]) => {
      const description = tagDescriptions.get(tag)
      return (
        `<section aria-labelledby="tag-${slug(tag)}"><h2 id="tag-${slug(tag)}">${escapeHtml(tag)}</h2>` +
        `${description ? `<p>${inline(description)}</p>` : ''}${entries.map((e) => operationArticle(e, doc)).join('\n')}</section>`
      )
    })
    .join('\n')
  const problem = doc.components.schemas.Problem
  const servers = doc.servers?.length ? `<p>Server: ${doc.servers.map((s) => `<code>${escapeHtml(s.url)}</code>`).join(', ')}</p>` : ''
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.info.title)}: API reference</title>
<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="#main">Skip to the content</a>
<header class="top"><h1>${escapeHtml(doc.info.title)}</h1><p>Version ${escapeHtml(doc.info.version)}. The same description as OpenAPI ${escapeHtml(doc.openapi)}: <a href="${escapeHtml(links.openapiJson)}">${escapeHtml(links.openapiJson)}</a>.</p></header>
<div class="layout">
${navigation(byTag)}
<main id="main" tabindex="-1">
<section aria-labelledby="overview"><h2 id="overview">Overview</h2>${paragraphs(doc.info.description)}${servers}</section>
${authentication(doc)}
<section aria-labelledby="errors"><h2 id="errors">Errors</h2><p>Every refusal has this body, whatever its status:</p>${problem ? schemaBlock(problem, doc, 'The error shape') : ''}</section>
${sections}
</main>
</div>
<footer><p>Generated from the zod schemas the endpoints validate with.</p></footer>
</body>
</html>
`
}
