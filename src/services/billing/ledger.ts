import type { PayloadRequest } from 'payload'
import { sql } from 'drizzle-orm'

import { transactionSql } from '../transactionSql'

/**
 * The billing account balance is a running total moved in the same transaction as the document
 * that moves it: + invoice total, - credit note total, - payment amount. An atomic increment (not
 * read-modify-write), so concurrent payments can never lose an update. Returns the new balance.
 */
export async function moveBalance(req: PayloadRequest, customerId: number, deltaCents: number): Promise<number> {
  if (!Number.isSafeInteger(deltaCents)) throw new RangeError(`balance moves in whole cents: ${deltaCents}`)
  await declareLedgerWrite(req)
  const db = await transactionSql(req)
  const { rows } = await db.execute(
    sql`UPDATE billing_accounts SET balance_cents = balance_cents + ${deltaCents}, updated_at = now() WHERE customer_id = ${customerId} RETURNING balance_cents`,
  )
  if (rows.length !== 1) throw new Error(`customer ${customerId} has no billing account`)
  return Number(rows[0].balance_cents)
}

/**
 * Takes the customer's billing account row lock for the rest of the transaction: every money
 * operation for one customer runs one at a time, always taking this lock first, so concurrent
 * payments and invoices for that customer queue instead of deadlocking on each other's rows.
 */
export async function lockAccount(req: PayloadRequest, customerId: number): Promise<void> {
  const db = await transactionSql(req)
  await db.execute(sql`SELECT id FROM billing_accounts WHERE customer_id = ${customerId} FOR UPDATE`)
}

/**
 * Marks the transaction as a ledger write: the only kind allowed to change balances and issued
 * invoices' amounts paid and statuses (the ledger_columns_guard trigger refuses everything else,
 * so a stale concurrent write can never undo a payment).
 */
export async function declareLedgerWrite(req: PayloadRequest): Promise<void> {
  const db = await transactionSql(req)
  await db.execute(sql`SELECT set_config('isp.ledger', 'on', true)`)
}
