import type { FastifyReply, FastifyRequest } from 'fastify'
import { HttpError } from '../errors.ts'
import type { SessionAgent } from './sessions.ts'

export function requireAgent(request: FastifyRequest): SessionAgent {
  if (!request.session) throw new HttpError(401, 'Please log in.')
  return request.session.agent
}

export function requireAdmin(request: FastifyRequest): SessionAgent {
  const agent = requireAgent(request)
  if (agent.role !== 'admin') throw new HttpError(403, 'Admins only.')
  return agent
}

/** Pages send a person to the login form; fragments and APIs get the status code. */
export function redirectToLogin(request: FastifyRequest, reply: FastifyReply) {
  const next = encodeURIComponent(request.url)
  return reply.redirect(`/login?next=${next}`, 303)
}
