import { readFile, rm, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import pg from 'pg'
import { defaultDataDir } from '../config.ts'
import { startEmbeddedDatabase } from './embedded.ts'

/** Where the embedded database lives inside DATA_DIR: the app, `db:migrate` and `agent:add` all use this. */
export function embeddedDatabaseDir(dataDir = defaultDataDir): string {
  return join(resolve(dataDir), 'pglite')
}

/** Written while the app runs: its embedded database's loopback URL (one process at a time may open the files). */
export function runningDatabaseFile(dataDir = defaultDataDir): string {
  return join(resolve(dataDir), 'pglite.url')
}

export async function advertiseRunningDatabase(dataDir: string, url: string): Promise<() => Promise<void>> {
  const file = runningDatabaseFile(dataDir)
  await writeFile(file, `${url}\n`, { mode: 0o600 })
  return () => rm(file, { force: true })
}

/** The running app's embedded database, if an app is running on this DATA_DIR and answers. */
export async function runningDatabaseUrl(dataDir = defaultDataDir): Promise<string | undefined> {
  const url = (await readFile(runningDatabaseFile(dataDir), 'utf8').catch(() => '')).trim()
  if (!url) return undefined
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
    return url
  } catch {
    return undefined
  } finally {
    await client.end().catch(() => undefined)
  }
}

export type OpenedDatabase = { url: string; running: boolean; close(): Promise<void> }

/** For command-line tools: the running app's embedded database, or else the files in DATA_DIR opened here. */
export async function openEmbeddedForTool(dataDir = defaultDataDir): Promise<OpenedDatabase> {
  const running = await runningDatabaseUrl(dataDir)
  if (running) return { url: running, running: true, close: async () => {} }
  const database = await startEmbeddedDatabase({ dataDir: embeddedDatabaseDir(dataDir) })
  return { url: database.url, running: false, close: database.close }
}
