import type { FastifyInstance } from 'fastify'
import { sign } from '@fastify/cookie'
import { hashPassword } from '../../src/agents/password.ts'
import { createSession, sessionCookie } from '../../src/agents/sessions.ts'
import type { PrismaClient } from '../../src/db/client.ts'
import { TestClient } from '../../test/support/http.ts'
import { panelOnline, type OnlineAgent } from '../../test/support/agents.ts'

/** `count` extra agents, `bench-N@example.com`, all with one password hash (scrypt is deliberately slow). */
export async function createAgents(prisma: PrismaClient, count: number, role: 'agent' | 'admin' = 'agent'): Promise<number[]> {
  const passwordHash = await hashPassword('switchboard')
  const prefix = `bench-${role}`
  await prisma.agent.createMany({ data: Array.from({ length: count }, (_, i) => ({ name: `Bench ${role} ${i + 1}`, email: `${prefix}-${i + 1}@example.com`, role, passwordHash })) })
  const rows = await prisma.agent.findMany({ where: { email: { startsWith: prefix } }, orderBy: { id: 'asc' }, select: { id: true } })
  return rows.map((row) => row.id)
}

/**
 * A browser already logged in: a session row and its signed cookie, as `POST /login` would leave them.
 * (Login itself is not under test, and 200 scrypt checks would only slow the setup.)
 */
export async function sessionBrowser(app: FastifyInstance, url: string, agentId: number): Promise<TestClient> {
  const session = await createSession(app.prisma, agentId)
  const browser = new TestClient(url)
  browser.cookies.set(sessionCookie, app.signCookie(session.id))
  browser.csrfToken = session.csrfToken
  return browser
}

/** The panel's steps (test/support/agents.ts `panelOnline`) for any agent id, skipping the login form. */
export async function benchAgentOnline(app: FastifyInstance, url: string, agentId: number): Promise<OnlineAgent> {
  return panelOnline(url, await sessionBrowser(app, url, agentId), agentId)
}

/** `sessionBrowser` for a server in another process: the cookie is signed with the secret it was started with. */
export async function signedSessionBrowser(prisma: PrismaClient, url: string, agentId: number, secret: string): Promise<TestClient> {
  const session = await createSession(prisma, agentId)
  const browser = new TestClient(url)
  browser.cookies.set(sessionCookie, sign(session.id, secret))
  browser.csrfToken = session.csrfToken
  return browser
}
