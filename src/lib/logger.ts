import { format } from 'node:util'

import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino'
import pretty from 'pino-pretty'

import { clientStatusOf } from './clientErrors'
import { redactText, redactValue, serializeError } from './logRedaction'
import { currentRequestId } from './requestContext'

/**
 * The one logger of the web server, the job runner and the scripts (Payload is given it too, so
 * its own lines pass the same rules). Every line:
 *  - is redacted: message, fields and errors (src/lib/logRedaction.ts);
 *  - carries the id of the request it was written for, when there is one;
 *  - keeps client errors (a 4xx, including database rules the client broke) out of the error
 *    level: they are logged at warn, without a stack, because they are the client's to fix.
 * JSON lines, or a human layout (`LOG_FORMAT=pretty`, the default on a terminal).
 */

const ERROR_LEVEL = 50

/** Marks a line already redacted (one moved down to warn), so it is not processed twice. */
const REDACTED = Symbol('redacted')

function redactArgs(args: unknown[]): { fields: Record<string, unknown>; message?: string; clientError: boolean } {
  const [first, ...rest] = args
  let fields: Record<string, unknown> = {}
  let messageArgs = args
  let err: unknown
  if (first instanceof Error) {
    err = first
    messageArgs = rest
  } else if (first && typeof first === 'object') {
    const { err: e, ...others } = first as Record<string, unknown>
    err = e
    fields = redactValue(others) as Record<string, unknown>
    messageArgs = rest
  }
  const clientError = err !== undefined && clientStatusOf(err) !== undefined
  if (err !== undefined) fields.err = serializeError(err, { stack: !clientError })
  // Objects interpolated into the message (`%o`, `%j`) are redacted by key like the fields are.
  const interpolated = messageArgs.map((a, i) => (i > 0 && a && typeof a === 'object' && !(a instanceof Error) ? redactValue(a) : a))
  const message = messageArgs.length > 0 ? format(...interpolated) : err instanceof Error || (err && typeof err === 'object') ? String((err as { message?: unknown }).message ?? '') : undefined
  return { fields, message: message === undefined ? undefined : redactText(message), clientError }
}

export type LogFormat = 'json' | 'pretty'

export function createLogger(opts: { level: string; format: LogFormat; name?: string; destination?: NodeJS.WritableStream }): Logger {
  const destination =
    opts.destination ??
    (opts.format === 'pretty'
      ? pretty({ sync: true, colorize: Boolean(process.stdout.isTTY), ignore: 'pid,hostname', translateTime: 'UTC:yyyy-mm-dd HH:MM:ss.l"Z"' })
      : pino.destination({ dest: 1, sync: true }))
  return pino(
    {
      name: opts.name,
      level: opts.level,
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Errors are serialized (and redacted) by the hook below; pino's own serializer would redo it.
      serializers: { err: (err: unknown) => err },
      mixin: () => {
        const requestId = currentRequestId()
        return requestId ? { requestId } : {}
      },
      hooks: {
        logMethod(this: Logger, args: unknown[], method: (...a: unknown[]) => void, level: number) {
          const first = args[0] as Record<string | symbol, unknown> | undefined
          if (first && typeof first === 'object' && REDACTED in first) {
            const { [REDACTED]: _done, ...fields } = first
            return method.call(this, fields, ...args.slice(1))
          }
          const { fields, message, clientError } = redactArgs(args)
          if (clientError && level >= ERROR_LEVEL) return this.warn({ ...fields, [REDACTED]: true }, message)
          return message === undefined ? method.call(this, fields) : method.call(this, fields, message)
        },
      } as LoggerOptions['hooks'],
    },
    destination as DestinationStream,
  )
}

let shared: Logger | undefined

/** The process's logger, configured from LOG_LEVEL and LOG_FORMAT. */
export function appLogger(config: { logLevel: string; logFormat: LogFormat }): Logger {
  shared ??= createLogger({ level: config.logLevel, format: config.logFormat, name: 'isp' })
  return shared
}
