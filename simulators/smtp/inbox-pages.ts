import type { CaughtMail } from './caught-mail'

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
/** South Africa keeps UTC+2 all year, so SAST is a fixed offset. */
const SAST_OFFSET_MS = 2 * 60 * 60 * 1000

/** `2 Dec 2026 14:05`, in SAST. */
export function formatSast(iso: string): string {
  const d = new Date(Date.parse(iso) + SAST_OFFSET_MS)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}

export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

const STYLE = `
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.4 }
  body { margin: 0 auto; padding: 1rem; max-width: 60rem }
  a { color: LinkText }
  .scroll { overflow-x: auto }
  table { width: 100%; border-collapse: collapse }
  th, td { text-align: left; vertical-align: top; padding: .5rem; border-bottom: 1px solid GrayText; overflow-wrap: anywhere }
  th { white-space: nowrap }
  td.when { white-space: nowrap }
  form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; margin-bottom: 1rem }
  label { display: flex; flex-direction: column; gap: .25rem }
  input, button { font: inherit; padding: .4rem }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem }
  dt { font-weight: 600 }
  dd { margin: 0; overflow-wrap: anywhere }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; padding: .75rem; border: 1px solid GrayText }
  iframe { width: 100%; min-height: 30rem; border: 1px solid GrayText; background: white }
  @media (max-width: 30rem) { dl { grid-template-columns: 1fr } dd { margin-bottom: .5rem } }
`

/** The pages allow only their own inline styles, and frames from the inbox itself (the sandboxed HTML body). */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`
}

const mailPath = (id: string) => `/messages/${encodeURIComponent(id)}`

export function renderInbox(mails: readonly CaughtMail[], filterTo: string | null): string {
  const rows = mails
    .map(
      (m) => `<tr>
<td class="when"><time datetime="${escapeHtml(m.receivedAt)}">${escapeHtml(formatSast(m.receivedAt))}</time></td>
<td>${escapeHtml(m.to.join(', '))}</td>
<td><a href="${escapeHtml(mailPath(m.id))}">${escapeHtml(m.subject || '(no subject)')}</a></td>
</tr>`,
    )
    .join('\n')
  const table = mails.length
    ? `<div class="scroll"><table>
<caption>${mails.length} ${mails.length === 1 ? 'message' : 'messages'}, newest first</caption>
<thead><tr><th scope="col">Received (SAST)</th><th scope="col">To</th><th scope="col">Subject</th></tr></thead>
<tbody>
${rows}
</tbody>
</table></div>`
    : `<p>${filterTo ? `No mail to ${escapeHtml(filterTo)}.` : 'No mail yet.'}</p>`
  return page(
    'Mail catcher inbox',
    `<h1>Mail catcher inbox</h1>
<form method="get" action="/">
<label>Recipient <input type="search" name="to" value="${escapeHtml(filterTo ?? '')}" autocomplete="off"></label>
<button type="submit">Filter</button>
<a href="/">Show all</a>
</form>
${table}`,
  )
}

export function renderMail(m: CaughtMail): string {
  const field = (name: string, value: string | null) => (value ? `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>` : '')
  const attachments = m.attachments.length
    ? `<h2>Attachments</h2>
<ul>
${m.attachments
  .map((a, i) => {
    const href = `/api/messages/${encodeURIComponent(m.id)}/attachments/${i}`
    return `<li><a href="${escapeHtml(href)}">${escapeHtml(a.filename ?? `attachment ${i + 1}`)}</a> (${escapeHtml(a.contentType)}, ${a.size} bytes${a.cid ? `, cid ${escapeHtml(a.cid)}` : ''})</li>`
  })
  .join('\n')}
</ul>`
    : ''
  const html = m.html
    ? `<h2>HTML body</h2>
<iframe sandbox="" src="/api/messages/${escapeHtml(encodeURIComponent(m.id))}/html" title="HTML body of the message"></iframe>`
    : ''
  return page(
    m.subject || '(no subject)',
    `<p><a href="/">Back to the inbox</a></p>
<h1>${escapeHtml(m.subject || '(no subject)')}</h1>
<dl>
${field('Received', `${formatSast(m.receivedAt)} SAST`)}
${field('From', m.from)}
${field('To', m.to.join(', '))}
${field('Reply-To', m.headers['reply-to'])}
${field('Message-ID', m.headers['message-id'])}
</dl>
<h2>Text body</h2>
${m.text ? `<pre>${escapeHtml(m.text)}</pre>` : '<p>This mail has no text body.</p>'}
${html}
${attachments}`,
  )
}

export function renderNotFound(): string {
  return page('Not found', '<h1>Not found</h1>\n<p>No such message: it may have been cleared. <a href="/">Back to the inbox</a></p>')
}
