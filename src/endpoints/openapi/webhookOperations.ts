import { z } from 'zod'

import { clickatellReceiptBody } from '../webhooks/clickatell'
import { mandatePostbackFields, payNowNotifyFields } from '../../integrations/netcash/payNow'
import { json, type ApiOperation } from './operation'

export const WEBHOOKS_TAG = 'Vendor callbacks'

/** Callbacks vendors post to us, authenticated by a secret we issue in the path. */
export const webhookOperations: ApiOperation[] = [
  {
    method: 'post',
    path: '/webhooks/clickatell/:secret',
    tag: WEBHOOKS_TAG,
    summary: "Clickatell's SMS delivery receipt",
    description:
      'Configure `<SERVER_URL>/api/webhooks/clickatell/<CLICKATELL_CALLBACK_SECRET>` as the callback URL of the Clickatell integration. ' +
      'Each (message, status) is processed once; a final status (received, or a failure) is never overwritten by a late one. ' +
      'A duplicate, or a receipt for a message we never sent, is answered 200 so the provider stops retrying.',
    security: [],
    pathParams: { secret: { description: 'The callback secret we issued (CLICKATELL_CALLBACK_SECRET)', schema: z.string(), required: true } },
    body: { schema: clickatellReceiptBody },
    responses: {
      200: { description: 'Taken (applied, duplicate, or unknown_message)', content: json(z.object({ outcome: z.enum(['applied', 'duplicate', 'unknown_message']) })) },
      400: { description: 'The body is not a delivery receipt (VALIDATION_FAILED, INVALID_JSON)' },
      401: { description: 'The path secret is wrong (UNAUTHORIZED); nothing changed' },
      415: { description: 'The body is not sent as application/json (UNSUPPORTED_MEDIA_TYPE)' },
    },
  },
  ...(['mandate', 'paynow'] as const).map(
    (kind): ApiOperation => ({
      method: 'post',
      path: `/webhooks/netcash/:secret/${kind}`,
      tag: WEBHOOKS_TAG,
      summary: kind === 'mandate' ? "NetCash's mandate postback (signed or declined)" : "NetCash's Pay Now notify",
      description:
        `Configure \`<SERVER_URL>/api/webhooks/netcash/<NETCASH_POSTBACK_SECRET>/${kind}\` at NetCash. The form is stored first and acted on by a job, once, and only as a hint: ` +
        (kind === 'mandate' ? 'its account reference and amount must match the mandate we asked for. ' : 'its reference and amount must match the payment we started. ') +
        'A repeat delivery is answered 200 and changes nothing.',
      security: [],
      pathParams: { secret: { description: 'The postback secret we issued (NETCASH_POSTBACK_SECRET)', schema: z.string(), required: true } },
      body: { schema: kind === 'mandate' ? mandatePostbackFields : payNowNotifyFields, mediaType: 'application/x-www-form-urlencoded' },
      responses: {
        200: { description: 'Stored (or a repeat of one stored)', content: json(z.object({ received: z.literal(true), duplicate: z.boolean() })) },
        400: { description: 'The form is not a NetCash postback (VALIDATION_FAILED)' },
        401: { description: 'The path secret is wrong (UNAUTHORIZED); nothing changed' },
        415: { description: 'The body is not a form (UNSUPPORTED_MEDIA_TYPE)' },
      },
    }),
  ),
]
