import { startClickatellSimulator, type ClickatellSimulator, type ClickatellSimulatorOptions } from './clickatell/server'
import { startMailCatcher, type MailCatcher, type MailCatcherOptions } from './smtp/server'

export { startClickatellSimulator, startMailCatcher }
export type { ClickatellSimulator, ClickatellSimulatorOptions, MailCatcher, MailCatcherOptions }

export type Simulators = { clickatell: ClickatellSimulator; mail: MailCatcher; stop(): Promise<void> }

/** Starts the Clickatell simulator and the mail catcher together; if either cannot start, neither is left running. */
export async function startSimulators(opts: { clickatell: ClickatellSimulatorOptions; mail: MailCatcherOptions }): Promise<Simulators> {
  const [clickatell, mail] = await Promise.allSettled([startClickatellSimulator(opts.clickatell), startMailCatcher(opts.mail)])
  if (clickatell.status === 'rejected' || mail.status === 'rejected') {
    await Promise.all([clickatell, mail].map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)))
    throw clickatell.status === 'rejected' ? clickatell.reason : (mail as PromiseRejectedResult).reason
  }
  return {
    clickatell: clickatell.value,
    mail: mail.value,
    async stop() {
      await Promise.all([clickatell.value.stop(), mail.value.stop()])
    },
  }
}
