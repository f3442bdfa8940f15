import { randomBytes } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { PrismaClient } from '../db/client.ts'

export const sessionCookie = 'sb_session'
const lifetimeMs = 7 * 24 * 60 * 60_000

export const agentSelect = { id: true, name: true, email: true, role: true, presence: true } as const

export interface SessionAgent {
  id: number
  name: string
  email: string
  role: 'agent' | 'admin'
  presence: 'offline' | 'online' | 'away'
}

export interface Session {
  id: string
  csrfToken: string
  expiresAt: Date
  agent: SessionAgent
}

export function randomToken(): string {
  return randomBytes(32).toString('base64url')
}

export async function createSession(prisma: PrismaClient, agentId: number): Promise<Session> {
  const session = await prisma.session.create({
    data: { id: randomToken(), csrfToken: randomToken(), agentId, expiresAt: new Date(Date.now() + lifetimeMs) },
    select: { id: true, csrfToken: true, expiresAt: true, agent: { select: agentSelect } },
  })
  return session
}

export async function findSession(prisma: PrismaClient, id: string): Promise<Session | null> {
  const session = await prisma.session.findUnique({
    where: { id },
    select: { id: true, csrfToken: true, expiresAt: true, agent: { select: agentSelect } },
  })
  if (!session || session.expiresAt < new Date()) return null
  return session
}

export async function destroySession(prisma: PrismaClient, id: string): Promise<void> {
  await prisma.session.deleteMany({ where: { id } })
}

/** Sessions past their expiry are useless to everyone; `findSession` already ignores them. */
export async function purgeExpiredSessions(prisma: PrismaClient): Promise<number> {
  const { count } = await prisma.session.deleteMany({ where: { expiresAt: { lte: new Date() } } })
  return count
}

export function sessionIdFrom(request: FastifyRequest): string | null {
  const raw = request.cookies[sessionCookie]
  if (!raw) return null
  const unsigned = request.unsignCookie(raw)
  return unsigned.valid ? unsigned.value : null
}

export function setSessionCookie(reply: FastifyReply, session: Session, secure: boolean): void {
  reply.setCookie(sessionCookie, session.id, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    signed: true,
    maxAge: lifetimeMs / 1000,
  })
}
