import type { PrismaClient } from '../db/client.ts'
import { hashPassword } from './password.ts'

export const demoPassword = 'switchboard'

export const demoAgents = [
  { name: 'Ada Admin', email: 'admin@example.com', role: 'admin' },
  { name: 'Alice Agent', email: 'alice@example.com', role: 'agent' },
  { name: 'Bob Agent', email: 'bob@example.com', role: 'agent' },
] as const

/** Fills an empty database with the demo team; does nothing once any agent exists. */
export async function seedDemoAgents(prisma: PrismaClient): Promise<boolean> {
  if ((await prisma.agent.count()) > 0) return false
  const passwordHash = await hashPassword(demoPassword)
  await prisma.agent.createMany({ data: demoAgents.map((agent) => ({ ...agent, passwordHash })) })
  return true
}
