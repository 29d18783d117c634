/**
 * Where NetCash Pay Now sends the customer back (its Accept and Decline URLs: configure
 * `<SERVER_URL>/portal/paynow/return?outcome=paid` and `?outcome=declined` at NetCash). NetCash
 * may come back with a form POST, on which the browser sends no session cookie, so this route
 * reads nothing posted and needs no session: it sends the browser on (303, a GET) to the
 * invoices page, which says what happened. What was paid is only ever believed from the notify.
 */
const target = (request: Request) => {
  const outcome = new URL(request.url).searchParams.get('outcome')
  const paynow = outcome === 'paid' ? 'paid' : outcome === 'declined' ? 'declined' : 'unknown'
  return new Response(null, { status: 303, headers: { Location: `/portal/invoices?paynow=${paynow}`, 'Cache-Control': 'no-store' } })
}

export const GET = target
export const POST = target
