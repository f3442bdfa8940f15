import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { SimulatorDevice } from '../../../src/simulator/index.ts'
import { startTestApp } from '../../support/app.ts'

const dirs: string[] = []
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))))

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-sim-creds-'))
  dirs.push(dir)
  return dir
}

describe('simulator credentials', () => {
  it('are made once into DATA_DIR/simulator.json (0600) and reused, so a token from before a restart still registers', { timeout: 120_000 }, async () => {
    const dataDir = await tempDir()
    const first = await startTestApp({ env: { DATA_DIR: dataDir } })
    const { accountSid, authToken, apiKeySid, apiKeySecret } = first.app.telephony
    const alice = await first.loggedIn('alice')
    const { token } = (await (await alice.get('/voice/token')).json()) as { token: string }
    await first.close()

    const file = join(dataDir, 'simulator.json')
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ accountSid, authToken, apiKeySid, apiKeySecret, number: '+15550100000' })

    const second = await startTestApp({ env: { DATA_DIR: dataDir } })
    try {
      expect(second.app.telephony).toMatchObject({ accountSid, authToken, apiKeySid, apiKeySecret })
      const device = new SimulatorDevice(token, { simulatorUrl: `${second.url}/sim` })
      await device.register()
      expect(device.identity).toBe(`agent-${first.agents.alice.id}`)
      device.destroy()
    } finally {
      await second.close()
    }
  })

  it('differ between data directories', { timeout: 120_000 }, async () => {
    const [one, two] = await Promise.all([startTestApp({ env: { DATA_DIR: await tempDir() } }), startTestApp({ env: { DATA_DIR: await tempDir() } })])
    try {
      expect(one.app.telephony.accountSid).toMatch(/^AC[0-9a-f]{32}$/)
      expect(one.app.telephony.accountSid).not.toBe(two.app.telephony.accountSid)
      expect(one.app.telephony.authToken).not.toBe(two.app.telephony.authToken)
    } finally {
      await Promise.all([one.close(), two.close()])
    }
  })
})
