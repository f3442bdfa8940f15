import { relative } from 'node:path'
import { parseArgs } from 'node:util'
import { openEmbeddedForTool } from './data-dir.ts'
import { applyMigrations, createMigration } from './schema-engine.ts'

const usage = `usage: tsx src/db/cli.ts migrate
       tsx src/db/cli.ts create <name> [--database <postgres-url>]

migrate  applies pending migrations to DATABASE_URL, or when it is unset to the
         embedded database in DATA_DIR (default ./data), the one \`npm start\` uses
         (through the running app when it runs)
create   writes prisma/migrations/<timestamp>_<name>/ from the difference between the
         migrations and prisma/schema.prisma; needs a real PostgreSQL (--database or
         DATABASE_URL) on which it may create and drop a temporary shadow database`

async function migrate(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL
  if (databaseUrl) return report(await applyMigrations(databaseUrl))
  const embedded = await openEmbeddedForTool(process.env.DATA_DIR || undefined)
  try {
    report(await applyMigrations(embedded.url))
  } finally {
    await embedded.close()
  }
}

function report(applied: string[]): void {
  for (const name of applied) console.log(`applied ${name}`)
  if (applied.length === 0) console.log('no pending migrations')
}

async function create(name: string | undefined, database: string | undefined): Promise<void> {
  if (!name) throw new Error('create needs a migration name')
  const databaseUrl = database ?? process.env.DATABASE_URL
  if (!databaseUrl) throw new Error('create needs a real PostgreSQL: set DATABASE_URL or pass --database <url>')
  const created = await createMigration(name, databaseUrl)
  console.log(created ? `created ${relative(process.cwd(), created.file)}` : 'schema.prisma matches the migrations; nothing to create')
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { database: { type: 'string' } } })
  const [command, name] = positionals
  if (command === 'migrate') return migrate()
  if (command === 'create') return create(name, values.database)
  throw new Error(`unknown command "${command ?? ''}"\n${usage}`)
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error)
  console.error(`db: ${message.split('\n')[0]}`)
  if (message.includes('\nusage:')) console.error(message.slice(message.indexOf('usage:')))
  process.exitCode = 1
})
