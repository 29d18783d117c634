import {
  commitTransaction,
  createLocalReq,
  initTransaction,
  killTransaction,
  type Payload,
  type PayloadRequest,
} from 'payload'

/**
 * Runs `work` in one database transaction carried by `req`: every Payload call inside must pass
 * that `req`. Commits when `work` returns, rolls back when it throws. If the caller's `req`
 * already carries a transaction, `work` joins it and the caller decides.
 */
export async function withTransaction<T>(
  reqOrPayload: PayloadRequest | Payload,
  work: (req: PayloadRequest) => Promise<T>,
): Promise<T> {
  const req = 'payload' in reqOrPayload && 'headers' in reqOrPayload
    ? (reqOrPayload as PayloadRequest)
    : await createLocalReq({}, reqOrPayload as Payload)
  const owns = await initTransaction(req)
  try {
    const result = await work(req)
    if (owns) await commitTransaction(req)
    return result
  } catch (err) {
    if (owns) await killTransaction(req)
    throw err
  }
}
