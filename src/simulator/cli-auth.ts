import { defaultDataDir } from '../config.ts'
import { readSimulatorCredentials } from './credentials.ts'

/** Switchboard's console API wants its simulator account as HTTP Basic; the app keeps it in DATA_DIR/simulator.json. */
export async function simulatorAuthorization(env: NodeJS.ProcessEnv = process.env): Promise<Record<string, string>> {
  const account = await readSimulatorCredentials(env.DATA_DIR || defaultDataDir)
  if (!account) return {}
  return { Authorization: `Basic ${Buffer.from(`${account.accountSid}:${account.authToken}`).toString('base64')}` }
}
