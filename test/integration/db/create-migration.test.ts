import { appendFile, cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startEmbeddedDatabase } from '../../../src/db/embedded.ts'
import * as repo from '../../../src/db/paths.ts'
import { applyMigrations, createMigration, diffToSchema, type MigrationPaths } from '../../../src/db/schema-engine.ts'
import { query, tableNames } from './sql.ts'

const serverUrl = process.env.TEST_DATABASE_URL ?? ''

const noteModel = `
model Note {
  id   Int    @id @default(autoincrement())
  body String
}
`


describe.skipIf(!serverUrl)('createMigration (needs TEST_DATABASE_URL for its shadow database)', () => {
  let dir: string
  let paths: MigrationPaths
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sb-migrations-'))
    paths = { schemaPath: join(dir, 'schema.prisma'), migrationsDir: join(dir, 'migrations') }
    await cp(repo.schemaPath, paths.schemaPath)
    await cp(repo.migrationsDir, paths.migrationsDir, { recursive: true })
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  it('finds the committed migrations in sync with schema.prisma', async () => {
    expect(await diffToSchema(serverUrl)).toBe('')
  })

  it('writes the first migration of an empty folder, equal to the committed one', async () => {
    const empty = { schemaPath: new URL('./fixtures/schema-at-init.prisma', import.meta.url).pathname, migrationsDir: join(dir, 'fresh') }
    const created = await createMigration('init', serverUrl, empty)
    const [committed] = await readdir(repo.migrationsDir).then((names) => names.filter((name) => name.endsWith('_init')))
    expect(created?.name).toMatch(/^\d{14}_init$/)
    expect(await readFile(created!.file, 'utf8')).toBe(await readFile(join(repo.migrationsDir, committed!, 'migration.sql'), 'utf8'))
    expect(await readFile(join(empty.migrationsDir, 'migration_lock.toml'), 'utf8')).toContain('provider = "postgresql"')
  })

  it('turns a schema change into a migration that applies', async () => {
    await appendFile(paths.schemaPath, noteModel)
    const created = await createMigration('add note', serverUrl, paths)
    expect(created?.name).toMatch(/^\d{14}_add_note$/)
    expect(await readFile(created!.file, 'utf8')).toContain('CREATE TABLE "Note"')
    expect(await createMigration('again', serverUrl, paths)).toBeNull()

    const database = await startEmbeddedDatabase()
    try {
      expect(await applyMigrations(database.url, paths.migrationsDir)).toContain(created!.name)
      expect(await tableNames(database.url)).toContain('Note')
    } finally {
      await database.close()
    }
  }, 120_000)

  it('leaves no shadow database behind', async () => {
    const rows = await query(serverUrl, `SELECT datname FROM pg_database WHERE datname LIKE 'sb_shadow_%'`)
    expect(rows).toEqual([])
  })
})
