import { createHash, randomBytes } from 'node:crypto'
import { readdir, readFile, rename, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startEmbeddedDatabase } from '../../src/db/embedded.ts'
import { once } from '../../src/db/once.ts'
import { migrationsDir } from '../../src/db/paths.ts'
import { quoteIdent, runAdminSql } from '../../src/db/pg-admin.ts'
import pg from 'pg'
import { pgConfig, withDatabase } from '../../src/db/pg-config.ts'
import { applyMigrations } from '../../src/db/schema-engine.ts'

export type TestDatabase = { url: string; kind: 'postgres' | 'embedded'; close(): Promise<void> }

/** A migrated, empty database: on the server in TEST_DATABASE_URL if set, else an in-memory PGlite. */
export function freshDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL
  return serverUrl ? freshPostgres(serverUrl) : freshEmbedded()
}

export async function freshPostgres(serverUrl: string): Promise<TestDatabase> {
  const name = `sb_test_${process.pid}_${randomBytes(4).toString('hex')}`
  await runAdminSql(serverUrl, `CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(await migratedTemplate(serverUrl))}`)
  const close = once(() => runAdminSql(serverUrl, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`))
  return { url: withDatabase(serverUrl, name), kind: 'postgres', close }
}

// Applying the migrations takes most of a second per database; copying a migrated template (one per
// migrations content, kept on the server) takes milliseconds. Test processes may build it at the same time:
// each builds its own copy and renames it into place, and whoever loses the race drops theirs.
const templates = new Map<string, Promise<string>>()
function migratedTemplate(serverUrl: string): Promise<string> {
  let template = templates.get(serverUrl)
  if (!template) templates.set(serverUrl, (template = buildTemplate(serverUrl)))
  return template
}

async function buildTemplate(serverUrl: string): Promise<string> {
  const name = `sb_template_${await migrationsHash()}`
  if (await databaseExists(serverUrl, name)) return name
  const building = `${name}_${process.pid}_${randomBytes(4).toString('hex')}`
  await runAdminSql(serverUrl, `CREATE DATABASE ${quoteIdent(building)}`)
  try {
    await applyMigrations(withDatabase(serverUrl, building))
    await runAdminSql(serverUrl, `ALTER DATABASE ${quoteIdent(building)} RENAME TO ${quoteIdent(name)}`)
  } catch (error) {
    await runAdminSql(serverUrl, `DROP DATABASE IF EXISTS ${quoteIdent(building)} WITH (FORCE)`)
    if (!(await databaseExists(serverUrl, name))) throw error
  }
  return name
}

async function databaseExists(serverUrl: string, name: string): Promise<boolean> {
  const client = new pg.Client(pgConfig(serverUrl))
  await client.connect()
  try {
    return (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1
  } finally {
    await client.end()
  }
}

export async function freshEmbedded(): Promise<TestDatabase> {
  const database = await startEmbeddedDatabase({ snapshot: await migratedSnapshot() })
  return { url: database.url, kind: 'embedded', close: database.close }
}

// initdb plus migrations take seconds on PGlite; a snapshot of the migrated
// database, cached per migrations content, loads in about one.
async function migratedSnapshot(): Promise<Blob> {
  const path = join(tmpdir(), `switchboard-pglite-${await migrationsHash()}.tar.gz`)
  const cached = await readFile(path).catch(() => undefined)
  if (cached) return new Blob([cached])
  const database = await startEmbeddedDatabase()
  try {
    await applyMigrations(database.url)
    const snapshot = await database.snapshot()
    const partial = `${path}.${process.pid}.tmp`
    await writeFile(partial, Buffer.from(await snapshot.arrayBuffer()))
    await rename(partial, path)
    return snapshot
  } finally {
    await database.close()
  }
}

async function migrationsHash(): Promise<string> {
  const hash = createHash('sha256')
  hash.update(await readFile(new URL('../../package.json', import.meta.url)))
  for (const folder of (await readdir(migrationsDir)).sort()) {
    hash.update(folder)
    hash.update(await readFile(join(migrationsDir, folder, 'migration.sql')).catch(() => ''))
  }
  return hash.digest('hex').slice(0, 16)
}
