import { mkdir } from 'node:fs/promises'
import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import { once } from './once.ts'

export type EmbeddedDatabase = { url: string; close(): Promise<void>; snapshot(): Promise<Blob> }
export type EmbeddedOptions = { dataDir?: string; snapshot?: Blob; maxConnections?: number }

/**
 * PGlite behind the PostgreSQL wire protocol on 127.0.0.1; no dataDir means in memory.
 * `snapshot` (from a previous `snapshot()`) skips initdb, which takes seconds.
 */
export async function startEmbeddedDatabase(options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  const { dataDir, snapshot, maxConnections = 20 } = options
  if (dataDir) await mkdir(dataDir, { recursive: true })
  const db = await PGlite.create({ dataDir, loadDataDir: snapshot })
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections })
  await server.start().catch(async (error: unknown) => {
    await db.close()
    throw error
  })
  const close = once(async () => {
    await server.stop()
    await db.close()
  })
  const url = `postgres://postgres@${server.getServerConn()}/postgres`
  return { url, close, snapshot: () => db.dumpDataDir('gzip') }
}
