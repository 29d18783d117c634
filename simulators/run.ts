import { z } from 'zod'

import { startSimulators } from './index'

const port = z.coerce.number().int().min(0).max(65_535)
const env = z
  .object({
    /** 127.0.0.1 by default: the control APIs have no auth. 0.0.0.0 only inside a container network. */
    SIMULATORS_HOST: z.string().min(1).default('127.0.0.1'),
    CLICKATELL_SIM_PORT: port.default(4010),
    SMTP_PORT: port.default(1025),
    MAIL_INBOX_PORT: port.default(1080),
    CLICKATELL_API_KEY: z.string().min(1).default('sim-clickatell-key'),
    CLICKATELL_CALLBACK_URL: z.url({ protocol: /^https?$/ }).optional(),
    INTERSTELLIO_SIM_PORT: port.default(4020),
    INTERSTELLIO_DOMAIN: z.string().min(1).default('isp.test'),
    INTERSTELLIO_USERNAME: z.string().min(1).default('isp-billing'),
    INTERSTELLIO_PASSWORD: z.string().min(1).default('sim-interstellio-password'),
    INTERSTELLIO_TENANT_ID: z.string().min(1).default('demo-tenant'),
    NETCASH_SIM_PORT: port.default(4030),
    NETCASH_DEBIT_ORDER_KEY: z.string().min(1).default('5e0f0a7e-51a1-4c0d-9d0e-0000000d0d0d'),
    NETCASH_PAYNOW_KEY: z.string().min(1).optional(),
    NETCASH_MANDATE_POSTBACK_URL: z.url({ protocol: /^https?$/ }).optional(),
    NETCASH_PAYNOW_NOTIFY_URL: z.url({ protocol: /^https?$/ }).optional(),
  })
  .parse(process.env)

const simulators = await startSimulators({
  clickatell: { host: env.SIMULATORS_HOST, port: env.CLICKATELL_SIM_PORT, apiKey: env.CLICKATELL_API_KEY, callbackUrl: env.CLICKATELL_CALLBACK_URL },
  mail: { host: env.SIMULATORS_HOST, smtpPort: env.SMTP_PORT, httpPort: env.MAIL_INBOX_PORT },
  netcash: {
    host: env.SIMULATORS_HOST,
    port: env.NETCASH_SIM_PORT,
    debitOrderKey: env.NETCASH_DEBIT_ORDER_KEY,
    payNowKey: env.NETCASH_PAYNOW_KEY,
    mandatePostbackUrl: env.NETCASH_MANDATE_POSTBACK_URL,
    payNowNotifyUrl: env.NETCASH_PAYNOW_NOTIFY_URL,
  },
  interstellio: { host: env.SIMULATORS_HOST, port: env.INTERSTELLIO_SIM_PORT, domain: env.INTERSTELLIO_DOMAIN, username: env.INTERSTELLIO_USERNAME, password: env.INTERSTELLIO_PASSWORD, tenantId: env.INTERSTELLIO_TENANT_ID },
})

console.log(`Clickatell simulator  ${simulators.clickatell.url}  (POST /v1/message, control under /__control)`)
console.log(`  delivery callbacks  ${env.CLICKATELL_CALLBACK_URL ? new URL(env.CLICKATELL_CALLBACK_URL).origin + ' (path not shown)' : 'off: set CLICKATELL_CALLBACK_URL or PUT /__control/config'}`)
console.log(`Interstellio simulator ${simulators.interstellio!.url}  (identity, subscriber and telemetry on one port, control under /__control)`)
console.log(`NetCash simulator      ${simulators.netcash!.url}  (SOAP at /NIWS/niws_nif.svc, Pay Now at /paynow/site/paynow.aspx, control under /__control)`)
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
