import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

/** Polls `probe` until it answers something other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 3_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`nothing came within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

export type ReceivedCallback = { path: string; body: Record<string, unknown>; raw: string }

/** Stands in for our app's webhook: records every POST, answering from `answers` in turn (then 200). */
export async function startCallbackReceiver() {
  const received: ReceivedCallback[] = []
  const answers: number[] = []
  const read = async (req: IncomingMessage) => {
    const chunks: Buffer[] = []
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk)
    return Buffer.concat(chunks).toString('utf8')
  }
  const server = createServer((req, res) => {
    read(req).then((raw) => {
      received.push({ path: req.url ?? '', body: JSON.parse(raw) as Record<string, unknown>, raw })
      res.writeHead(answers.shift() ?? 200).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    received,
    /** The next POSTs are answered with these statuses, in order. */
    answerNext: (...statuses: number[]) => answers.push(...statuses),
    for: (messageId: string) => received.filter((c) => c.body.messageId === messageId),
    clear: () => {
      received.length = 0
      answers.length = 0
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
