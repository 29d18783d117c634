import { z } from 'zod'

import { startSimulators } from './index'

const port = z.coerce.number().int().min(0).max(65_535)
const env = z
  .object({
    CLICKATELL_SIM_PORT: port.default(4010),
    SMTP_PORT: port.default(1025),
    MAIL_INBOX_PORT: port.default(1080),
    CLICKATELL_API_KEY: z.string().min(1).default('sim-clickatell-key'),
    CLICKATELL_CALLBACK_URL: z.url({ protocol: /^https?$/ }).optional(),
  })
  .parse(process.env)

const simulators = await startSimulators({
  clickatell: { port: env.CLICKATELL_SIM_PORT, apiKey: env.CLICKATELL_API_KEY, callbackUrl: env.CLICKATELL_CALLBACK_URL },
  mail: { smtpPort: env.SMTP_PORT, httpPort: env.MAIL_INBOX_PORT },
})

console.log(`Clickatell simulator  ${simulators.clickatell.url}  (POST /v1/message, control under /__control)`)
console.log(`  delivery callbacks  ${env.CLICKATELL_CALLBACK_URL ? new URL(env.CLICKATELL_CALLBACK_URL).origin + ' (path not shown)' : 'off: set CLICKATELL_CALLBACK_URL or PUT /__control/config'}`)
console.log(`SMTP catcher          smtp://127.0.0.1:${simulators.mail.smtpPort}`)
console.log(`Mail inbox            ${simulators.mail.url}`)
console.log('Ctrl-C stops them.')

let stopping = false
const stop = () => {
  if (stopping) return
  stopping = true
  simulators.stop().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err)
      process.exit(1)
    },
  )
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
