import type { PayloadRequest } from 'payload'

import { claimIdempotencyKey, requestFingerprint, storeIdempotentResponse } from './idempotency'
import { refuse, type Refusal } from './result'
import { withTransaction } from './withTransaction'

export type CommandOutcome =
  | { kind: 'done'; body: unknown; replayed: boolean }
  | { kind: 'refused'; refusal: Refusal }
  | { kind: 'key_reused' }

class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message)
  }
}

/**
 * Runs a staff command (activate, suspend, ...) in one transaction, honouring an idempotency key
 * when the client sends one: the key is claimed, the work done and its response stored, all in
 * that transaction. A retry with the same key and the same request gets the stored response and
 * acts no second time, even when it arrives while the first is still running (it waits on the
 * key's unique index). The same key with a different request is refused. A refusal rolls
 * everything back, the key included, so a corrected retry may use it again.
 */
export async function runIdempotentCommand(
  req: PayloadRequest,
  args: { scope: string; key?: string; request: unknown; work: (req: PayloadRequest) => Promise<{ ok: true; value: unknown } | Refusal> },
): Promise<CommandOutcome> {
  const fingerprint = requestFingerprint(args.request)
  try {
    return await withTransaction(req, async (tx) => {
      if (args.key) {
        const claim = await claimIdempotencyKey(tx, { scope: args.scope, key: args.key, fingerprint })
        if (!claim.claimed) {
          if (!claim.sameRequest) return { kind: 'key_reused' } as const
          if (claim.stored) return { kind: 'done', body: claim.stored.body, replayed: true } as const
          // A claim with no stored response cannot be seen (both commit together); never act twice on it.
          throw new Refused(refuse('IDEMPOTENCY_KEY_IN_USE', 'This Idempotency-Key is still being processed; retry shortly'))
        }
      }
      const result = await args.work(tx)
      if (!result.ok) throw new Refused(result)
      // What a client receives is plain JSON; stored as such, a replay is byte-for-byte the same.
      const body = JSON.parse(JSON.stringify(result.value))
      if (args.key) await storeIdempotentResponse(tx, { scope: args.scope, key: args.key, response: { status: 200, body } })
      return { kind: 'done', body, replayed: false } as const
    })
  } catch (err) {
    if (err instanceof Refused) return { kind: 'refused', refusal: err.refusal }
    throw err
  }
}
