import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { z } from 'zod'
import type { TwilioCredentials } from '../config.ts'

const credentialsSchema = z.object({
  accountSid: z.string().regex(/^AC[0-9a-f]{32}$/),
  authToken: z.string().min(32),
  apiKeySid: z.string().regex(/^SK[0-9a-f]{32}$/),
  apiKeySecret: z.string().min(32),
  number: z.string().regex(/^\+[1-9]\d{6,14}$/),
})

export const simulatorNumber = '+15550100000'

export function simulatorCredentialsFile(dataDir: string): string {
  return join(resolve(dataDir), 'simulator.json')
}

/**
 * The simulator's account, made once and kept in DATA_DIR: open panels keep valid Device tokens across
 * a restart, and `npm run call` reads the account SID and auth token from the same file.
 */
export async function persistedSimulatorCredentials(dataDir: string): Promise<TwilioCredentials> {
  const existing = await readSimulatorCredentials(dataDir)
  if (existing) return existing
  const credentials = newSimulatorCredentials()
  const file = simulatorCredentialsFile(dataDir)
  await mkdir(resolve(dataDir), { recursive: true })
  const partial = `${file}.${process.pid}.tmp`
  await writeFile(partial, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 })
  await rename(partial, file)
  return credentials
}

/** The stored account, or undefined when there is none (or it is unreadable, then a new one replaces it). */
export async function readSimulatorCredentials(dataDir: string): Promise<TwilioCredentials | undefined> {
  const text = await readFile(simulatorCredentialsFile(dataDir), 'utf8').catch(() => undefined)
  if (text === undefined) return undefined
  try {
    return credentialsSchema.parse(JSON.parse(text))
  } catch {
    return undefined
  }
}

function newSimulatorCredentials(): TwilioCredentials {
  const hex = () => randomBytes(16).toString('hex')
  return { accountSid: `AC${hex()}`, authToken: hex(), apiKeySid: `SK${hex()}`, apiKeySecret: hex(), number: simulatorNumber }
}
