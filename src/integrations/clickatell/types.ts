/** The small interface the notification service depends on; `client.ts` speaks Clickatell's protocol behind it. */
export type SmsMessage = {
  /** Our id for the message (the notification's), echoed in delivery callbacks. */
  clientMessageId: string
  /** An MSISDN without `+`, e.g. 27821234567. */
  to: string
  content: string
}

export type SmsErrorCode =
  | 'INVALID_NUMBER'
  | 'REJECTED'
  | 'OUT_OF_CREDIT'
  | 'UNAUTHORISED'
  | 'BAD_REQUEST'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'NETWORK'
  | 'MALFORMED_RESPONSE'
  | 'NOT_CONFIGURED'

export type SmsResult =
  | { clientMessageId: string; to: string; outcome: 'accepted'; apiMessageId: string; attempts: number }
  | {
      clientMessageId: string
      to: string
      outcome: 'rejected'
      code: SmsErrorCode
      /** The vendor's words (or ours), safe to store and show staff: never the key or the body. */
      message: string
      /** Worth sending again later (the vendor was unavailable); false when only a person can fix it. */
      retryable: boolean
      httpStatus?: number
      attempts: number
    }

export interface SmsSender {
  /** Sends every message (in calls of at most 200) and answers one result per message, in order. Never throws. */
  send(messages: SmsMessage[]): Promise<SmsResult[]>
}

/** A delivery status callback as Clickatell posts it to our URL. */
export type DeliveryReceipt = {
  messageId: string
  clientMessageId?: string
  to?: string
  status: string
  statusCode: number
  statusDescription?: string
  timestamp?: number
}
