import { parseArgs } from 'node:util'
import { createPrisma } from '../db/client.ts'
import { hashPassword } from './password.ts'

/** `npm run agent:add -- --email ann@team.example --name "Ann" [--admin]`; the password comes from AGENT_PASSWORD. */
async function main() {
  const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' }, admin: { type: 'boolean', default: false } } })
  const password = process.env.AGENT_PASSWORD
  const url = process.env.DATABASE_URL
  if (!values.email || !values.name || !password || !url) {
    throw new Error('usage: DATABASE_URL=… AGENT_PASSWORD=… npm run agent:add -- --email EMAIL --name NAME [--admin]')
  }
  const prisma = createPrisma(url)
  const passwordHash = await hashPassword(password)
  const data = { name: values.name, passwordHash, role: values.admin ? ('admin' as const) : ('agent' as const) }
  const agent = await prisma.agent.upsert({ where: { email: values.email.toLowerCase() }, create: { ...data, email: values.email.toLowerCase() }, update: data })
  console.log(`${agent.email} (${agent.role}) is ready`)
  await prisma.$disconnect()
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
