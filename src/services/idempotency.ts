import { createHash } from 'node:crypto'

import type { PayloadRequest } from 'payload'
import { sql } from 'drizzle-orm'

import { transactionSql } from './transactionSql'

export type StoredResponse = { status: number; body: unknown }
export type Claim = { claimed: true } | { claimed: false; sameRequest: boolean; stored: StoredResponse | null }

/** A stable fingerprint of what was asked: the same key with a different request is a client bug. */
export function requestFingerprint(parts: unknown): string {
  return createHash('sha256').update(stableJson(parts)).digest('hex')
}

/**
 * Claims an idempotency key on `req`'s transaction. The unique (scope, key) index does the work:
 * a concurrent request with the same key waits on our insert; if we commit, it finds our stored
 * response; if we roll back (a refusal or a failure), the key is free again and it acts itself.
 */
export async function claimIdempotencyKey(req: PayloadRequest, args: { scope: string; key: string; fingerprint: string }): Promise<Claim> {
  const db = await transactionSql(req)
  const inserted = await db.execute(sql`
    INSERT INTO idempotency_keys (scope, key, request_hash) VALUES (${args.scope}, ${args.key}, ${args.fingerprint})
    ON CONFLICT (scope, key) DO NOTHING RETURNING id`)
  if (inserted.rows.length > 0) return { claimed: true }
  const { rows } = await db.execute(sql`
    SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE scope = ${args.scope} AND key = ${args.key}`)
  const row = rows[0]
  if (!row) return { claimed: false, sameRequest: false, stored: null }
  return {
    claimed: false,
    sameRequest: row.request_hash === args.fingerprint,
    stored: row.response_status == null ? null : { status: Number(row.response_status), body: row.response_body },
  }
}

/** Stores the response with the claim, on the same transaction as the work it answers for. */
export async function storeIdempotentResponse(req: PayloadRequest, args: { scope: string; key: string; response: StoredResponse }): Promise<void> {
  const db = await transactionSql(req)
  await db.execute(sql`
    UPDATE idempotency_keys SET response_status = ${args.response.status}, response_body = ${JSON.stringify(args.response.body)}::jsonb
    WHERE scope = ${args.scope} AND key = ${args.key}`)
}

/** Keys are kept a week: long enough for any client's retries. */
export async function purgeIdempotencyKeys(req: PayloadRequest, olderThanDays = 7): Promise<number> {
  const db = await transactionSql(req)
  const { rows } = await db.execute(sql`
    DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(days => ${olderThanDays}) RETURNING id`)
  return rows.length
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/**
 * For commands that are idempotent by themselves and span several transactions (issuing invoices
 * for many services): the stored response of an earlier identical request, if any...
 */
export async function storedResponseFor(req: PayloadRequest, args: { scope: string; key: string; fingerprint: string }): Promise<{ sameRequest: boolean; stored: StoredResponse } | null> {
  const db = await transactionSql(req)
  const { rows } = await db.execute(sql`
    SELECT request_hash, response_status, response_body FROM idempotency_keys
    WHERE scope = ${args.scope} AND key = ${args.key} AND response_status IS NOT NULL`)
  const row = rows[0]
  return row ? { sameRequest: row.request_hash === args.fingerprint, stored: { status: Number(row.response_status), body: row.response_body } } : null
}

/** ...and, once done, its response kept for the next retry (the first stored one stays). */
export async function keepResponse(req: PayloadRequest, args: { scope: string; key: string; fingerprint: string; response: StoredResponse }): Promise<void> {
  const db = await transactionSql(req)
  await db.execute(sql`
    INSERT INTO idempotency_keys (scope, key, request_hash, response_status, response_body)
    VALUES (${args.scope}, ${args.key}, ${args.fingerprint}, ${args.response.status}, ${JSON.stringify(args.response.body)}::jsonb)
    ON CONFLICT (scope, key) DO NOTHING`)
}
