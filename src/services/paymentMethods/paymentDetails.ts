import type { PayloadRequest } from 'payload'
import { sql } from 'drizzle-orm'

import type { BankDetails } from '../../domain/bankAccounts'
import { getConfig } from '../../lib/config'
import { decryptField, encryptField, type KeyRing } from '../../lib/crypto/fieldEncryption'
import { transactionSql } from '../transactionSql'

export type CardDetails = { gatewayToken: string; brand: string; lastFour: string; expiryMonth: number; expiryYear: number }
export type PaymentDetails = { kind: 'bank'; bank: BankDetails } | { kind: 'card'; card: CardDetails }

/** The record a ciphertext belongs to: moved to any other row, it no longer decrypts. */
export const associatedDataFor = (methodId: number, customerId: number) => `payment-methods:${methodId}:customer:${customerId}`

const ring = (): KeyRing => getConfig().paymentDataKeys

/** Writes the encrypted details straight to the column (no API may write it, admins included). */
export async function storePaymentDetails(req: PayloadRequest, methodId: number, customerId: number, details: PaymentDetails, keys = ring()) {
  const ciphertext = encryptField(keys, JSON.stringify(details), associatedDataFor(methodId, customerId))
  const db = await transactionSql(req)
  await db.execute(sql`UPDATE payment_methods SET encrypted_details = ${ciphertext} WHERE id = ${methodId} AND customer_id = ${customerId}`)
}

/** The details from a ciphertext already read (a batch of debit orders read in one query). */
export function decryptPaymentDetails(methodId: number, customerId: number, ciphertext: string, keys = ring()): PaymentDetails {
  return JSON.parse(decryptField(keys, ciphertext, associatedDataFor(methodId, customerId)))
}

/** Server-side only (debit order collection, key rotation); never sent to a client. */
export async function readPaymentDetails(req: PayloadRequest, methodId: number, keys = ring()): Promise<PaymentDetails | undefined> {
  const db = await transactionSql(req)
  const { rows } = await db.execute(sql`SELECT customer_id, encrypted_details FROM payment_methods WHERE id = ${methodId}`)
  const row = rows[0] as { customer_id: number; encrypted_details: string | null } | undefined
  if (!row?.encrypted_details) return undefined
  return JSON.parse(decryptField(keys, row.encrypted_details, associatedDataFor(methodId, Number(row.customer_id))))
}
