import { startClickatellSimulator, type ClickatellSimulator, type ClickatellSimulatorOptions } from './clickatell/server'
import { startInterstellioSimulator, type InterstellioSimulator, type InterstellioSimulatorOptions } from './interstellio/server'
import { startNetcashSimulator, type NetcashSimulator, type NetcashSimulatorOptions } from './netcash/server'
import { startMailCatcher, type MailCatcher, type MailCatcherOptions } from './smtp/server'

export { startClickatellSimulator, startInterstellioSimulator, startMailCatcher, startNetcashSimulator }
export type { ClickatellSimulator, ClickatellSimulatorOptions, InterstellioSimulator, InterstellioSimulatorOptions, MailCatcher, MailCatcherOptions, NetcashSimulator, NetcashSimulatorOptions }

export type Simulators = { clickatell: ClickatellSimulator; mail: MailCatcher; interstellio?: InterstellioSimulator; netcash?: NetcashSimulator; stop(): Promise<void> }

/** Starts the simulators together; if any cannot start, none is left running. */
export async function startSimulators(opts: { clickatell: ClickatellSimulatorOptions; mail: MailCatcherOptions; interstellio?: InterstellioSimulatorOptions; netcash?: NetcashSimulatorOptions }): Promise<Simulators> {
  const started = await Promise.allSettled([
    startClickatellSimulator(opts.clickatell),
    startMailCatcher(opts.mail),
    opts.interstellio ? startInterstellioSimulator(opts.interstellio) : Promise.resolve(undefined),
    opts.netcash ? startNetcashSimulator(opts.netcash) : Promise.resolve(undefined),
  ] as const)
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected')
  if (failed) {
    await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value?.stop() : undefined)))
    throw failed.reason
  }
  const [clickatell, mail, interstellio, netcash] = started.map((s) => (s as PromiseFulfilledResult<unknown>).value) as [ClickatellSimulator, MailCatcher, InterstellioSimulator | undefined, NetcashSimulator | undefined]
  return {
    clickatell,
    mail,
    ...(interstellio ? { interstellio } : {}),
    ...(netcash ? { netcash } : {}),
    async stop() {
      await Promise.all([clickatell.stop(), mail.stop(), interstellio?.stop(), netcash?.stop()])
    },
  }
}
