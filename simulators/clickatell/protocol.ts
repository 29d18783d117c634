/**
 * What Clickatell's platform API says on the wire: the error codes and message statuses we
 * reproduce, and the shapes of `POST /v1/message` answers and delivery callbacks.
 */

/** At most this many messages in one `POST /v1/message`. */
export const MAX_MESSAGES_PER_REQUEST = 200

export const MSISDN = /^\d{11,15}$/

export type ClickatellError = { code: number; description: string; documentation: string }

const documentation = 'simulators/README.md#clickatell-error-codes'

function error(code: number, description: string): ClickatellError {
  return { code, description, documentation }
}

export const errors = {
  invalidApiKey: error(1, 'Invalid or missing Integration API Key'),
  invalidParameters: (detail: string) => error(101, `Invalid or missing parameters: ${detail}`),
  invalidDestination: error(105, 'Invalid destination address'),
  throughputExceeded: error(130, 'Maximum MT limit exceeded'),
  noCredit: error(301, 'No credit left'),
  internal: error(901, 'Internal error'),
} as const

export type MessageStatus = { status: string; statusCode: number; statusDescription: string }

export const statuses = {
  deliveredToGateway: { status: 'DELIVERED_TO_GATEWAY', statusCode: 3, statusDescription: 'Delivered to gateway' },
  receivedByRecipient: { status: 'RECEIVED_BY_RECIPIENT', statusCode: 4, statusDescription: 'Received by recipient' },
  errorDelivering: { status: 'ERROR_DELIVERING', statusCode: 7, statusDescription: 'Error delivering message' },
} as const satisfies Record<string, MessageStatus>

export type AnswerEntry = {
  apiMessageId: string | null
  accepted: boolean
  to: string
  clientMessageId?: string
  error: ClickatellError | null
}

export type SendAnswer = { messages: AnswerEntry[]; error: ClickatellError | null }

export type DeliveryCallback = {
  integrationName: string
  messageId: string
  clientMessageId?: string
  requestId: string
  to: string
  from: string
  timestamp: number
  status: string
  statusCode: number
  statusDescription: string
}

/** One message as the client sent it, before we judge it: anything may be missing or of the wrong type. */
export type SubmittedMessage = { channel?: unknown; to?: unknown; content?: unknown; clientMessageId?: unknown }

/** Why Clickatell would refuse this one message, or null when it would take it. */
export function messageProblem(m: SubmittedMessage): ClickatellError | null {
  if (m.channel !== 'sms') return errors.invalidParameters('channel must be "sms"')
  if (typeof m.to !== 'string' || !MSISDN.test(m.to)) return errors.invalidDestination
  if (typeof m.content !== 'string' || m.content.length === 0) return errors.invalidParameters('content')
  if (m.clientMessageId !== undefined && typeof m.clientMessageId !== 'string') return errors.invalidParameters('clientMessageId must be a string')
  return null
}

/** The whole request's problem (400), or the messages to judge one by one. */
export function readSendRequest(body: unknown): { ok: true; messages: SubmittedMessage[] } | { ok: false; error: ClickatellError } {
  if (body === undefined) return { ok: false, error: errors.invalidParameters('the body is not valid JSON') }
  const messages = (body as { messages?: unknown } | null)?.messages
  if (!Array.isArray(messages)) return { ok: false, error: errors.invalidParameters('messages must be an array') }
  if (messages.length === 0) return { ok: false, error: errors.invalidParameters('messages is empty') }
  if (messages.length > MAX_MESSAGES_PER_REQUEST) return { ok: false, error: errors.invalidParameters(`at most ${MAX_MESSAGES_PER_REQUEST} messages a request`) }
  return { ok: true, messages: messages.map((m) => (m !== null && typeof m === 'object' ? (m as SubmittedMessage) : {})) }
}
