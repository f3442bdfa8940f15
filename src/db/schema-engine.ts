import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import type { DiffTarget, SchemaFilter } from '@prisma/schema-engine-wasm/schema_engine_bg'
import { lockfileContent, migrationFolderName, readMigrations, writeMigration } from './migrations-dir.ts'
import * as paths from './paths.ts'
import { withEngine } from './wasm-engine.ts'

export type MigrationPaths = { schemaPath: string; migrationsDir: string }
export type CreatedMigration = { name: string; file: string }

const defaultPaths: MigrationPaths = { schemaPath: paths.schemaPath, migrationsDir: paths.migrationsDir }
const filters: SchemaFilter = { externalTables: [], externalEnums: [] }

export async function applyMigrations(databaseUrl: string, migrationsDir = paths.migrationsDir): Promise<string[]> {
  const migrationsList = await readMigrations(migrationsDir)
  const result = await withEngine(databaseUrl, (engine) => engine.applyMigrations({ migrationsList, filters }))
  return result.appliedMigrationNames
}

/** SQL that would bring the migrations up to schema.prisma ('' when in sync). Needs a real PostgreSQL for the shadow database. */
export async function diffToSchema(databaseUrl: string, { schemaPath, migrationsDir } = defaultPaths): Promise<string> {
  const from: DiffTarget = { tag: 'migrations', ...(await readMigrations(migrationsDir, lockfileContent)) }
  const to: DiffTarget = { tag: 'schemaDatamodel', files: [await schemaFile(schemaPath)] }
  const result = await withEngine(databaseUrl, (engine) => engine.diff({ from, to, script: true, exitCode: true, filters }))
  return result.exitCode === 2 ? (result.stdout ?? '') : ''
}

// The wasm engine's own createMigration cannot reach a PostgreSQL shadow database, so we diff and write the folder like the CLI does.
export async function createMigration(name: string, databaseUrl: string, migrationPaths = defaultPaths): Promise<CreatedMigration | null> {
  const folder = migrationFolderName(name)
  const sql = await diffToSchema(databaseUrl, migrationPaths)
  if (!sql) return null
  return { name: folder, file: await writeMigration(migrationPaths.migrationsDir, folder, sql) }
}

async function schemaFile(schemaPath: string) {
  return { path: basename(schemaPath), content: await readFile(schemaPath, 'utf8') }
}
