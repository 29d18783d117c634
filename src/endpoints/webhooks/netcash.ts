import type { Endpoint, PayloadHandler } from 'payload'

import { mandatePostbackFields, payNowNotifyFields, readMandatePostback, readPayNowNotify } from '../../integrations/netcash/payNow'
import { getConfig } from '../../lib/config'
import { recordNetcashPostback, type PostbackKind } from '../../services/netcash/postbacks'
import { ok, problem } from '../http'
import { callbackSecretMatches } from './clickatell'

/** A form body of at most a few dozen short fields, as NetCash sends. */
const MAX_FIELDS = 40

/**
 * `POST /api/webhooks/netcash/:secret/mandate|paynow`: NetCash's postbacks, form-encoded. The path
 * carries a secret we issue (NETCASH_POSTBACK_SECRET) and configure at NetCash; any other path is
 * 401 and changes nothing. A postback we cannot read is 400. One we can is stored and its
 * processing queued (src/services/netcash/postbacks.ts), then answered 200 at once: what it says
 * is acted on by a job, once, and only when it matches what we issued. Only the fields we know are
 * stored. A repeat is answered 200 too, so NetCash stops sending it.
 */
const handlerFor =
  (kind: PostbackKind): PayloadHandler =>
  async (req) => {
    const expected = getConfig().netcash.postbackSecret
    if (!expected || !callbackSecretMatches(String(req.routeParams?.secret ?? ''), expected)) {
      return problem(req, 401, [{ code: 'UNAUTHORIZED', message: 'Unknown postback URL' }])
    }
    let form: URLSearchParams
    try {
      form = new URLSearchParams(req.text ? await req.text() : '')
    } catch {
      return problem(req, 400, [{ code: 'INVALID_BODY', message: 'The postback is not a form' }])
    }
    const fields = Object.fromEntries(form)
    if (Object.keys(fields).length > MAX_FIELDS) return problem(req, 400, [{ code: 'INVALID_BODY', message: 'The postback has too many fields' }])
    const read = kind === 'mandate' ? readMandatePostback(fields) : readPayNowNotify(fields)
    if (!read.ok) return problem(req, 400, [{ code: 'VALIDATION_FAILED', message: read.error }])
    const reference = 'accountReference' in read.value ? read.value.accountReference : read.value.reference
    // Only the fields we know (each within its length limit) are kept: nothing else a sender adds.
    const known = Object.keys((kind === 'mandate' ? mandatePostbackFields : payNowNotifyFields).shape)
    const kept = Object.fromEntries(Object.entries(fields).filter(([k]) => known.includes(k)))
    const stored = await recordNetcashPostback(req.payload, kind, reference, kept)
    return ok(req, { received: true, duplicate: stored.duplicate })
  }

export const netcashPostbackEndpoints: Endpoint[] = [
  { path: '/webhooks/netcash/:secret/mandate', method: 'post', handler: handlerFor('mandate') },
  { path: '/webhooks/netcash/:secret/paynow', method: 'post', handler: handlerFor('paynow') },
]
