/** The simulator's two pages a customer meets: NetCash's mandate page and its Pay Now page. Plain, accessible HTML. */

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} (NetCash simulator)</title>
<style>
 body { font-family: system-ui, sans-serif; max-width: 34rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; line-height: 1.5 }
 .note { background: #fff4d6; border: 1px solid #8a6100; padding: .5rem .75rem; border-radius: 4px; font-size: .9rem }
 dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem } dt { font-weight: 600 }
 button { font: inherit; padding: .6rem 1.2rem; margin: .25rem .5rem .25rem 0; border-radius: 4px; border: 2px solid #0b4f8a; min-height: 44px; cursor: pointer }
 .primary { background: #0b4f8a; color: #fff } .secondary { background: #fff; color: #0b4f8a }
 label { display: block; margin: .75rem 0 .25rem; font-weight: 600 } input, select { font: inherit; padding: .4rem; width: 100%; box-sizing: border-box }
 :focus-visible { outline: 3px solid #c2410c; outline-offset: 2px }
</style></head><body><main>
<p class="note">This is the NetCash simulator: nothing here is real and no money moves.</p>
${body}
</main></body></html>`

export function mandatePage(m: { token: string; mandateName: string; accountReference: string; amount: string; debitDay: string; status: string }): string {
  if (m.status !== 'awaiting') return page('Mandate', `<h1>Mandate ${esc(m.status)}</h1><p>This mandate has already been ${esc(m.status)}. You can close this window.</p>`)
  return page(
    'Sign your debit order mandate',
    `<h1>Sign your debit order mandate</h1>
<dl><dt>For</dt><dd>${esc(m.mandateName)}</dd><dt>Reference</dt><dd>${esc(m.accountReference)}</dd><dt>Up to</dt><dd>R ${esc(m.amount)} a month</dd><dt>Debit day</dt><dd>${esc(m.debitDay)}</dd></dl>
<form method="post" action="/mandates/${esc(m.token)}/sign"><button class="primary" type="submit">Sign mandate</button></form>
<form method="post" action="/mandates/${esc(m.token)}/decline"><button class="secondary" type="submit">Decline</button></form>`,
  )
}

export function payNowPage(p: { reference: string; description: string; amount: string; done?: string }): string {
  if (p.done) return page('Pay Now', `<h1>${esc(p.done)}</h1><p>You can close this window.</p>`)
  return page(
    'Pay Now',
    `<h1>Pay R ${esc(p.amount)}</h1>
<dl><dt>For</dt><dd>${esc(p.description)}</dd><dt>Reference</dt><dd>${esc(p.reference)}</dd></dl>
<form method="post" action="/paynow/${encodeURIComponent(p.reference)}/pay">
<label for="method">Pay by</label><select id="method" name="method"><option value="1">Card</option><option value="2">Instant EFT</option></select>
<button class="primary" type="submit">Pay R ${esc(p.amount)}</button></form>
<form method="post" action="/paynow/${encodeURIComponent(p.reference)}/decline"><button class="secondary" type="submit">Cancel</button></form>`,
  )
}

/** Back to the merchant with a form POST, submitted at once (a button for when scripts are off). */
export function returnPage(to: string, reference: string): string {
  return page(
    'Returning to the merchant',
    `<h1>Returning you to the merchant…</h1>
<form id="back" method="post" action="${esc(to)}"><input type="hidden" name="Reference" value="${esc(reference)}"><button class="primary" type="submit">Continue</button></form>
<script>document.getElementById('back').submit()</script>`,
  )
}
