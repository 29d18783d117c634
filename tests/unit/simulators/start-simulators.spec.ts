import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'

import { startSimulators } from '../../../simulators/index'

describe('startSimulators', () => {
  it('starts both on free ports and stops both', async () => {
    const sims = await startSimulators({ clickatell: { port: 0, apiKey: 'k' }, mail: { smtpPort: 0, httpPort: 0 } })
    expect((await fetch(`${sims.clickatell.url}/__control/messages`)).status).toBe(200)
    expect((await fetch(`${sims.mail.url}/api/messages`)).status).toBe(200)
    await sims.stop()
    await expect(fetch(`${sims.clickatell.url}/__control/messages`)).rejects.toThrow()
  })

  it('fails with the listen error when one of them cannot start (and stops the other)', async () => {
    const taken = createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    const port = (taken.address() as AddressInfo).port
    try {
      await expect(startSimulators({ clickatell: { port: 0, apiKey: 'k' }, mail: { smtpPort: port } })).rejects.toThrow(/EADDRINUSE/)
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()))
    }
  })
})
