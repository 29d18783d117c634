import { AsyncLocalStorage } from 'node:async_hooks'
import { randomUUID } from 'node:crypto'

/**
 * The request a piece of work belongs to. The API's edge (src/endpoints/edge.ts) runs every request
 * inside one; the logger stamps every line written meanwhile with its id, and a 5xx response
 * carries the same id in `X-Request-Id`, so an operator can find the log of what a client saw.
 */
export type RequestContext = { requestId: string }

const storage = new AsyncLocalStorage<RequestContext>()

export function runInRequest<T>(requestId: string, work: () => T): T {
  return storage.run({ requestId }, work)
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId
}

/** A client's own `X-Request-Id` when it is a sane token (so it can correlate), else a new one. */
export function requestIdFor(header: string | null): string {
  return header && /^[\w-]{8,64}$/.test(header) ? header : randomUUID()
}
