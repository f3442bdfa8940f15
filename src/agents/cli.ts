import { parseArgs } from 'node:util'
import { z } from 'zod'
import { createPrisma, embeddedPool } from '../db/client.ts'
import { openEmbeddedForTool, type OpenedDatabase } from '../db/data-dir.ts'
import { applyMigrations } from '../db/schema-engine.ts'
import { newAgentSchema, type NewAgent } from './new-agent.ts'
import { hashPassword } from './password.ts'
import { promptHidden } from './prompt.ts'

const usage = `usage: npm run agent:add -- --email EMAIL --name NAME [--admin]

Adds an agent (or updates the one with that email: name, password, role) in DATABASE_URL, or when it
is unset in the embedded database in DATA_DIR (default ./data), through the running app if it runs.
The password comes from AGENT_PASSWORD, or is asked for (not echoed) on a terminal.`

const databaseUrl = z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL')

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' }, admin: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } })
  if (values.help) return console.log(usage)
  if (values.email === undefined || values.name === undefined) throw new Error(`--email and --name are required\n${usage}`)
  const agent = parseAgent({ email: values.email, name: values.name, password: await readPassword() })
  const database = await openDatabase()
  try {
    await saveAgent(database, agent, values.admin ? 'admin' : 'agent')
  } finally {
    await database.close()
  }
}

async function readPassword(): Promise<string> {
  const given = process.env.AGENT_PASSWORD
  if (given !== undefined) return given
  if (!process.stdin.isTTY) throw new Error('set AGENT_PASSWORD (no terminal to ask for the password on)')
  const password = await promptHidden('Password: ')
  if ((await promptHidden('Password again: ')) !== password) throw new Error('the passwords do not match')
  return password
}

function parseAgent(input: Record<keyof NewAgent, string>): NewAgent {
  const parsed = newAgentSchema.safeParse(input)
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'invalid agent')
  return parsed.data
}

async function openDatabase(): Promise<OpenedDatabase & { embedded: boolean }> {
  const url = process.env.DATABASE_URL
  if (url) return { url: databaseUrl.parse(url), running: false, embedded: false, close: async () => {} }
  return { ...(await openEmbeddedForTool(process.env.DATA_DIR || undefined)), embedded: true }
}

async function saveAgent(database: OpenedDatabase & { embedded: boolean }, agent: NewAgent, role: 'agent' | 'admin'): Promise<void> {
  if (!database.running) await applyMigrations(database.url)
  const prisma = createPrisma(database.url, database.embedded ? embeddedPool : {})
  try {
    const data = { name: agent.name, passwordHash: await hashPassword(agent.password), role }
    const existing = await prisma.agent.findUnique({ where: { email: agent.email }, select: { id: true } })
    if (existing) await prisma.agent.update({ where: { id: existing.id }, data })
    else await prisma.agent.create({ data: { ...data, email: agent.email } })
    console.log(`${agent.email} (${role}) ${existing ? 'updated' : 'added'}${database.running ? ' through the running app' : ''}`)
  } finally {
    await prisma.$disconnect()
  }
}

main().catch((error: unknown) => {
  const message = error instanceof z.ZodError ? (error.issues[0]?.message ?? 'invalid input') : error instanceof Error ? error.message : String(error)
  console.error(`agent:add: ${message.split('\n')[0]}`)
  if (message.includes('\nusage:')) console.error(message.slice(message.indexOf('usage:')))
  process.exitCode = 1
})
