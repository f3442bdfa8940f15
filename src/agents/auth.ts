import { timingSafeEqual } from 'node:crypto'
import fp from 'fastify-plugin'
import type { FastifyRequest } from 'fastify'
import { findSession, sessionIdFrom, type Session } from './sessions.ts'
import { HttpError } from '../errors.ts'

declare module 'fastify' {
  interface FastifyRequest {
    session: Session | null
  }
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Loads the session on every request of the web context and refuses state changes without its CSRF token. */
export const auth = fp(
  async (app) => {
    app.decorateRequest('session', null)

    app.addHook('onRequest', async (request) => {
      const id = sessionIdFrom(request)
      request.session = id ? await findSession(app.prisma, id) : null
    })

    app.addHook('preHandler', async (request) => {
      if (safeMethods.has(request.method) || request.routeOptions.config.csrf === 'login') return
      if (!request.session) throw new HttpError(401, 'Please log in.')
      if (!tokensMatch(csrfTokenFrom(request), request.session.csrfToken)) {
        throw new HttpError(403, 'Missing or invalid CSRF token. Reload the page and try again.')
      }
    })
  },
  { name: 'auth', dependencies: ['database'] },
)

declare module 'fastify' {
  interface FastifyContextConfig {
    csrf?: 'login'
  }
}

export function csrfTokenFrom(request: FastifyRequest): string | undefined {
  const header = request.headers['x-csrf-token']
  if (typeof header === 'string') return header
  const body = request.body as { _csrf?: unknown } | undefined
  return typeof body?._csrf === 'string' ? body._csrf : undefined
}

export function tokensMatch(given: string | undefined, expected: string | undefined): boolean {
  if (!given || !expected) return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}
