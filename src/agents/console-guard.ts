import type { FastifyReply, FastifyRequest } from 'fastify'
import type { PrismaClient } from '../db/client.ts'
import { tokensMatch } from './auth.ts'
import { findSession, sessionIdFrom, type Session } from './sessions.ts'

export interface ConsoleGuardOptions {
  prefix: string
  prisma: PrismaClient
  account: { accountSid: string; authToken: string }
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])
const consoleSessions = new WeakMap<FastifyRequest, Session>()

/**
 * In the app the simulator's caller console places real-looking calls, so it is an admin tool: the page
 * needs an admin session, its control API an admin session plus the CSRF token, or HTTP Basic with the
 * simulator account (what `npm run call` sends). No `WWW-Authenticate` is sent, so a browser never
 * caches Basic credentials that a cross-site form could reuse.
 */
export function consoleGuard({ prefix, prisma, account }: ConsoleGuardOptions) {
  const page = `${prefix}/simulator`
  const api = `${prefix}/simulator/calls`
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const route = request.routeOptions.url
    if (route === page) return guardPage(request, reply, await sessionOf(prisma, request))
    if (route !== api && !route?.startsWith(`${api}/`)) return
    const basic = basicCredentials(request)
    if (basic) return basicMatches(basic, account) ? undefined : refuse(reply, 401, 'Wrong simulator account SID or auth token.')
    return guardApi(request, reply, await sessionOf(prisma, request))
  }
}

/** The token the console page carries for the session that loaded it. */
export function consoleCsrfToken(request: FastifyRequest): string | undefined {
  return consoleSessions.get(request)?.csrfToken
}

function guardPage(request: FastifyRequest, reply: FastifyReply, session: Session | null) {
  if (!session) return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303)
  if (session.agent.role !== 'admin') throw forbidden('The caller console is for admins: open it in a private window and log in as an admin, or place a call with npm run call.')
  consoleSessions.set(request, session)
}

function guardApi(request: FastifyRequest, reply: FastifyReply, session: Session | null) {
  if (!session) return refuse(reply, 401, 'Log in as an admin, or use HTTP Basic with the simulator account SID and auth token.')
  if (session.agent.role !== 'admin') return refuse(reply, 403, 'The caller console is for admins.')
  if (safeMethods.has(request.method)) return
  const header = request.headers['x-csrf-token']
  if (!tokensMatch(typeof header === 'string' ? header : undefined, session.csrfToken)) {
    return refuse(reply, 403, 'Missing or invalid CSRF token. Reload the console and try again.')
  }
}

async function sessionOf(prisma: PrismaClient, request: FastifyRequest): Promise<Session | null> {
  const id = sessionIdFrom(request)
  return id ? findSession(prisma, id) : null
}

function basicCredentials(request: FastifyRequest): { user: string; password: string } | undefined {
  const [scheme, encoded] = (request.headers.authorization ?? '').split(' ')
  if (scheme?.toLowerCase() !== 'basic') return undefined
  const decoded = Buffer.from(encoded ?? '', 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  return { user: decoded.slice(0, Math.max(colon, 0)), password: colon < 0 ? '' : decoded.slice(colon + 1) }
}

function basicMatches(given: { user: string; password: string }, account: ConsoleGuardOptions['account']): boolean {
  return tokensMatch(given.user, account.accountSid) && tokensMatch(given.password, account.authToken)
}

/** Rendered by the app's error handler like any refusal (a plain statusCode, so it does not depend on where HttpError lives). */
function forbidden(message: string): Error & { statusCode: number } {
  return Object.assign(new Error(message), { statusCode: 403 })
}

function refuse(reply: FastifyReply, status: number, error: string) {
  return reply.code(status).header('cache-control', 'no-store').send({ error })
}

/** The console's access rules as the telephony plugin takes them. */
export const consoleAccess = { guard: consoleGuard, csrfToken: consoleCsrfToken }
