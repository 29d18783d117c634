import type { Payload } from 'payload'
import { sql } from 'drizzle-orm'

import { getConfig } from '../../lib/config'
import { decryptField, DecryptionError, encryptField, keyVersionOf, type KeyRing } from '../../lib/crypto/fieldEncryption'
import { transactionSql } from '../transactionSql'
import { withTransaction } from '../withTransaction'
import { associatedDataFor } from './paymentDetails'

/**
 * Re-encrypts every stored payment detail under the newest key, in batches, each its own
 * transaction (rows locked while they are rewritten). Safe to stop and rerun: rows already on the
 * newest key are skipped. Afterwards the old keys can be removed from PAYMENT_DATA_KEYS.
 */
export async function rotatePaymentDataKeys(payload: Payload, keys: KeyRing = getConfig().paymentDataKeys, batchSize = 200): Promise<{ rotated: number; alreadyCurrent: number; unreadable: number[] }> {
  let rotated = 0
  let seen = 0
  const unreadable: number[] = []
  let lastId = 0
  for (;;) {
    const batch = await withTransaction(payload, async (req) => {
      const db = await transactionSql(req)
      const { rows } = await db.execute(sql`
        SELECT id, customer_id, encrypted_details FROM payment_methods
        WHERE encrypted_details IS NOT NULL AND id > ${lastId} ORDER BY id LIMIT ${batchSize} FOR UPDATE`)
      for (const row of rows as Array<{ id: number; customer_id: number; encrypted_details: string }>) {
        seen++
        if (keyVersionOf(row.encrypted_details) === keys.current) continue
        const aad = associatedDataFor(Number(row.id), Number(row.customer_id))
        let plaintext: string
        try {
          plaintext = decryptField(keys, row.encrypted_details, aad)
        } catch (err) {
          // Left as it is and reported: one damaged row must not stop the others being rotated.
          if (!(err instanceof DecryptionError)) throw err
          unreadable.push(Number(row.id))
          continue
        }
        const fresh = encryptField(keys, plaintext, aad)
        await db.execute(sql`UPDATE payment_methods SET encrypted_details = ${fresh} WHERE id = ${row.id}`)
        rotated++
      }
      return rows as Array<{ id: number }>
    })
    if (batch.length === 0) break
    lastId = Number(batch[batch.length - 1].id)
  }
  return { rotated, alreadyCurrent: seen - rotated - unreadable.length, unreadable }
}
