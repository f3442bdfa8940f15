import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmbeddedDatabase } from '../../../src/db/embedded.ts'
import { migrationsDir } from '../../../src/db/paths.ts'
import { quoteIdent, runAdminSql } from '../../../src/db/pg-admin.ts'
import { withDatabase } from '../../../src/db/pg-config.ts'
import { applyMigrations } from '../../../src/db/schema-engine.ts'
import { query, tableNames } from './sql.ts'

type EmptyDatabase = { url: string; close(): Promise<void> }

const serverUrl = process.env.TEST_DATABASE_URL

async function emptyPostgres(server: string): Promise<EmptyDatabase> {
  const name = `sb_test_empty_${process.pid}_${Date.now()}`
  await runAdminSql(server, `CREATE DATABASE ${quoteIdent(name)}`)
  const close = () => runAdminSql(server, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`)
  return { url: withDatabase(server, name), close }
}

const migrationNames = async () => (await readdir(migrationsDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort()

function describeMigrationsOn(target: string, start: () => Promise<EmptyDatabase>) {
  describe(`migrations on ${target}`, () => {
    let database: EmptyDatabase
    beforeAll(async () => { database = await start() })
    afterAll(() => database?.close())

    it('applies every migration to an empty database, then nothing the second time', async () => {
      expect(await applyMigrations(database.url)).toEqual(await migrationNames())
      expect(await applyMigrations(database.url)).toEqual([])
    })

    it('creates the tables of schema.prisma', async () => {
      expect(await tableNames(database.url)).toEqual(['Agent', 'AgentStateChange', 'AuditEntry', 'BusinessHours', 'Call', 'CallEvent', 'Connection', 'Holiday', 'Menu', 'MenuOption', 'MissedCall', 'OpeningHours', 'OutboxJob', 'Queue', 'QueueMember', 'RateLimit', 'Recording', 'Session', 'TeamSettings', '_prisma_migrations'])
    })

    it('records Prisma checksums so prisma migrate deploy agrees', async () => {
      const rows = await query<{ migration_name: string; checksum: string }>(database.url, 'SELECT migration_name, checksum FROM _prisma_migrations')
      for (const row of rows) {
        const sql = await readFile(join(migrationsDir, row.migration_name, 'migration.sql'))
        expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'))
      }
    })
  })
}

describeMigrationsOn('PGlite', () => startEmbeddedDatabase())
describe.skipIf(!serverUrl)('with TEST_DATABASE_URL', () => {
  describeMigrationsOn('PostgreSQL', () => emptyPostgres(serverUrl!))
})
